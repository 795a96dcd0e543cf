"""Default output: `path:line:col: severity message [CODE]`, the source line, a ^~~~ marker, help.

Colour only when asked for or on a terminal; plain ANSI codes so no heavy import is needed.
File text and names go through report.sanitize: the only escape sequences written are ours.
"""

from __future__ import annotations

from typing import Optional

from speclint.diagnostics import Severity
from speclint.report.sanitize import diagnostic, located_message, visible
from speclint.words import plural

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class TextReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream
        self.color = color
        self.sources = sources or {}

    def _c(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def _lines_of(self, d, result, own: Optional[list]) -> Optional[list]:
        """The lines of the file a finding is in: the linted document's, or - for a finding in
        another file, such as a hook script - that file's own, read once."""
        if d.path == result.path:
            return own
        if d.path not in self._other:
            text = self.sources.get(d.path)
            if text is None:
                from speclint.revision.files import read_text

                text = read_text(d.extra.get("file") or d.path)
            self._other[d.path] = [line.rstrip("\r") for line in text.split("\n")] if text is not None else None
        return self._other[d.path]

    def finish(self, results: list, summary: dict) -> None:
        write = self.stream.write
        self._other: dict = {}
        for result in results:
            text = self.sources.get(result.path)
            own = [line.rstrip("\r") for line in text.split("\n")] if text and result.diagnostics else None
            for raw in result.diagnostics:
                lines = self._lines_of(raw, result, own)
                d = diagnostic(raw)
                sev = self._c("1;" + _COLORS[d.severity], str(d.severity))
                write(f"{self._c('1', f'{d.path}:{d.line}:{d.column}')}: {sev} {located_message(d)} {self._c('2', f'[{d.code}]')}\n")
                if lines is not None and 0 < d.line <= len(lines):
                    write(self._frame(d, lines[d.line - 1]))
                if d.hint:
                    write(f"     {self._c('1;36', 'help:')} {d.hint}\n")
        if summary.get("interrupted"):
            write(self._c("1;33", "Interrupted: the summary covers only the files checked so far.") + "\n")
        fixable = fixable_line(results)
        if fixable:  # before the summary, which stays the last line
            write(self._c("2", fixable) + "\n")
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
        return summary_line(s, self._c)


def fixable_line(results: list) -> str:
    """`3 fixable with --fix (1 more with --fix --unsafe-fixes); --diff shows the changes.` ("" for none)."""
    safe = unsafe = 0
    for result in results:
        for d in result.diagnostics:
            fix = getattr(d, "fix", None)
            if fix is not None:
                if fix.safety == "safe":
                    safe += 1
                else:
                    unsafe += 1
    if not safe and not unsafe:
        return ""
    if safe:
        more = f" ({unsafe} more with --fix --unsafe-fixes)" if unsafe else ""
        return f"{safe} fixable with --fix{more}; --diff shows the changes."
    return f"{unsafe} fixable with --fix --unsafe-fixes (it changes what AWS does); --diff --unsafe-fixes shows the changes."


def nothing_found(searched: list) -> str:
    """The line for a folder search that found no file to lint."""
    import os

    where = ", ".join(searched)
    line = (f"No buildspec or appspec found in {where} (searched for buildspec*.yml, appspec.yml/.yaml/.json "
            "and YAML files whose top-level keys are a buildspec's or an appspec's); nothing was checked.")
    # `cdk init` git-ignores cdk.out, where `cdk synth` writes the templates with the buildspecs
    synthesized = [os.path.join(folder, "cdk.out") for folder in searched
                   if os.path.isfile(os.path.join(folder, "cdk.json")) and os.path.isdir(os.path.join(folder, "cdk.out"))]
    if synthesized:
        line += (f" {synthesized[0]} (the templates `cdk synth` writes) is not searched when git ignores it: "
                 f"lint it with `speclint --no-respect-gitignore {synthesized[0]}`.")
    return line


def _hidden(s: dict) -> str:
    """`3 notes not shown: --show-info` for the findings below the shown severity ("" for none)."""
    hidden = s.get("hidden") or {}
    warnings, notes = hidden.get("warning", 0), hidden.get("info", 0)
    if warnings:
        what = plural(warnings, "warning") + (f" and {plural(notes, 'note')}" if notes else "")
        return f"{what} not shown: run without -q" + (" and with --show-info" if notes else "")
    return f"{plural(notes, 'note')} not shown: --show-info" if notes else ""


def summary_line(s: dict, paint=lambda code, text: text) -> str:
    """`Found 2 errors, 1 warning in 2 of 5 files checked; 3 notes not shown: --show-info.`"""
    files = s["files"]
    if files == 0 and s.get("searched"):
        return paint("1;33", nothing_found(s["searched"]))
    total = s["errors"] + s["warnings"] + s["infos"]
    checked = f"{plural(files, 'file')} checked"
    missing = s.get("missing", 0)
    if missing:
        checked += f" ({plural(missing, 'path')} not found)"
    hidden = _hidden(s)
    known = s.get("baselined", 0)
    baselined = f" ({plural(known, 'known finding')} hidden by the baseline)" if known else ""
    if total == 0 and (s.get("hidden") or {}).get("warning"):
        return paint("1", f"No errors in {checked}{baselined}; {hidden}.")
    if total == 0:
        tail = f" ({hidden})" if hidden else ""
        new = " new" if known else ""
        return paint("1;32", f"All good: {checked}, no{new} problems found{baselined}{tail}.")
    parts = []
    for count, label in ((s["errors"], "error"), (s["warnings"], "warning"), (s["infos"], "info")):
        if count:
            parts.append(plural(count, label))
    tail = f"; {hidden}" if hidden else ""
    where = f" in {s['files_with_findings']} of {checked}" if files else f"; {checked}"
    return paint("1", f"Found {', '.join(parts)}{where}{baselined}{tail}.")
