"""Text -> position-exact node tree, once per file.

Decoding problems, YAML syntax errors, duplicate keys, extra documents, alias bombs and
absurd nesting all become findings here, each at the exact line and column; the loader
never raises on user input. Events come from libyaml (ruamel.yaml.clib) when available and
from ruamel.yaml's pure-Python parser otherwise; the tree is composed iteratively.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional

from speclint.source import yaml11
from speclint.source.nodes import (
    DOUBLE,
    FOLDED,
    LITERAL,
    PLAIN,
    SINGLE,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    is_merge_key,
    key_text,
)
from speclint.source.positions import LineIndex
from speclint.record import field, record

MAX_DEPTH = 500
MAX_EXPANDED_NODES = 250_000
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024

# The YAML 1.1 tag repository (yaml.org/type): anything else - !Ref, !!python/... - is
# unknown to AWS and read as plain data, never constructed.
STANDARD_TAGS = {"tag:yaml.org,2002:" + name for name in (
    "str", "int", "float", "bool", "null", "timestamp", "binary", "merge", "value", "yaml",
    "seq", "map", "omap", "pairs", "set")}
# Lone CR, NEL and the Unicode line/paragraph separators break lines for YAML 1.1 parsers
# (libyaml counts them); speclint's line model is "\n", so they are read as "\n".
_LINE_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_ANY_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_STYLES = {None: PLAIN, "": PLAIN, "'": SINGLE, '"': DOUBLE, "|": LITERAL, ">": FOLDED}


@record
class Problem:
    """A loader finding, before it is tied to a rule: (check name, position, message, hint)."""

    check: str
    line: int
    column: int
    message: str
    hint: Optional[str] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None


@record
class Loaded:
    text: str
    root: Optional[Node]
    problems: list = field(default_factory=list)
    bom: bool = False
    encoding: str = "utf-8"
    aliases: int = 0
    # Line starts of `text` (positions.LineIndex), shared by every node of `root`; None when undecodable.
    line_index: Optional[LineIndex] = None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a byte offset, counting lines as YAML parsers do."""
    parts = _ANY_BREAK.split(data[:offset].decode("utf-8", "replace"))
    return len(parts), len(parts[-1]) + 1


def decode(data: bytes) -> tuple[Optional[str], list, bool, str]:
    """Bytes -> text. Returns (text or None, problems, had UTF-8 BOM, encoding)."""
    problems: list = []
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        enc = "utf-32"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        enc = "utf-16"
    else:
        enc = None
    if enc:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            problems.append(Problem("encoding", 1, 1, f"file starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()}: {exc.reason}",
                                    "save the file as UTF-8 without a byte-order mark"))
            return None, problems, False, enc
        problems.append(Problem("encoding", 1, 1, f"file is encoded as {enc.upper()}; AWS reads buildspec and appspec files as UTF-8",
                                "save the file as UTF-8 without a byte-order mark (in VS Code: 'Save with Encoding' > UTF-8)"))
        return text, problems, False, enc
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    if b"\x00" in data:
        line, col = _byte_position(data, data.index(b"\x00"))
        problems.append(Problem("encoding", line, col, "file contains NUL bytes: it is binary, not YAML",
                                "check that this is the file you meant to lint, or exclude it"))
        return None, problems, bom, "binary"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        line, col = _byte_position(data, offset)
        problems.append(Problem("encoding", line, col, f"invalid UTF-8 byte 0x{data[offset]:02x}: AWS reads these files as UTF-8",
                                "re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)"))
        return None, problems, bom, "invalid"
    return text, problems, bom, "utf-8"


