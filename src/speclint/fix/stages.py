"""Fixes for findings that pipeline stages report rather than rules' check(): the loader's
(Y002 duplicate key, Y004 byte-order mark), the schema's (S001 unknown key, for the known
renames in data/fix_renames.json) and the suppression comments' (C002 unused suppression).

`attach(doc, diagnostics)` adds them after the stages ran; C002 calls `unused_suppression`
where it reports. Each function returns None where no edit is certain to be right.
"""

from __future__ import annotations

import re

from functools import lru_cache
from typing import Optional

from speclint.fix import SAFE, UNSAFE, Edit, Fix, edit, edit_at, line_index
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode, is_merge_key, key_text


def attach(doc, diagnostics: list) -> list:
    """`diagnostics` with the stage findings' fixes added (the list is returned; unchanged
    findings are the same objects)."""
    from speclint.record import replace

    makers = {"Y002": _duplicate_key, "Y004": _byte_order_mark, "S001": _unknown_key}  # lint.STAGE_FIXES
    out = []
    for d in diagnostics:
        maker = makers.get(d.code)
        if maker is not None and d.fix is None and d.path == doc.path and doc.text:
            try:
                fix = maker(doc, d)
            except Exception:  # noqa: BLE001 - a fix that cannot be made is no fix, never a crash
                fix = None
            if fix is not None:
                d = replace(d, fix=fix)
        out.append(d)
    return out


# --- Y004: the byte-order mark --------------------------------------------------------

def _byte_order_mark(doc, d) -> Optional[Fix]:
    """Offset -1..0 is the byte-order mark before the document's text (see speclint.fix)."""
    if not doc.bom:
        return None
    return Fix((Edit(-1, 0, "", None, 1, 1, 1, 1, 0, 3, 1, "\ufeff"),), SAFE, "remove the byte-order mark")


# --- Y002: the earlier of two duplicate keys -------------------------------------------

def _duplicate_key(doc, d) -> Optional[Fix]:
    found = _pair_at(doc.root, d.line, d.column)
    if found is None:
        return None
    mapping, index = found
    if mapping.flow:
        return None
    key = mapping.pairs[index][0]
    name = key_text(key)
    earlier = [i for i in range(index) if key_text(mapping.pairs[i][0]) == name and not is_merge_key(mapping.pairs[i][0])]
    if not earlier:
        return None
    first = earlier[-1]  # the one this finding names as overridden
    first_key, first_value = mapping.pairs[first]
    line = doc.line_text(first_key.start_line)
    if line[:first_key.start_column - 1].strip():
        return None  # not the first thing on its line (`- key: ...`): removing lines would take more
    if _has_anchor(first_value) or _has_anchor(first_key):
        return None  # an alias elsewhere may name what would be removed
    last = _last_line(first_key, first_value)
    following = mapping.pairs[first + 1][0] if first + 1 < len(mapping.pairs) else None
    if following is None or following.start_line <= last:
        return None
    safety = _removal_safety(first_value, mapping.pairs[index][1])
    if safety is None:
        return None
    index_ = line_index(doc)
    start = index_.offset(first_key.start_line, 1)
    end = index_.starts[last] if last < index_.line_count else len(doc.text)
    return Fix.make(safety, f'remove the earlier "{name}" (line {first_key.start_line}), which AWS ignores',
                    edit(doc, start, end, ""))


def _removal_safety(earlier, later) -> Optional[str]:
    """How safe removing the `earlier` value is, seeing the `later` one: safe for a scalar or
    an empty block; unsafe for a mapping or list with content where the later value has the
    same shape (the author may have meant both: merging is theirs to do); no fix where the
    shapes differ - a key read twice because indentation was lost (`phases:` empty, then the
    phases at top level) would take command lists with it."""
    def shape(node):
        if isinstance(node, MappingNode):
            return "mapping" if node.pairs else "empty"
        if isinstance(node, SequenceNode):
            return "list" if node.items else "empty"
        return "empty" if node is None or (isinstance(node, ScalarNode) and node.value in (None, "")) else "scalar"

    first, second = shape(earlier), shape(later)
    if first in ("empty", "scalar"):
        return SAFE
    return UNSAFE if first == second else None


def _nodes(root):
    """Every node under `root` (keys too), each shared node once."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            for key, value in node.pairs:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)


def _pair_at(root, line: int, column: int):
    """(mapping, pair index) of the mapping key that starts at (line, column)."""
    for node in _nodes(root):
        if isinstance(node, MappingNode):
            for i, (key, _value) in enumerate(node.pairs):
                if key.start_line == line and key.start_column == column:
                    return node, i
    return None


def _has_anchor(node) -> bool:
    return any(current.anchor for current in _nodes(node))


def _last_line(key, value) -> int:
    """The last line that holds the pair's text (a block scalar ends at column 1 of the next line)."""
    last = max(key.end_line, value.end_line if value is not None else key.end_line)
    if value is not None and value.end_column == 1 and value.end_line > key.end_line:
        last = value.end_line - 1
    return last


# --- S001: known renames ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _renames() -> dict:
    from speclint import data

    table: dict = {}
    for item in data.load("fix_renames.json")["renames"]:
        table.setdefault((item["tag"], item["key"]), []).append((tuple(item["parent"]), item["to"]))
    return table


