"""`speclint check` outside click: the options' usage errors, and the run of one check.

Both the click-free parse (cli/entry.py) and the click command (cli/commands.py) call
`option_problem()` and `execute()`, so both exit the same way with the same messages.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

from speclint.cli.status import EXIT_FAILURE, EXIT_INTERRUPTED


def split(values) -> tuple:
    """`--select A,B --select C` -> ("A", "B", "C")."""
    out: list = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


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
    if values.get("unsafe_fixes") and not (values.get("fix") or values.get("diff")):
        return "--unsafe-fixes", "needs --fix or --diff: it adds the unsafe fixes to the ones they apply"
    if (values.get("fix") or values.get("diff")) and (values.get("write_baseline") or values.get("list_files")
                                                      or values.get("show_settings")):
        return ("--fix" if values.get("fix") else "--diff"), ("cannot be combined with --write-baseline, --list-files "
                                                               "or --show-settings, which lint nothing")
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
        skip_unrecognized=bool(values.get("skip_unrecognized")),
        deployment=values.get("deployment"), load_balancer=values.get("load_balancer"), image=values.get("image"),
        jobs=values.get("jobs"),
    )
    output = Output(format=output_format, color=values.get("color") or "auto", output_file=values.get("output_file"),
                    exit_zero=bool(values.get("exit_zero")), stdin_filename=values.get("stdin_filename"),
                    baseline=values.get("baseline"), write_baseline=values.get("write_baseline"),
                    list_files=bool(values.get("list_files")), baseline_prune=bool(values.get("baseline_prune")),
                    progress=not values.get("quiet"), show_info=bool(values.get("show_info")),
                    quiet=bool(values.get("quiet")), statistics=bool(values.get("statistics")),
                    show_settings=bool(values.get("show_settings")),
                    fix="diff" if values.get("diff") else "fix" if values.get("fix") else "",
                    unsafe_fixes=bool(values.get("unsafe_fixes")))
    try:
        return run(paths, flags, output)
    except KeyboardInterrupt:
        sys.stderr.write("\nspeclint: interrupted\n")
        return EXIT_INTERRUPTED
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
