"""Reading a file to fix and writing it back: byte for byte outside the edits, atomically.

The text edits apply to is the file's bytes decoded as UTF-8, its byte-order mark kept as
the character U+FEFF (document offsets leave it out: `shift` is 1 then) and its line
endings untouched (the loader's text turns a lone CR into LF, one character for one, so
its offsets are the file's). Hook scripts, which need not be UTF-8, decode with
surrogateescape so that every byte comes back as it was.

Writing: a temporary file in the same folder, its mode (and, where allowed, owner) set
from the original, flushed to disk, then renamed over the original, so a reader sees the
old file or the new one, never half of one. A symbolic link stays a link: the file it
points to is rewritten. A file with more than one hard link is rewritten in place (as ruff
does), so the links stay one file. A file the user may not write (mode 444) is left alone,
though the rename would be allowed, and one that changed on disk since it was read is not
overwritten.
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Optional

from speclint.record import record

BOM = "\ufeff"


@record
class Source:
    path: str  # where it is read and written (None-like "" for standard input)
    data: bytes  # as read
    text: str  # decoded, BOM kept as U+FEFF
    shift: int  # 1 when the text starts with a BOM that document offsets leave out
    script: bool = False  # another file than a linted document (surrogateescape)

    def encode(self, text: str) -> bytes:
        return text.encode("utf-8", "surrogateescape" if self.script else "strict")


def document_source(path: str, data: bytes, document_text: str) -> Optional[Source]:
    """The fixable text of a linted document, or None when its bytes are not the UTF-8 the
    document was read from (UTF-16, invalid bytes: no fix is offered)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    shift = 1 if text.startswith(BOM) else 0
    if len(text) - shift != len(document_text):
        return None
    return Source(path, data, text, shift)


def script_source(path: str) -> Optional[Source]:
    data = read(path)
    if data is None:
        return None
    return Source(path, data, data.decode("utf-8", "surrogateescape"), 0, script=True)


def read(path: str, limit: int = 64 * 1024 * 1024) -> Optional[bytes]:
    from speclint.source import safe_open

    try:
        return safe_open.read_regular(path, limit)
    except (OSError, ValueError):
        return None


class WriteError(Exception):
    """A fixed file could not be written; the message says which and why."""


def write_atomic(path: str, data: bytes, expected: Optional[bytes] = None) -> None:
    """Replace the file at `path` (through a symbolic link: its target) by `data`.

    `expected`: the bytes the fix was computed from; when the file now holds others, it is
    left alone (WriteError)."""
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise WriteError(f"{path} is not a regular file; it was not fixed")
        if expected is not None and read(real, len(expected) + 1) != expected:
            raise WriteError(f"{path} changed while speclint ran; it was left as it is")
        if not os.access(real, os.W_OK):
            # renaming over it would succeed in a writable folder, and silently replace a file
            # its owner made read-only (as ruff, which writes in place, would fail to)
            raise WriteError(f"{path} is read-only; it was not fixed")
        if info.st_nlink > 1:
            _write_in_place(path, real, data)
            return
        folder = os.path.dirname(real) or "."
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".speclint", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; it was not fixed") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except OSError:
                pass  # another owner's file in a folder we may write: it becomes ours, as an editor's save would
        os.replace(temporary, real)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; it was not fixed") from None


def _write_in_place(path: str, real: str, data: bytes) -> None:
    """Rewrite a file with other hard links in place (as ruff does), so that every name of it
    sees the fix; a rename would split the links. Not atomic: a reader may see half of it."""
    try:
        handle = os.open(real, os.O_WRONLY)  # no truncation first: the old text stays until overwritten
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.ftruncate(out.fileno(), len(data))
            os.fsync(out.fileno())
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; it was not fixed") from None
