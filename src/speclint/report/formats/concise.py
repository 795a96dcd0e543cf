"""`--format concise`: one line per finding, `path:line:col: severity CODE message` (`in DOCUMENT: message` in a template)."""

from __future__ import annotations

from speclint.report.sanitize import diagnostic, located_message


class ConciseReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream

    def finish(self, results: list, summary: dict) -> None:
        for result in results:
            for d in map(diagnostic, result.diagnostics):
                self.stream.write(f"{d.path}:{d.line}:{d.column}: {d.severity} {d.code} {located_message(d)}\n")
