"""The files of a CodeDeploy revision on disk, as the agent will see them (case-sensitive)."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterator, Optional

from speclint.nodes import ScalarNode


def root_of(doc) -> Optional[str]:
    """The revision root for an appspec on disk: --revision-root, the root buildspec's
    base-directory, else the appspec's own folder. None when the file is not on disk."""
    if not doc.on_disk or not doc.fs_path:
        return None
    from speclint.revision import revision_root

    return revision_root(doc.fs_path, doc.settings.get("revision_root")) or os.path.dirname(os.path.abspath(doc.fs_path))


def resolve(root: str, relative: str) -> str:
    """The agent joins locations and sources onto the unpacked bundle: a leading / does no harm."""
    return os.path.normpath(os.path.join(root, relative.strip().lstrip("/")))


def exists_exactly(path: str, listings: Optional[dict] = None) -> bool:
    """Whether `path` exists with exactly this spelling (the agent runs on case-sensitive Linux).

    `listings`: a dict that keeps each folder's listing for one check (see folder_names)."""
    if not os.path.lexists(path):
        return False
    parent, name = os.path.split(path)
    return name in folder_names(parent, listings)


def near_miss(path: str, listings: Optional[dict] = None) -> Optional[str]:
    """A file in the same folder whose name differs only in case."""
    parent, name = os.path.split(path)
    key = ("by-lower-case", parent or ".")
    index = listings.get(key) if listings is not None else None
    if index is None:
        index = {}
        for entry in sorted(folder_names(parent, listings)):
            index.setdefault(entry.lower(), []).append(entry)
        if listings is not None:
            listings[key] = index
    return next((entry for entry in index.get(name.lower(), ()) if entry != name), None)


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


def linux_root(doc) -> Optional[str]:
    """The revision root of an `os: linux` appspec on disk (the shell-script checks' scope)."""
    os_node = doc.mapping.get("os") if doc.mapping else None
    if not (isinstance(os_node, ScalarNode) and os_node.value == "linux"):
        return None
    return root_of(doc)


def hook_scripts(doc, root: str, unique: bool = False) -> Iterator[tuple]:
    """(event, index, location node, location, path, bytes) of each hook script that exists
    in the revision as a text file; `unique`: each file once."""
    seen: set = set()
    listings: dict = {}
    for event, index, _script, node, location in hook_locations(doc):
        path = resolve(root, location)
        if " " in location or (unique and path in seen) or not exists_exactly(path, listings) or os.path.isdir(path):
            continue
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


@lru_cache(maxsize=128)
def _read(path: str, _mtime: int, _size: int, limit: int) -> Optional[bytes]:
    try:
        with open(path, "rb") as handle:
            return handle.read(limit)
    except OSError:
        return None


def revision_present(doc, root: str) -> bool:
    """Whether anything the appspec names is under `root`. When nothing is, the folder is not
    the revision (the bundle is assembled elsewhere, or the appspec was copied on its own),
    and per-file findings would all be false alarms."""
    from speclint.nodes import MappingNode, SequenceNode

    listings: dict = {}
    for _event, _index, _script, _node, location in hook_locations(doc):
        if " " not in location and exists_exactly(resolve(root, location), listings):
            return True
    files = doc.mapping.get("files") if doc.mapping else None
    if isinstance(files, SequenceNode):
        for entry in files.items:
            node = entry.get("source") if isinstance(entry, MappingNode) else None
            if isinstance(node, ScalarNode) and isinstance(node.value, str) and node.value.strip() not in ("", "/", ".", "./"):
                if exists_exactly(resolve(root, node.value), listings):
                    return True
    return False


def shown(doc, path: str) -> str:
    """A file of the revision as the user would write it: next to the appspec's path as given."""
    base = os.path.dirname(os.path.abspath(doc.fs_path)) if doc.fs_path else os.getcwd()
    rel = os.path.relpath(path, base)
    if rel.startswith(".."):
        return path
    return os.path.normpath(os.path.join(os.path.dirname(doc.path), rel))
