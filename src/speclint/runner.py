"""One `speclint check` run: expand paths, lint each file, report, choose the exit code."""

from __future__ import annotations

import sys
from typing import Optional

from speclint.diagnostics import Severity
from speclint.discover import targets
from speclint.lint import Options, lint_bytes, lint_file
from speclint.rules import core


def run(*, paths, output_format: str, kind: Optional[str], color: str, strict: bool, select=(), ignore=(),
        extend_select=(), max_file_size: Optional[int] = None, stdin_filename: Optional[str] = None,
        revision_root: Optional[str] = None, ecs_pipeline: bool = True, stdout=None) -> int:
    stdout = stdout or sys.stdout
    options = Options(kind=kind, select=select, ignore=ignore, extend_select=extend_select)
    if max_file_size:
        options.max_file_size = max_file_size
    if revision_root:
        options.settings["revision_root"] = revision_root
    options.settings["ecs_pipeline"] = ecs_pipeline

    results: list = []
    try:
        for target in targets(tuple(paths)):
            if target.path == "-":
                data = sys.stdin.buffer.read(options.max_file_size + 1)
                results.append(lint_bytes(stdin_filename or "<stdin>", data, options, on_disk=False))
            else:
                results.append(lint_file(target.path, options))
    except KeyboardInterrupt:
        _report(results, output_format, color, stdout)
        raise
    return _report(results, output_format, color, stdout, strict)


def _report(results: list, output_format: str, color: str, stdout, strict: bool = False) -> int:
    from speclint import report
    from speclint.cli import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, _use_color

    summary = summarize(results)
    sources = {r.path: [line.rstrip("\r") for line in r.text.split("\n")] for r in results if r.text} if output_format == "text" else None
    reporter = report.get(output_format)(stdout, color=_use_color(color, stdout), sources=sources)
    reporter.finish(results, summary)
    stdout.flush()
    if summary["internal"]:
        sys.stderr.write("speclint: an internal error occurred (X001 above); this is a bug, please report it.\n")
        return EXIT_FAILURE
    threshold = Severity.WARNING if strict else Severity.ERROR
    failing = any(d.severity >= threshold for r in results for d in r.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_OK


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
