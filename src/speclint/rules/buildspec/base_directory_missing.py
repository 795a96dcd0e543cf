import os

from speclint.diagnostics import Severity
from speclint.nodes import ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.artifact_paths import file_lists
from speclint.rules.helpers import commands


def source_root(doc):
    """The folder CodeBuild checks the source out to: the git work tree, else the buildspec's folder."""
    from speclint.revision import _repo_root

    folder = os.path.dirname(os.path.abspath(doc.fs_path))
    return _repo_root(folder) or folder


class BaseDirectoryMissing(Rule):
    """A `base-directory` that is neither in the repository nor made by a command.

    What it does:
    For a buildspec on disk, reports a `base-directory` (of artifacts, secondary artifacts
    or report groups) that does not exist in the source tree when no command of the
    buildspec mentions it. Only a note: a build tool may create it without naming it.

    Why it matters:
    When the folder never appears, the build fails at UPLOAD_ARTIFACTS with `CLIENT_ERROR:
    no matching base directory path found for <dir>`, after the whole build has run.

    Example:
    ```yaml
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
    summary = "a base-directory that is not in the repository and that no command mentions"
    applies_to = BUILDSPEC
    prevents = "CLIENT_ERROR: no matching base directory path found"

    def check(self, doc):
        if not doc.on_disk or not doc.fs_path:
            return
        root = None
        text = "\n".join(str(node.value) for _, node in commands(doc) if isinstance(node, ScalarNode))
        for prefix, section in file_lists(doc):
            node = section.get("base-directory")
            if not (isinstance(node, ScalarNode) and isinstance(node.value, str)) or not node.value.strip():
                continue
            value = node.value.strip().strip("/")
            if any(c in value for c in "*?[$") or not value:
                continue
            root = root or source_root(doc)
            if os.path.isdir(os.path.join(root, value)):
                continue
            name = os.path.basename(value.rstrip("/"))
            if name and name in text:
                continue
            yield self.report(doc, node, f'base-directory "{value}" is not in the repository and no command mentions it',
                              "check the spelling against the folder your build writes to",
                              path=(*prefix, "base-directory"))
