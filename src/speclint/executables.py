"""Find the programs speclint runs (ShellCheck, git) by absolute path only.

A search of PATH the way a shell does it treats an empty entry (`PATH=":/usr/bin"`, a
trailing `:`) and a relative one (`.`, `bin`) as folders relative to the current
directory, so a `shellcheck` or `git` planted in the folder being linted would run. Here
only absolute folders are searched.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional


def find(name: str, first: Iterable[str] = ()) -> Optional[str]:
    """The absolute path of the executable `name` in the folders `first`, then in the
    absolute folders of PATH; None when there is none. Relative folders are skipped."""
    if os.name == "nt" and not name.endswith(".exe"):
        name += ".exe"
    folders = list(first) + os.environ.get("PATH", "").split(os.pathsep)
    for folder in folders:
        if not os.path.isabs(folder):
            continue
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None