def _event_source(text: str, pure: bool = False):
    """(a function returning the next parser event, whether reader errors count UTF-8 bytes):
    libyaml when installed, else pure Python (which counts characters). `pure`: always the
    pure-Python parser, which reads YAML 1.2 flow scalars (`[s3:GetObject]`, `{Ref: AWS::Region}`)
    as CloudFormation does, where the libyaml CodeBuild uses rejects them."""
    try:
        from _ruamel_yaml import CParser  # type: ignore
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        CParser = None
    if pure:
        CParser = None
    if CParser is not None:
        return CParser(text).get_event, True
    from ruamel.yaml import YAML  # pragma: no cover

    return iter(YAML(typ="safe", pure=True).parse(text)).__next__, False  # pragma: no cover


def _pos(mark) -> tuple[int, int]:
    # 0-based marks of parser errors -> 1-based positions (nodes: offsets, see _index_shift).
    return mark.line + 1, mark.column + 1


def _index_shift(text: str, byte_offsets: bool) -> int:
    """What to add to a parser mark's `index` to get a code-point offset into `text`.

    Both parsers count code points of the text in `index` (astral characters, tabs and the
    `\r` of a CRLF count one each), with one exception: libyaml skips a byte-order mark at
    the start of its input without counting it, so a text that still begins with U+FEFF
    (a file saved with two BOMs: decode() removes one) is one ahead of libyaml's index. The
    pure-Python parser counts that BOM in `index` (not in `column`)."""
    return 1 if byte_offsets and text.startswith("\ufeff") else 0


