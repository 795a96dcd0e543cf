from speclint import revision_files
from speclint.diagnostics import Severity
from speclint.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import EC2, Rule


class FilesSourceMissing(Rule):
    """A `files` source that is not in the revision.

    What it does:
    When the appspec is on disk, checks every `files[].source` against the revision root
    (see A116): it must exist, as a file or folder, with exactly that spelling. `/` is the
    whole revision and always exists.

    Why it matters:
    The Install event fails, often with a bare `UnknownError`, and nothing is copied.

    Example:
    ```yaml
    files:
      - source: build/web
        destination: /var/www/html
    ```
    when the revision contains `dist/web`.

    Use instead:
    A source path relative to the revision root that exists in the bundle.

    References:
    - `No such file or directory @ rb_sysopen - /opt/codedeploy-agent/deployment-root/.../deployment-archive/config/` (UnknownError at Install)
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-files.html
    """

    code = "A117"
    name = "files-source-missing"
    severity = Severity.ERROR
    summary = "a files source that is not in the revision"
    applies_to = EC2

    def check(self, doc):
        root = revision_files.root_of(doc)
        files = doc.mapping.get("files") if doc.mapping else None
        if root is None or not isinstance(files, SequenceNode) or not revision_files.revision_present(doc, root):
            return  # A116 says when the revision is not there
        for index, entry in enumerate(files.items):
            node = entry.get("source") if isinstance(entry, MappingNode) else None
            if not (isinstance(node, ScalarNode) and isinstance(node.value, str)) or node.value.strip() in ("", "/", ".", "./"):
                continue
            if any(c in node.value for c in "*?[$"):
                continue  # not a plain path
            path = revision_files.resolve(root, node.value)
            if revision_files.exists_exactly(path):
                continue
            other = revision_files.near_miss(path)
            extra = f'; the folder has "{other}" (names are case-sensitive)' if other else ""
            yield self.report(doc, node, f'files source "{node.value}" does not exist in the revision{extra}',
                              "add it to the revision, or fix the path (relative to the revision root)",
                              path=("files", index, "source"))
