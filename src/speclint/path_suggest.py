"""Did-you-mean for paths of a revision: the file on disk that a missing path nearly names.

A near miss differs only in letter case (the agent's Linux file system is case-sensitive),
in `_` against `-` (or a space), in a script extension (`.sh` against `.bash`, or none), or,
for names of six or more characters, by one letter. Each folder of the path is matched the
same way, so `Scripts/install_deps` finds `scripts/install-deps.sh`.
"""

from __future__ import annotations

import os
import re
from typing import Optional

_SCRIPT_EXTENSIONS = (".sh", ".bash", ".ksh", ".zsh", ".py", ".rb", ".pl", ".ps1", ".bat", ".cmd")


def _key(name: str) -> str:
    lower = name.lower()
    for extension in _SCRIPT_EXTENSIONS:
        if lower.endswith(extension) and len(lower) > len(extension):
            lower = lower[: -len(extension)]
            break
    return re.sub(r"[-_ ]+", "-", lower)


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def near_name(wanted: str, names: list) -> Optional[str]:
    """The member of `names` that `wanted` nearly spells, or None (also None when two tie)."""
    key = _key(wanted)
    hits = [n for n in names if n != wanted and _key(n) == key]
    if not hits and len(key) >= 6:
        hits = [n for n in names if n != wanted and len(_key(n)) >= 6 and _one_edit(_key(n), key)]
    return hits[0] if len(hits) == 1 else None


def suggest(root: str, relative: str, listings: Optional[dict] = None) -> Optional[str]:
    """The existing path (posix, relative to `root`) that the missing `relative` nearly names, or None.

    `listings`: a dict that keeps each folder's listing across calls (revision_files.folder_names)."""
    from speclint.revision.files import folder_names

    parts = [p for p in relative.replace("\\", "/").strip().strip("/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    current = root
    out = []
    changed = False
    for index, part in enumerate(parts):
        if not os.path.isdir(current):
            return None
        names = sorted(folder_names(current, listings))
        if part in names:
            chosen = part
        else:
            chosen = near_name(part, names)
            if chosen is None:
                return None
            changed = True
        out.append(chosen)
        current = os.path.join(current, chosen)
        if index < len(parts) - 1 and not os.path.isdir(current):
            return None
    return "/".join(out) if changed else None


def difference(wanted: str, existing: str) -> str:
    """What differs between a missing path and its near miss, in words (" (...)"), or ""."""
    a, b = wanted.strip().strip("/"), existing
    if a.lower() == b.lower():
        return " (the agent's file system is case-sensitive)"
    if a.replace("_", "-").lower() == b.replace("_", "-").lower():
        return " (- and _ differ)"
    if os.path.splitext(a)[0].lower() == os.path.splitext(b)[0].lower() or a.lower() == os.path.splitext(b)[0].lower():
        return " (the extension differs)"
    return ""
