import posixpath

from speclint.diagnostics import Severity
from speclint.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import EC2, Rule


class DestinationIsFile(Rule):
    """A `files` destination that names a file instead of a directory.

    What it does:
    Reports a destination whose last part equals the source file's name, or looks like a file
    name (has an extension) while the source is a file.

    Why it matters:
    The destination is always a directory: `source: nginx.conf` with
    `destination: /etc/nginx/nginx.conf` installs `/etc/nginx/nginx.conf/nginx.conf`.

    Example:
    ```yaml
    files:
      - source: config/nginx.conf
        destination: /etc/nginx/nginx.conf
    ```

    Use instead:
    ```yaml
        destination: /etc/nginx
    ```

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-files.html
    """

    code = "A107"
    name = "destination-is-file"
    severity = Severity.WARNING
    summary = "a files destination that names a file: the file is copied into a folder of that name"
    applies_to = EC2

    def check(self, doc):
        root = doc.mapping
        files = root.get("files") if root else None
        if not isinstance(files, SequenceNode):
            return
        for i, entry in enumerate(files.items):
            if not isinstance(entry, MappingNode):
                continue
            src, dst = entry.get("source"), entry.get("destination")
            if not (isinstance(src, ScalarNode) and isinstance(dst, ScalarNode) and isinstance(src.value, str) and isinstance(dst.value, str)):
                continue
            src_name = posixpath.basename(src.value.replace("\\", "/").rstrip("/"))
            dst_name = posixpath.basename(dst.value.replace("\\", "/").rstrip("/"))
            if src_name and "." in src_name and src_name == dst_name:
                parent = posixpath.dirname(dst.value.replace("\\", "/").rstrip("/")) or "/"
                yield self.report(doc, dst, f'destination "{dst.value}" ends with the source file\'s name; the agent copies the file into a folder of that name ({dst.value.rstrip("/")}/{src_name})',
                                  f"set destination to the folder: {parent}", path=("files", i, "destination"))
