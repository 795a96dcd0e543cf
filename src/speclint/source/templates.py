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

# Tried on each line in this order (anchored at the line's start): the first that matches names the language.
_TAGS = (
    ("Handlebars/Mustache", re.compile(r"[ \t]*\{\{~?(?:[#/^!>]|\s*else\b\s*~?\}\})")),
    ("Go", re.compile(r"[ \t]*\{\{-?\s*(?:if|else|end|range|with|define|template|block|include|toYaml|\$\w*\s*:=|/\*)"
                      r"(?![\w-])")),
    ("Jinja", re.compile(r"[ \t]*(?:\{%[-+]?\s*\w+|\{#.*#\})")),
    ("ERB", re.compile(r"[ \t]*<%[-=#]?")),
    ("Terraform", re.compile(r"[ \t]*%\{~?\s*(?:if|for|else|endif|endfor)\b")),
)
# A line that opens a block scalar (`key: |`, `- >-`): the more indented lines after it are text.
_BLOCK_HEADER = re.compile(r"[:-][ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def template_syntax(text: str) -> Optional[tuple]:
    """(syntax name, 1-based line, 1-based column, end column) of the first template tag that
    opens a line, or None when the file has no template structure.

    One pass over the lines; lines inside YAML block scalars (`|`, `>`) are shell text, not
    structure, and are skipped.
    """
    block_indent = None  # the indentation of the `key: |` line whose block scalar we are in
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped.strip() or indent > block_indent:
                continue
            block_indent = None
        if stripped[:1] in ("{", "<", "%"):
            for syntax, pattern in _TAGS:
                if pattern.match(line):
                    end = len(line.rstrip("\r"))
                    return syntax, number, indent + 1, max(end + 1, indent + 2)
        if _BLOCK_HEADER.search(line.rstrip()):
            block_indent = indent
    return None
