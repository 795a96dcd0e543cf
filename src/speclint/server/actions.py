"""Code actions for the findings under the cursor.

Shapes: `code_actions(uri, path, text, found, wanted)` -> LSP CodeAction dicts, where
`found` are the buffer's speclint Diagnostics and `wanted` the LSP diagnostics the client
sent in the request's context (their `data` names the code and line). For each finding:

- its fix (`Diagnostic.fix`, issue "Autofix"): one action whose edits are applied together,
  preferred when the fix is safe, titled "(unsafe)" otherwise; edits of another file (a
  hook script's line endings) go to that file's URI;
- "Ignore CODE on this line": `# speclint: ignore[CODE]` after the line, or CODE added to
  the line's existing ignore list; where that comment would land inside a multi-line scalar
  (a `|` or `>` block, a quoted or plain string going on to the next line) it would become
  part of the value - of the script - so `# speclint: ignore-next-line[CODE]` on its own line
  above is offered instead when that line is outside every scalar, and nothing otherwise;
- "Ignore CODE in this file": `# speclint: ignore-file[CODE]` at the top, or CODE added to
  the existing ignore-file list; in a template, as the first line of the embedded document
  (where speclint reads its comments).

Every suppression edit is checked before it is offered (`_verified`): the edited text must
load to the same values in every document (a comment never changes a scalar) and its
comments must cover the finding's line; an edit that fails either is not offered.

JSON appspecs get only fixes: JSON has no comments.
"""

from __future__ import annotations

import re
from typing import Optional

from speclint.server import lsp
from speclint.source.positions import LineIndex

_DIRECTIVE = re.compile(r"(?:^|\s)#\s*speclint:\s*(ignore-file|ignore-next-line|ignore)(?![\w-])\s*(\[([^\]]*)\])?")
QUICKFIX = "quickfix"


def code_actions(uri: str, path: str, text: str, found: list, wanted: list) -> list:
    index = LineIndex(text)
    actions: list = []
    seen: set = set()
    comments = not (path.lower().endswith(".json") or text.lstrip().startswith("{"))
    for item in wanted:
        data = item.get("data") if isinstance(item, dict) else None
        if not isinstance(data, dict) or item.get("source") != lsp.SOURCE:
            continue
        d = lsp.find_diagnostic(found, data.get("code"), data.get("line"))
        if d is None:
            continue
        fix = getattr(d, "fix", None)
        if fix is not None and ("fix", d.code, d.span.line) not in seen:
            seen.add(("fix", d.code, d.span.line))
            action = _fix_action(uri, index, fix, item)
            if action:
                actions.append(action)
        if not comments:
            continue
        before = None
        if ("line", d.code, d.span.line) not in seen:
            seen.add(("line", d.code, d.span.line))
            before = before or _Loaded(path, text)
            for edit in (ignore_line_edit(index, d.span.line, d.code), ignore_next_line_edit(index, d.span.line, d.code)):
                if edit and _verified(before, index, edit, d.code, d.span.line, d.span.column, whole=False):
                    actions.append(_action(f"Ignore {d.code} on this line", uri, [edit], item))
                    break
        if ("file", d.code) not in seen:
            seen.add(("file", d.code))
            before = before or _Loaded(path, text)
            for edit in [ignore_file_edit(index, d.code)] + before.embedded_file_edits(index, d.code):
                if edit and _verified(before, index, edit, d.code, d.span.line, d.span.column, whole=True):
                    actions.append(_action(f"Ignore {d.code} in this file", uri, [edit], item))
                    break
    return actions


class _Loaded:
    """A text as speclint reads it: its documents' loaded values, and where each document's
    lines are in the text (a template's embedded buildspecs)."""

    def __init__(self, path: str, text: str):
        from speclint.source import open_source

        self.text = text
        try:
            self.source = open_source(text.encode("utf-8", "surrogatepass"), shown=path)
        except Exception:  # noqa: BLE001 - half-typed text: nothing can be verified
            self.source = None
        self.values = None
        if self.source is not None and self.source.problem is None:
            try:
                self.values = [(doc.name, doc.root.to_python() if doc.root is not None else None)
                               for doc in self.source.documents]
            except Exception:  # noqa: BLE001
                self.values = None

    def host_line(self, doc, line: int) -> int:
        """The text's 1-based line of the document's line `line`."""
        offset = doc.position_map.to_host(doc.line_index.offset(line, 1))
        return self.source.line_index.position(offset)[0]

    def holder(self, line: int):
        """The document whose lines include the text's `line` (None: none)."""
        for doc in self.source.documents if self.source is not None else ():
            first = self.host_line(doc, 1)
            last = self.host_line(doc, max(1, doc.line_index.line_count))
            if first <= line <= last:
                return doc
        return None

    def covers(self, code: str, line: int, whole: bool) -> bool:
        """Whether a `# speclint:` comment of the document holding `line` covers `code` there
        (`whole`: by an ignore-file comment)."""
        from speclint import suppress

        doc = self.holder(line)
        if doc is None:
            return False
        for s in suppress.parse(doc.lines).suppressions:
            if s.target is None if whole else (s.target is not None and self.host_line(doc, s.target) == line):
                if s.blanket or any(text.upper() == code or text == code for text, _ in s.codes):
                    return True
        return False

    def embedded_file_edits(self, index: LineIndex, code: str) -> list:
        """`ignore-file[CODE]` as the first line of each embedded document (a template's)."""
        if self.source is None or self.source.host is None:
            return []
        edits = []
        for doc in self.source.documents:
            offset = doc.position_map.to_host(0)
            line, column = self.source.line_index.position(offset)
            indent = self.source.line_index.line_text(line)[:column - 1]
            if indent.strip():
                continue  # the document starts after other text on its line (a quoted string)
            edits.append(lsp.text_edit(index, line, column, line, column, f"# speclint: ignore-file[{code}]\n{indent}"))
        return edits


