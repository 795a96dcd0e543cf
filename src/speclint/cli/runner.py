"""One `speclint check` run: expand paths, lint each file, report, choose the exit code."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Optional

from speclint.diagnostics import Severity
from speclint.cli.status import EXIT_FAILURE, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK  # noqa: F401
from speclint.lint import FileResult, finish_shell, lint_file, lint_source
from speclint.record import record, replace
from speclint.rules import core
from speclint.config.settings import Flags, Resolver
from speclint.source import STDIN, open_source


@record
class Output:
    format: str = "text"
    color: str = "auto"
    output_file: Optional[str] = None
    exit_zero: bool = False
    stdin_filename: Optional[str] = None
    baseline: Optional[str] = None
    write_baseline: Optional[str] = None
    list_files: bool = False
    show_settings: bool = False
    show_source: bool = True
    baseline_prune: bool = False
    progress: bool = True  # a progress line on a terminal's stderr for long runs (off with -q)
    # What is printed (see shown_severity): info findings only with show_info, only errors with quiet.
    show_info: bool = False
    quiet: bool = False
    statistics: bool = False
    fix: str = ""  # "fix" (--fix), "diff" (--diff) or "": speclint.fix.run
    unsafe_fixes: bool = False


def discovery_rules(resolver: Resolver):
    """The function discover.targets() uses to learn each folder's exclude/patterns."""
    from speclint.discover import Rules

    def rules_for(folder: str) -> Rules:
        cfg = resolver.config_for_dir(folder)
        return Rules(
            base=cfg.base if cfg.path else os.path.abspath(folder),
            exclude=tuple(cfg.get("exclude", ())),
            # an `images` glob names buildspecs too: a file it matches is linted as one
            buildspec_patterns=tuple(cfg.get("buildspec-patterns", ())) + tuple(cfg.get("images", {})),
            appspec_patterns=tuple(cfg.get("appspec-patterns", ())),
            respect_gitignore=resolver.respect_gitignore(cfg),
        )

    return rules_for


def run(paths: tuple, flags: Flags, output: Output, stdout=None) -> int:
    from speclint import run_scope

    with run_scope.run():  # what the disk says (configuration, .gitignore, other files) is cached for this run only
        return _run(paths, flags, output, stdout)


def _run(paths: tuple, flags: Flags, output: Output, stdout) -> int:
    from speclint.discover import targets

    stdout = stdout or sys.stdout  # speclint.stdio.GuardedStdout under the command line
    resolver = Resolver(flags)
    if output.show_settings:
        with _destination(output, stdout, "the settings report") as target:
            return show_settings(paths, resolver, target)
    named = tuple(paths)
    if named:  # a hook script stands for the appspecs that name it (pre-commit passes scripts)
        from speclint.script_owners import expand

        named = expand(named, flags.kind)
    found = targets(named, discovery_rules(resolver), force_exclude=flags.force_exclude,
                    skip_unrecognized=flags.skip_unrecognized) if named or not paths else []
    if output.list_files:
        return _list_files_to(found, resolver, output, stdout)
    return _check(found, paths, resolver, output, stdout)


def _check(found, paths: tuple, resolver: Resolver, output: Output, stdout) -> int:
    """Lint the found files (forked workers for large runs), run ShellCheck once, report."""
    from speclint.cli.progress import Progress

    results: list = []
    found = list(found)
    progress = Progress(len(found), sys.stderr, enabled=output.progress)
    try:
        workers = _workers(resolver.flags, len(found))
        if workers > 1 and not any(t.path == "-" for t in found):
            for result in _lint_parallel(found, resolver, workers):
                results.append(result)
                progress.advance(result.path)
        else:
            for target in found:
                results.append(_lint_target(target, resolver, output.stdin_filename))
                progress.advance(target.path)
        progress.stage("ShellCheck")
        results = shell_phase(_covered(results), resolver, progress.shellcheck)
        fixing = None
        if output.fix:
            from speclint.fix.run import run_step

            results, fixing, code, stdout = run_step(found, results, resolver, output, stdout)
            if code is not None:  # --diff: the diff is the output
                progress.stop()
                return code
    except KeyboardInterrupt:
        progress.stop()
        _report(results, output, resolver, stdout, interrupted=True)
        raise
    progress.stop()
    searched = [p for p in (paths or (".",)) if p != "-" and os.path.isdir(p)] if not results else []
    code = _report(results, output, resolver, stdout, searched=searched)
    if fixing is not None:
        from speclint.fix.run import finish

        if finish(fixing, results, shown_severity(output, resolver.fail_on())):
            code = EXIT_FAILURE
    return code


