"""Open a user's file without ever blocking: regular files only, checked after opening.

Every reader of user files (the linted file, hook scripts, configuration, baselines, the
root buildspec a revision is found from) opens through here. A path can name a named pipe
(opening it for reading waits for a writer, forever), a device (`/dev/zero` streams without
end, `/dev/stdin` waits for a terminal), a socket or a folder, and a symlink can be swapped
for any of these between a check and the open. So the file is opened non-blocking
(O_NONBLOCK: opening a pipe returns at once), without becoming the controlling terminal
(O_NOCTTY), and then the OPEN file is inspected (fstat): anything but a regular file is
closed unread and refused with NotRegularFile. On a regular file O_NONBLOCK changes nothing.

`follow=False` adds O_NOFOLLOW (a symlink as the last component is refused with ELOOP): for
files speclint itself owns, such as cache entries, where a symlink can only be planted.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import IO, Optional

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegularFile(OSError):
    """The path names a folder, named pipe, socket or device; `kind` says which ("a named pipe")."""

    def __init__(self, path: str, kind: str):
        super().__init__(f"is {kind}, not a regular file")
        self.filename = path
        self.kind = kind
        self.strerror = f"is {kind}, not a regular file"


def kind_of(mode: int) -> str:
    """What a file of this st_mode is, in words ("a named pipe")."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def open_fd(path: str, follow: bool = True, dir_fd: Optional[int] = None) -> tuple[int, os.stat_result]:
    """(file descriptor, its fstat) of the regular file at `path` (relative to `dir_fd` when
    given). Raises NotRegularFile for anything else, OSError when it cannot be opened."""
    try:
        fd = os.open(path, _FLAGS | (0 if follow else _NOFOLLOW), dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # what opening a socket says
            raise NotRegularFile(path, "a socket") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, kind_of(info.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def open_regular(path: str, mode: str = "rb", encoding: Optional[str] = None, errors: Optional[str] = None,
                 follow: bool = True) -> IO:
    """A drop-in for `open(path, mode)` (read modes only) that refuses non-regular files."""
    if any(c in mode for c in "wax+"):
        raise ValueError(f"open_regular reads only, not mode {mode!r}")
    fd, _info = open_fd(path, follow)
    return os.fdopen(fd, mode, encoding=encoding, errors=errors)


def read_regular(path: str, limit: int, follow: bool = True, dir_fd: Optional[int] = None) -> bytes:
    """At most `limit` bytes of the regular file at `path` (see open_fd for the errors)."""
    fd, _info = open_fd(path, follow, dir_fd)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit)
