"""Default output: `path:line:col: severity message [CODE]`, the source line, a ^~~~ marker, help.

Colour only when asked for or on a terminal; plain ANSI codes so no heavy import is needed.
"""

from __future__ import annotations

from speclint.diagnostics import Severity

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
            for d in result.diagnostics:
                sev = self._c("1;" + _COLORS[d.severity], str(d.severity))
                write(f"{self._c('1', f'{d.path}:{d.line}:{d.column}')}: {sev} {d.message} {self._c('2', f'[{d.code}]')}\n")
                if lines is not None and 0 < d.line <= len(lines):
                    source = lines[d.line - 1].replace("\t", " ")
                    if len(source) > 200:
                        source = source[:200] + "…"
                    gutter = f"{d.line:>4} | "
                    write(f"{self._c('2', gutter)}{source}\n")
                    start = min(d.column, len(source) + 1)
                    end = d.span.end_column if d.span.end_line == d.line else len(source) + 1
                    width = max(1, min(end, len(source) + 1) - start)
                    marker = "^" + "~" * (width - 1)
                    write(f"{' ' * (len(gutter) - 2)}{self._c('2', '|')} {' ' * (start - 1)}{self._c(_COLORS[d.severity], marker)}\n")
                if d.hint:
                    write(f"     {self._c('1;36', 'help:')} {d.hint}\n")
        if summary.get("interrupted"):
            write(self._c("1;33", "Interrupted: the summary covers only the files checked so far.") + "\n")
        write(self._summary(summary) + "\n")

    def _summary(self, s: dict) -> str:
        return summary_line(s, self._c)


def nothing_found(searched: list) -> str:
    """The line for a folder search that found no file to lint."""
    where = ", ".join(searched)
    return (f"No buildspec or appspec found in {where} (searched for buildspec*.yml, appspec.yml/.yaml/.json "
            "and YAML files whose top-level keys are a buildspec's or an appspec's); nothing was checked.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _hidden(s: dict) -> str:
    """`3 notes not shown: --show-info` for the findings below the shown severity ("" for none)."""
    hidden = s.get("hidden") or {}
    warnings, notes = hidden.get("warning", 0), hidden.get("info", 0)
    if warnings:
        what = _plural(warnings, "warning") + (f" and {_plural(notes, 'note')}" if notes else "")
        return f"{what} not shown: run without -q" + (" and with --show-info" if notes else "")
    return f"{_plural(notes, 'note')} not shown: --show-info" if notes else ""


def summary_line(s: dict, paint=lambda code, text: text) -> str:
    """`Found 2 errors, 1 warning in 2 of 5 files checked; 3 notes not shown: --show-info.`"""
    files = s["files"]
    if files == 0 and s.get("searched"):
        return paint("1;33", nothing_found(s["searched"]))
    total = s["errors"] + s["warnings"] + s["infos"]
    noun = "file" if files == 1 else "files"
    hidden = _hidden(s)
    if total == 0 and (s.get("hidden") or {}).get("warning"):
        return paint("1", f"No errors in {files} {noun} checked; {hidden}.")
    if total == 0:
        tail = f" ({hidden})" if hidden else ""
        return paint("1;32", f"All good: {files} {noun} checked, no problems found{tail}.")
    parts = []
    for count, label in ((s["errors"], "error"), (s["warnings"], "warning"), (s["infos"], "info")):
        if count:
            parts.append(f"{count} {label}{'s' if count != 1 and label != 'info' else ''}")
    tail = f"; {hidden}" if hidden else ""
    return paint("1", f"Found {', '.join(parts)} in {s['files_with_findings']} of {files} {noun} checked{tail}.")
