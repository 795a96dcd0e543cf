"""`--format gitlab`: GitLab Code Quality report (a JSON array, CodeClimate subset).

GitLab reads description, check_name, fingerprint, severity and location.path/lines.begin;
the fingerprint is stable across line shifts so the merge request widget shows only new
findings.
"""

from __future__ import annotations

import json

from speclint.diagnostics import Severity
from speclint.fingerprint import for_result
from speclint.report.sanitize import diagnostic

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitlabReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream

    def finish(self, results: list, summary: dict) -> None:
        items = []
        for result in results:
            for d, fp in zip(result.diagnostics, for_result(result)):
                d = diagnostic(d)
                items.append({
                    "type": "issue",
                    "check_name": f"{d.code} {d.name}",
                    "description": f"{d.code}: {d.message}" + (f" (in {d.document})" if d.document is not None else ""),
                    "content": {"body": f"{d.hint or ''}\n\n{d.docs_url}".strip()},
                    "categories": ["Bug Risk"] if d.severity == Severity.ERROR else ["Style"],
                    "severity": SEVERITIES[d.severity],
                    "fingerprint": fp,
                    "location": {
                        "path": d.path,
                        "lines": {"begin": d.line, "end": max(d.span.end_line, d.line)},
                        "positions": {"begin": {"line": d.line, "column": d.column},
                                      "end": {"line": max(d.span.end_line, d.line), "column": d.span.end_column}},
                    },
                })
        json.dump(items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