class _Composer:
    """Builds nodes from events with an explicit stack (no recursion).

    Nodes get code-point offsets (the parser mark's `index`, corrected by `shift`, see
    _index_shift) and the one LineIndex of the text."""

    def __init__(self, text: str, shift: int = 0, line_index: Optional[LineIndex] = None):
        self.text = text
        self.shift = shift
        self.line_index = line_index or LineIndex(text)
        self.problems: list = []
        self.anchors: dict[str, Node] = {}
        self.aliases = 0
        self.expanded = 0  # nodes that aliases add to the tree (each alias adds its anchor's size)

    def _scalar(self, event) -> ScalarNode:
        style = _STYLES.get(event.style, PLAIN)
        tag = event.tag
        value_text = event.value
        implicit = event.implicit
        plain_implicit = implicit[0] if implicit.__class__ is tuple else bool(implicit)
        if tag and tag != "!":
            if tag.startswith("!!"):
                tag = "tag:yaml.org,2002:" + tag[2:]
            kind, value = yaml11.resolve_tagged(value_text, tag)
            if tag not in STANDARD_TAGS:
                self._unknown_tag(event, tag)
        elif style == PLAIN and plain_implicit:
            kind, value = yaml11.resolve_plain(value_text)
        else:
            kind, value = yaml11.STR, value_text
        start_mark, end_mark = event.start_mark, event.end_mark
        end = end_mark.index + self.shift
        if end_mark.column == 0 and (style is LITERAL or style is FOLDED) and end_mark.line > start_mark.line:
            # A block scalar ends at the start of the next line; point at the last content line.
            end = self._end_of_previous_line(end)
        return ScalarNode(start_mark.index + self.shift, end, self.line_index, value, value_text, style, kind, tag,
                          event.anchor)

    def _end_of_previous_line(self, offset: int) -> int:
        """The offset of the end of the line before the one `offset` starts (before its CR)."""
        text = self.text
        newline = text.rfind("\n", 0, offset)
        if newline > 0 and text[newline - 1] == "\r":
            return newline - 1
        return max(newline, 0)

    def _position(self, mark) -> tuple[int, int]:
        """The 1-based (line, column) of a parser mark, through the text's LineIndex."""
        return self.line_index.position(mark.index + self.shift)

    def _unknown_tag(self, event, tag):
        line, col = self._position(event.start_mark)
        self.problems.append(Problem(
            "unknown-tag", line, col,
            f"YAML tag {tag!r} is not resolved by CodeBuild or CodeDeploy; the value is read as plain data",
            "tags such as !Ref and !Sub belong to CloudFormation templates, not to the buildspec or appspec file itself",
        ))

    def compose(self, events) -> tuple[Optional[Node], int]:
        """Compose the first document; return (root, number of documents)."""
        root: Optional[Node] = None
        documents = 0
        stack: list = []  # frames: [kind, start_event, items]
        scalar, container, anchors = self._scalar, self._container, self.anchors
        while True:
            event = events()
            name = event.__class__.__name__
            if name == "ScalarEvent":
                if documents > 1:
                    continue
                node = scalar(event)
                if event.anchor:
                    anchors[event.anchor] = node
            elif name == "MappingStartEvent" or name == "SequenceStartEvent":
                if documents > 1:
                    continue
                if len(stack) >= MAX_DEPTH:
                    line, col = self._position(event.start_mark)
                    self.problems.append(Problem("document-too-complex", line, col,
                                                 f"nesting is deeper than {MAX_DEPTH} levels; the file is not checked further",
                                                 "a buildspec or appspec never needs more than a few levels"))
                    return None, documents
                stack.append((name, event, []))
                continue
            elif name == "MappingEndEvent" or name == "SequenceEndEvent":
                if documents > 1:
                    continue
                kind, start_event, items = stack.pop()
                node = container(kind, start_event, event, items)
            elif name == "AliasEvent":
                if documents > 1:
                    continue
                self.aliases += 1
                node = anchors.get(event.anchor)
                if node is None:
                    line, col = self._position(event.start_mark)
                    self.problems.append(Problem("yaml-syntax", line, col, f"alias *{event.anchor} refers to no anchor defined before it",
                                                 f"define '&{event.anchor}' before using '*{event.anchor}'"))
                    node = ScalarNode(event.start_mark.index + self.shift, event.end_mark.index + self.shift,
                                      self.line_index, None, "", PLAIN, yaml11.NULL)
                self.expanded = min(self.expanded + node.size, MAX_EXPANDED_NODES * 4)
            elif name == "DocumentStartEvent":
                documents += 1
                if documents == 2:
                    line, col = self._position(event.start_mark)
                    self.problems.append(Problem(
                        "multiple-documents", line, col,
                        "file has more than one YAML document; AWS reads only the first one",
                        "remove the '---' separator and everything after it, or merge the documents",
                    ))
                continue
            elif name == "StreamEndEvent":
                break
            else:  # stream start, document end
                continue
            if stack:
                stack[-1][2].append(node)
            else:
                root = node
        return root, documents

    def _container(self, kind, start_event, end_event, items) -> Node:
        start = start_event.start_mark.index + self.shift
        flow = bool(start_event.flow_style)
        end = items[-1].end if items and not flow else end_event.end_mark.index + self.shift
        tag = start_event.tag
        if tag and tag != "!":
            full = "tag:yaml.org,2002:" + tag[2:] if tag.startswith("!!") else tag
            if full not in STANDARD_TAGS:
                self._unknown_tag(start_event, tag)
        if kind == "SequenceStartEvent":
            node: Node = SequenceNode(start, end, self.line_index, items, flow, tag, start_event.anchor)
            node.size = 1 + sum(i.size for i in items)
        else:
            pairs = [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
            node = MappingNode(start, end, self.line_index, pairs, flow, tag, start_event.anchor)
            node.size = 1 + sum(k.size + v.size for k, v in pairs)
            self._check_duplicates(pairs)
        if node.size > MAX_EXPANDED_NODES * 4:
            node.size = MAX_EXPANDED_NODES * 4  # keep the integers small; the limit is what matters
        if start_event.anchor:
            self.anchors[start_event.anchor] = node
        return node

    def _check_duplicates(self, pairs):
        seen: dict[str, Node] = {}
        for key, _ in pairs:
            if is_merge_key(key):
                continue
            text = key_text(key)
            first = seen.get(text)
            if first is not None:
                self.problems.append(Problem(
                    "duplicate-key", key.start_line, key.start_column,
                    f"duplicate key {text!r} (previously defined at line {first.start_line}, col {first.start_column}); "
                    "only the last one is used",
                    "merge the two entries into one, or remove the one you do not want",
                    key.end_line, key.end_column,
                ))
            else:
                seen[text] = key


def parse(text: str, line_index: Optional[LineIndex] = None, pure: bool = False) -> tuple[Optional[Node], list, int]:
    """YAML (or JSON) text -> (root node or None, problems, alias count). The nodes share
    `line_index` (made here when not given), which must be the LineIndex of `text`. `pure`:
    parsed as CloudFormation reads a template (see _event_source), not as CodeBuild reads a buildspec."""
    events, byte_offsets = _event_source(text, pure) if pure else _event_source(text)
    composer = _Composer(text, _index_shift(text, byte_offsets), line_index)
    try:
        root, documents = composer.compose(events)
    except Exception as exc:  # ruamel's scanner, parser and reader errors
        return None, composer.problems + [_syntax_problem(exc, text, byte_offsets)], composer.aliases
    # Without aliases the tree is no larger than the text (which --max-file-size bounds): only
    # what aliases add can make it explode, so a long plain list is no bomb.
    if root is not None and composer.expanded >= MAX_EXPANDED_NODES:
        composer.problems.append(Problem(
            "document-too-complex", root.start_line, root.start_column,
            f"aliases expand this document to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb); the file is not checked further",
            "use anchors and aliases sparingly; AWS's parsers may refuse or time out on such a file",
        ))
        return None, composer.problems, composer.aliases
    return root, composer.problems, composer.aliases


def _char_offset(text: str, offset: int, byte_offsets: bool) -> int:
    """A reader error's offset as a character index: libyaml counts UTF-8 bytes (a character
    after four-byte emoji is otherwise placed columns, or lines, too far)."""
    if not byte_offsets:
        return offset
    return len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))


