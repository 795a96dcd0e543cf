"""Document: one buildspec or appspec - its text, node tree, kind and variant - as rules see it.

A plain file is one Document (`name` None, `position_map` the identity). A document
embedded in a host file (a buildspec inside a CloudFormation template) has the host's
name for it (`name`, e.g. the resource's logical id) and a PositionMap from its own text
to the host's; everything inside speclint works in the document's own positions and the
linter converts findings to the host's in one place (lint.to_host).
"""

from __future__ import annotations

from typing import Optional

from speclint.context import LintContext
from speclint.source.nodes import MappingNode, Node
from speclint.source.positions import IDENTITY, LineIndex, PositionMap
from speclint.record import field, record


@record
class Document:
    path: str
    text: str
    root: Optional[Node]
    kind: Optional[str]
    variant: Optional[str] = None
    bom: bool = False
    on_disk: bool = True
    # Where the file really is (the shown `path` may be relative or a stdin name).
    fs_path: Optional[str] = None
    # What the file is linted under (image, revision root, rule options...): read only.
    context: LintContext = field(default_factory=LintContext)
    # Facts the pipeline records about this document while it lints it (ShellCheck ran, the
    # codes ShellCheck was told to skip, memoized lookups): not settings, never configured.
    state: dict = field(default_factory=dict)
    # What a host says about this document (Embedded.context): LintContext fields that replace
    # the file's for this document only (e.g. config_image, config_image_where); lint.prepare
    # applies them with replace().
    host_context: dict = field(default_factory=dict)
    # The file's `# speclint:` comments (speclint.suppress.Directives).
    directives: Optional[object] = None
    # None for a whole file; the host's name for an embedded document (a resource's logical id).
    name: Optional[str] = None
    # Offsets of this document's text -> offsets of the host file's text (identity for a plain file).
    position_map: PositionMap = IDENTITY
    # The loader's findings about this text (speclint.source.loader.Problem), in its positions.
    problems: list = field(default_factory=list)
    # The encoding the bytes were decoded from ("utf-8", "utf-16", ...).
    encoding: str = "utf-8"
    # How the kind and variant were decided (speclint.source.classify.Classification).
    classification: Optional[object] = None
    # (syntax, line, column, end column) when the text is a template source (source/templates.py).
    template: Optional[tuple] = None
    _lines: Optional[list] = None
    _index: Optional[LineIndex] = field(default=None, compare=False)

    @property
    def line_index(self) -> LineIndex:
        """Line starts of `text` (positions.LineIndex): the one the nodes share, else made on first use."""
        if self._index is None:
            root = self.root
            shared = root.line_index if root is not None else None
            self._index = shared if shared is not None and shared.text is self.text else LineIndex(self.text)
        return self._index

    @property
    def lines(self) -> list:
        if self._lines is None:
            self._lines = [line.rstrip("\r") for line in self.text.split("\n")]
        return self._lines

    def line_text(self, line: int) -> str:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    @property
    def mapping(self) -> Optional[MappingNode]:
        return self.root if isinstance(self.root, MappingNode) else None

    @property
    def version(self):
        root = self.mapping
        node = root.get("version") if root else None
        return getattr(node, "value", None)

    @property
    def tag(self) -> Optional[str]:
        """'buildspec', 'appspec:ec2', 'appspec:lambda' or 'appspec:ecs'."""
        if self.kind == "appspec":
            return f"appspec:{self.variant}"
        return self.kind


@record
class Embedded:
    """What a host reader (speclint.source.hosts) finds in a host file: one document's text,
    where it sits in the host (`position_map`), the host's name for it, the kind it must be
    (None: decided from its content like a plain file's) and what the host says about how it
    runs (`context`: speclint.context.LintContext fields, e.g. `config_image` and
    `config_image_where` for the project's image), which override the file's context for this
    document (Document.host_context)."""

    text: str
    position_map: PositionMap
    name: Optional[str] = None
    kind: Optional[str] = None
    context: dict = field(default_factory=dict)
    # What the host says about the document itself (Document.state): its template placeholders,
    # the project's platform, whether it is a JSON string (speclint.source.hosts).
    state: dict = field(default_factory=dict)

