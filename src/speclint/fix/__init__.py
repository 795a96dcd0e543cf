"""Fixes: text edits a finding carries, applied by `speclint --fix` (ruff's model).

A `Fix` is one or more `Edit`s plus a safety and a message:

- `safe`: after the fix AWS reads the file as its author meant, and nothing else changes
  (`--fix` applies it);
- `unsafe`: the fix changes what AWS does - a hook that never ran starts running, a mode
  that was applied as 420 is applied as 0644 (only `--fix --unsafe-fixes` applies it).

An `Edit(start, end, text)` replaces `text[start:end]` of the document's text, in code-point
offsets (speclint.source.positions converts them; `edit()` fills in the 1-based line and
column and the byte offsets once, so reporters need no text). An edit with a `path` changes
another file than the linted one (a hook script's line endings). Nothing is re-serialised:
comments, quoting, key order, blank lines, the BOM and line endings outside the edited spans
stay byte for byte as they were.

For a document embedded in a host file (a buildspec inside a CloudFormation template) the
linter moves each fix into the host with `to_host()`, through the document's PositionMap,
only where the map is exact (`PositionMap.exact`); across a JSON escape or a `${Param}`
placeholder the fix is not offered and the finding's hint says so (NOT_EXACT).

The language server takes its code actions from `fixes_for(diagnostics)`.
"""

from __future__ import annotations

from typing import Iterable, Optional

from speclint.record import record

SAFE, UNSAFE = "safe", "unsafe"
SAFETIES = (SAFE, UNSAFE)


@record(frozen=True)
class Edit:
    """Replace [start, end) (code points of the target's text) by `text`.

    `path` is None for the document the finding is in, else the file system path of another
    file (a hook script). line/column are 1-based code points, end exclusive; byte_start and
    byte_end are offsets in the file's bytes (after a byte-order mark, if any).
    """

    start: int
    end: int
    text: str
    path: Optional[str] = None
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    byte_start: int = 0
    byte_end: int = 0
    # characters of the file before document offset 0: 1 when a byte-order mark precedes it
    shift: int = 0
    # the text [start, end) held when the edit was computed (None: not known); the applier
    # refuses the edit when the text it is given holds something else there (a stale offset)
    old: Optional[str] = None

    def sarif(self) -> dict:
        """A SARIF 2.1.0 `replacement`: the deleted region (lines and columns, character and
        byte offsets of the file, which agree) and the inserted text."""
        region = {"startLine": self.line, "startColumn": self.column, "endLine": self.end_line,
                  "endColumn": self.end_column}
        if self.start < 0:
            region = {}  # the byte-order mark sits before line 1, column 1: offsets only
        region.update({"charOffset": self.start + self.shift, "charLength": self.end - self.start,
                       "byteOffset": self.byte_start, "byteLength": self.byte_end - self.byte_start})
        return {"deletedRegion": region, "insertedContent": {"text": self.text}}

    def to_dict(self) -> dict:
        data = {
            "content": self.text,
            "location": {"line": self.line, "column": self.column},
            "end_location": {"line": self.end_line, "column": self.end_column},
            "offset": self.start, "end_offset": self.end,
        }
        if self.path is not None:
            data["path"] = self.path
        return data


@record(frozen=True)
class Fix:
    """A finding's fix: edits applied all together or not at all."""

    edits: tuple
    safety: str
    message: str

    @classmethod
    def make(cls, safety: str, message: str, *edits: Optional[Edit]) -> Optional["Fix"]:
        """A fix, or None when there is no edit or an edit could not be made."""
        if not edits or any(e is None for e in edits):
            return None
        return cls(tuple(edits), safety, message)

    def to_dict(self) -> dict:
        """ruff's JSON shape: {"applicability", "message", "edits": [{content, location, end_location}]}."""
        return {"applicability": self.safety, "message": self.message, "edits": [e.to_dict() for e in self.edits]}


def line_index(doc):
    """The document's one LineIndex (shared with its nodes)."""
    return doc.line_index


def edit(doc, start: int, end: int, text: str) -> Edit:
    """An edit of document offsets [start, end), with its document line/column and bytes.

    For a document embedded in a host, `to_host()` moves it into the host's text."""
    index = line_index(doc)
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    bom = bool(getattr(doc, "bom", False))
    old = doc.text[start:end] if 0 <= start <= end <= len(doc.text) else None
    return Edit(start, end, text, None, line, column, end_line, end_column,
                index.to_bytes(start, bom=bom), index.to_bytes(end, bom=bom), 1 if bom else 0, old)


NOT_EXACT = ("no automatic fix here: the template writes this text with escapes or placeholders, "
             "so make the change by hand")


def to_host(fix: Optional[Fix], position_map, host_index, bom: bool = False) -> Optional[Fix]:
    """`fix` with its document edits moved into the host file's text (`host_index`, a
    LineIndex of it), or None when one of them spans text the host does not hold verbatim
    (PositionMap.exact: a JSON escape, a `${Param}` placeholder), inserts a line break, or
    inserts a quote or backslash into a host string that escapes characters. Edits of other
    files and the identity map leave the fix as it is."""
    if fix is None or position_map is None or position_map.identity:
        return fix
    # Where the host writes some characters of the document as escapes (a JSON or quoted
    # YAML string), inserted quotes and backslashes would need them too; a line break would
    # need the host's indentation or escape everywhere. Neither is guessed: no fix.
    escaped = len(position_map.exact_runs) < len(position_map.runs)
    edits = []
    for e in fix.edits:
        if e.path is not None:
            edits.append(e)
            continue
        if e.start < 0 or not position_map.exact(e.start, e.end) or "\n" in e.text or "\r" in e.text:
            return None
        if escaped and any(c in "\"'\\" or c < " " for c in e.text):
            return None
        start, end = position_map.to_host(e.start), position_map.to_host(e.end)
        line, column = host_index.position(start)
        end_line, end_column = host_index.position(end)
        edits.append(Edit(start, end, e.text, None, line, column, end_line, end_column,
                          host_index.to_bytes(start, bom=bom), host_index.to_bytes(end, bom=bom), 1 if bom else 0,
                          e.old))
    return Fix(tuple(edits), fix.safety, fix.message)