def _verified(before: _Loaded, index: LineIndex, edit: dict, code: str, line: int, column: int, whole: bool) -> bool:
    """Whether applying `edit` keeps every value the text loads to and covers `code` at the
    finding's (line, column) - moved down by the lines the edit inserts before it."""
    if before.values is None:
        return False
    after = _Loaded(before.source.shown, _apply(before.text, index, edit))
    if after.values != before.values:
        return False
    start = edit["range"]["start"]
    at = index.offset(*index.from_utf16(start["line"], start["character"]))
    shifted = line + (edit["newText"].count("\n") if at <= index.offset(line, column) else 0)
    return after.covers(code, shifted, whole)


def _apply(text: str, index: LineIndex, edit: dict) -> str:
    start, end = edit["range"]["start"], edit["range"]["end"]
    a = index.offset(*index.from_utf16(start["line"], start["character"]))
    b = index.offset(*index.from_utf16(end["line"], end["character"]))
    return text[:a] + edit["newText"] + text[b:]


def _action(title: str, uri: str, edits: list, diagnostic: dict, preferred: bool = False) -> dict:
    action = {"title": title, "kind": QUICKFIX, "diagnostics": [diagnostic], "edit": {"changes": {uri: edits}}}
    if preferred:
        action["isPreferred"] = True
    return action


def _fix_action(uri: str, index: LineIndex, fix, diagnostic: dict) -> Optional[dict]:
    changes: dict = {}
    for e in getattr(fix, "edits", ()):
        target_path = getattr(e, "path", None)
        if target_path is None:
            target_uri, target_index = uri, index
        else:
            target_index = lsp.file_index(target_path)
            if target_index is None:
                return None  # the other file is gone: no half-applied fix
            target_uri = lsp.path_to_uri(target_path)
        changes.setdefault(target_uri, []).append(
            lsp.text_edit(target_index, e.line, e.column, e.end_line, e.end_column, e.text))
    if not changes:
        return None
    safe = getattr(fix, "safety", "safe") == "safe"
    title = f"Fix: {fix.message}" + ("" if safe else " (unsafe)")
    action = {"title": title, "kind": QUICKFIX, "diagnostics": [diagnostic], "edit": {"changes": changes}}
    if safe:
        action["isPreferred"] = True
    return action


def _add_code(index: LineIndex, line: int, match, code: str) -> Optional[dict]:
    """CODE added into an existing directive's brackets (None: already covered)."""
    if match.group(2) is None:
        return None  # a bracketless directive covers every code already
    codes = [c.strip() for c in match.group(3).split(",") if c.strip()]
    if code in codes:
        return None
    end = match.end(2)  # after the "]"
    column = end  # 1-based column of the "]" is `end`; insert before it
    addition = (", " if codes else "") + code
    return lsp.text_edit(index, line, column, line, column, addition)


def ignore_line_edit(index: LineIndex, line: int, code: str) -> Optional[dict]:
    """The edit that makes `# speclint: ignore[CODE]` cover `line` (1-based)."""
    text = index.line_text(line)
    match = _DIRECTIVE.search(text)
    if match and match.group(1) == "ignore" and text[:match.start()].strip():
        return _add_code(index, line, match, code)
    body = text[:-1] if text.endswith("\r") else text
    column = len(body) + 1
    separator = "" if not body.strip() else "  "
    return lsp.text_edit(index, line, column, line, column, f"{separator}# speclint: ignore[{code}]")


def ignore_next_line_edit(index: LineIndex, line: int, code: str) -> Optional[dict]:
    """`# speclint: ignore-next-line[CODE]` on its own line above `line` (1-based), indented
    as that line."""
    text = index.line_text(line)
    body = text[:-1] if text.endswith("\r") else text
    indent = body[:len(body) - len(body.lstrip())]
    newline = "\r\n" if text.endswith("\r") else "\n"
    return lsp.text_edit(index, line, 1, line, 1, f"{indent}# speclint: ignore-next-line[{code}]{newline}")


def ignore_file_edit(index: LineIndex, code: str) -> Optional[dict]:
    """The edit that makes `# speclint: ignore-file[CODE]` cover the whole file."""
    for number in range(1, index.line_count + 1):
        match = _DIRECTIVE.search(index.line_text(number))
        if match and match.group(1) == "ignore-file":
            return _add_code(index, number, match, code)
    newline = "\r\n" if index.line_text(1).endswith("\r") else "\n"
    return lsp.text_edit(index, 1, 1, 1, 1, f"# speclint: ignore-file[{code}]{newline}")

