"""A hook script named on the command line stands for the appspecs that run it.

pre-commit passes the files a commit changes. When that is `scripts/start.sh`, what can
break is the deployment that runs it (CRLF line endings, a lost `#!` line, a background
command that holds the hook open, ShellCheck's findings): those are checked through the
appspec whose hook names the script (A118, A119, B026). So a shell script given as a path
is replaced by the appspecs in its folder or any folder above it (up to the repository
root) whose hooks name it by its path relative to that appspec's folder; a script no
appspec names has nothing to check and is dropped with a note on standard error.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Iterable, Optional

from speclint.source import safe_open

SCRIPT_SUFFIXES = (".sh", ".bash")
APPSPEC_NAMES = ("appspec.yml", "appspec.yaml", "appspec.json")
_MAX_DEPTH = 32


def is_script(path: str) -> bool:
    """A path that names a shell script rather than a buildspec or appspec (by its name)."""
    from speclint.source.classify import kind_from_name

    name = os.path.basename(path)
    return name.lower().endswith(SCRIPT_SUFFIXES) and kind_from_name(name) is None


def _names(text: str, relative: str) -> bool:
    """Whether an appspec's text has a hook `location` equal to `relative` (as YAML or JSON)."""
    pattern = (r"""(?m)(?<![\w-])["']?location["']?\s*:\s*["']?(?:\./|/)?"""
               + re.escape(relative) + r"""["']?\s*(?:[,}#]|$)""")
    return re.search(pattern, text) is not None


def owners(script: str) -> list:
    """The appspecs that name `script` in a hook, nearest folder first (paths as found)."""
    found = []
    folder = os.path.dirname(script) or "."
    for _ in range(_MAX_DEPTH):
        for name in APPSPEC_NAMES:
            candidate = os.path.join(folder, name)
            if not os.path.isfile(candidate):
                continue
            relative = os.path.relpath(script, folder).replace(os.sep, "/")
            try:
                with safe_open.open_regular(candidate, "r", encoding="utf-8", errors="replace") as handle:
                    text = handle.read(2 * 1024 * 1024)
            except OSError:
                continue
            if _names(text, relative):
                found.append(os.path.normpath(candidate))
        if os.path.exists(os.path.join(folder, ".git")):
            break  # the repository root: its revision cannot reach above it
        parent = os.path.dirname(os.path.abspath(folder))
        if parent == os.path.abspath(folder):
            break
        folder = os.path.relpath(parent) if not os.path.isabs(script) else parent
    return found


def expand(paths: Iterable[str], kind: Optional[str] = None, stderr=None) -> tuple:
    """`paths` with every shell script replaced by the appspecs that name it (each path once).

    With `kind` forced (--kind), paths are taken as given.
    """
    paths = tuple(paths)
    if kind or not any(is_script(p) for p in paths if p != "-"):
        return paths
    stderr = stderr or sys.stderr
    out: list = []
    seen: set = set()
    for path in paths:
        if path == "-" or not is_script(path) or not os.path.isfile(path):
            candidates = [path]
        else:
            candidates = owners(path)
            if not candidates:
                stderr.write(f"speclint: {path}: no appspec in its folder or above names it in a hook; nothing to check\n")
        for candidate in candidates:
            key = os.path.realpath(candidate) if candidate != "-" else candidate
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return tuple(out)
