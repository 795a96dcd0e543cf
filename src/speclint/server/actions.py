"""Code actions for the findings under the cursor.

Shapes: `code_actions(uri, path, text, found, wanted)` -> LSP CodeAction dicts, where
`found` are the buffer's speclint Diagnostics and `wanted` the LSP diagnostics the client
sent in the request's context (their `data` names the code and line). For each finding:

- its fix (`Diagnostic.fix`, issue "Autofix"): one action whose edits are applied together,
  preferred when the fix is safe, titled "(unsafe)" otherwise; edits of another file (a
  hook script's line endings) go to that file's URI;
- "Ignore CODE on this line": `# speclint: ignore[CODE]` after the line, or CODE added to
  the line's existing ignore list;
- "Ignore CODE in this file": `# speclint: ignore-file[CODE]` at the top, or CODE added to
  the existing ignore-file list.

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
        if ("line", d.code, d.span.line) not in seen:
            seen.add(("line", d.code, d.span.line))
            edit = ignore_line_edit(index, d.span.line, d.code)
            if edit:
                actions.append(_action(f"Ignore {d.code} on this line", uri, [edit], item))
        if ("file", d.code) not in seen:
            seen.add(("file", d.code))
            edit = ignore_file_edit(index, d.code)
            if edit:
                actions.append(_action(f"Ignore {d.code} in this file", uri, [edit], item))
    return actions


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


def ignore_file_edit(index: LineIndex, code: str) -> Optional[dict]:
    """The edit that makes `# speclint: ignore-file[CODE]` cover the whole file."""
    for number in range(1, index.line_count + 1):
        match = _DIRECTIVE.search(index.line_text(number))
        if match and match.group(1) == "ignore-file":
            return _add_code(index, number, match, code)
    newline = "\r\n" if index.line_text(1).endswith("\r") else "\n"
    return lsp.text_edit(index, 1, 1, 1, 1, f"# speclint: ignore-file[{code}]{newline}")

