"""The one finding type every stage produces and every reporter consumes."""

from __future__ import annotations

import enum
from typing import Optional

from speclint.record import field, record, replace

DOCS_BASE = "https://github.com/speclint/speclint/blob/main/docs/rules.md"


class Severity(enum.IntEnum):
    """Ordered so that `severity >= threshold` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None

    def __str__(self) -> str:  # "error", "warning", "info"
        return self.name.lower()


@record(frozen=True)
class Span:
    """1-based, inclusive start and exclusive end positions of a node in the source text."""

    line: int
    column: int
    end_line: int
    end_column: int


@record(frozen=True)
class Diagnostic:
    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    hint: Optional[str] = None
    json_path: Optional[str] = None
    extra: dict = field(default_factory=dict, compare=False)
    # The name of the embedded document the finding is in (a template's resource), None for a plain file.
    document: Optional[str] = None
    # A speclint.fix.Fix, or None; not part of a finding's identity.
    fix: Optional[object] = field(default=None, compare=False)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def docs_url(self) -> str:
        from speclint.codes import docs_url

        external = docs_url(self.code)
        if external:
            return external
        return f"{DOCS_BASE}#{self.code.lower()}-{self.name}"

    def with_severity(self, severity: Severity) -> "Diagnostic":
        return replace(self, severity=severity)

    def sort_key(self):
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_dict(self) -> dict:
        """The public JSON contract (documented in the README)."""
        data = {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "json_path": self.json_path,
            "docs_url": self.docs_url,
            "fix": self.fix.to_dict() if self.fix is not None else None,
        }
        if self.document is not None:
            data["document"] = self.document
        return data
