"""The `speclint` command line: check (the default), rules, rule, schema.

Only click is imported at start-up; jsonschema, rich and the schemas load when a command
needs them, so a pre-commit run on a clean file stays fast.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import click

from speclint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE, EXIT_INTERRUPTED = 0, 1, 2, 130
SUBCOMMANDS = ("check", "rules", "rule", "schema", "lifecycle")


class DefaultGroup(click.Group):
    """`speclint PATH...` means `speclint check PATH...`."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check"] + list(args)
        return super().parse_args(ctx, args)


def _split(values) -> tuple:
    out: list = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="speclint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint AWS CodeBuild buildspec and AWS CodeDeploy appspec files.

    \b
    speclint                      lint the current directory
    speclint buildspec.yml        lint one file (any name)
    speclint src/ deploy/         search directories for buildspec*.yml and appspec.yml
    speclint rules                list the rules; `speclint rule Y002` explains one
    """


FORMAT_NAMES = ["text", "concise", "json", "sarif", "github", "gitlab", "junit"]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format [default: text; github when GITHUB_ACTIONS=true]. json is a stable contract (see README).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--kind", type=click.Choice(["buildspec", "appspec"]), default=None,
              help="Treat every file as this kind instead of guessing from name and content.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: only on a terminal, never with NO_COLOR).")
@click.option("--select", multiple=True, help="Only these rules (codes, code prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, code prefixes or names; comma-separated).")
@click.option("--extend-select", multiple=True, help="Enable these rules on top of the defaults.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="The lowest severity that makes the exit code 1 [default: error, or fail-on in the configuration].")
@click.option("--strict", is_flag=True, help="Same as --fail-on warning.")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when there are findings (internal errors still exit 2).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Use this configuration file (.speclint.toml or pyproject.toml) for every file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--no-ignores", is_flag=True, help="Ignore `# speclint: ignore` comments and show every finding.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files that git ignores when searching folders [default: respect].")
@click.option("--force-exclude", is_flag=True, help="Apply the configured `exclude` to files named on the command line too.")
@click.option("--list-files", is_flag=True, help="Print the files that would be linted, and as which kind, then stop.")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Record the current findings in this file (for --baseline) and exit 0.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None,
              help="Files larger than this many bytes are reported, not parsed (default 2 MiB).")
@click.option("--stdin-filename", default=None, help="With '-', the name to use for standard input.")
@click.option("--revision-root", type=click.Path(file_okay=False), default=None,
              help="The folder that is bundled into the CodeDeploy revision (enables the placement checks).")
@click.option("--ecs-pipeline/--no-ecs-pipeline", default=None,
              help="ECS appspecs are used by a CodePipeline blue/green action, which fills in <TASK_DEFINITION> [default: yes].")
@click.option("--image", default=None,
              help="The CodeBuild image the buildspecs run on (aws/codebuild/standard:7.0), for the runtime-versions checks.")
@click.option("--deployment", type=click.Choice(["in-place", "blue-green"]), default=None,
              help="The EC2/On-Premises deployment type of the appspecs (for A115).")
@click.option("--load-balancer/--no-load-balancer", default=None,
              help="Whether the EC2/On-Premises deployment group has a load balancer (for A115).")
def check(paths, output_format, output_file, kind, color, select, ignore, extend_select, fail_on, strict, exit_zero,
          config_file, isolated, no_ignores, respect_gitignore, force_exclude, list_files, baseline, write_baseline,
          max_file_size, stdin_filename, revision_root, ecs_pipeline, image, deployment, load_balancer):
    """Lint files and directories (the default command)."""
    from speclint.config import ConfigError
    from speclint.runner import Output, run
    from speclint.settings import Flags

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    flags = Flags(
        kind=kind, select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select),
        fail_on=fail_on or ("warning" if strict else None), max_file_size=max_file_size, revision_root=revision_root,
        ecs_pipeline=ecs_pipeline, respect_gitignore=respect_gitignore, no_ignores=no_ignores, isolated=isolated,
        config_file=config_file, force_exclude=force_exclude, deployment=deployment, load_balancer=load_balancer, image=image,
    )
    output = Output(format=output_format, color=color, output_file=output_file, exit_zero=exit_zero,
                    stdin_filename=stdin_filename, baseline=baseline, write_baseline=write_baseline, list_files=list_files)
    try:
        _check_selectors(flags)
        code = run(paths, flags, output)
    except KeyboardInterrupt:
        sys.stderr.write("\nspeclint: interrupted\n")
        code = EXIT_INTERRUPTED
    except ConfigError as exc:
        sys.stderr.write(f"speclint: {exc}\n")
        code = EXIT_FAILURE
    except click.exceptions.ClickException:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        from speclint.baseline import BaselineError

        if isinstance(exc, BaselineError):
            sys.stderr.write(f"speclint: {exc}\n")
            sys.exit(EXIT_FAILURE)
        import traceback

        traceback.print_exc()
        sys.stderr.write(
            f"\nspeclint {__version__} crashed: {type(exc).__name__}: {exc}\n"
            "This is a bug in speclint, not in your file. Please report it with the traceback above.\n"
        )
        code = EXIT_FAILURE
    sys.exit(code)


def _check_selectors(flags) -> None:
    """A misspelt code on the command line is a usage error with a suggestion."""
    from speclint.config import unknown_selector

    for option, values in (("--select", flags.select), ("--ignore", flags.ignore), ("--extend-select", flags.extend_select)):
        for value in values:
            problem = unknown_selector(value)
            if problem:
                raise click.BadParameter(problem, param_hint=option)


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format):
    """List every rule: code, name, default severity and summary."""
    from speclint.rules import registry

    reg = registry()
    if output_format == "json":
        import json

        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": str(r.severity), "summary": r.summary,
                                "enabled_by_default": r.default_enabled} for r in reg.all()], indent=2))
        return
    for r in reg.all():
        off = "" if r.default_enabled else "  (off by default)"
        click.echo(f"{r.code}  {r.name:<34} {str(r.severity):<8} {r.summary}{off}")


@cli.command("rule")
@click.argument("code_or_name")
def rule_command(code_or_name):
    """Show the documentation of one rule (by code or name)."""
    from speclint.rules import registry
    from speclint.suggest import closest

    reg = registry()
    rule = reg.get(code_or_name)
    if rule is None:
        guess = closest(code_or_name, [r.code for r in reg.all()] + [r.name for r in reg.all()])
        hint = f' (did you mean "{guess}"?)' if guess else ""
        raise click.UsageError(f"unknown rule {code_or_name!r}{hint}; `speclint rules` lists them")
    from speclint.docs import rule_markdown

    text = rule_markdown(rule)
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        click.echo(text)


@cli.command("schema")
@click.argument("name", required=False)
def schema_command(name: Optional[str]):
    """Print a JSON Schema (for editors): buildspec, buildspec-0.1, appspec-ec2, appspec-lambda, appspec-ecs."""
    from speclint.schema import SCHEMA_FILES, schema_dir

    aliases = {"buildspec": "buildspec-0.2", "appspec": "appspec-ec2"}
    if name is None:
        for key in SCHEMA_FILES:
            click.echo(f"{key:<16} {schema_dir() / SCHEMA_FILES[key]}")
        return
    key = aliases.get(name, name)
    if key not in SCHEMA_FILES:
        raise click.UsageError(f"unknown schema {name!r}; choose one of: {', '.join(sorted(set(SCHEMA_FILES) | set(aliases)))}")
    click.echo((schema_dir() / SCHEMA_FILES[key]).read_text(encoding="utf-8"), nl=False)


@cli.command("lifecycle")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "mermaid", "json"]), default="text", show_default=True)
@click.option("--deployment", type=click.Choice(["in-place", "blue-green"]), default=None,
              help="EC2/On-Premises: the deployment type [default: configuration, else in-place].")
@click.option("--load-balancer/--no-load-balancer", default=None,
              help="EC2/On-Premises: whether the deployment group has a load balancer [default: configuration, else yes].")
@click.option("--kind", type=click.Choice(["buildspec", "appspec"]), default=None)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def lifecycle_command(file, output_format, deployment, load_balancer, kind, color):
    """Show when each hook or command of FILE runs, and what can never run."""
    from speclint.lifecycle.command import show

    sys.exit(show(file, output_format, deployment, load_balancer, kind, _use_color(color, sys.stdout)))


def main() -> None:
    cli(prog_name="speclint")