def edit_at(doc, line: int, column: int, end_line: int, end_column: int, text: str) -> Edit:
    """`edit()` for a span given as 1-based (line, column) pairs of the document (a node's span)."""
    index = line_index(doc)
    return edit(doc, index.offset(line, column), index.offset(end_line, end_column), text)


def crlf_edits(path: str, data: bytes) -> list:
    """Edits of the file at `path` (bytes `data`, decoded with surrogateescape) that turn each
    CRLF into LF: one edit per line, each deleting the CR. Linear in the file's size."""
    import os

    if os.path.isabs(path) and not os.path.relpath(path).startswith(".."):
        path = os.path.relpath(path)  # shown as the linted files are
    edits = []
    chars = 0  # code points before `position`
    line_chars = 0  # code point offset of the current line's start
    line = 1
    position = 0
    while True:
        found = data.find(b"\r\n", position)
        if found < 0:
            return edits
        chunk = data[position:found]
        newlines = chunk.count(b"\n")
        if newlines:
            last = chunk.rfind(b"\n")
            line += newlines
            line_chars = chars + len(chunk[:last + 1].decode("utf-8", "surrogateescape"))
        chars += len(chunk.decode("utf-8", "surrogateescape"))
        column = chars - line_chars + 1
        edits.append(Edit(chars, chars + 1, "", path, line, column, line, column + 1, found, found + 1, 0, "\r"))
        chars += 2  # the CR and the LF
        line += 1
        line_chars = chars
        position = found + 2


def newline(doc) -> str:
    """The document's line ending ("\\r\\n" when its first line ends so, else "\\n")."""
    first = doc.text.find("\n")
    return "\r\n" if first > 0 and doc.text[first - 1] == "\r" else "\n"


def fixes_for(found, unsafe: bool = True) -> list:
    """(diagnostic, fix) for every finding with a fix (safe ones only unless `unsafe`): the
    code actions an editor offers. `found` is a lint result (FileResult) or its findings.
    Edits are in the linted file's offsets, line/column (1-based, code points) and bytes;
    an edit with `start` -1 removes the byte-order mark (editors keep it out of the buffer)
    and one with a `path` changes that other file. Never raises."""
    diagnostics: Iterable = getattr(found, "diagnostics", found) or ()
    out = []
    for d in diagnostics:
        fix = getattr(d, "fix", None)
        if fix is not None and (unsafe or fix.safety == SAFE):
            out.append((d, fix))
    return out


def applicable(fix: Optional[Fix], unsafe: bool) -> bool:
    return fix is not None and (fix.safety == SAFE or unsafe)


def replace_node(doc, node, text: str) -> Optional[Edit]:
    """An edit that replaces a node's source (its quotes too, not its anchor) by `text`, or
    None where that would change more than the value: the node has an explicit tag (`!!float
    3.10` stays a float however its text is quoted), or a node inside it has an anchor, a tag
    or is an alias (the replaced text would drop them, and `*name` would refer to nothing).
    An anchor of the node itself is kept: `&v 3.10` -> `&v "3.10"`."""
    if node.tag is not None or not _plain_inside(node):
        return None
    return edit(doc, value_start(doc, node), node.end, text)


def value_start(doc, node) -> int:
    """The offset where the node's value is written: after its anchor (`&name`) and tag
    (`!tag`, `!<...>`) and the blanks that follow them; `node.start` when it has neither."""
    text, position = doc.text, node.start
    while position < node.end and text[position] in "&!":
        if text.startswith("!<", position):
            close = text.find(">", position, node.end)
            position = node.end if close < 0 else close + 1
        else:
            while position < node.end and text[position] not in " \t\r\n":
                position += 1
        while position < node.end and text[position] in " \t\r\n":
            position += 1
    return position


def _plain_inside(node) -> bool:
    """Whether no node below `node` has an anchor or a tag or is an alias (a node whose span
    is outside its parent's: aliases resolve to the anchored node itself)."""
    stack = [node]
    while stack:
        parent = stack.pop()
        children = list(getattr(parent, "items", None) or ())
        for pair in getattr(parent, "pairs", None) or ():
            children.extend(pair)
        for child in children:
            if child.anchor is not None or child.tag is not None or not (parent.start <= child.start <= child.end <= parent.end):
                return False
            stack.append(child)
    return True


def source_of(doc, node) -> str:
    """The node's value as written (quotes and escapes included; its anchor and tag left out:
    they start at node.start, the value at `value_start`)."""
    return doc.text[value_start(doc, node):node.end]


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar when it needs no escape, else single-quoted:
    either way the scalar's value is exactly `text`."""
    if '"' not in text and "\\" not in text and all(c >= " " or c == "\t" for c in text):
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
