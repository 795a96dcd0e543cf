"""The Rule base class: metadata, docs and a `check(document)` generator.

A rule never prints, parses or computes positions by hand: it yields `self.report(...)`
with a node, and the node knows where it is. Docs live in the class docstring in fixed
sections (What it does / Why it matters / Example / Use instead / References).
"""

from __future__ import annotations

import re
from typing import ClassVar, Iterable, Iterator, Optional

from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.source.document import Document
from speclint.source.nodes import Node

CODE_PATTERN = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Use instead", "References")
# Sections only some rules have: "Fix safety" says what `--fix` does and why it is safe or not.
OPTIONAL_SECTIONS = ("Fix safety",)

# Where a rule applies: file kinds and appspec variants.
ALL = frozenset({"buildspec", "appspec:ec2", "appspec:lambda", "appspec:ecs"})
BUILDSPEC = frozenset({"buildspec"})
APPSPEC = frozenset({"appspec:ec2", "appspec:lambda", "appspec:ecs"})
EC2 = frozenset({"appspec:ec2"})
LAMBDA = frozenset({"appspec:lambda"})
ECS = frozenset({"appspec:ecs"})
SERVICE_APPSPEC = LAMBDA | ECS


def format_path(path: Iterable) -> str:
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    applies_to: ClassVar[frozenset] = ALL
    # The AWS failure message or reference this rule prevents, shown in the docs.
    prevents: ClassVar[str] = ""
    # Rules that are reported by a pipeline stage (loader, schema) rather than by check().
    stage: ClassVar[str] = "rules"
    # Off unless selected explicitly.
    default_enabled: ClassVar[bool] = True
    # "safe" or "unsafe" when the rule's findings carry a fix (speclint.fix), "" when they do not;
    # the docstring's "Fix safety" section says why.
    fix_safety: ClassVar[str] = ""
    # The schema codes this rule replaces at the JSON path of its finding (rules/supersession.py).
    supersedes: ClassVar[frozenset] = frozenset()
    # The configuration keys this rule reads: key -> speclint.context.Option (type, default,
    # doc). The configuration is validated against them and the docs list them; the rule
    # reads a value with self.option(document, key).
    options: ClassVar[dict] = {}

    def applies(self, document: Document) -> bool:
        return document.tag in self.applies_to

    def check(self, document: Document) -> Iterator[Diagnostic]:
        return iter(())

    def option(self, document: Document, key: str):
        """The value of this rule's option `key` for `document`: as the configuration or a flag
        set it, else the default of its declaration (KeyError: the rule does not declare it)."""
        return document.context.option(key, self.options[key])

    def report(
        self,
        document: Document,
        node: Optional[Node],
        message: str,
        hint: Optional[str] = None,
        *,
        severity: Optional[Severity] = None,
        path: Optional[Iterable] = None,
        span: Optional[Span] = None,
        fix=None,
    ) -> Diagnostic:
        if span is None:
            span = node.span if node is not None else Span(1, 1, 1, 1)
        return Diagnostic(
            path=document.path,
            span=span,
            code=self.code,
            name=self.name,
            severity=severity if severity is not None else self.severity,
            message=message,
            hint=hint,
            json_path=format_path(path) if path is not None else None,
            fix=fix,
        )

    @classmethod
    def docs(cls) -> str:
        import inspect  # docs only: inspect is slow to import

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict:
        """The docstring split into its fixed sections (plus 'Summary', the first paragraph)."""
        text = cls.docs()
        sections: dict = {}
        current = "Summary"
        buffer: list = []
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.rstrip(":") in DOC_SECTIONS + OPTIONAL_SECTIONS and stripped.endswith(":"):
                sections[current] = "\n".join(buffer).strip()
                current, buffer = stripped.rstrip(":"), []
            else:
                buffer.append(line)
        sections[current] = "\n".join(buffer).strip()
        return sections
