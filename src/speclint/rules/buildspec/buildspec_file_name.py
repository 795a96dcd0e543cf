import os

from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule


class BuildspecFileName(Rule):
    """A `buildspec.yaml` at the source root with no `buildspec.yml` beside it.

    What it does:
    Reports a file named `buildspec.yaml` (any case of the extension) when the same folder
    has no `buildspec.yml` and is the root of a repository (it holds `.git`) or the folder
    given as `--revision-root`.

    Why it matters:
    CodeBuild looks for exactly `buildspec.yml` at the source root unless the project names
    another file; with only `buildspec.yaml` and no name in the project the build fails with
    `YAML_FILE_ERROR Message: YAML file does not exist`. But most projects name their
    buildspec (over 4,000 public repositories keep a root `buildspec.yaml`, and their builds
    run), and the project definition is usually not in the repository: that the name is
    wrong is an inference, so this is only a note (`--show-info` prints it).

    Example:
    `buildspec.yaml` at the repository root, project buildspec setting left empty.

    Fragment: the finding is about the file's name, not its content.

    Use instead:
    Rename it to `buildspec.yml`, or set the project's buildspec to `buildspec.yaml`.

    References:
    - `YAML_FILE_ERROR Message: YAML file does not exist`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-name-storage
      (the default name and how a project names another file; whether this project does is
      not in the file, so the finding is an inference)
    """

    code = "B016"
    name = "buildspec-file-name"
    severity = Severity.INFO
    summary = "buildspec.yaml at the source root: CodeBuild looks for buildspec.yml unless the project names it"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR Message: YAML file does not exist"

    def check(self, doc):
        if not doc.on_disk or not doc.fs_path:
            return
        name = os.path.basename(doc.fs_path)
        if name.lower() != "buildspec.yaml":
            return
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        root = doc.context.revision_root
        is_root = (root and os.path.abspath(root) == folder) or os.path.isdir(os.path.join(folder, ".git"))
        if is_root and not os.path.exists(os.path.join(folder, "buildspec.yml")):
            yield self.report(doc, None, f"{name} is at the source root, but CodeBuild looks for buildspec.yml there "
                              "unless the project names this file",
                              "rename it to buildspec.yml, or set the project's buildspec (Source.BuildSpec) to this file's name")
