"""Positions in a text, and the one place where their units are converted.

Inside speclint an offset is an index into the decoded text (Python `str`, so code points),
and a finding's line and column are 1-based, the column counted in code points. The other
units are converted here and only here:

- byte offsets into the UTF-8 (or other) encoding, which a fix's edits apply to;
- UTF-16 code units, which the Language Server Protocol counts columns in;
- positions in a host file (a CloudFormation template, a Terraform file) for a document
  embedded in it, through a PositionMap.

Line breaks are `\\n`; a `\\r` before it belongs to the line (its last column), as the
loader and the reporters count it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Optional


class LineIndex:
    """Offsets of line starts in a text, computed once per document.

    `offset(line, column)` and `position(offset)` convert between 1-based (line, column) in
    code points and 0-based code-point offsets. Out-of-range lines clamp to the end of text.
    """

    __slots__ = ("text", "starts")

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        position = text.find("\n")
        while position != -1:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def offset(self, line: int, column: int) -> int:
        """The code-point offset of 1-based (line, column); past the last line: len(text)."""
        if line > len(self.starts):
            return len(self.text)
        if line < 1:
            return 0
        return min(self.starts[line - 1] + max(column, 1) - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a code-point offset (clamped into the text)."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) without its line break; "" outside the text."""
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    # --- editors: UTF-16 code units (LSP `Position.character`) -------------------------

    def to_utf16(self, line: int, column: int) -> tuple[int, int]:
        """(0-based line, 0-based UTF-16 character) of a 1-based code-point (line, column)."""
        prefix = self.line_text(line)[: max(column, 1) - 1]
        return line - 1, len(prefix.encode("utf-16-le")) // 2

    def from_utf16(self, line: int, character: int) -> tuple[int, int]:
        """1-based (line, column) of an LSP position (0-based line, UTF-16 character).

        A character past the end of the line, or inside a surrogate pair, is clamped to the
        nearest code point (editors may send either; it must never raise)."""
        line = max(0, min(line, len(self.starts) - 1))
        text = self.line_text(line + 1)
        units = 0
        for column, char in enumerate(text, 1):
            width = 2 if ord(char) > 0xFFFF else 1
            if units + width > character:
                return line + 1, column
            units += width
        return line + 1, len(text) + 1

    # --- fixes: byte offsets in the encoded file ---------------------------------------

    def to_bytes(self, offset: int, encoding: str = "utf-8", bom: bool = False) -> int:
        """The byte offset in the encoded file of a code-point offset (after a BOM if any)."""
        head = len("\ufeff".encode(encoding)) if bom else 0
        return head + len(self.text[:offset].encode(encoding))


class PositionMap:
    """Where each code point of an embedded document sits in its host file's text.

    Stored as runs `(document offset, host offset)`: from a run's start on, consecutive
    document characters are consecutive host characters, until the next run. A plain file
    is its own host: the identity map (no runs). `exact(start, end)` says whether a range of
    the document is written character for character in the host (false across a JSON escape
    such as `\\n` or a `${Param}` placeholder), which fixes need before they edit the host.
    """

    __slots__ = ("runs", "starts", "length", "exact_runs")

    def __init__(self, runs: Optional[Iterable[tuple[int, int]]] = None, length: int = 0,
                 inexact: Iterable[int] = ()):
        self.runs = list(runs or ())
        self.starts = [start for start, _ in self.runs]
        self.length = length
        # indexes of runs whose characters differ from the host's (escapes, placeholders)
        self.exact_runs = set(range(len(self.runs))) - set(inexact)

    @property
    def identity(self) -> bool:
        return not self.runs

    def to_host(self, offset: int) -> int:
        """The host offset of a document offset (identity for a plain file)."""
        if not self.runs:
            return offset
        k = max(0, bisect_right(self.starts, offset) - 1)
        start, host = self.runs[k]
        if k in self.exact_runs or offset == start:
            return host + (offset - start)
        return host  # inside an escape or a placeholder: its start in the host

    def exact(self, start: int, end: int) -> bool:
        """Whether document[start:end] is written verbatim at to_host(start)..to_host(end)."""
        if not self.runs:
            return True
        first = max(0, bisect_right(self.starts, start) - 1)
        last = max(0, bisect_right(self.starts, max(start, end - 1)) - 1)
        for k in range(first, last + 1):
            if k not in self.exact_runs:
                return False
            if k + 1 < len(self.runs):
                span = self.runs[k + 1][0] - self.runs[k][0]
                if self.runs[k + 1][1] - self.runs[k][1] != span and k < last:
                    return False  # characters between the runs were dropped or added in the host
        return True


IDENTITY = PositionMap()
