import os

from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.artifact_paths import file_lists
from speclint.rules.helpers import commands


def source_root(doc):
    """The folder CodeBuild checks the source out to: the git work tree, else the buildspec's folder."""
    from speclint.revision import source_root as root_of

    return root_of(os.path.dirname(os.path.abspath(doc.fs_path)))


def _test_report_folder(value: str) -> bool:
    """A folder that test and coverage tools create (target/surefire-reports, coverage, ...)."""
    from speclint.data import load

    folders = load("build_outputs.json")["test_report_folders"]["folders"]
    lower = value.lower()
    return any(lower == f.lower() or lower.endswith("/" + f.lower()) or lower.startswith(f.lower() + "/") for f in folders)


class BaseDirectoryMissing(Rule):
    """A `base-directory` that is neither in the repository nor made by a command.

    What it does:
    For a buildspec on disk, reports a `base-directory` (of artifacts, secondary artifacts
    or report groups) that does not exist in the source tree when no command of the
    buildspec mentions it or makes it (`mkdir`, a copy, an archive extracted into it, the
    output folder of a build tool it runs such as `mvn package` -> `target/`), git does not
    ignore it, and - for a report group - it is not a folder test tools create
    (`target/surefire-reports`, `build/test-results`, `coverage`, `reports`, ...). Only a
    note: a build tool may create it without naming it.

    Why it matters:
    When the folder never appears, the build fails at UPLOAD_ARTIFACTS with `CLIENT_ERROR:
    no matching base directory path found for <dir>`, after the whole build has run.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - npm run build
    artifacts:
      base-directory: buld
      files: ['**/*']
    ```

    Use instead:
    The folder your build writes to (`build`), spelt as the build writes it.

    References:
    - `CLIENT_ERROR Message: no matching base directory path found for dist`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.artifacts.base-directory
    """

    code = "B024"
    name = "base-directory-missing"
    severity = Severity.INFO
    summary = "a base-directory that is not in the repository and that no command mentions or makes"
    applies_to = BUILDSPEC
    prevents = "CLIENT_ERROR: no matching base directory path found"

    def check(self, doc):
        if not doc.on_disk or not doc.fs_path:
            return
        root = None
        outputs = None
        text = "\n".join(str(node.value) for _, node in commands(doc) if isinstance(node, ScalarNode))
        for prefix, section in file_lists(doc):
            node = section.get("base-directory")
            if not (isinstance(node, ScalarNode) and isinstance(node.value, str)) or not node.value.strip():
                continue
            value = node.value.strip().replace("\\", "/").strip("/")  # a Windows build writes src\out
            if value.startswith("./"):
                value = value[2:]
            if any(c in value for c in "*?[$") or not value:
                continue
            if prefix[0] == "reports" and _test_report_folder(value):
                continue  # the test tool creates it
            root = root or source_root(doc)
            if os.path.isdir(os.path.join(root, value)):
                continue
            name = os.path.basename(value.rstrip("/"))
            if name and name in text:
                continue
            from speclint.revision import build_writes
            from speclint import gitignored

            if outputs is None:
                outputs = build_writes.writes(doc.mapping, doc.text, root, doc.path)
            if build_writes.explain(outputs, value) or value in gitignored.ignored(root, [value]):
                continue  # a command or a build tool makes it, or git ignores it (so a build makes it)
            yield self.report(doc, node, f'base-directory "{value}" is not in the repository and no command makes it',
                              "check the spelling against the folder your build writes to",
                              path=(*prefix, "base-directory"))
