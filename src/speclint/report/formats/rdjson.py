"""`--format rdjson`: reviewdog's Diagnostic Format, one DiagnosticResult JSON object.

For `reviewdog -f=rdjson` (https://github.com/reviewdog/reviewdog/tree/master/proto/rdf).
Lines are 1-based; columns are 1-based UTF-8 byte counts, as that format defines them, so
they are converted from speclint's character columns with the file's text; ranges end
exclusively, as speclint's spans do. A finding's fix (speclint.fix) becomes its
`suggestions`, which reviewdog offers as suggested changes.
"""

from __future__ import annotations

import json

from speclint.diagnostics import Severity
from speclint.report.sanitize import diagnostic, located_message

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def byte_column(line_text, column: int) -> int:
    """The UTF-8 byte column of character `column` (1-based) in `line_text` (None: unchanged)."""
    if line_text is None:
        return column
    return len(line_text[: column - 1].encode("utf-8", "surrogatepass")) + 1 + max(0, column - 1 - len(line_text))


class RdjsonReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream
        self.sources = sources or {}

    def finish(self, results: list, summary: dict) -> None:
        diagnostics = []
        for result in results:
            text = self.sources.get(result.path)
            lines = text.split("\n") if text else []
            for raw in result.diagnostics:
                d = diagnostic(raw)  # message, hint and path with control characters escaped

                def position(line: int, column: int) -> dict:
                    source = lines[line - 1] if 0 < line <= len(lines) else None
                    return {"line": line, "column": byte_column(source, column)}

                span = {"start": position(d.line, d.column)}
                if d.span.end_line >= d.line:
                    span["end"] = position(d.span.end_line, d.span.end_column)
                item = {
                    "message": located_message(d) + (f"\nhelp: {d.hint}" if d.hint else ""),
                    "location": {"path": d.path, "range": span},
                    "severity": SEVERITIES[d.severity],
                    "code": {"value": d.code, "url": d.docs_url},
                }
                fix = raw.fix
                if fix is not None and raw.path == result.path and all(e.path is None and e.start >= 0 for e in fix.edits):
                    # reviewdog shows these as suggested changes (github-pr-review)
                    item["suggestions"] = [{"range": {"start": position(e.line, e.column), "end": position(e.end_line, e.end_column)},
                                            "text": e.text} for e in fix.edits]
                diagnostics.append(item)
        result = {"source": {"name": "speclint", "url": "https://github.com/speclint/speclint"}, "diagnostics": diagnostics}
        json.dump(result, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
