"""Where each character of a YAML scalar's value sits in the file.

A command such as `- |` block text, a `>` folded line or a `"double \\"quoted\\""` string
reaches the shell as its *value*; ShellCheck reports positions in that value. To put a
finding on the right line and column of the YAML file, every value character is aligned
with the source character it came from: block indentation is skipped, folded line breaks
map to the break they replace, quotes and escapes map to where they are written.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from speclint.source.nodes import DOUBLE, FOLDED, LITERAL, SINGLE, ScalarNode
from speclint.source.positions import LineIndex

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


class SourceMap:
    """value index -> (line, column) in the YAML file, for one scalar, stored as runs of
    consecutive characters on one line (most commands are one or a few runs)."""

    __slots__ = ("run_starts", "runs", "length", "fallback")

    def __init__(self, runs: list, length: int, fallback: tuple[int, int]):
        self.run_starts = [start for start, _, _ in runs]
        self.runs = runs  # (value index, line, column)
        self.length = length
        self.fallback = fallback

    def at(self, index: int) -> tuple[int, int]:
        if not self.runs:
            return self.fallback
        k = max(0, bisect_right(self.run_starts, index) - 1)
        start, line, column = self.runs[k]
        return line, column + (index - start)


def _runs(offsets: list, index: LineIndex) -> list:
    runs: list = []
    previous = None
    line_end = -1
    for i, offset in enumerate(offsets):
        if previous is not None and offset == previous + 1 and offset < line_end:
            previous = offset
            continue
        line, column = index.position(offset)
        line_end = index.starts[line] if line < len(index.starts) else len(index.text) + 1
        runs.append((i, line, column))
        previous = offset
    return runs


def build(node: ScalarNode, index: Optional[LineIndex] = None, value: Optional[str] = None) -> SourceMap:
    """Align the scalar's value with the file text (`index`: its LineIndex, by default the
    node's own); on any surprise, map to the node's start."""
    index = index or node.line_index
    value = node.value if value is None and isinstance(node.value, str) else (value if value is not None else node.text)
    fallback = (node.start_line, node.start_column)
    text = index.text
    begin, end = node.start, node.end
    style = node.style
    if style in (LITERAL, FOLDED):
        newline = text.find("\n", begin)
        begin = len(text) if newline == -1 else newline + 1  # skip the `|-` header line
        after = text.find("\n", end)  # through the end of the last content line
        end = max(end, len(text) if after == -1 else after + 1)
    elif style in (SINGLE, DOUBLE):
        begin += 1
    indent = 0
    if style in (LITERAL, FOLDED):
        indent = _block_indent(text[begin:end], value)
    offsets = _align(text, begin, min(end, len(text)), value, style, indent)
    if offsets is None:
        return SourceMap([], len(value), fallback)
    return SourceMap(_runs(offsets, index), len(value), fallback)


def _block_indent(source: str, value: str) -> int:
    """The block scalar's content indentation: the first content line's indentation in the
    file minus its leading spaces in the value. With an indentation indicator (`|2`, `>4-`)
    the value keeps the spaces beyond it, so the first line's indentation alone is too deep."""
    in_source = next((len(t) - len(t.lstrip(" ")) for t in source.split("\n") if t.strip()), 0)
    in_value = next((len(t) - len(t.lstrip(" ")) for t in value.split("\n") if t.strip()), 0)
    return max(0, in_source - in_value)


def _skip_indent(text: str, j: int, indent: int) -> int:
    k = 0
    while k < indent and j < len(text) and text[j] == " ":
        j, k = j + 1, k + 1
    return j


def _align(text: str, j: int, end: int, value: str, style: str, indent: int = 0) -> Optional[list]:
    """Source offsets of each value character, or None when they cannot be matched."""
    out: list = []
    i = 0
    n = len(value)
    block = style in (LITERAL, FOLDED)
    if block:
        j = _skip_indent(text, j, indent)
    while i < n:
        if j >= end + 1 or j >= len(text):
            return None
        want, have = value[i], text[j]
        if style == DOUBLE and have == "\\":
            nxt = text[j + 1] if j + 1 < len(text) else ""
            if nxt == "\n" or nxt == "\r":  # an escaped line break: nothing in the value
                j += 2
                while j < len(text) and text[j] in " \t\r\n":
                    j += 1
                continue
            if nxt in _HEX:
                width = _HEX[nxt]
                try:
                    char = chr(int(text[j + 2:j + 2 + width], 16))
                except ValueError:
                    return None
                pair = text[j + 6:j + 12]
                if "\ud800" <= char <= "\udbff" and pair[:2] == "\\u" and pair != "\\u" and want > "\uffff":
                    try:  # a JSON surrogate pair, "\\ud83d\\ude80": one character of the value
                        char = (char + chr(int(pair[2:], 16))).encode("utf-16", "surrogatepass").decode("utf-16")
                    except (ValueError, UnicodeDecodeError):
                        return None
                    width += 6
                if char != want:
                    return None
                out.append(j)
                i, j = i + 1, j + 2 + width
                continue
            if _ESCAPES.get(nxt) == want:
                out.append(j)
                i, j = i + 1, j + 2
                continue
            return None
        if style == SINGLE and have == "'" and text[j + 1:j + 2] == "'" and want == "'":
            out.append(j)
            i, j = i + 1, j + 2
            continue
        if have == want:
            out.append(j)
            i, j = i + 1, j + 1
            if block and have == "\n":
                j = _skip_indent(text, j, indent)
            continue
        if have == "\r":
            j += 1
            continue
        if have == "\n" and want in " \n":
            # a folded line break (value: one space) or a break that stands for a blank line
            out.append(j)
            i, j = i + 1, j + 1
            if block:
                j = _skip_indent(text, j, indent)
            else:
                while j < len(text) and text[j] in " \t":
                    j += 1
            continue
        if have in " \t\n":
            j += 1  # indentation, or whitespace folding removed
            continue
        return None
    return out