def _covered(results: list) -> list:
    """Without the standalone results of buildspec files that a template's project names
    (`BuildSpec: ci/buildspec.yml`): the template linted them with the project's context."""
    covered = {os.path.realpath(p) for r in results for p in r.covers}
    if not covered:
        return results
    out = [r for r in results if r.covers or os.path.realpath(r.path) not in covered]
    seen: set = set()  # a file several projects name (buildspec.yml by default): each finding once
    for result in out:
        if not result.covers:
            continue
        kept = []
        for d in result.diagnostics:
            real = os.path.realpath(d.extra.get("file") or d.path)
            if real in covered:
                if (real, d.span, d.code) in seen:
                    continue
                seen.add((real, d.span, d.code))
            kept.append(d)
        result.diagnostics = kept
    return out


def shell_phase(results: list, resolver: Resolver, on_progress: Optional[Callable] = None) -> list:
    """The run's ShellCheck work at once, then the suppress stage and cap of the files that
    waited for it (lint.finish_shell); says once per run when ShellCheck is missing."""
    if any(r.shell_missing for r in results):
        sys.stderr.write("speclint: shell checks are off: ShellCheck is not installed "
                         "(`pip install 'speclint[shell]'` turns them on; `--ignore shellcheck` hides this note)\n")
    return finish_shell(results, lambda result: resolver.options_for(result.path), on_progress)


# Below this many files one process is faster: forking and sending results back cost more
# than the work they share (bench/bench.py measures both sides of it).
PARALLEL_THRESHOLD = 100
_RESOLVER = None  # the resolver worker processes inherit through fork


def _workers(flags: Flags, count: int) -> int:
    if flags.jobs is not None:
        return max(1, min(flags.jobs, count))
    if count < PARALLEL_THRESHOLD:
        return 1
    from speclint.cli.parallel import available

    if not available():
        return 1  # spawning fresh interpreters would cost more than it saves
    return min(os.cpu_count() or 1, 8)


def _lint_target(target, resolver: Resolver, stdin_filename: Optional[str] = None):
    if target.problem:  # a folder the search could not enter: said, never skipped silently
        return _unsearchable(target.path, target.problem)
    options = resolver.options_for(target.path if target.path != "-" else (stdin_filename or "-"), target.kind,
                                   stdin=target.path == "-")
    options.defer_shell = True  # ShellCheck runs once for the whole run (shell_phase)
    if target.path == STDIN:
        source = open_source(STDIN, shown=stdin_filename or "<stdin>", kind=options.kind,
                             max_file_size=options.max_file_size)
        result = lint_source(source, options)
        result.stdin_data = source.data  # what --fix fixes (standard input cannot be read twice)
        return result
    return lint_file(target.path, options)


def _unsearchable(path: str, reason: str) -> FileResult:
    from speclint.source.document import Document

    diag = core.Encoding().report(Document(path=path, text="", root=None, kind=None), None, f"folder {path} {reason}",
                                  "check its permissions, or exclude it in the configuration")
    return FileResult(path, None, None, [diag])


def _worker(target):
    return _lint_target(target, _RESOLVER)


def _lint_parallel(found: list, resolver: Resolver, workers: int):
    """Lint in forked processes (speclint.cli.parallel), results in the original order.

    No warm-up before the fork: the lazy imports and schema compilation then happen in
    every process at once instead of in the parent first (measured: ~15 ms less wall time).
    """
    from speclint.cli.parallel import fork_map

    global _RESOLVER
    _RESOLVER = resolver
    yield from fork_map(_worker, found, workers)


def show_settings(paths: tuple, resolver: Resolver, stdout) -> int:
    """`--show-settings`: which configuration file governs each path, and what it sets."""
    import json

    from speclint.report.sanitize import path as shown

    for path in paths or (".",):
        folder = path if path == "-" or os.path.isdir(path) else os.path.dirname(path) or "."
        cfg = resolver.config_for_dir(os.getcwd() if path == "-" else folder)
        origin = ("none (--isolated)" if resolver.flags.isolated else shown(cfg.path) if cfg.path
                  else "none found (defaults)")
        stdout.write(f"{shown(path)}: configuration {origin}\n")
        for key, value in sorted(cfg.values.items()):
            stdout.write(f"  {key} = {json.dumps(value, ensure_ascii=True)}\n")
    stdout.write(f"fail-on = {resolver.fail_on()}\n")
    stdout.flush()
    return EXIT_OK


