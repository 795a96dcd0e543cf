"""Reading configuration files safely: the size limit, the error that stops a run (exit 2,
with file:line), the trust rule shared by the nearest file and every `extend` target, and
the line a key is written on (TOML parsers forget positions).
"""

from __future__ import annotations

import os
import re
from typing import Optional

from speclint.source import safe_open

MAX_CONFIG_SIZE = 1 << 20  # bytes; a real configuration file is a few hundred


class ConfigError(Exception):
    """A configuration file that cannot be used; the run stops with exit code 2."""

    def __init__(self, path: str, line: int, message: str):
        shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
        super().__init__(f"{shown}:{line}:1: error: {message}")
        self.path, self.line, self.message = path, line, message


class Unreadable(Exception):
    """A file speclint reads for itself (configuration, baseline) that it cannot use; the
    message says why ("is a named pipe, not a regular file")."""


def read_limited(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them, never blocking
    (safe_open: a named pipe, a device such as /dev/zero or a folder is refused instead of
    hanging or filling memory). Raises Unreadable saying why."""
    try:
        data = safe_open.read_regular(path, limit + 1)
    except safe_open.NotRegularFile as exc:
        raise Unreadable(exc.strerror) from None
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unreadable(f"is larger than {limit:,} bytes")
    return data


def untrusted_owner(path: str, repository: Optional[str]) -> Optional[int]:
    """The one trust rule for configuration files - the nearest one and every `extend`
    target: None when `path` is owned by the user running speclint, by root, or (inside the
    `repository` folder) by the owner of that folder - a checkout made by another user, as
    when a container's non-root user lints the host's files; else the owner's uid (-1 when
    `path` cannot be examined). Always None where there are no owners."""
    if not hasattr(os, "getuid"):
        return None
    try:
        owner = os.stat(path).st_uid
        allowed = {os.getuid(), 0}
        if repository is not None:
            allowed.add(os.stat(repository).st_uid)
    except OSError:
        return -1
    return None if owner in allowed else owner


def key_line(path: str, key: str) -> int:
    """The line a key is written on, for messages (TOML parsers forget positions)."""
    try:
        lines = read_limited(path, MAX_CONFIG_SIZE).decode("utf-8", "replace").splitlines()
    except Unreadable:
        return 1
    in_section = os.path.basename(path) != "pyproject.toml"
    pattern = re.compile(rf"""^\s*(?:["']?{re.escape(key)}["']?)\s*=""")
    inline = re.compile(rf"""[{{,]\s*["']?{re.escape(key)}["']?\s*=""")
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.startswith("[tool.speclint") or os.path.basename(path) != "pyproject.toml"
            if stripped.strip("[] ").endswith(key):
                return number
            continue
        if in_section and (pattern.match(line) or inline.search(line)):
            return number
    for number, line in enumerate(lines, 1):
        if key in line:
            return number
    return 1
