"""The options of `speclint check`, declared once, for click and for the fast path.

pre-commit starts speclint for every commit, and importing click alone takes longer than
linting a typical file (~40 ms here). So the plain check invocation - paths and the options
below - is parsed here without click; anything else (help, other commands, a value that
does not validate) goes to click, which gives the proper message. Both read this table,
so they cannot drift apart.
"""

from __future__ import annotations

import os
from typing import Optional

from speclint.record import record

from speclint.report import names as _format_names

# The output formats are the modules of speclint/report/formats/ (a new format is one file there).
FORMATS = _format_names()
# The subcommands, declared here for the click-free fast path; the click group refuses a
# command missing from this tuple (cli.DefaultGroup.add_command), so they cannot drift apart.
SUBCOMMANDS = ("check", "rules", "rule", "schema", "lifecycle", "explain", "server")

# Upper bounds of numbers on the command line and in configuration: more worker processes
# than this only cost memory (each is a fork of the whole process), and a larger file size
# limit is no limit (a buildspec or appspec is a few KB; reading is all in memory).
MAX_JOBS = 64
MAX_FILE_SIZE = 1 << 30


@record(frozen=True)
class Opt:
    names: tuple  # ("--format",) or ("-o", "--output-file"); a flag pair is ("--x/--no-x",)
    dest: str
    kind: str  # "str", "nonempty", "choice", "int", "flag", "pair", "multi", "file", "existing-file", "dir"
    help: str
    choices: tuple = ()
    default: object = None
    maximum: Optional[int] = None  # the largest value an "int" option accepts


CHECK_OPTIONS = (
    Opt(("--format", "--output-format"), "output_format", "choice", "Output format [default: text; github when GITHUB_ACTIONS=true]. "
        "json is a stable contract (see README).", FORMATS),
    Opt(("-o", "--output-file"), "output_file", "file", "Write the report to this file instead of standard output."),
    Opt(("--kind",), "kind", "choice", "Treat every file as this kind instead of guessing from name and content.",
        ("buildspec", "appspec")),
    Opt(("--color",), "color", "choice", "Colour the text output (auto: only on a terminal, never with NO_COLOR).",
        ("auto", "always", "never"), "auto"),
    Opt(("--select",), "select", "multi", "Only these rules (codes, code prefixes or names; comma-separated)."),
    Opt(("--ignore",), "ignore", "multi", "Skip these rules (codes, code prefixes or names; comma-separated)."),
    Opt(("--extend-select",), "extend_select", "multi", "Enable these rules on top of the defaults."),
    Opt(("--show-info",), "show_info", "flag", "Also print info findings (notes); by default they are only counted "
        "in the summary."),
    Opt(("-q", "--quiet"), "quiet", "flag", "Print only errors and the summary line (findings at or above --fail-on "
        "are always printed)."),
    Opt(("--statistics",), "statistics", "flag", "Print the number of findings per code instead of the findings."),
    Opt(("--fail-on",), "fail_on", "choice", "The lowest severity that makes the exit code 1 "
        "[default: error, or fail-on in the configuration].", ("error", "warning", "info")),
    Opt(("--strict",), "strict", "flag", "Same as --fail-on warning."),
    Opt(("--exit-zero",), "exit_zero", "flag", "Exit with 0 even when there are findings (internal errors still exit 2)."),
    Opt(("--config",), "config_file", "existing-file", "Use this configuration file (.speclint.toml or pyproject.toml) "
        "for every file."),
    Opt(("--isolated",), "isolated", "flag", "Ignore all configuration files."),
    Opt(("--no-ignores",), "no_ignores", "flag", "Ignore `# speclint: ignore` comments and show every finding."),
    Opt(("--respect-gitignore/--no-respect-gitignore",), "respect_gitignore", "pair",
        "Skip files that git ignores when searching folders [default: respect]."),
    Opt(("--force-exclude",), "force_exclude", "flag", "Apply the configured `exclude` to files named on the command line too."),
    Opt(("--skip-unrecognized",), "skip_unrecognized", "flag", "Skip named YAML, JSON and template files that a folder "
        "search would not take (no buildspec, appspec or CodeBuild project by name or content); for pre-commit hooks."),
    Opt(("--list-files",), "list_files", "flag", "Print the files that would be linted, and as which kind, then stop."),
    Opt(("--show-settings",), "show_settings", "flag", "Print the configuration file used for each path and the "
        "settings it gives, then stop."),
    Opt(("--baseline",), "baseline", "existing-file", "Report only findings that are not in this baseline file."),
    Opt(("--baseline-prune",), "baseline_prune", "flag", "With --baseline: remove the entries that no longer match "
        "a finding from the baseline file."),
    Opt(("--write-baseline",), "write_baseline", "file", "Record the current findings in this file (for --baseline) and exit 0."),
    Opt(("-j", "--jobs"), "jobs", "int", f"Worker processes, at most {MAX_JOBS} [default: one per CPU for 100 files or more, "
        "else 1].", maximum=MAX_JOBS),
    Opt(("--max-file-size",), "max_file_size", "int", "Files larger than this many bytes are reported, not parsed "
        "(default 2 MiB, at most 1 GiB).", maximum=MAX_FILE_SIZE),
    Opt(("--stdin-filename",), "stdin_filename", "str", "With '-', the name to use for standard input."),
    Opt(("--fix",), "fix", "flag", "Apply the safe fixes to the files, then report what remains (standard input: the "
        "fixed text goes to standard output)."),
    Opt(("--unsafe-fixes",), "unsafe_fixes", "flag", "With --fix or --diff: also apply the unsafe fixes, which change "
        "what AWS does (`speclint rules` marks them fix*)."),
    Opt(("--diff",), "diff", "flag", "Print the fixes as a unified diff and write nothing; exit 1 when there is "
        "something to fix."),
    Opt(("--revision-root",), "revision_root", "dir", "The folder that is bundled into the CodeDeploy revision "
        "(enables the placement checks)."),
    Opt(("--ecs-pipeline/--no-ecs-pipeline",), "ecs_pipeline", "pair", "ECS appspecs are used by a CodePipeline "
        "blue/green action, which fills in <TASK_DEFINITION> [default: yes]."),
    Opt(("--image",), "image", "nonempty", "The CodeBuild image the buildspecs run on (aws/codebuild/standard:7.0), "
        "for the runtime-versions checks."),
    Opt(("--deployment",), "deployment", "choice", "The EC2/On-Premises deployment type of the appspecs (for A115).",
        ("in-place", "blue-green")),
    Opt(("--load-balancer/--no-load-balancer",), "load_balancer", "pair",
        "Whether the EC2/On-Premises deployment group has a load balancer (for A115)."),
)


