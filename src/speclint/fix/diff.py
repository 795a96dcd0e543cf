"""`--diff`: what `--fix` would change, as a unified diff that `git apply` and `patch -p1` take.

Paths are `a/PATH` and `b/PATH` with PATH relative to the current folder (as git prints
them), lines are split at LF only (a CR stays part of its line, so CRLF files diff as
they are), and a last line without a line break gets git's `\\ No newline at end of file`.
"""

from __future__ import annotations

import difflib
import os


def _lines(text: str) -> list:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def shown_path(path: str) -> str:
    """PATH for a/PATH: relative to the current folder when it is below it, with `/`.

    A symbolic link is named by the file it points to (the file --fix rewrites: neither `git
    apply` nor `patch` rewrite through a link). A file outside the current folder is named
    by its absolute path without the leading `/` (`../x.yml` is refused by both tools as a
    path that leaves the folder): such a diff applies from `/` (`patch -p1 -d /`,
    `git apply --unsafe-paths --directory=/`)."""
    if os.path.islink(path):
        path = os.path.realpath(path)
    relative = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    if relative.startswith(".."):
        relative = os.path.abspath(path).lstrip("/")
    return relative.replace(os.sep, "/")


def unified(path: str, old: str, new: str, context: int = 3) -> str:
    """The unified diff of one file ("" when nothing changed)."""
    if old == new:
        return ""
    name = shown_path(path)
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), f"a/{name}", f"b/{name}", n=context):
        if line.startswith(("---", "+++")) and not line.endswith("\n"):
            line += "\n"
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
