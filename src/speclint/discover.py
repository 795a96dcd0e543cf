"""Which files to lint: explicit paths as given, directories searched for the known names and contents.

Directory search honours `.gitignore` (by asking git, which knows every rule: nested
files, negations, the global excludes; when git is missing or refuses, speclint reads the
`.gitignore` files itself and says so once), the configuration's `exclude` and extra
`buildspec-patterns`/`appspec-patterns`. It skips VCS, dependency and virtual-environment
folders, and never follows a symlink out of the tree (or into a loop). Besides the known
names (`buildspec*.yml`, `appspec.yml`...), a YAML file (also `.yml.txt` and template
sources such as `.yml.j2`) is linted when its first few KB say it is a buildspec or an
appspec (classify.sniff): 37 % of real buildspecs are named freely (`codebuild/release.yml`).
"""

from __future__ import annotations

import os
import stat
from typing import Callable, Iterator, Optional

from speclint.source.classify import SNIFF_BYTES, kind_from_name, sniff, sniffable
from speclint.source.hosts import is_host_name
from speclint.globs import any_match
from speclint.record import record

SKIP_DIRS = {
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".env", ".tox", ".nox",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".terraform",
    ".aws-sam", ".serverless", "dist-packages",
}


@record(frozen=True)
class Target:
    path: str
    explicit: bool
    kind: Optional[str] = None  # forced by a configured pattern
    problem: Optional[str] = None  # why this folder could not be searched (reported, not linted)


@record(frozen=True)
class Rules:
    """What the configuration says about finding files under one folder."""

    base: str  # the folder globs are relative to
    exclude: tuple = ()
    buildspec_patterns: tuple = ()
    appspec_patterns: tuple = ()
    respect_gitignore: bool = True

    def relative(self, path: str) -> str:
        rel = os.path.relpath(os.path.abspath(path), self.base)
        return rel.replace(os.sep, "/") if not rel.startswith("..") else os.path.basename(path)

    def excluded(self, path: str) -> bool:
        return bool(self.exclude) and any_match(self.exclude, self.relative(path))

    def kind_of(self, path: str) -> Optional[str]:
        """The kind a configured pattern forces, else the kind the name implies."""
        rel = self.relative(path)
        if self.buildspec_patterns and any_match(self.buildspec_patterns, rel):
            return "buildspec"
        if self.appspec_patterns and any_match(self.appspec_patterns, rel):
            return "appspec"
        return None

    def wanted(self, path: str) -> bool:
        name = os.path.basename(path)
        return bool(kind_from_name(name) or self.kind_of(path) or (sniffable(name) and sniffed_kind(path))
                    or (is_host_name(name) and sniffed_host(path)))


def sniffed_host(path: str) -> bool:
    """Whether a file is a CloudFormation/SAM/CDK template or a Terraform file with a CodeBuild
    project (speclint.source.hosts.host_kind). The first SNIFF_BYTES decide whether the rest is
    read: a template names AWSTemplateFormatVersion, Resources or AWS:: early; `.tf` files are read
    whole (they are small, and the resource can be anywhere)."""
    from speclint.source.hosts import has_projects, host_kind
    from speclint.source.loader import DEFAULT_MAX_FILE_SIZE

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, SNIFF_BYTES)
        while len(head) % SNIFF_BYTES == 0 and head and _only_comments(head) and len(head) < 64 * SNIFF_BYTES:
            more = os.read(fd, SNIFF_BYTES)  # a licence header: the template starts further down
            if not more:
                break
            head += more
        if not path.lower().endswith(".tf") and b"AWS::CodeBuild::Project" not in head and not (
                b"AWSTemplateFormatVersion" in head or b"Resources" in head):
            return False
        data = head + (os.read(fd, DEFAULT_MAX_FILE_SIZE) if head and len(head) % SNIFF_BYTES == 0 else b"")
        kind = host_kind(path, data)
        return kind is not None and has_projects(kind, data)
    except OSError:
        return False
    finally:
        os.close(fd)


