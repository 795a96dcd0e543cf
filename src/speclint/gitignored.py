"""Whether paths of a source tree are ignored by git: such paths are never in a checkout,
so a revision that names one gets it from a build.

Inside a git work tree git itself is asked (`git check-ignore --stdin`, which knows every
rule: nested `.gitignore` files, `.git/info/exclude`, the global excludes; paths need not
exist); a path git tracks is never ignored (it was added with `git add -f`). Elsewhere - an unpacked archive, a copy without `.git` - the `.gitignore` files from
the root down to each path's folder are read, with git's pattern rules: `#` comments, `!`
negation, a trailing `/` for folders, a pattern with an inner `/` anchored at its file's
folder, `**` across folders; the last matching pattern wins.

Source: https://git-scm.com/docs/gitignore and https://git-scm.com/docs/git-check-ignore
"""

from __future__ import annotations

import os
from typing import Iterable, Optional

from speclint.run_scope import per_run
from speclint.source import safe_open


def ignored(root: str, paths: Iterable[str]) -> set:
    """The members of `paths` (posix, relative to `root`) that git ignores. Never raises."""
    wanted = sorted({p for p in paths if p and not p.startswith("..")})
    if not wanted:
        return set()
    # a missing path may be a folder: `dist/` in .gitignore ignores "dist/" but not "dist"
    answer = _ask_git(root, tuple(wanted + [p + "/" for p in wanted]))
    if answer is not None:
        return {p for p in wanted if p in answer or p + "/" in answer}
    return ignored_by_files(root, wanted)


def ignored_by_files(root: str, paths: Iterable[str]) -> set:
    """The members of `paths` (posix, relative to the work tree `root`) that the `.gitignore`
    files from `root` down ignore - speclint's own reading, for when git cannot be asked."""
    return {p for p in paths if p and not p.startswith("..") and _by_files(root, p)}


@per_run(maxsize=64)
def _ask_git(root: str, paths: tuple) -> Optional[set]:
    from speclint.gitrun import repo_root

    if repo_root(root) is None:
        return None
    from speclint import gitrun

    proc = gitrun.run(["-C", root, "check-ignore", "-z", "--stdin"],
                      input="\0".join(paths).encode("utf-8", "surrogateescape") + b"\0")
    if proc is None or proc.returncode not in (0, 1):  # 128: not a work tree after all, or git failed
        return None
    answer = {n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n}
    if not answer:
        return answer
    # a file git tracks is in every checkout, whatever .gitignore says (`git add -f`)
    listed = gitrun.run(["-C", root, "ls-files", "-z", "--cached", "--", *sorted({a.rstrip("/") for a in answer})])
    if listed is None:
        return answer
    tracked = [n for n in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    return {a for a in answer if not any(t == a.rstrip("/") or t.startswith(a.rstrip("/") + "/") for t in tracked)}


@per_run(maxsize=256)
def _patterns(folder: str) -> tuple:
    """(negated, folder_only, anchored, pattern) of one folder's .gitignore."""
    try:
        with safe_open.open_regular(os.path.join(folder, ".gitignore"), "r", encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return ()
    out = []
    for raw in lines:
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        folder_only = line.endswith("/")
        line = line.rstrip("/")
        anchored = "/" in line
        line = line.lstrip("/")
        if line:
            out.append((negated, folder_only, anchored, line))
    return tuple(out)


def _exact(pattern: str, anchored: bool, rel: str) -> bool:
    import fnmatch
    import re

    body = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    if anchored:
        return re.fullmatch(body, rel) is not None
    return fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern) if "/" not in pattern else re.fullmatch(body, rel) is not None


def _by_files(root: str, rel: str) -> bool:
    """git's rule: a path is ignored when it, or a folder above it, is ignored (a file inside
    an ignored folder cannot be re-included); the last matching pattern of the .gitignore
    files above a path decides it. Each folder's .gitignore is read once per path (not once
    per folder below it: a path 1,000 folders deep opened ~470k files), and only folders
    that have patterns are consulted again."""
    parts = rel.split("/")
    ruled = []  # (depth, patterns) of the folders on the way that have a .gitignore
    for depth in range(len(parts)):
        base = "/".join(parts[:depth])
        patterns = _patterns(os.path.join(root, base) if base else root)
        if patterns:
            ruled.append((depth, patterns))
        result = False  # the prefix parts[:depth + 1], as a folder (the last part may be one)
        for start, found in ruled:
            inner = "/".join(parts[start:depth + 1])
            for negated, _folder_only, anchored, pattern in found:
                if _exact(pattern, anchored, inner):
                    result = not negated
        if result:
            return True
    return False
