"""Caches of what the disk says, kept for one run and forgotten when the next one starts.

A run (`speclint check` over a tree, in one process or forked workers) asks the disk the
same questions for many files - which buildspec assembles this revision, where the source
root is - and caches the answers with `@per_run(maxsize)` (an lru_cache). A process that
lints again and again (the language server, the tests, `lint_file` called in a loop) must
see the files as they are now, so every lint that is not inside a run starts one:
`lint.lint_source` calls `begin()`, which forgets every per-run cache unless `run()` - the
runner's scope around one whole check - is active. Forked workers inherit the scope.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

_CACHES: list = []  # every per-run cache (registered once, at import of its module)
_ACTIVE = [0]  # depth of run() scopes in this process


def per_run(maxsize: int = 128):
    """lru_cache(maxsize) whose entries last one run."""
    def wrap(func):
        cached = lru_cache(maxsize=maxsize)(func)
        _CACHES.append(cached)
        return cached
    return wrap


def forget() -> None:
    """Drop every per-run cache's entries."""
    for cached in _CACHES:
        cached.cache_clear()


def begin() -> None:
    """Start a lint: a new run unless one is active (the runner's), so the disk is read afresh."""
    if not _ACTIVE[0]:
        forget()


@contextmanager
def run():
    """One run: the caches start empty and are shared by every lint inside."""
    if not _ACTIVE[0]:
        forget()
    _ACTIVE[0] += 1
    try:
        yield
    finally:
        _ACTIVE[0] -= 1
