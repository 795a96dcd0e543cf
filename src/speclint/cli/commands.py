"""The click application of `speclint`: check (the default), rules, rule, schema, lifecycle, explain.

Loaded only for help, the other commands and usage errors (cli/entry.py runs a plain check
without it). rich and the schemas load when a command needs them.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import click

from speclint import __version__

from speclint.cli.options import SUBCOMMANDS


class _NonEmpty(click.ParamType):
    """A text option that must not be empty (`--image ''` is a usage error, not "no image")."""

    name = "text"

    def convert(self, value, param, ctx):
        if not str(value).strip():
            self.fail("needs a value, e.g. aws/codebuild/standard:7.0", param, ctx)
        return value


class DefaultGroup(click.Group):
    """`speclint PATH...` means `speclint check PATH...`; `speclint rlues` is a typo, not a path."""

    def parse_args(self, ctx, args):
        from speclint.cli.options import mistyped_command

        guess = mistyped_command(args[0]) if args else None
        if guess:
            ctx.fail(f'unknown command "{args[0]}" (did you mean "{guess}"?); to lint a file of that name, '
                     f"write ./{args[0]} or speclint check {args[0]}")
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check"] + list(args)
        return super().parse_args(ctx, args)

    def add_command(self, cmd, name=None):
        """Every subcommand is declared in cli.options.SUBCOMMANDS, which the fast path reads: one
        missing there would be linted as a file path, so it is refused here, at import."""
        if (name or cmd.name) not in SUBCOMMANDS:
            raise RuntimeError(f"subcommand {name or cmd.name!r} is missing from speclint.cli.options.SUBCOMMANDS")
        super().add_command(cmd, name)

    def format_options(self, ctx, formatter):
        """`speclint --help` lists the check options too: `speclint [check]` is what most people run."""
        super().format_options(ctx, formatter)
        check = self.commands.get("check")
        if check is None:
            return
        sub = click.Context(check, info_name="check", parent=ctx)
        records = [r for r in (p.get_help_record(sub) for p in check.get_params(sub) if isinstance(p, click.Option))
                   if r and r[0] != "-h, --help"]
        with formatter.section("Check options (speclint [check] [OPTIONS] [PATHS]...)"):
            formatter.write_dl(records)


from speclint.cli.status import use_color as _use_color


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


def _check_command():
    """Build `speclint check` from the option table in cli/options.py (shared with the fast path)."""
    from speclint.cli.options import CHECK_OPTIONS

    def check(paths, **values):
        """Lint files and directories (the default command)."""
        from speclint.cli.check import execute, option_problem

        problem = option_problem(values)
        if problem:
            raise click.BadParameter(problem[1], param_hint=problem[0])
        sys.exit(execute(paths, values))

    types = {
        "file": click.Path(dir_okay=False, writable=True), "existing-file": click.Path(exists=True, dir_okay=False),
        "dir": click.Path(file_okay=False), "nonempty": _NonEmpty(),
    }
    for opt in reversed(CHECK_OPTIONS):
        kwargs: dict = {"help": opt.help, "default": opt.default}
        if opt.kind == "choice":
            kwargs["type"] = click.Choice(list(opt.choices))
            kwargs["show_default"] = opt.default is not None
        elif opt.kind == "flag":
            kwargs.update(is_flag=True, default=False)
        elif opt.kind == "multi":
            kwargs.update(multiple=True, default=())
        elif opt.kind == "int":
            kwargs["type"] = click.IntRange(min=1, max=opt.maximum)
        elif opt.kind in types:
            kwargs["type"] = types[opt.kind]
        check = click.option(*opt.names, opt.dest, **kwargs)(check)
    check = click.argument("paths", nargs=-1, type=click.Path())(check)
    return click.command("check")(check)


cli.add_command(_check_command())


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format):
    """List every rule: code, name, default severity and summary."""
    from speclint.rules import registry

    reg = registry()
    if output_format == "json":
        import json

        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": str(r.severity), "summary": r.summary,
                                "enabled_by_default": r.default_enabled, "fix": r.fix_safety or None} for r in reg.all()], indent=2))
        return
    for r in reg.all():
        off = "" if r.default_enabled else "  (off by default)"
        fix = {"safe": "fix", "unsafe": "fix*"}.get(r.fix_safety, "")
        click.echo(f"{r.code}  {r.name:<34} {str(r.severity):<8} {fix:<5} {r.summary}{off}")
    click.echo("\nfix: --fix repairs it; fix*: only with --fix --unsafe-fixes (it changes what AWS does)")


@cli.command("rule")
@click.argument("code_or_name")
def rule_command(code_or_name):
    """Show the documentation of one rule (by code or name)."""
    from speclint.rules import registry
    from speclint.suggest import closest

    reg = registry()
    rule = reg.get(code_or_name)
    from speclint.codes import family_of, table

    if rule is None and family_of(code_or_name) is not None:
        from speclint.shell.codes import explain, summary

        click.echo(explain(code_or_name))
        if summary(code_or_name) is None:
            sys.exit(1)  # not a code speclint knows (it may still exist: the wiki link is printed)
        return
    family = next((f for f in table().families if code_or_name.upper().startswith(f.prefix)), None)
    if rule is None and family is not None and code_or_name[len(family.prefix):].isdigit():
        raise click.UsageError(f"{code_or_name!r} is not a {family.tool} code: they have {family.digits} digits "
                               f"({family.prefix}2086)")
    if rule is None and code_or_name.upper() in table().retired:
        raise click.UsageError(f"rule {code_or_name.upper()} was retired: {table().retired[code_or_name.upper()]}")
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
@click.option("--draft", type=click.Choice(["7"]), default=None,
              help="Print the draft-07 schema for editors and SchemaStore: only what speclint reports as an error is "
                   "enforced, x- keywords removed; buildspec and appspec are the combined schemas.")
def schema_command(name: Optional[str], draft: Optional[str]):
    """Print a JSON Schema (for editors): buildspec, buildspec-0.1, appspec-ec2, appspec-lambda, appspec-ecs;
    with --draft 7 also appspec (EC2, Lambda and ECS in one, chosen from the content)."""
    from speclint.schema import SCHEMA_FILES, schema_dir

    if draft:
        from speclint.schema.export import EXPORTS, dumps, export

        if name is None:
            for key, what in EXPORTS.items():
                click.echo(f"{key:<16} {what}")
            return
        if name not in EXPORTS:
            raise click.UsageError(f"unknown schema {name!r}; choose one of: {', '.join(EXPORTS)}")
        click.echo(dumps(export(name)), nl=False)
        return
    aliases = {"buildspec": "buildspec-0.2", "appspec": "appspec-ec2"}
    if name is None:
        for key in SCHEMA_FILES:
            click.echo(f"{key:<16} {schema_dir() / SCHEMA_FILES[key]}")
        return
    key = aliases.get(name, name)
    if key not in SCHEMA_FILES:
        raise click.UsageError(f"unknown schema {name!r}; choose one of: {', '.join(sorted(set(SCHEMA_FILES) | set(aliases)))}")
    click.echo((schema_dir() / SCHEMA_FILES[key]).read_text(encoding="utf-8"), nl=False)


@cli.command("server")
@click.option("--stdio", is_flag=True, default=True, help="Talk LSP over standard input and output (the only transport).")
def server_command(stdio: bool):
    """Run the language server (LSP over stdio) for editors; needs `pip install 'speclint[lsp]'`."""
    from speclint.server import main

    sys.stdout = getattr(sys.stdout, "real", sys.stdout)  # the LSP transport, not a report (speclint.stdio)
    raise SystemExit(main())


@cli.command("lifecycle")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "mermaid", "json"]), default="text", show_default=True)
@click.option("--deployment", type=click.Choice(["in-place", "blue-green"]), default=None,
              help="EC2/On-Premises: the deployment type [default: configuration, else in-place].")
@click.option("--load-balancer/--no-load-balancer", default=None,
              help="EC2/On-Premises: whether the deployment group has a load balancer [default: configuration, else yes].")
@click.option("--kind", type=click.Choice(["buildspec", "appspec"]), default=None)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--stdin-filename", default=None, help="The name (kind, configuration) of FILE `-`, standard input.")
def lifecycle_command(file, output_format, deployment, load_balancer, kind, color, stdin_filename):
    """Show when each hook or command of FILE (`-`: standard input) runs, and what can never run."""
    from speclint.lifecycle.command import show

    sys.exit(show(file, output_format, deployment, load_balancer, kind, _use_color(color, sys.stdout),
                  stdin_filename=stdin_filename))


@cli.command("explain")
@click.argument("message", required=False)
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False),
              help="Lint this buildspec or appspec and point at the finding that explains the message.")
@click.option("--image", default=None, help="The CodeBuild image the buildspec runs on (for runtime-versions messages).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_command(message, path, image, output_format):
    """Name the rules that prevent an AWS error MESSAGE (or '-' / none: read it from standard input)."""
    from speclint.explain import run

    if message is None or message == "-":
        from speclint.stdio import read_stdin_text

        message = read_stdin_text()
    if not message.strip():
        raise click.UsageError('give the AWS message: speclint explain "YAML_FILE_ERROR Message: ..."')
    sys.exit(run(message, path, output_format, sys.stdout, image))
