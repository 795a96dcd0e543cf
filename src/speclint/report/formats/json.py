"""`--format json`: one JSON array of findings (the public contract in the README)."""

from __future__ import annotations

import json

from speclint.report.sanitize import diagnostic


class JsonReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream

    def finish(self, results: list, summary: dict) -> None:
        items = [diagnostic(d).to_dict() for result in results for d in result.diagnostics]
        json.dump(items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
