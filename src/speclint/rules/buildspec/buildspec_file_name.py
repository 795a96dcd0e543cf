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
    another file; with only `buildspec.yaml` the build fails with `YAML_FILE_ERROR Message:
    YAML file does not exist`. Other names and locations are fine when the project is
    configured for them (monorepos keep many), so they are not reported.

    Example:
    `buildspec.yaml` at the repository root, project buildspec setting left empty.

    Use instead:
    Rename it to `buildspec.yml`, or set the project's buildspec to `buildspec.yaml`.

    References:
    - `YAML_FILE_ERROR Message: YAML file does not exist`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-name-storage
    """

    code = "B016"
    name = "buildspec-file-name"
    severity = Severity.WARNING
    summary = "buildspec.yaml at the source root: CodeBuild looks for buildspec.yml"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR Message: YAML file does not exist"

    def check(self, doc):
        if not doc.on_disk or not doc.fs_path:
            return
        name = os.path.basename(doc.fs_path)
        if name.lower() != "buildspec.yaml":
            return
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        root = doc.settings.get("revision_root")
        is_root = (root and os.path.abspath(root) == folder) or os.path.isdir(os.path.join(folder, ".git"))
        if is_root and not os.path.exists(os.path.join(folder, "buildspec.yml")):
            yield self.report(doc, None, f"{name} is at the source root, but CodeBuild looks for buildspec.yml there",
                              "rename it to buildspec.yml, or set the project's buildspec (Source.BuildSpec) to this file's name")
