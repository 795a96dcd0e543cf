"""`--format github`: GitHub Actions workflow commands, shown as annotations on the diff.

Chosen automatically when GITHUB_ACTIONS=true and no --format is given. Escaping follows
the runner's rules: `%`, CR and LF in the message; also `:` and `,` in properties. File text
and names are made visible first (sanitize), so no control character reaches the log.
"""

from __future__ import annotations

from speclint.diagnostics import Severity
from speclint.report.sanitize import diagnostic, located_message

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream

    def finish(self, results: list, summary: dict) -> None:
        for result in results:
            for d in map(diagnostic, result.diagnostics):
                props = [f"file={escape_property(d.path)}", f"line={d.line}", f"col={d.column}"]
                if d.span.end_line >= d.line:
                    props.append(f"endLine={d.span.end_line}")
                    if d.span.end_line == d.line:
                        props.append(f"endColumn={d.span.end_column}")
                props.append(f"title={escape_property(f'speclint {d.code} ({d.name})')}")
                message = located_message(d) + (f"\nhelp: {d.hint}" if d.hint else "") + f"\n{d.docs_url}"
                self.stream.write(f"::{COMMANDS[d.severity]} {','.join(props)}::{escape_data(message)}\n")
