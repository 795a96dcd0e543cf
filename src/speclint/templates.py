"""Template sources: a file that becomes a buildspec or appspec only once a template engine renders it.

`template_syntax(text)` finds template tags that stand where YAML structure stands - at the
start of a line, outside any value: `{% if %}` (Jinja, Nunjucks, Liquid, Twig), `{{#if}}`
(Handlebars, Mustache), `{{ if .X }}`/`{{- range }}` (Go templates, Helm), `<% %>` (ERB,
EJS), `%{ if }` (Terraform's templatefile). Such a file is not YAML until rendered, so it gets one F004 notice instead of parser
errors. `{{ placeholders }}` inside values (`- echo {{ tag }}`, `key: "{{ x }}"`) are
not template structure: those files are linted as usual (S008 covers the placeholders).
"""

from __future__ import annotations

import re
from typing import Optional

# Checked in this order: the first syntax whose tag opens a line names the template language.
_TAGS = (
    ("Handlebars/Mustache", re.compile(r"^[ \t]*\{\{~?[#/^!>]|^[ \t]*\{\{~?\s*else\b\s*~?\}\}", re.MULTILINE)),
    ("Go", re.compile(r"^[ \t]*\{\{-?\s*(?:if|else|end|range|with|define|template|block|include|toYaml|\$\w*\s*:=|/\*)"
                               r"(?![\w-])", re.MULTILINE)),
    ("Jinja", re.compile(r"^[ \t]*\{%[-+]?\s*\w+|^[ \t]*\{#.*#\}", re.MULTILINE)),
    ("ERB", re.compile(r"^[ \t]*<%[-=#]?", re.MULTILINE)),
    ("Terraform", re.compile(r"^[ \t]*%\{~?\s*(?:if|for|else|endif|endfor)\b", re.MULTILINE)),
)
def template_syntax(text: str) -> Optional[tuple]:
    """(syntax name, 1-based line, 1-based column, end column) of the first template tag that
    opens a line, or None when the file has no template structure.

    Lines inside YAML block scalars (`|`, `>`) are shell text, not structure, and are skipped.
    """
    found = None
    for syntax, pattern in _TAGS:
        match = pattern.search(text)
        while match is not None and _in_block_scalar(text, match.start()):
            next_line = text.find("\n", match.start())
            match = pattern.search(text, next_line + 1) if next_line >= 0 else None
        if match is not None and (found is None or match.start() < found[1].start()):
            found = (syntax, match)
    if found is None:
        return None
    syntax, match = found
    line = text.count("\n", 0, match.start()) + 1
    line_start = text.rfind("\n", 0, match.start()) + 1
    tag_start = match.start() + len(match.group()) - len(match.group().lstrip(" \t"))
    line_end = text.find("\n", tag_start)
    end = len(text) if line_end < 0 else line_end
    return syntax, line, tag_start - line_start + 1, end - line_start + 1


_BLOCK_HEADER = re.compile(r"[:-][ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _in_block_scalar(text: str, offset: int) -> bool:
    """Whether the line at `offset` belongs to a `|`/`>` block scalar (more indented than its header)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:text.find("\n", line_start) if "\n" in text[line_start:] else len(text)]
    indent = len(line) - len(line.lstrip(" "))
    if indent == 0:
        return False
    position = line_start - 1
    while position > 0:
        start = text.rfind("\n", 0, position) + 1
        previous = text[start:position]
        position = start - 1
        if not previous.strip():
            continue
        previous_indent = len(previous) - len(previous.lstrip(" "))
        if previous_indent < indent:
            return bool(_BLOCK_HEADER.search(previous.rstrip()))
    return False
