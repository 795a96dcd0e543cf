"""Default output: `path:line:col: severity message [CODE]`, the source line, a ^~~~ marker, help.

Colour only when asked for or on a terminal; plain ANSI codes so no heavy import is needed.
File text and names go through report.sanitize: the only escape sequences written are ours.
"""

from __future__ import annotations

from speclint.diagnostics import Severity
from speclint.report.sanitize import diagnostic, visible

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class TextReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream
        self.color = color
        self.sources = sources or {}

    def _c(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def finish(self, results: list, summary: dict) -> None:
        write = self.stream.write
        for result in results:
            text = self.sources.get(result.path)
            lines = [line.rstrip("\r") for line in text.split("\n")] if text and result.diagnostics else None
            for raw in result.diagnostics:
                d = diagnostic(raw)
                sev = self._c("1;" + _COLORS[d.severity], str(d.severity))
                write(f"{self._c('1', f'{d.path}:{d.line}:{d.column}')}: {sev} {d.message} {self._c('2', f'[{d.code}]')}\n")
                if lines is not None and 0 < d.line <= len(lines):
                    write(self._frame(d, lines[d.line - 1]))
                if d.hint:
                    write(f"     {self._c('1;36', 'help:')} {d.hint}\n")
        if summary.get("interrupted"):
            write(self._c("1;33", "Interrupted: the summary covers only the files checked so far.") + "\n")
        write(self._summary(summary) + "\n")

    def _frame(self, d, line: str) -> str:
        """The source line (escaped, cut at 200 characters) and a ^~~~ marker under the finding;
        the marker is placed in the escaped text, so it stays under the right characters."""
        source = line.replace("\t", " ")
        cut = len(source) > 200
        source = source[:200]
        start = min(d.column, len(source) + 1)
        end = d.span.end_column if d.span.end_line == d.line else len(source) + 1
        end = max(start + 1, min(end, len(source) + 1))
        before, marked = visible(source[:start - 1]), visible(source[start - 1:end - 1])
        shown = visible(source) + ("…" if cut else "")
        gutter = f"{d.line:>4} | "
        marker = "^" + "~" * (max(1, len(marked)) - 1)
        return (f"{self._c('2', gutter)}{shown}\n"
                f"{' ' * (len(gutter) - 2)}{self._c('2', '|')} {' ' * len(before)}{self._c(_COLORS[d.severity], marker)}\n")

    def _summary(self, s: dict) -> str:
        files = s["files"]
        total = s["errors"] + s["warnings"] + s["infos"]
        noun = "file" if files == 1 else "files"
        if total == 0:
            return self._c("1;32", f"All good: {files} {noun} checked, no problems found.")
        parts = []
        for count, label in ((s["errors"], "error"), (s["warnings"], "warning"), (s["infos"], "info")):
            if count:
                parts.append(f"{count} {label}{'s' if count != 1 and label != 'info' else ''}")
        return self._c("1", f"Found {', '.join(parts)} in {s['files_with_findings']} of {files} {noun} checked.")
