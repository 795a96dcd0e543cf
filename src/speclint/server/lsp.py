"""Findings, edits and positions in the Language Server Protocol's JSON shapes.

Shapes: plain dicts as the protocol defines them (`Diagnostic`, `Range`, `TextEdit`);
positions are 0-based lines and UTF-16 characters, converted by
`speclint.source.positions.LineIndex` (the one converter). `uri_to_path` and
`path_to_uri` handle `file:` URIs; other schemes (`untitled:`) keep their last segment as
the file name, which decides the kind.
"""

from __future__ import annotations

import os
from typing import Optional
from urllib.parse import quote, unquote, urlparse

from speclint.diagnostics import Diagnostic, Severity
from speclint.source.positions import LineIndex

# LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. speclint's notes (info)
# are hints: the CLI only counts them by default, and editors show hints unobtrusively.
SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 4}
SOURCE = "speclint"


def uri_to_path(uri: str) -> str:
    """The file system path of a `file:` URI; for another scheme, its last path segment."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        path = unquote(parsed.path)
        if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
            path = path[1:]
        return path
    return os.path.basename(unquote(parsed.path or parsed.netloc or uri)) or "untitled"


def path_to_uri(path: str) -> str:
    return "file://" + quote(os.path.abspath(path).replace(os.sep, "/"))


def position(index: LineIndex, line: int, column: int) -> dict:
    """The LSP position of a 1-based code-point (line, column)."""
    line0, character = index.to_utf16(max(line, 1), max(column, 1))
    return {"line": line0, "character": character}


def range_of(index: LineIndex, line: int, column: int, end_line: int, end_column: int) -> dict:
    start = position(index, line, column)
    end = position(index, end_line, end_column)
    if (end["line"], end["character"]) < (start["line"], start["character"]):
        end = dict(start)
    return {"start": start, "end": end}


def from_position(index: LineIndex, pos: dict) -> tuple:
    """1-based code-point (line, column) of an LSP position; out-of-range values are clamped."""
    line = pos.get("line", 0) if isinstance(pos, dict) else 0
    character = pos.get("character", 0) if isinstance(pos, dict) else 0
    line = line if isinstance(line, int) and line >= 0 else 0
    character = character if isinstance(character, int) and character >= 0 else 0
    return index.from_utf16(line, character)


def diagnostic(d: Diagnostic, index: LineIndex) -> dict:
    """An LSP Diagnostic; `data` carries what code actions need back."""
    span = d.span
    out = {
        "range": range_of(index, span.line, span.column, span.end_line, span.end_column),
        "severity": SEVERITY.get(d.severity, 4),
        "code": d.code,
        "codeDescription": {"href": d.docs_url},
        "source": SOURCE,
        "message": d.message + (f"\nhelp: {d.hint}" if d.hint else ""),
        "data": {"code": d.code, "name": d.name, "line": span.line},
    }
    return out


def text_edit(index: LineIndex, line: int, column: int, end_line: int, end_column: int, text: str) -> dict:
    return {"range": range_of(index, line, column, end_line, end_column), "newText": text}


def file_index(path: str) -> Optional[LineIndex]:
    """The LineIndex of another file on disk (a hook script), read through safe_open with the
    default size limit; None when it cannot be read."""
    from speclint.source.loader import DEFAULT_MAX_FILE_SIZE
    from speclint.source.safe_open import read_regular

    try:
        data = read_regular(path, DEFAULT_MAX_FILE_SIZE)
    except (OSError, ValueError):
        return None
    return LineIndex(data.decode("utf-8", "surrogateescape"))


def diagnostic_key(d: Diagnostic) -> tuple:
    """What identifies a finding across the protocol round trip (code and start line)."""
    return (d.code, d.span.line)


def find_diagnostic(found: list, code: Optional[str], line: Optional[int]) -> Optional[Diagnostic]:
    for d in found:
        if d.code == code and d.span.line == line:
            return d
    return None
