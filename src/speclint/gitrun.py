"""Run git for speclint's questions (which files it ignores, where the work tree is) so
that it can never hang a run.

git is found by absolute path (executables.find: never a `git` in the folder being
linted), gets no terminal input (standard input is the bytes given, else /dev/null),
runs with `core.fsmonitor=false` (a command a repository's own configuration could name)
and within TIMEOUT seconds. A repository can make git block: a `.gitignore` or
`.git/info/exclude` that is a named pipe stops `git check-ignore` and `git ls-files`
forever. When a call times out, git is killed, speclint says so once on standard error,
and every later call in the run answers None at once, so the callers fall back to what
they do without git (reading the `.gitignore` files themselves, non-blocking).
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Optional, Sequence

from speclint import run_scope

TIMEOUT = 10.0  # seconds per call; git answers these questions in milliseconds
_STATE = {"timed_out": False}


def run(args: Sequence[str], input: Optional[bytes] = None, timeout: float = TIMEOUT) -> Optional[subprocess.CompletedProcess]:
    """`git ARGS` (stdout captured, stderr discarded), or None: no git, it could not
    start, it timed out now or earlier in this run."""
    from speclint.executables import find

    if _STATE["timed_out"]:
        return None
    git = find("git")
    if git is None:
        return None
    try:
        return subprocess.run([git, "-c", "core.fsmonitor=false", *args], input=input,
                              stdin=None if input is not None else subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        _STATE["timed_out"] = True
        from speclint.report.sanitize import visible

        sys.stderr.write(f"speclint: git did not answer within {timeout:g} s (git {visible(' '.join(args[:4]))}); "
                         "continuing without git: .gitignore files are read directly\n")
        return None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def reset() -> None:
    """Forget an earlier timeout (a new run in the same process, tests)."""
    _STATE["timed_out"] = False


run_scope.at_start(reset)


def repo_root(start: str) -> Optional[str]:
    """The git work tree `start` is in (a `.git` folder, or the `.git` file of a worktree or submodule)."""
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