def _only_comments(head: bytes) -> bool:
    """Whether the start of a file is only `#` comment lines and blank lines (its last, maybe cut, line aside)."""
    return all(not line.strip() or line.lstrip().startswith(b"#") for line in head.split(b"\n")[:-1])


def sniffed_kind(path: str) -> Optional[str]:
    """The kind the first SNIFF_BYTES of a file show (classify.sniff), None when unreadable or not ours."""
    try:
        # No file object: this runs for every YAML file of a tree. O_NONBLOCK: a FIFO named
        # ci.yml must not hang the search; only regular files are read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return sniff(os.read(fd, SNIFF_BYTES))
    except OSError:
        return None
    finally:
        os.close(fd)


def _inside(path: str, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root + os.sep)


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _skipped(rel: str) -> bool:
    parts = rel.split("/")[:-1]
    return any(part in SKIP_DIRS for part in parts) or any(
        a == "cdk.out" and b.startswith("asset.") for a, b in zip(parts, parts[1:]))


def _cdk_asset(folder: str, name: str) -> bool:
    """A `cdk.out/asset.*` folder: bundled code and files, not templates (which sit beside them)."""
    return name.startswith("asset.") and os.path.basename(folder) == "cdk.out"


def git_files(root: str) -> Optional[list]:
    """Files under `root` that git does not ignore (tracked or not), or None outside a work tree
    or when git cannot answer."""
    return git_listing(root)[0]


def git_listing(root: str) -> tuple:
    """(files, None) as git_files; (None, None) outside a work tree; (None, reason) inside one
    when git cannot answer: not installed, or it refuses (`detected dubious ownership` when
    the files belong to another user, as in a container run as a non-root user)."""
    import subprocess  # only directory searches need it

    from speclint.executables import find
    from speclint.gitrun import TIMEOUT
    from speclint.gitrun import repo_root

    git = find("git")  # never a `git` in the folder being linted (an empty PATH entry)
    if git is None:
        return None, ("git is not installed (not on PATH)" if repo_root(os.path.abspath(root)) else None)
    try:
        proc = subprocess.run(  # core.fsmonitor: a command a repository's own config could name
            [git, "-c", "core.fsmonitor=false", "-C", root, "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT, check=False,
        )  # a timeout (a .gitignore that is a named pipe) means the .gitignore fallback, with a note
    except (OSError, subprocess.SubprocessError) as exc:
        return None, (f"git failed: {exc}" if repo_root(os.path.abspath(root)) else None)
    if proc.returncode != 0:
        if repo_root(os.path.abspath(root)) is None:
            return None, None
        said = [line.strip() for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        if said and "not a git repository" in said[0]:
            return None, None  # a `.git` git does not recognise (an empty folder): not a work tree to git either
        return None, f"git failed: {said[0] if said else f'exit code {proc.returncode}'}"
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n}), None


_noted: set = set()


def _note_fallback(root: str, reason: str) -> None:
    """Say once per run that .gitignore was read by speclint because git could not answer."""
    import sys

    from speclint.report.sanitize import visible

    if _noted:
        return
    _noted.add(root)
    sys.stderr.write(f"speclint: note: git could not list the files of {visible(root)} ({visible(reason)}); "
                     "speclint read the .gitignore files itself (not .git/info/exclude or git's global "
                     "excludes file)\n")


