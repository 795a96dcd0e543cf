"""Where a CodeDeploy revision starts, for the placement checks.

In order: `--revision-root`; else, inside a git repository, the `artifacts.base-directory`
of the repository's root `buildspec.yml` (the folder CodeBuild zips into the revision);
else nothing is assumed, and the appspec's own folder is taken as the root.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Optional

from speclint import safe_open


def _repo_root(start: str) -> Optional[str]:
    current = os.path.abspath(start)
    while True:
        if os.path.isdir(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


@lru_cache(maxsize=64)
def from_buildspec(folder: str) -> Optional[str]:
    """The revision root a repository's root buildspec implies, if any."""
    repo = _repo_root(folder)
    if repo is None:
        return None
    path = os.path.join(repo, "buildspec.yml")
    try:
        data = safe_open.read_regular(path, 1024 * 1024)
    except OSError:
        return None
    from speclint.loader import load
    from speclint.nodes import MappingNode, ScalarNode

    root = load(data).root
    artifacts = root.get("artifacts") if isinstance(root, MappingNode) else None
    base = artifacts.get("base-directory") if isinstance(artifacts, MappingNode) else None
    if isinstance(base, ScalarNode) and isinstance(base.value, str) and base.value and not any(c in base.value for c in "*?[$"):
        candidate = os.path.normpath(os.path.join(repo, base.value))
        return candidate if os.path.isdir(candidate) else None
    return None


def revision_root(fs_path: str, configured: Optional[str]) -> Optional[str]:
    if configured:
        return configured
    return from_buildspec(os.path.dirname(os.path.abspath(fs_path)))