def _rename(tag, parent: tuple, key: str) -> Optional[str]:
    for pattern, target in _renames().get((tag, key), ()):
        if len(pattern) == len(parent) and all(p in ("*", q) for p, q in zip(pattern, parent)):
            return target
    return None


def _unknown_key(doc, d) -> Optional[Fix]:
    found = _pair_at(doc.root, d.line, d.column)
    if found is None:
        return None
    mapping, index = found
    key = mapping.pairs[index][0]
    if not isinstance(key, ScalarNode) or key.style != "plain":
        return None
    parent = _parent_path(doc.root, mapping)
    if parent is None:
        return None
    target = _rename(doc.tag, parent, key.text)
    if target is None or any(key_text(k) == target for k, _ in mapping.pairs):
        return None  # renaming onto an existing key would make a duplicate
    return Fix.make(UNSAFE, f'rename "{key.text}" to "{target}"',
                    edit_at(doc, key.start_line, key.start_column, key.end_line, key.end_column, target))


def _parent_path(root, target) -> Optional[tuple]:
    """The path of mapping `target` from the root, with `*` for list items."""
    stack = [((), root)]
    seen = set()
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node is target:
            return path
        if isinstance(node, MappingNode):
            for key, value in node.pairs:
                stack.append((path + (key_text(key),), value))
        elif isinstance(node, SequenceNode):
            for item in node.items:
                stack.append((path + ("*",), item))
    return None


# --- C002: an unused suppression ---------------------------------------------------------

def _root(doc):
    """The document's node tree; parsed again where the caller has only the text (the
    suppressions applied after ShellCheck)."""
    if doc.root is None and doc.text:
        if "_fix_root" not in doc.__dict__:
            from speclint.source import open_source

            opened = open_source(doc.text.encode("utf-8", "surrogateescape"), shown="document.yml", kind=doc.kind)
            doc.__dict__["_fix_root"] = opened.documents[0].root if opened.documents else None
        return doc.__dict__["_fix_root"]
    return doc.root


def _inside_scalar(root, line: int, column: int) -> bool:
    """Whether (line, column) lies inside a scalar's text (a block scalar, a quoted string)."""
    for node in _nodes(root):
        if isinstance(node, ScalarNode) and (node.start_line, node.start_column) <= (line, column) < (node.end_line, node.end_column):
            return True
    return False


_DIRECTIVE = re.compile(r"#[ \t]*speclint:[ \t]*[\w-]+[ \t]*\[[^\]]*\][ \t]*")


def _kept_comment(text: str, hash_column: int):
    """(start, end, replacement) in `text` (a line) that removes the `speclint: ...[...]`
    directive at `hash_column` and keeps the comment text after it (`# speclint:
    ignore[B010] because of reasons` -> `# because of reasons`; `... # note` -> `# note`), or
    None when nothing follows the directive."""
    found = _DIRECTIVE.match(text, hash_column - 1)
    if found is None or not text[found.end():].strip():
        return None
    rest = text[found.end():]
    if rest.startswith("#"):
        return hash_column - 1, found.end(), ""
    return hash_column, found.end(), " "


def unused_suppression(doc, line: int, hash_column: int, code_column: Optional[int] = None,
                       code: Optional[str] = None) -> Optional[Fix]:
    """Remove the whole `# speclint:` comment (code None), or one code from its list.

    A comment on a line of its own goes with its line; after a value, it goes with the
    spaces before it."""
    if not doc.text or _inside_scalar(_root(doc), line, hash_column):
        return None  # the directive scanner reads lines: this `#` may be part of a value (a command)
    text = doc.line_text(line)
    index = line_index(doc)
    line_start = index.offset(line, 1)
    if code is None:
        before = text[:hash_column - 1]
        kept = _kept_comment(text, hash_column)
        if kept is not None:  # the author's words after the directive stay, as ruff's RUF100 keeps them
            start, end, replacement = kept
            return Fix.make(SAFE, "remove the unused suppression, keep the rest of the comment",
                            edit(doc, line_start + start, line_start + end, replacement))
        if not before.strip():
            end = index.starts[line] if line < index.line_count else len(doc.text)
            start = line_start
            if end == len(doc.text) and line > 1 and not doc.text.endswith("\n"):
                start = line_start - 1 - (1 if doc.text[line_start - 2:line_start - 1] == "\r" else 0)
            return Fix.make(SAFE, "remove the unused suppression comment", edit(doc, start, end, ""))
        keep = len(before.rstrip())
        return Fix.make(SAFE, "remove the unused suppression comment",
                        edit(doc, line_start + keep, line_start + len(text), ""))
    start = code_column - 1
    end = start + len(code)
    rest = text[end:]
    after = len(rest) - len(rest.lstrip(" \t"))
    if rest[after:after + 1] == ",":
        end += after + 1
        end += len(text[end:]) - len(text[end:].lstrip(" \t"))
    else:
        head = text[:start].rstrip(" \t")
        if not head.endswith(","):
            return None  # the only code: the caller removes the comment
        start = len(head) - 1
    return Fix.make(SAFE, f'remove "{code}" from the suppression', edit(doc, line_start + start, line_start + end, ""))
