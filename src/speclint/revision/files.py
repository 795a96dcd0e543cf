"""The files of a CodeDeploy revision on disk, as the agent will see them (case-sensitive)."""

from __future__ import annotations

import os
from typing import Iterator, Optional

from speclint.run_scope import per_run
from speclint.source import safe_open
from speclint.source.nodes import ScalarNode


def resolve(root: str, relative: str) -> str:
    """The agent joins locations and sources onto the unpacked bundle: a leading / does no harm."""
    return os.path.normpath(os.path.join(root, relative.strip().lstrip("/")))


def escapes(root: str, path: str) -> bool:
    """Whether `path`, with every symlink on the way followed, lands outside `root` (also
    resolved): a hook script `scripts/run.sh -> /etc/shadow` in a pull request. Such a file
    is never read (its lines would reach ShellCheck and the report's code frames); A116 and
    A117 say it is not followed."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep)


def not_regular(path: str) -> Optional[str]:
    """What `path` is in words ("a named pipe") when it exists (symlinks followed) and is
    neither a regular file nor a folder; else None. Only stat: nothing is opened."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return safe_open.kind_of(mode)


def exists_exactly(path: str, listings: Optional[dict] = None) -> bool:
    """Whether `path` exists with exactly this spelling (the agent runs on case-sensitive Linux).

    `listings`: a dict that keeps each folder's listing for one check (see folder_names)."""
    if not os.path.lexists(path):
        return False
    parent, name = os.path.split(path)
    return name in folder_names(parent, listings)


def folder_names(folder: str, listings: Optional[dict] = None) -> frozenset:
    """The names in `folder` (empty when it cannot be listed), listed once per `listings`
    dict: listing the folder again for each of 8,000 hooks took 39 s."""
    key = folder or "."
    if listings is not None and key in listings:
        return listings[key]
    try:
        names = frozenset(os.listdir(key))
    except OSError:
        names = frozenset()
    if listings is not None:
        listings[key] = names
    return names


def hook_locations(doc) -> Iterator[tuple]:
    """(event, index, script mapping, location node, location text) of every hook script."""
    from speclint.rules.helpers import ec2_scripts

    for event, index, script in ec2_scripts(doc):
        node = script.get("location")
        if isinstance(node, ScalarNode) and isinstance(node.value, str) and node.value.strip():
            yield event, index, script, node, node.value.strip()


def hook_scripts(doc, root: str, unique: bool = False) -> Iterator[tuple]:
    """(event, index, location node, location, path, bytes) of each hook script that exists
    in the revision as a text file; `unique`: each file once. A script whose symlinks lead
    out of `root` is skipped unread (see escapes)."""
    seen: set = set()
    listings: dict = {}
    for event, index, _script, node, location in hook_locations(doc):
        path = resolve(root, location)
        if " " in location or (unique and path in seen) or not exists_exactly(path, listings) or os.path.isdir(path):
            continue
        if escapes(root, path):
            continue  # never read a file outside the revision (A116 reports it)
        seen.add(path)
        data = read_script(path)
        if data and b"\0" not in data[:4096]:
            yield event, index, node, location, path, data


def read_script(path: str, limit: int = 2 * 1024 * 1024) -> Optional[bytes]:
    """A script's bytes; the rules and ShellCheck ask for the same few files, so they are read once."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _read(path, info.st_mtime_ns, info.st_size, limit)


def read_text(path: str, limit: int = 2 * 1024 * 1024) -> Optional[str]:
    """A text file's content (UTF-8, invalid bytes replaced), or None: missing, unreadable, binary."""
    data = read_script(path, limit) if os.path.isfile(path) else None
    if data is None or b"\0" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


@per_run(maxsize=128)
def _read(path: str, _mtime: int, _size: int, limit: int) -> Optional[bytes]:
    try:
        return safe_open.read_regular(path, limit)
    except OSError:
        return None


def shown(doc, path: str) -> str:
    """A file of the revision as the user would write it: next to the appspec's path as given."""
    base = os.path.dirname(os.path.abspath(doc.fs_path)) if doc.fs_path else os.getcwd()
    rel = os.path.relpath(path, base)
    if rel.startswith(".."):
        return path
    return os.path.normpath(os.path.join(os.path.dirname(doc.path), rel))
