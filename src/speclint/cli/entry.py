"""The `speclint` executable: a plain check runs without importing click (see check_options).

`main()` parses a plain `speclint [check] [OPTIONS] PATHS...` itself and runs it; help,
the other commands and anything it does not accept go to the click application in cli.py.
`execute()` is the check command's body for both paths.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE, EXIT_INTERRUPTED = 0, 1, 2, 130


def split(values) -> tuple:
    """`--select A,B --select C` -> ("A", "B", "C")."""
    out: list = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def selector_problem(values: dict) -> Optional[tuple]:
    """(option, message) for the first misspelt rule code on the command line, else None."""
    from speclint.selection import problem as unknown_selector

    for option, dest in (("--select", "select"), ("--ignore", "ignore"), ("--extend-select", "extend_select")):
        for value in split(values.get(dest)):
            problem = unknown_selector(value)
            if problem:
                return option, problem
    return None


def option_problem(values: dict) -> Optional[tuple]:
    """(option, message) for a usage error in the parsed check options, else None.

    Checked the same way after the click-free parse and after click's, so both exit 2 with
    the same message: a misspelt rule code, or an option that needs another one.
    """
    problem = selector_problem(values)
    if problem:
        return problem
    if values.get("baseline_prune") and not values.get("baseline"):
        return "--baseline-prune", ("needs --baseline FILE: it removes the entries of that baseline that no longer "
                                    "match a finding (--write-baseline already writes only the current findings)")
    return None


def execute(paths: tuple, values: dict) -> int:
    """Run one check with the parsed option values; return the exit code."""
    from speclint import __version__
    from speclint.baseline import BaselineError
    from speclint.config import ConfigError
    from speclint.report import OutputError
    from speclint.cli.runner import Output, run
    from speclint.config.settings import Flags

    output_format = values.get("output_format")
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    flags = Flags(
        kind=values.get("kind"), select=split(values.get("select")), ignore=split(values.get("ignore")),
        extend_select=split(values.get("extend_select")),
        fail_on=values.get("fail_on") or ("warning" if values.get("strict") else None),
        max_file_size=values.get("max_file_size"), revision_root=values.get("revision_root"),
        ecs_pipeline=values.get("ecs_pipeline"), respect_gitignore=values.get("respect_gitignore"),
        no_ignores=bool(values.get("no_ignores")), isolated=bool(values.get("isolated")),
        config_file=values.get("config_file"), force_exclude=bool(values.get("force_exclude")),
        deployment=values.get("deployment"), load_balancer=values.get("load_balancer"), image=values.get("image"),
        jobs=values.get("jobs"),
    )
    output = Output(format=output_format, color=values.get("color") or "auto", output_file=values.get("output_file"),
                    exit_zero=bool(values.get("exit_zero")), stdin_filename=values.get("stdin_filename"),
                    baseline=values.get("baseline"), write_baseline=values.get("write_baseline"),
                    list_files=bool(values.get("list_files")), baseline_prune=bool(values.get("baseline_prune")),
                    progress=not values.get("quiet"), show_info=bool(values.get("show_info")),
                    quiet=bool(values.get("quiet")), statistics=bool(values.get("statistics")),
                    show_settings=bool(values.get("show_settings")))
    try:
        return run(paths, flags, output)
    except KeyboardInterrupt:
        sys.stderr.write("\nspeclint: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # --list-files or --show-settings into `| head -1`: the reader's choice
        from speclint.cli.runner import _silence_stdout

        _silence_stdout()
        return EXIT_OK
    except (ConfigError, BaselineError, OutputError) as exc:
        from speclint.report.sanitize import visible

        sys.stderr.write(f"speclint: {visible(str(exc))}\n")  # it may quote the file's text
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        import traceback

        traceback.print_exc()
        sys.stderr.write(
            f"\nspeclint {__version__} crashed: {type(exc).__name__}: {exc}\n"
            "This is a bug in speclint, not in your file. Please report it with the traceback above.\n"
        )
        return EXIT_FAILURE


def main(argv: Optional[list] = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    from speclint.cli.options import parse_fast

    parsed = parse_fast(args)
    if parsed is not None and option_problem(parsed[1]) is None:
        sys.exit(execute(*parsed))
    from speclint.cli import cli

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
        from speclint.cli.runner import _silence_stdout

        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in {getattr(errno, name) for name in _OUTPUT_ERRNOS if hasattr(errno, name)}:
            raise
        from speclint.cli.runner import _silence_stdout

        _silence_stdout()
        sys.stderr.write(f"speclint: standard output could not be written ({exc.strerror or exc}); "
                         "the output is incomplete\n")
        return EXIT_FAILURE
    if code is None:
        return EXIT_OK
    if not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        return EXIT_FAILURE
    return code
