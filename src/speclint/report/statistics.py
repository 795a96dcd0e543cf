"""`--statistics`: the number of findings per code instead of the findings (as ruff does).

Text: one line per code, most frequent first (`  12  S001  warning  unknown-key`), then the
summary line. JSON (`--format json`): an array of {"code", "name", "severity", "count"}.
Other formats print the text table, since they have no place for counts.
"""

from __future__ import annotations

import json


def count(results: list) -> list:
    """[(code, name, severity, count)] of the given findings, most frequent first, then by code."""
    table: dict = {}
    for result in results:
        for d in result.diagnostics:
            key = (d.code, d.name, str(d.severity))
            table[key] = table.get(key, 0) + 1
    return sorted(((code, name, sev, n) for (code, name, sev), n in table.items()), key=lambda row: (-row[3], row[0]))


def write_statistics(stream, results: list, summary: dict, output_format: str, color: bool = False) -> None:
    rows = count(results)
    if output_format == "json":
        json.dump([{"code": c, "name": n, "severity": s, "count": k} for c, n, s, k in rows], stream, indent=2)
        stream.write("\n")
        return
    from speclint.report.formats.text import summary_line

    width = max((len(str(k)) for *_, k in rows), default=1)
    for code, name, severity, number in rows:
        stream.write(f"{number:>{width}}  {code:<6} {severity:<7}  {name}\n")
    paint = (lambda code, text: f"\x1b[{code}m{text}\x1b[0m") if color else (lambda code, text: text)
    stream.write(summary_line(summary, paint) + "\n")
