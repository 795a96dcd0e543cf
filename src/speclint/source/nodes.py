"""The position-exact node tree that rules read.

Every node - mapping keys, sequence items and scalars of every type - knows where it starts
and ends, its tag and, for scalars, the original source text and quoting style, so a rule
can tell `'0.0'` from `0.0` and `0644` from `"0644"`.

Positions are stored in one unit: `start` and `end` are 0-based code-point offsets into the
document's decoded text (`end` exclusive), which fixes and position maps use directly. The
1-based `start_line`, `start_column`, `end_line`, `end_column` and `span` that findings
carry are derived from them through the document's one `positions.LineIndex`
(`line_index`, shared by every node of a tree).
Aliases resolve to the anchored node itself (shared, never copied), so an alias bomb
costs no memory here; `expanded_size` tells how big the data would be once expanded.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Iterator, Optional, Union

from speclint.diagnostics import Span
from speclint.source.positions import LineIndex

PLAIN, SINGLE, DOUBLE, LITERAL, FOLDED = "plain", "single", "double", "literal", "folded"


class Node:
    """`start`, `end`: code-point offsets into `line_index.text` (end exclusive).
    `size`: how many nodes this one stands for once aliases are expanded."""

    __slots__ = ("start", "end", "line_index", "tag", "anchor", "size")

    def __init__(self, start: int, end: int, line_index: LineIndex, tag=None, anchor=None):
        self.start = start
        self.end = end
        self.line_index = line_index
        self.tag = tag
        self.anchor = anchor
        self.size = 1

    @property
    def start_line(self) -> int:
        return bisect_right(self.line_index.starts, self.start)

    @property
    def start_column(self) -> int:
        starts = self.line_index.starts
        return self.start - starts[bisect_right(starts, self.start) - 1] + 1

    @property
    def end_line(self) -> int:
        return bisect_right(self.line_index.starts, self.end)

    @property
    def end_column(self) -> int:
        starts = self.line_index.starts
        return self.end - starts[bisect_right(starts, self.end) - 1] + 1

    @property
    def span(self) -> Span:
        """1-based start and (exclusive) end line and column."""
        starts = self.line_index.starts
        start, end = self.start, self.end
        first = bisect_right(starts, start)
        last = bisect_right(starts, end)
        return Span(first, start - starts[first - 1] + 1, last, end - starts[last - 1] + 1)

    def to_python(self) -> Any:
        raise NotImplementedError


class ScalarNode(Node):
    """A scalar with its YAML 1.1 value (`value`), raw text and style.

    `yaml_type` is the resolved type name: str, int, float, bool, null, timestamp.
    """

    __slots__ = ("value", "text", "style", "yaml_type")

    def __init__(self, start, end, line_index, value, text, style, yaml_type, tag=None, anchor=None):
        super().__init__(start, end, line_index, tag, anchor)
        self.value = value
        self.text = text
        self.style = style
        self.yaml_type = yaml_type

    @property
    def is_quoted(self) -> bool:
        return self.style in (SINGLE, DOUBLE)

    def to_python(self) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r} @{self.start_line}:{self.start_column})"


class SequenceNode(Node):
    __slots__ = ("items", "flow")

    def __init__(self, start, end, line_index, items, flow=False, tag=None, anchor=None):
        super().__init__(start, end, line_index, tag, anchor)
        self.items: list[Node] = items
        self.flow = flow

    def to_python(self) -> list:
        return [item.to_python() for item in self.items]

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"SequenceNode({len(self.items)} items @{self.start_line}:{self.start_column})"


class MappingNode(Node):
    """A mapping as written (`pairs`, duplicates and merge keys kept) and as read (`entries`).

    `entries()` applies YAML merge keys (`<<`) and lets the last duplicate win, as
    CodeBuild's and the CodeDeploy agent's parsers do.
    """

    __slots__ = ("pairs", "flow", "_index")

    def __init__(self, start, end, line_index, pairs, flow=False, tag=None, anchor=None):
        super().__init__(start, end, line_index, tag, anchor)
        self.pairs: list[tuple[Node, Node]] = pairs
        self.flow = flow
        self._index: Optional[dict] = None

    def _build_index(self) -> dict:
        index: dict = {}
        for key, value in self.pairs:
            if is_merge_key(key):
                sources = value.items if isinstance(value, SequenceNode) else [value]
                for source in sources:
                    if isinstance(source, MappingNode):
                        for mkey, (kn, vn) in source.index().items():
                            index.setdefault(mkey, (kn, vn))
        explicit: dict = {}
        for key, value in self.pairs:
            if not is_merge_key(key):
                explicit[key_text(key)] = (key, value)
        # Explicit keys override merged ones; keep merged ones not overridden.
        for k, pair in explicit.items():
            index.pop(k, None)
        index.update(explicit)
        return index

    def index(self) -> dict:
        """key text -> (key node, value node), effective view."""
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def entries(self) -> list[tuple[Node, Node]]:
        return list(self.index().values())

    def keys(self) -> list[str]:
        return list(self.index().keys())

    def get(self, key: str) -> Optional[Node]:
        pair = self.index().get(key)
        return pair[1] if pair else None

    def get_key(self, key: str) -> Optional[Node]:
        pair = self.index().get(key)
        return pair[0] if pair else None

    def __contains__(self, key: str) -> bool:
        return key in self.index()

    def to_python(self) -> dict:
        return {k: v.to_python() for k, (_, v) in self.index().items()}

    def __repr__(self) -> str:
        return f"MappingNode({len(self.pairs)} pairs @{self.start_line}:{self.start_column})"


AnyNode = Union[ScalarNode, SequenceNode, MappingNode]


def is_merge_key(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style == PLAIN and node.text == "<<" and node.tag in (None, "tag:yaml.org,2002:merge")


def key_text(node: Node) -> str:
    """The string a mapping key stands for (non-string keys such as `1:` or `? [a, b]` too)."""
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) else node.text
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(key_text(i) for i in node.items) + "]"
    if isinstance(node, MappingNode):
        return "{" + ", ".join(f"{key_text(k)}: {key_text(v)}" for k, v in node.pairs) + "}"
    return "?"


def is_str(node: Optional[Node]) -> bool:
    return isinstance(node, ScalarNode) and isinstance(node.value, str)


def walk(node: Optional[Node]) -> Iterator[tuple[tuple, Node]]:
    """Yield (path, node) for every value node, depth first, each shared node once.

    Iterative, so a 10,000-deep document cannot exhaust Python's recursion limit.
    """
    if node is None:
        return
    seen: set[int] = set()
    stack: list[tuple[tuple, Node]] = [((), node)]
    while stack:
        path, current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield path, current
        if isinstance(current, MappingNode):
            for key, value in reversed(current.entries()):
                stack.append((path + (key_text(key),), value))
        elif isinstance(current, SequenceNode):
            for i in range(len(current.items) - 1, -1, -1):
                stack.append((path + (i,), current.items[i]))


def find(root: Optional[Node], path) -> tuple[Optional[Node], Optional[Node], int]:
    """Follow a JSON path; return (value node, key node of the last mapping step, depth reached).

    When the path leaves the tree the deepest node reached is returned, so a diagnostic
    always has a position.
    """
    node, key_node, depth = root, None, 0
    for step in path:
        if isinstance(node, MappingNode) and isinstance(step, str) and step in node:
            key_node, node = node.index()[step]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.items):
            node = node.items[step]
            key_node = None
        else:
            break
        depth += 1
    return node, key_node, depth