def defaults() -> dict:
    return {opt.dest: (() if opt.kind == "multi" else (False if opt.kind == "flag" else opt.default)) for opt in CHECK_OPTIONS}


def _lookup() -> dict:
    table: dict = {}
    for opt in CHECK_OPTIONS:
        if opt.kind == "pair":
            on, off = opt.names[0].split("/")
            table[on] = (opt, True)
            table[off] = (opt, False)
        else:
            for name in opt.names:
                table[name] = (opt, None)
    return table


def _convert(opt: Opt, text: str):
    """The option's value, or raise ValueError so that click reports the problem."""
    if opt.kind == "choice" and text not in opt.choices:
        raise ValueError
    if opt.kind == "int":
        number = int(text)
        if number < 1 or (opt.maximum is not None and number > opt.maximum):
            raise ValueError
        return number
    if opt.kind == "existing-file" and not os.path.isfile(text):
        raise ValueError
    if opt.kind in ("file", "dir", "nonempty") and not text.strip():
        raise ValueError
    if opt.kind == "dir" and os.path.exists(text) and not os.path.isdir(text):
        raise ValueError
    if opt.kind == "file" and os.path.isdir(text):
        raise ValueError
    return text


def mistyped_command(word: str) -> Optional[str]:
    """The subcommand `word` most likely meant (`rlues` -> rules), or None.

    A word that exists as a path is always a path, and so is anything that looks like one
    (a `/`, a `.` or a leading `-`); only a bare word close to a command name is a typo.
    """
    if not word or word in SUBCOMMANDS or word.startswith("-") or "/" in word or "." in word or os.path.lexists(word):
        return None
    from speclint.suggest import closest

    return closest(word, SUBCOMMANDS, cutoff=0.7)


def parse_fast(argv: list) -> Optional[tuple]:
    """(paths, values) for a plain check invocation, or None to let click parse `argv`."""
    if argv and mistyped_command(argv[0]):
        return None
    if argv and argv[0] in SUBCOMMANDS:
        if argv[0] != "check":
            return None
        argv = argv[1:]
    table = _lookup()
    values = defaults()
    multi: dict = {}
    paths: list = []
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        if token == "--":
            paths.extend(argv[i:])
            break
        if token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        name, eq, inline = token.partition("=")
        if not token.startswith("--") and len(token) > 2 and token[:2] in table:
            name, eq, inline = token[:2], "=", token[2:]  # -j2, -oreport.json
        entry = table.get(name)
        if entry is None:
            return None  # --help, --version, a typo: click knows what to say
        opt, pair_value = entry
        if opt.kind in ("flag", "pair"):
            if eq:
                return None
            values[opt.dest] = True if opt.kind == "flag" else pair_value
            continue
        if eq:
            text = inline
        elif i < len(argv):
            text = argv[i]
            i += 1
        else:
            return None
        try:
            value = _convert(opt, text)
        except ValueError:
            return None
        if opt.kind == "multi":
            multi.setdefault(opt.dest, []).append(value)
        else:
            values[opt.dest] = value
    for dest, items in multi.items():
        values[dest] = tuple(items)
    return tuple(paths), values