def walk(root: str, rules: Optional[Rules] = None, problems: Optional[list] = None) -> Iterator[str]:
    """Files under `root` that look like buildspecs or appspecs, sorted, symlink-safe.

    Folders that cannot be listed (permission denied, a path too long) are appended to
    `problems` as (path, reason) instead of being skipped without a word.
    """
    rules = rules or Rules(base=os.path.abspath(root))
    problems = problems if problems is not None else []
    real_root = os.path.realpath(root)
    listed, reason = git_listing(root) if rules.respect_gitignore else (None, None)
    if reason:
        from speclint import gitignored
        from speclint.gitrun import repo_root

        _note_fallback(root, reason)
        top = repo_root(os.path.abspath(root))
        found = _walk_tree(root, rules, real_root, problems)
        rels = {path: os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/") for path in found}
        dropped = gitignored.ignored_by_files(top, rels.values())
        return iter(sorted(path for path in found if rels[path] not in dropped))
    if listed is not None:
        found = []
        for rel in listed:
            path = os.path.join(root, rel)
            if _skipped(rel):
                continue
            if os.path.isdir(path) and not os.path.islink(path):  # a submodule: git lists only its folder
                found.extend(_walk_tree(path, rules, real_root, problems))
            elif rules.wanted(path) and os.path.isfile(path) and _inside(path, real_root) and not rules.excluded(path):
                found.append(path)
        return iter(sorted(found))
    return iter(sorted(_walk_tree(root, rules, real_root, problems)))


def _walk_tree(root: str, rules: Rules, real_root: str, problems: list) -> list:
    """Depth-first search, linear in the number and depth of folders: a folder's real path is
    resolved only when it is a symlink (resolving every folder costs O(depth) system calls
    each: a 2,000-deep tree took minutes), loops are caught by (device, inode)."""
    seen: set = set()
    stack = [root]
    found: list = []
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except OSError as exc:
            problems.append((current, _reason(exc)))
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # a loop through a symlink
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append((current, _reason(exc)))
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if entry.name in SKIP_DIRS or _is_venv(entry.path) or rules.excluded(entry.path) \
                            or _cdk_asset(current, entry.name):
                        continue
                    if entry.is_symlink() and not _inside(entry.path, real_root):
                        continue  # a symlink pointing out of the scanned tree
                    stack.append(entry.path)
                elif entry.is_file() and rules.wanted(entry.path) and not rules.excluded(entry.path):
                    if entry.is_symlink() and not _inside(entry.path, real_root):
                        continue
                    found.append(entry.path)
            except OSError as exc:
                problems.append((entry.path, _reason(exc)))
    return found


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENAMETOOLONG:
        return "cannot be searched: the path is longer than the system allows"
    if isinstance(exc, PermissionError):
        return "cannot be searched: permission denied"
    return f"cannot be searched: {exc.strerror or exc}"


def targets(paths: tuple, rules_for: Optional[Callable[[str], Rules]] = None, force_exclude: bool = False,
            skip_unrecognized: bool = False) -> Iterator[Target]:
    """Expand the command line's paths (the current directory when there are none).

    `rules_for(folder)` gives the discovery rules of the configuration that governs a folder.
    `skip_unrecognized`: a named file that may be a template (.yaml, .json, .tf...) is skipped
    unless a folder search would take it (the templates pre-commit hook names other tools' files).
    """
    rules_for = rules_for or (lambda folder: Rules(base=os.path.abspath(folder)))
    seen: set = set()  # a file named twice (`. ./buildspec.yml`, `a/ a/b/`) is linted once
    for target in _expand(paths or (".",), rules_for, force_exclude, skip_unrecognized):
        key = target.path if target.path == "-" else os.path.normcase(os.path.abspath(target.path))
        if key not in seen:
            seen.add(key)
            yield target


def _expand(paths: tuple, rules_for: Callable[[str], Rules], force_exclude: bool, skip_unrecognized: bool = False) -> Iterator[Target]:
    for path in paths:
        if path != "-" and os.path.isdir(path):
            rules = rules_for(path)
            problems: list = []
            for file in walk(path, rules, problems):
                yield Target(_clean(file), explicit=False, kind=rules.kind_of(file))
            for folder, reason in problems:
                yield Target(_clean(folder), explicit=True, problem=reason)
        elif path == "-":
            yield Target(path, explicit=True)
        else:
            rules = rules_for(os.path.dirname(path) or ".")
            if force_exclude and rules.excluded(path):
                continue
            if skip_unrecognized and is_host_name(os.path.basename(path)) and not rules.wanted(path):
                continue
            yield Target(path, explicit=True, kind=rules.kind_of(path))


def _clean(path: str) -> str:
    return path[2:] if path.startswith("./") else path
