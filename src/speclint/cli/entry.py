"""The `speclint` executable: a plain check runs without the click application's commands.

`main()` parses a plain `speclint [check] [OPTIONS] PATHS...` itself (cli/options.py) and
runs it (cli/check.py); help, the other commands and anything it does not accept go to the
click application in cli/commands.py. Both run inside speclint.stdio.guarded(): every write to
standard output, and every read of standard input, fails the same way in every command.
"""

from __future__ import annotations

import sys
from typing import Optional

from speclint.cli.check import execute, option_problem
from speclint.cli.status import EXIT_FAILURE, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK  # noqa: F401


def main(argv: Optional[list] = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    from speclint.cli.options import parse_fast
    from speclint.stdio import guarded

    parsed = parse_fast(args)
    if parsed is not None and option_problem(parsed[1]) is None:
        sys.exit(guarded(lambda: execute(*parsed)))
    from speclint.cli.commands import cli

    sys.exit(guarded(lambda: cli.main(args=args, prog_name="speclint")))