def _list_files_to(found, resolver: Resolver, output: Output, stdout) -> int:
    """`--list-files` written where the report would go: `-o FILE`, else standard output."""
    with _destination(output, stdout, "the file list") as target:
        return list_files(found, resolver, target, output.stdin_filename)


@contextmanager
def _destination(output: Output, stdout, what: str):
    """The stream `what` (the report, the file list) is written to: -o FILE, else standard
    output. A failed write is an OutputError (exit 2, with where, why and what was lost); a
    reader that closed the pipe early (`speclint . | head -1`) goes on to speclint.stdio.guarded,
    which ends the run quietly, as Unix tools do."""
    from speclint import report

    from speclint.stdio import StreamFailure

    target = report.open_output(output.output_file, what) if output.output_file else stdout
    try:
        yield target
        target.flush()
        if output.output_file:
            target.close()
    except StreamFailure as exc:  # standard output: closed at start, full, or its reader gone
        if exc.reader_gone:
            raise
        raise report.OutputError(exc.message(what, instead="use -o FILE")) from None
    except OSError as exc:  # -o FILE: ENOSPC (/dev/full), EIO ...
        raise report.OutputError(report.failure(output.output_file, exc, what)) from None
    finally:
        if output.output_file and not target.closed:
            try:
                target.close()
            except OSError:
                pass


def list_files(found, resolver: Resolver, stdout, stdin_filename: Optional[str] = None) -> int:
    """`--list-files`: what would be linted, and as which kind, without linting: each file is
    opened as check opens it (standard input, `-`, too, named by `stdin_filename`), so the
    label is what check will do (a template source: only F004, its notice)."""
    from speclint.lint import prepare
    from speclint.report.sanitize import path as shown
    from speclint.source import classify

    for target in found:
        if target.problem:
            sys.stderr.write(f"speclint: folder {shown(target.path)} {target.problem}\n")
            continue
        forced = resolver.flags.kind or target.kind
        stdin = target.path == STDIN
        name = (stdin_filename or "<stdin>") if stdin else target.path
        options = resolver.options_for(name, target.kind, stdin=stdin)
        source = open_source(target.path, shown=name if stdin else None, kind=forced, max_file_size=options.max_file_size)
        lines = [(forced or classify.kind_from_name(name) or "unknown", "")] if source.problem is not None else []
        for doc in source.documents:
            label = (f"{doc.kind}:{doc.variant}" if doc.kind == "appspec" and doc.variant else doc.kind) or "unknown"
            note = f"#{doc.name}" if doc.name is not None else ""  # a buildspec inside a template
            if doc.template is not None:  # not YAML until rendered: check reports only that (F004)
                note += f"  ({doc.template[0]} template, {label} once rendered: not checked, only F004)"
                label = "template"
            elif doc.kind == "buildspec":
                prepare(doc, options)
                note += _image_note(doc) + _shell_note(doc)
            lines.append((label, note))
        if source.host is not None:  # what the template holds besides: named files, unchecked ones
            from speclint.source.hosts.lint import listed

            lines += listed(source)
        where = f"{shown(name)} (standard input)" if stdin else shown(target.path)
        for label, note in lines:
            stdout.write(f"{label:<15} {where}{note}\n")
    stdout.flush()
    return EXIT_OK


def _image_note(doc) -> str:
    """`  (image NAME, from WHY)` for --list-files: the images the buildspec is checked against, and why
    (the project's, then each batch task's own `env.image`). `doc` has been through lint.prepare."""
    from speclint import runtimes

    directives = doc.directives
    choice = doc.context.image_choice
    batch, without = runtimes.batch_images(doc.root)
    notes = []
    for one in ([choice] if choice is not None and (without or not batch) else []) + batch:
        line = f" on line {one.origin[0]}" if one.origin else ""
        notes.append(f"image {runtimes.normalize(one.name)}, from {one.why}{line}")
    if choice is not None and choice.source == "flag" and directives.settings.get("image"):
        notes.append(f"--image overrides the file's own `# speclint: image={directives.settings['image']}`")
    return f"  ({'; '.join(notes)})" if notes else ""  # no image: the runtime checks say only what holds on every image