def _syntax_problem(exc: Exception, text: str, byte_offsets: bool = False) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if mark is None and hasattr(exc, "position"):
        # ReaderError: an unacceptable character at a character offset.
        position = _char_offset(text, exc.position, byte_offsets)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        char = getattr(exc, "character", "")
        code = ord(char) if isinstance(char, str) and char else char
        return Problem("yaml-syntax", line, column,
                       f"unacceptable character #x{code:04x}: control characters are not allowed in YAML" if isinstance(code, int) else str(exc),
                       "remove the control character")
    if mark is None:
        return Problem("yaml-syntax", 1, 1, f"YAML error: {exc}", None)
    line, column = _clamp(text, *_pos(mark))
    message = problem or str(exc)
    if context:
        message = f"{message} ({context}"
        cmark = getattr(exc, "context_mark", None)
        if cmark is not None:
            message += f" started at line {cmark.line + 1}, col {cmark.column + 1}"
        message += ")"
    tab = _tab_column(problem or "", text, line)
    if tab is not None:
        return Problem("yaml-syntax", line, tab, f"a tab character in the indentation of line {line}: YAML does not allow "
                                                 "tabs for indentation, so the file cannot be read", "indent with spaces, not tabs")
    hint = _syntax_hint(problem or "", text, line)
    if "mapping values are not allowed" in (problem or "") or "could not find expected ':'" in (problem or ""):
        cmark = getattr(exc, "context_mark", None)
        start = cmark.line + 1 if "could not find" in problem and cmark is not None else line
        better = _misplaced_mapping(text, start)
        if better is not None:
            return Problem("yaml-syntax", *better)
    return Problem("yaml-syntax", line, column, message, hint)


# `key:value` with no space after the colon: YAML reads the whole line as one plain text.
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?![\s]|$)(\S.*)$")
# A `key: value` entry (optionally a list item), with the column where the key starts.
_ENTRY = re.compile(r"^(\s*(?:-\s+)?)([^\s#'\"][^:#]*?):(?:\s+(.*))?$")


