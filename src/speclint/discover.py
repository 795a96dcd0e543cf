"""Which files to lint: explicit paths as given, directories searched for the known names.

Directory search skips VCS folders, dependency and virtual-environment folders, and never
follows a symlink out of the tree (or into a loop).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, Optional

from speclint.classify import kind_from_name

SKIP_DIRS = {
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".env", ".tox", ".nox",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".terraform",
    ".aws-sam", "cdk.out", ".serverless", "dist-packages",
}


@dataclass(frozen=True)
class Target:
    path: str
    explicit: bool
    kind: Optional[str] = None


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def walk(root: str) -> Iterator[str]:
    """Files under `root` whose names look like buildspecs or appspecs, sorted, symlink-safe."""
    real_root = os.path.realpath(root)
    seen_dirs: set = set()
    stack = [root]
    found: list = []
    while stack:
        current = stack.pop()
        real = os.path.realpath(current)
        if real in seen_dirs:
            continue
        if os.path.islink(current) and not (real == real_root or real.startswith(real_root + os.sep)):
            continue  # a symlink pointing out of the scanned tree
        seen_dirs.add(real)
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if entry.name in SKIP_DIRS or _is_venv(entry.path):
                        continue
                    stack.append(entry.path)
                elif entry.is_file() and kind_from_name(entry.name):
                    if entry.is_symlink():
                        target = os.path.realpath(entry.path)
                        if not (target == real_root or target.startswith(real_root + os.sep)):
                            continue
                    found.append(entry.path)
            except OSError:
                continue
    return iter(sorted(found))


def targets(paths: tuple) -> Iterator[Target]:
    """Expand the command line's paths (the current directory when there are none)."""
    for path in paths or (".",):
        if os.path.isdir(path):
            for file in walk(path):
                yield Target(_clean(file), explicit=False)
        else:
            yield Target(path, explicit=True)


def _clean(path: str) -> str:
    return path[2:] if path.startswith("./") else path