def _shell_note(doc) -> str:
    """`  [shell NAME: WHY; ShellCheck or not]` for --list-files: which shell runs the buildspec's
    commands and why (shell/dialect.py), unless nothing decided it (sh of an unknown image)."""
    from speclint.shell.dialect import decide, env_shell_of
    from speclint.shell.jobs import commands_of

    root = doc.mapping
    if root is None:
        return ""
    choice = doc.context.image_choice
    env_shell = env_shell_of(root)
    commands = [n.value for n in commands_of(root)]
    if not commands:
        return ""  # nothing runs: no shell to name
    dialect = decide(env_shell, choice.image if choice is not None else None, commands)
    if env_shell is None and choice is None and dialect.shellcheck:
        return ""  # the default: sh of an unknown image, checked
    checked = "ShellCheck" if dialect.shellcheck else "no ShellCheck"
    return f"  [shell {dialect.name}: {dialect.why}; {checked}]"


def shown_severity(output: Output, fail_on: Severity) -> Severity:
    """The lowest severity that is printed, in every format.

    By default errors and warnings (what must be acted on); info findings with --show-info;
    only errors with -q/--quiet. Findings at or above the failure threshold (--fail-on) are
    always printed, so the exit code is never explained by something hidden.
    """
    base = Severity.ERROR if output.quiet else Severity.INFO if output.show_info else Severity.WARNING
    return min(base, fail_on)


def _report(results: list, output: Output, resolver: Resolver, stdout, interrupted: bool = False,
            searched: Optional[list] = None) -> int:
    from speclint import report

    linted = results
    # Ordered first: a hook script's findings become the script's own, so baselines and
    # fingerprints hash the script's lines, not the appspec's.
    results = report.ordered(results)
    if output.write_baseline:
        from speclint import baseline

        count = baseline.write(output.write_baseline, results)  # raises OutputError
        from speclint.words import plural

        sys.stderr.write(f"speclint: wrote {plural(count, 'finding')} to the baseline {output.write_baseline}\n")
        return EXIT_OK
    hidden = 0
    if output.baseline:
        from speclint import baseline

        results, hidden, stale = baseline.apply(output.baseline, results)
        if stale and not interrupted:
            if output.baseline_prune:
                baseline.prune(output.baseline, stale)
            sys.stderr.write(baseline.stale_report(output.baseline, stale, output.baseline_prune))

    threshold = resolver.fail_on()
    minimum = shown_severity(output, threshold)
    shown = [replace(r, diagnostics=[d for d in r.diagnostics if d.severity >= minimum]) for r in results]
    summary = summarize(shown)
    kept = {id(d) for r in shown for d in r.diagnostics}
    # files linted, not the scripts their findings are in, nor paths that do not exist
    summary["files"] = sum(1 for r in linted if not r.missing)
    summary["files_with_findings"] = sum(1 for r in linted if not r.missing and any(id(d) in kept for d in r.diagnostics))
    summary["missing"] = sum(1 for r in linted if r.missing)
    summary["baselined"] = hidden
    summary["interrupted"] = interrupted
    summary["searched"] = list(searched or ())
    summary["hidden"] = {str(sev): sum(1 for r in results for d in r.diagnostics if d.severity == sev)
                         for sev in Severity if sev < minimum}
    write_report(shown, summary, output, stdout)
    if summary["internal"]:
        sys.stderr.write("speclint: an internal error occurred (X001 above); this is a bug, please report it.\n")
        return EXIT_FAILURE
    if summary["searched"] and output.format != "text" and not output.statistics:
        from speclint.report.formats.text import nothing_found

        sys.stderr.write(f"speclint: {nothing_found(summary['searched'])}\n")
    if output.exit_zero:
        return EXIT_OK
    failing = any(d.severity >= threshold for r in results for d in r.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_OK


def write_report(results: list, summary: dict, output: Output, stdout) -> None:
    """Write the report to -o FILE or standard output (see _destination for the failures)."""
    from speclint import report
    from speclint.cli.status import use_color as _use_color

    with _destination(output, stdout, "the report") as target:
        color = _use_color(output.color, target)
        if output.statistics:
            from speclint.report.statistics import write_statistics

            write_statistics(target, results, summary, output.format, color)
        else:
            sources = {r.path: r.text for r in results if r.text}
            report.get(output.format)(target, color=color, sources=sources).finish(results, summary)


def summarize(results: list) -> dict:
    diags = [d for r in results for d in r.diagnostics]
    return {
        "files": len(results),
        "files_with_findings": sum(1 for r in results if r.diagnostics),
        "errors": sum(1 for d in diags if d.severity == Severity.ERROR),
        "warnings": sum(1 for d in diags if d.severity == Severity.WARNING),
        "infos": sum(1 for d in diags if d.severity == Severity.INFO),
        "internal": sum(1 for d in diags if d.code == core.InternalError.code),
    }


__all__ = ["run", "Output", "Flags", "FileResult", "summarize"]
