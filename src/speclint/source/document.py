"""Document: one linted file - its text, node tree, kind and variant - as rules see it."""

from __future__ import annotations

from typing import Optional

from speclint.context import LintContext
from speclint.source.nodes import MappingNode, Node
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
    # The file's `# speclint:` comments (speclint.suppress.Directives).
    directives: Optional[object] = None
    _lines: Optional[list] = None

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
