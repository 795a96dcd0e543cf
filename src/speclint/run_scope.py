"""What the disk says, remembered for one run and forgotten when the next one starts.

A run (`speclint check` over a tree, in one process or forked workers) asks the disk the
same questions for many files - where the configuration is, what .gitignore says, which
buildspec assembles this revision, what a hook script or a task definition holds - and
caches the answers with `@per_run(maxsize)` (an lru_cache). A process that lints again and
again (the language server, the tests, `lint_file` called in a loop) must see the files as
they are now, so a run starts with empty caches, and what is asked outside any run starts
one of its own:

- `run()` is a run: the runner's scope around one whole command, and `lint.lint_source`'s
  around one lint when no run is active (then nothing it asks twice reads the disk twice);
- `begin()` forgets everything unless a run is active: `config.find` calls it, so a
  configuration looked up before a lint (`Resolver.options_for`) is read afresh too.

Forked workers inherit the scope. Anything else that must not outlive a run (gitrun's "git
timed out" state) registers a function with `at_start()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

_AT_START: list = []  # what forgets a run's state: every per-run cache's cache_clear, ... (registered at import)
_ACTIVE = [0]  # depth of run() scopes in this process


def at_start(forget_state) -> None:
    """Call `forget_state()` (no arguments) whenever a run starts."""
    _AT_START.append(forget_state)


def per_run(maxsize: int = 128):
    """lru_cache(maxsize) whose entries last one run."""
    def wrap(func):
        cached = lru_cache(maxsize=maxsize)(func)
        at_start(cached.cache_clear)
        return cached
    return wrap


def forget() -> None:
    """Drop every per-run cache's entries and whatever else a run remembers."""
    for forget_state in _AT_START:
        forget_state()


def begin() -> None:
    """Ask the disk afresh from here on, unless a run is active (then its answers stand)."""
    if not _ACTIVE[0]:
        forget()


@contextmanager
def run():
    """One run: the caches start empty and are shared by every lint inside; nested, the outer run's."""
    begin()
    _ACTIVE[0] += 1
    try:
        yield
    finally:
        _ACTIVE[0] -= 1
