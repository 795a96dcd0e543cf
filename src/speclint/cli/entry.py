"""The `speclint` executable: a plain check runs without the click application's commands.

`main()` parses a plain `speclint [check] [OPTIONS] PATHS...` itself (cli/options.py) and
runs it (cli/check.py); help, the other commands and anything it does not accept go to the
click application in cli/commands.py, through guarded_output().
"""

from __future__ import annotations

import sys
from typing import Optional

from speclint.cli.check import execute, option_problem
from speclint.cli.status import EXIT_FAILURE, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, silence_stdout  # noqa: F401


def main(argv: Optional[list] = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    from speclint.cli.options import parse_fast

    parsed = parse_fast(args)
    if parsed is not None and option_problem(parsed[1]) is None:
        sys.exit(execute(*parsed))
    from speclint.cli.commands import cli

    sys.exit(guarded_output(lambda: cli.main(args=args, prog_name="speclint")))


_OUTPUT_ERRNOS = ("ENOSPC", "EIO", "EPIPE", "EBADF", "EDQUOT", "EFBIG", "EROFS", "EACCES", "EPERM")


def guarded_output(command) -> int:
    """Run a command that prints (rules, rule, schema, lifecycle, explain: anything click
    dispatches) and return its exit code, with standard output's failures classified as
    `check` does: a reader that went away (`| head -1`) ends quietly with 0; a full disk
    (`>/dev/full`), a closed or unwritable standard output is one clear line and exit 2,
    never a traceback. The output is flushed here, so that a failure shows now and not as
    Python's complaint at exit."""
    import errno

    try:
        try:
            code = command()
        except SystemExit as exc:
            code = exc.code
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in {getattr(errno, name) for name in _OUTPUT_ERRNOS if hasattr(errno, name)}:
            raise
        silence_stdout()
        sys.stderr.write(f"speclint: standard output could not be written ({exc.strerror or exc}); "
                         "the output is incomplete\n")
        return EXIT_FAILURE
    if code is None:
        return EXIT_OK
    if not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        return EXIT_FAILURE
    return code
