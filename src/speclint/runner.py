"""One `speclint check` run: expand paths, lint each file, report, choose the exit code."""

from __future__ import annotations

import os
import sys
from typing import Optional

from speclint.diagnostics import Severity
from speclint.entry import EXIT_FAILURE, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK  # noqa: F401
from speclint.lint import FileResult, lint_bytes, lint_file
from speclint.record import record
from speclint.rules import core
from speclint.settings import Flags, Resolver


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


def discovery_rules(resolver: Resolver):
    """The function discover.targets() uses to learn each folder's exclude/patterns."""
    from speclint.discover import Rules

    def rules_for(folder: str) -> Rules:
        cfg = resolver.config_for_dir(folder)
        return Rules(
            base=cfg.base if cfg.path else os.path.abspath(folder),
            exclude=tuple(cfg.get("exclude", ())),
            buildspec_patterns=tuple(cfg.get("buildspec-patterns", ())),
            appspec_patterns=tuple(cfg.get("appspec-patterns", ())),
            respect_gitignore=resolver.respect_gitignore(cfg),
        )

    return rules_for


def run(paths: tuple, flags: Flags, output: Output, stdout=None) -> int:
    from speclint.discover import targets

    stdout = stdout or sys.stdout  # None when standard output was closed at start-up
    resolver = Resolver(flags)
    if (output.show_settings or output.list_files) and stdout is None:
        from speclint.report import OutputError

        raise OutputError("standard output is closed; nothing was written")
    if output.show_settings:
        return show_settings(paths, resolver, stdout)
    found = targets(tuple(paths), discovery_rules(resolver), force_exclude=flags.force_exclude)
    if output.list_files:
        return list_files(found, resolver, stdout)

    results: list = []
    try:
        found = list(found)
        workers = _workers(flags, len(found))
        if workers > 1 and not any(t.path == "-" for t in found):
            for result in _lint_parallel(found, resolver, workers):
                results.append(result)
        else:
            for target in found:
                results.append(_lint_target(target, resolver, output.stdin_filename))
        results = shell_phase(results, resolver)
    except KeyboardInterrupt:
        _report(results, output, resolver, stdout, interrupted=True)
        raise
    return _report(results, output, resolver, stdout)


def shell_phase(results: list, resolver: Resolver) -> list:
    from speclint.cap import limit
    from speclint.shell.phase import finish

    finished = finish(results, lambda result: resolver.options_for(result.path))
    for result, before in zip(finished, results):
        if before.shell_jobs:  # capped here, after ShellCheck's findings and the suppressions
            result.diagnostics = limit(result.diagnostics)
    return finished


# Below this many files one process is faster: forking and sending results back cost more
# than the work they share (bench/bench.py measures both sides of it).
PARALLEL_THRESHOLD = 100
_RESOLVER = None  # the resolver worker processes inherit through fork


def _workers(flags: Flags, count: int) -> int:
    if flags.jobs is not None:
        return max(1, min(flags.jobs, count))
    if count < PARALLEL_THRESHOLD:
        return 1
    from speclint.parallel import available

    if not available():
        return 1  # spawning fresh interpreters would cost more than it saves
    return min(os.cpu_count() or 1, 8)


def _lint_target(target, resolver: Resolver, stdin_filename: Optional[str] = None):
    if target.problem:  # a folder the search could not enter: said, never skipped silently
        return _unsearchable(target.path, target.problem)
    options = resolver.options_for(target.path if target.path != "-" else (stdin_filename or "-"), target.kind)
    options.defer_shell = True  # ShellCheck runs once for the whole run (shell_phase)
    if target.path == "-":
        options.settings["stdin"] = True
        data = sys.stdin.buffer.read(options.max_file_size + 1)
        return lint_bytes(stdin_filename or "<stdin>", data, options, on_disk=False)
    return lint_file(target.path, options)


def _unsearchable(path: str, reason: str) -> FileResult:
    from speclint.document import Document

    diag = core.Encoding().report(Document(path=path, text="", root=None, kind=None), None, f"folder {path} {reason}",
                                  "check its permissions, or exclude it in the configuration")
    return FileResult(path, None, None, [diag])


def _worker(target):
    return _lint_target(target, _RESOLVER)


def _lint_parallel(found: list, resolver: Resolver, workers: int):
    """Lint in forked processes (speclint.parallel), results in the original order.

    No warm-up before the fork: the lazy imports and schema compilation then happen in
    every process at once instead of in the parent first (measured: ~15 ms less wall time).
    """
    from speclint.parallel import fork_map

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


def list_files(found, resolver: Resolver, stdout) -> int:
    """`--list-files`: what would be linted, and as which kind, without linting."""
    from speclint import classify
    from speclint.lint import read
    from speclint.loader import load

    from speclint.report.sanitize import path as shown

    for target in found:
        if target.problem:
            sys.stderr.write(f"speclint: folder {shown(target.path)} {target.problem}\n")
            continue
        kind = resolver.flags.kind or target.kind or classify.kind_from_name(target.path)
        label = kind or "unknown"
        if target.path != "-":
            options = resolver.options_for(target.path, target.kind)
            data, _problem = read(target.path, options)
            if data is not None:
                c = classify.classify(target.path, load(data).root, kind)
                label = (f"{c.kind}:{c.variant}" if c.kind == "appspec" and c.variant else c.kind) or "unknown"
        stdout.write(f"{label:<15} {shown(target.path)}\n")
    stdout.flush()
    return EXIT_OK


def _report(results: list, output: Output, resolver: Resolver, stdout, interrupted: bool = False) -> int:
    if output.write_baseline:
        from speclint import baseline

        count = baseline.write(output.write_baseline, results)  # raises OutputError
        sys.stderr.write(f"speclint: wrote {count} finding(s) to the baseline {output.write_baseline}\n")
        return EXIT_OK
    if output.baseline:
        from speclint import baseline

        results = baseline.filter_known(output.baseline, results)

    summary = summarize(results)
    summary["interrupted"] = interrupted
    write_report(results, summary, output, stdout)
    if summary["internal"]:
        sys.stderr.write("speclint: an internal error occurred (X001 above); this is a bug, please report it.\n")
        return EXIT_FAILURE
    if output.exit_zero:
        return EXIT_OK
    threshold = resolver.fail_on()
    failing = any(d.severity >= threshold for r in results for d in r.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_OK


def write_report(results: list, summary: dict, output: Output, stdout) -> None:
    """Write the report to -o FILE or standard output. A failed write is an OutputError (exit 2,
    with where and why); a reader that closed the pipe early (`speclint . | head -1`) ends
    the output quietly, as Unix tools do."""
    from speclint import report
    from speclint.entry import use_color as _use_color

    if output.output_file:
        target = report.open_output(output.output_file)
    elif stdout is None:  # started with standard output closed (`speclint >&-`)
        raise report.OutputError("standard output is closed; the report was not written (use -o FILE)")
    else:
        target = stdout
    where = output.output_file or "standard output"
    try:
        sources = {r.path: r.text for r in results if r.text}
        reporter = report.get(output.format)(target, color=_use_color(output.color, target), sources=sources)
        reporter.finish(results, summary)
        target.flush()
        if output.output_file:
            target.close()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:  # ENOSPC (/dev/full), EIO, EBADF ...
        raise report.OutputError(report.failure(where, exc)) from None
    finally:
        if output.output_file and not target.closed:
            try:
                target.close()
            except OSError:
                pass


def _silence_stdout() -> None:
    """Point standard output at /dev/null: the reader is gone, and Python would otherwise
    complain about the unflushed rest when it exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


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