def _misplaced_mapping(text: str, line: int) -> Optional[tuple]:
    """Why YAML found "mapping values are not allowed" at `line` (1-based), when the cause is
    one of two common mistakes, as (line, column, message, hint); None otherwise.

    - a `key:value` with no space after the colon on this line or the lines above that YAML
      folded into the same plain text (`version:0.2` then `phases:` fails at `phases:`);
    - a key indented deeper than the `key: value` entry above it (`destination:` under
      `- source: /`), which YAML reads as the continuation of that value.
    """
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    here = lines[line - 1].rstrip("\r")
    # The plain text YAML was reading started at the nearest line above with no deeper indentation.
    for number in range(line, max(0, line - 20), -1):
        source = lines[number - 1].rstrip("\r")
        match = _NO_SPACE.match(source)
        if match and "://" not in source:
            prefix, key, value = match.groups()
            column = len(prefix) + len(key) + 1
            return (number, column, f'"{key}:{value}" has no space after the colon: YAML reads the line as the text '
                                    f'"{key}:{value}", not as the key "{key}"',
                    f"write `{key}: {value}`: YAML needs a space after the colon of a key")
        if number < line and source.strip() and not source.lstrip().startswith("#"):
            break  # only the line above can have swallowed this one
    above = next((lines[n].rstrip("\r") for n in range(line - 2, -1, -1)
                  if lines[n].strip() and not lines[n].lstrip().startswith("#")), None)
    current, previous = _ENTRY.match(here), _ENTRY.match(above) if above is not None else None
    if current and previous and previous.group(3) and not previous.group(3).startswith(("|", ">")):
        key_column = len(current.group(1))
        expected = len(previous.group(1))
        if key_column > expected:
            key, parent = current.group(2), previous.group(2)
            return (line, key_column + 1, f'"{key}" is indented deeper ({key_column} spaces) than "{parent}" above it ({expected}), '
                                          f'so YAML reads it as part of the value of "{parent}"',
                    f'indent "{key}" to the same column as "{parent}" (column {expected + 1}): keys of one mapping line up')
    return None


def _clamp(text: str, line: int, column: int) -> tuple[int, int]:
    """A parser mark at the very end of a file without a final newline points one line past
    the text; show it at the end of the last line instead."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1].rstrip("\r")) + 1
    return line, column


_TABS = "YAML does not allow tabs for indentation: indent with spaces"


def _tab_column(problem: str, text: str, line: int) -> Optional[int]:
    """The 1-based column of the tab that caused a scanner error on this line (a tab in its
    indentation, or one the scanner names), or None when the error is not a tab's."""
    source = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    indent = source[:len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent:
        return indent.index("\t") + 1
    if "tab" in problem and "\t" in source:
        return source.index("\t") + 1
    return None


def _syntax_hint(problem: str, text: str, line: int) -> Optional[str]:
    source = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    if "cannot start any token" in problem and "\t" in source:
        return _TABS
    if "mapping values are not allowed" in problem:
        return "a ': ' inside a value starts a mapping: quote the whole value, e.g. - \"echo a: b\""
    if "could not find expected ':'" in problem or "could not find expected" in problem:
        return "check the indentation and quoting of this line and the one before it"
    if "found undefined alias" in problem:
        return "define the anchor (&name) before the alias (*name)"
    return "fix the YAML syntax at this position; CodeBuild and CodeDeploy reject the whole file"


def load(data: bytes) -> Loaded:
    text, problems, bom, encoding = decode(data)
    if text is None:
        return Loaded("", None, problems, bom, encoding)
    if bom:
        problems.append(Problem("byte-order-mark", 1, 1, "file starts with a UTF-8 byte-order mark (BOM)",
                                "save the file as UTF-8 without BOM (PowerShell: Set-Content -Encoding utf8NoBOM)"))
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _LINE_BREAKS.sub("\n", text)  # YAML's other line breaks; CRLF stays as it is
    line_index = LineIndex(text)
    root, parse_problems, aliases = parse(text, line_index)
    return Loaded(text, root, problems + parse_problems, bom, encoding, aliases, line_index)
