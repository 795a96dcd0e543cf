"""`extend = "../pyproject.toml"`: a configuration that adds to another one.

A monorepo keeps its rules in the root configuration; a folder's own file extends it
instead of replacing it (without `extend`, the nearest file wins alone).

Trust: the extended file must be inside the same repository (the nearest folder above the
extending file that has `.git`; outside a repository, in the extending file's folder or a
folder above it), trusted as the nearest configuration is (config.files.untrusted_owner: owned by
the user running speclint, root, or the owner of the repository), and not a symbolic link
out of those bounds - a configuration changes what is reported, so it is only read from
places the user controls. A chain that comes back to a file it already read is an error.

Merging, key by key, the extending file last:
- `select` and scalars (fail-on, image, ...): the extending file's value replaces the base's;
- `extend-select`, `ignore`, `exclude`, `buildspec-patterns`, `appspec-patterns`: added to;
- tables (`severity`, `per-file-ignores`, `images`): merged, the extending file's entries win.
Globs and paths of the base are relative to the base's folder; they are rewritten relative
to the extending file's folder so they keep meaning the same files.
"""

from __future__ import annotations

import os
from typing import Optional

ADDED = ("extend-select", "ignore", "exclude", "buildspec-patterns", "appspec-patterns")
MERGED = ("severity", "per-file-ignores", "images")
GLOB_LISTS = ("exclude", "buildspec-patterns", "appspec-patterns")
GLOB_TABLES = ("per-file-ignores", "images")
MAX_CHAIN = 16


def repository_root(folder: str) -> Optional[str]:
    from speclint.gitrun import repo_root

    return repo_root(os.path.realpath(folder))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def target_problem(config_path: str, target: str, shown: str) -> Optional[str]:
    """Why `target` (written `shown`) may not be extended from `config_path`, or None when it may."""
    real = os.path.realpath(target)
    if not os.path.isfile(real):
        return f'extend: "{shown}" does not exist'
    folder = os.path.dirname(os.path.realpath(config_path))
    root = repository_root(folder)
    if root is not None:
        if not _inside(real, root):
            return f'extend: "{shown}" is outside the repository ({root}); only files inside it can be extended'
    elif not _inside(folder, os.path.dirname(real)):
        return f'extend: "{shown}" is neither in this folder nor in a folder above it'
    from speclint.config.files import untrusted_owner

    owner = untrusted_owner(real, root)  # the same rule as for the nearest configuration
    if owner is not None:
        return (f'extend: "{shown}" belongs to another user (uid {owner}); only files owned by you, by root or by '
                "the owner of the repository can be extended")
    return None


def _rebase_glob(pattern: str, prefix: str) -> Optional[str]:
    """A glob relative to the base folder, relative to a folder `prefix` below it (None: cannot match there)."""
    if prefix in ("", ".") or "/" not in pattern.strip("/") or pattern.startswith("**/"):
        return pattern
    if prefix.startswith(".."):
        return pattern  # the base is not above the extending file: globs keep their text
    body = pattern.lstrip("/")
    if body.startswith(prefix + "/"):
        return body[len(prefix) + 1:]
    return None


def rebased(base: dict, base_dir: str, child_dir: str) -> dict:
    """The base table with its globs and paths relative to `child_dir` instead of `base_dir`."""
    prefix = os.path.relpath(os.path.realpath(child_dir), os.path.realpath(base_dir)).replace(os.sep, "/")
    out = dict(base)
    for key in GLOB_LISTS:
        if key in out:
            out[key] = [g for g in (_rebase_glob(p, prefix) for p in out[key]) if g is not None]
    for key in GLOB_TABLES:
        if key in out:
            out[key] = {g: v for g, v in ((_rebase_glob(p, prefix), v) for p, v in out[key].items()) if g is not None}
    if "revision-root" in out:
        out["revision-root"] = os.path.relpath(os.path.join(base_dir, out["revision-root"]), child_dir)
    return out


def merge(base: dict, child: dict) -> dict:
    out = dict(base)
    for key, value in child.items():
        if key in ADDED and key in out:
            out[key] = list(out[key]) + [v for v in value if v not in out[key]]
        elif key in MERGED and key in out:
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    out.pop("extend", None)
    return out


def resolve(path: str, table: dict, read, chain: tuple = ()) -> dict:
    """`table` (read from `path`) merged over the chain of files it extends.

    `read(path)` returns a file's validated speclint table; problems raise ConfigError.
    """
    from speclint.config.files import ConfigError, key_line

    target_text = table.get("extend")
    if not target_text:
        return table
    here = os.path.realpath(path)
    chain = chain + (here,)
    target = os.path.join(os.path.dirname(os.path.abspath(path)), target_text)
    line = key_line(path, "extend")
    problem = target_problem(path, target, target_text)
    if problem:
        raise ConfigError(path, line, problem)
    if os.path.realpath(target) in chain:
        cycle = " -> ".join(os.path.relpath(p) for p in chain + (os.path.realpath(target),))
        raise ConfigError(path, line, f"extend: a cycle: {cycle}")
    if len(chain) >= MAX_CHAIN:
        raise ConfigError(path, line, f"extend: more than {MAX_CHAIN} files in the chain")
    base = read(target)
    if base is None:
        raise ConfigError(path, line, f'extend: "{target_text}" has no speclint settings ([tool.speclint] in a pyproject.toml)')
    base = resolve(target, base, read, chain)
    return merge(rebased(base, os.path.dirname(os.path.realpath(target)), os.path.dirname(here)), table)
