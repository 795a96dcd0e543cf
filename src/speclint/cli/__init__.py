"""The `speclint` command line.

`entry.py` is the executable: a plain `speclint [check] [OPTIONS] PATHS...` is parsed by
`options.py` and run by `check.py` (`runner.py` lints, `parallel.py` forks, `progress.py`
reports progress, `status.py` holds the exit codes) without importing click; help, the other
commands and every usage error go to the click application in `commands.py`.

This module imports nothing, so that the plain check, which imports `speclint.cli.check`
and therefore this package, never loads click. `speclint.cli.cli` (the click group) and
`speclint.cli.DefaultGroup` are looked up in `commands.py` on first use.
"""

from __future__ import annotations

_FROM_COMMANDS = ("cli", "DefaultGroup")


def __getattr__(name: str):
    if name in _FROM_COMMANDS:
        from speclint.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'speclint.cli' has no attribute {name!r}")
