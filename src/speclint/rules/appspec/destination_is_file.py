import os
import posixpath

from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import EC2, Rule


class DestinationIsFile(Rule):
    """A `files` destination that names a file instead of a directory.

    What it does:
    Reports a destination whose last part equals the name of its source, when the source is
    a file: a file in the revision on disk, or - when the revision is not on disk - a name
    with a file extension (`.conf`, `.war`, `.json`, ...). A folder source (`source:
    ./init.d`, `destination: /etc/init.d`) is right as it is: a folder's contents are copied
    into the destination folder.

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
            if not src_name or src_name != dst_name or not _is_file(doc, src.value):
                continue
            parent = posixpath.dirname(dst.value.replace("\\", "/").rstrip("/")) or "/"
            yield self.report(doc, dst, f'destination "{dst.value}" ends with the source file\'s name; the agent copies the file into a folder of that name ({dst.value.rstrip("/")}/{src_name})',
                              f"set destination to the folder: {parent}", path=("files", i, "destination"))


def _is_file(doc, source: str) -> bool:
    """Whether a files source is a file: from the revision on disk when the source is there,
    else from its name (a known file extension, not a folder ending such as `.d`)."""
    from speclint import revision
    from speclint.revision import files as revision_files

    text = source.strip()
    if text.endswith("/"):
        return False
    root = revision.root_of(doc)
    if root is not None:
        path = revision_files.resolve(root, text)
        if os.path.isdir(path):
            return False
        if os.path.isfile(path):
            return True
    from speclint.data import load

    names = load("file_names.json")
    name = posixpath.basename(text.replace("\\", "/"))
    if name.lower().endswith(tuple(names["folder_suffixes"])):
        return False
    extension = posixpath.splitext(name)[1][1:].lower()
    return extension in names["file_extensions"]
