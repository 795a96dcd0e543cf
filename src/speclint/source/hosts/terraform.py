"""Buildspecs in Terraform: `resource "aws_codebuild_project"` in `*.tf` files.

The `buildspec` of the `source` and `secondary_sources` blocks can be:

- a heredoc (`<<EOT`, or `<<-EOT`, whose lines lose their common indentation) or a quoted
  string (with HCL's escapes `\\n`, `\\"`, `\\uXXXX`) -> the buildspec, each character mapped
  to where it is written; a `${...}` interpolation becomes a same-length placeholder, a
  `%{...}` directive as many spaces (a directive line reads as a blank line), and `$${` /
  `%%{` the literal `${` / `%{`;
- `file("...")` / `templatefile("...", {...})` -> that file, linted as this project's
  buildspec (`${path.module}`, `${path.root}` and `${path.cwd}` are the `.tf` file's folder);
- anything else (`jsonencode({...})`, `local.spec`, a data source) -> not checked, with why.

`environment { image, type }` and `build_batch_config` give the context.
HCL is parsed with tree-sitter and tree-sitter-hcl (optional: `pip install 'speclint[terraform]'`):
measured on this machine, importing them takes ~10 ms and parsing a resource ~0.2 ms, with the
byte position of every template part; python-hcl2 took 1.3 s to parse one resource (its Lark
grammar is built on first use) and gives positions of blocks only, not inside strings.
Source: HCL native syntax specification, Template Expressions
(https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-expressions).
"""

from __future__ import annotations

import os
import re
from typing import Optional

from speclint.source.hosts.base import Hosted, map_from_offsets, placeholder
from speclint.source.loader import Problem, decode

RESOURCE = "aws_codebuild_project"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_PATH_VARIABLES = ("${path.module}", "${path.root}", "${path.cwd}")


def available() -> bool:
    try:
        import tree_sitter  # noqa: F401
        import tree_sitter_hcl  # noqa: F401
    except ImportError:
        return False
    return True


def _parser():
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


class _Offsets:
    """Byte offsets of the UTF-8 file -> code-point offsets of its text."""

    def __init__(self, data: bytes, text: str):
        self.table = None
        if len(data) != len(text):
            table = []
            for index, char in enumerate(text):
                table.extend([index] * len(char.encode("utf-8", "surrogatepass")))
            table.append(len(text))
            self.table = table

    def __call__(self, byte: int) -> int:
        if self.table is None:
            return byte
        return self.table[min(byte, len(self.table) - 1)]


def read(data: bytes) -> tuple:
    """(text, embedded buildspecs, problems) of a Terraform file's bytes."""
    text, problems, _bom, _encoding = decode(data)
    if text is None:
        return "", [], problems
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if RESOURCE.encode() not in data:
        return text, [], problems  # no CodeBuild project: nothing to read (and no parser needed)
    if not available():
        return text, [Hosted(RESOURCE, (1, 1, 1, 2), note=(
            "this Terraform file defines CodeBuild projects, but reading HCL needs tree-sitter-hcl: "
            "pip install 'speclint[terraform]'; its buildspecs were not checked"))], []
    tree = _parser().parse(data)
    at = _Offsets(data, text)
    reader = _Reader(data, text, at)
    found: list = []
    for block in _blocks(tree.root_node, "resource"):
        labels = [_literal(child, data) for child in block.children if child.type == "string_lit"]
        if len(labels) < 2 or labels[0] != RESOURCE:
            continue
        name = f"{RESOURCE}.{labels[1]}"
        body = _child(block, "body")
        if body is None:
            continue
        context = reader.context(body)
        index = 0
        for inner in _blocks(body):
            kind = _identifier(inner, data)
            if kind == "dynamic":  # dynamic "secondary_sources" { content { buildspec = ... } }: one for each
                labels = [_literal(child, data) for child in inner.children if child.type == "string_lit"]
                content = next(iter(_blocks(_child(inner, "body"), "content")), None) if _child(inner, "body") else None
                if labels[:1] != ["secondary_sources"] or content is None:
                    continue
                kind, inner = "secondary_sources", content
            if kind not in ("source", "secondary_sources"):
                continue
            attribute = _attribute(_child(inner, "body"), "buildspec", data)
            if attribute is not None and reader.string(attribute) is not None and not reader.string(attribute).strip():
                attribute = None  # "": CodeBuild reads buildspec.yml at the source root (ProjectSource.buildspec)
            shown = name if kind == "source" else f"{name}.secondary_sources[{index}]"
            index += kind == "secondary_sources"
            if attribute is None:
                source_type = _attribute(_child(inner, "body"), "type", data)
                if source_type is None or reader.string(source_type) != "NO_SOURCE":
                    found.append(Hosted(shown, reader.span(inner)[:2] + reader.span(inner)[:1] + (reader.span(inner)[1] + 1,),
                                          path="buildspec.yml", context=context, implicit=True))
                continue
            found.append(reader.buildspec(shown, attribute, context))
    if tree.root_node.has_error:
        problems.append(_syntax_problem(tree.root_node, text, at))
    return text, found, problems


def _syntax_problem(root, text: str, at: _Offsets) -> Problem:
    from speclint.source.positions import LineIndex

    node = _first_error(root)
    index = LineIndex(text)
    line, column = index.position(at(node.start_byte if node is not None else 0))
    what = "is missing" if node is not None and node.is_missing else "is not valid HCL"
    return Problem("yaml-syntax", line, column, f"this Terraform file does not parse: the text here {what} "
                   f"(an unclosed block, string or heredoc?); Terraform rejects the file",
                   "fix the HCL syntax here (`terraform validate` shows the same place)")


def _first_error(node):
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            return current
        stack.extend(reversed(current.children))
    return None


def _child(node, kind: str):
    if node is None:
        return None
    for child in node.children:
        if child.type == kind:
            return child
    return None


def _blocks(node, name: Optional[str] = None):
    body = node if node.type == "body" else _child(node, "body")
    if body is None:
        return
    for child in body.children:
        if child.type == "block" and (name is None or _identifier(child, None) == name):
            yield child


def _identifier(node, data: Optional[bytes]) -> Optional[str]:
    ident = _child(node, "identifier")
    return ident.text.decode("utf-8", "replace") if ident is not None else None


def _attribute(body, name: str, data: bytes):
    if body is None:
        return None
    for child in body.children:
        if child.type == "attribute" and _identifier(child, data) == name:
            return _child(child, "expression")
    return None


def _literal(node, data: bytes) -> Optional[str]:
    """The value of a string without interpolation, else None."""
    parts = [child for child in node.children if child.type not in ("quoted_template_start", "quoted_template_end")]
    if any(part.type != "template_literal" for part in parts):
        return None
    return "".join(part.text.decode("utf-8", "replace") for part in parts)


def _unwrap(expression):
    """The heredoc, quoted template or function call under an expression node."""
    node = expression
    while node is not None and node.type in ("expression", "template_expr", "literal_value") and node.named_child_count == 1:
        node = node.named_children[0]
    return node


class _Reader:
    def __init__(self, data: bytes, text: str, at: _Offsets):
        self.data, self.text, self.at = data, text, at

    def span(self, node) -> tuple:
        from speclint.source.positions import LineIndex

        if not hasattr(self, "_index"):
            self._index = LineIndex(self.text)
        line, column = self._index.position(self.at(node.start_byte))
        end_line, end_column = self._index.position(self.at(node.end_byte))
        if end_line != line:  # a heredoc: its opening line
            end_line, end_column = line, len(self._index.line_text(line)) + 1
        return line, column, end_line, max(end_column, column + 1)

    def string(self, node) -> Optional[str]:
        node = _unwrap(node)
        if node is None or node.type not in ("string_lit", "quoted_template"):
            return None
        return _literal(node, self.data)

    def context(self, body) -> dict:
        context: dict = {}
        for block in _blocks(body):
            kind = _identifier(block, self.data)
            inner = _child(block, "body")
            if kind == "environment":
                image = _attribute(inner, "image", self.data)
                value = self.string(image) if image is not None else None
                if value:
                    context["image"], context["image_line"] = value.strip(), image.start_point[0] + 1
                    context["image_span"] = self.span(image)
                    context["image_key"] = "environment.image"
                value = self.string(_attribute(inner, "type", self.data)) if _attribute(inner, "type", self.data) else None
                if value:
                    context["environment_type"] = value.strip()
            elif kind == "source":
                value = self.string(_attribute(inner, "type", self.data)) if _attribute(inner, "type", self.data) else None
                if value:
                    context["source_type"] = value.strip()
            elif kind == "build_batch_config":
                context["batch"] = True
        return context

    def buildspec(self, name: str, expression, context: dict) -> Hosted:
        node = _unwrap(expression)
        span = self.span(expression)
        if node is not None and node.type == "heredoc_template":
            return self._template(name, node, span, context, heredoc=True)
        if node is not None and node.type in ("string_lit", "quoted_template"):
            value = _literal(node, self.data)
            from speclint.source.hosts.base import classify_value

            if value is not None and "\\" not in value and classify_value(value) == "path":
                return Hosted(name, span, path=value.strip(), context=context)
            raw = self.text[self.at(node.start_byte) + 1:self.at(node.end_byte) - 1]
            if value is None and "\n" not in raw and classify_value(re.sub(r"[$%]\{[^}]*\}", "x", raw)) == "path":
                return Hosted(name, span, context=context, note=(
                    f"the buildspec of {name} is the file \"{raw}\", a path known only at plan time; it was not checked"),
                    hint="lint the files it can name (`speclint ci/`), or write the path without interpolation")
            return self._template(name, node, span, context, heredoc=False)
        if node is not None and node.type == "function_call":
            function = _identifier(node, self.data)
            if function in ("file", "templatefile"):
                arguments = _child(node, "function_arguments")
                first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
                path = self._path(first)
                if path is not None:
                    return Hosted(name, span, path=path, context={**context, "relative_to": "host",
                                                                    "template": function == "templatefile"})
                return Hosted(name, span, context=context, note=(
                    f"the buildspec of {name} is {function}() of a computed path; it was not checked"),
                    hint="name the file with a literal path (`${path.module}/buildspec.yml`) to have it linted")
            return Hosted(name, span, context=context, note=(
                f"the buildspec of {name} is built with {function}(...) when the plan is applied; it was not checked"),
                hint="to have it linted, write it as a heredoc (`<<-EOT`) or keep it in a file read with file()")
        written = self.text[self.at(expression.start_byte):self.at(expression.end_byte)].split("\n")[0][:60]
        return Hosted(name, span, context=context, note=(
            f"the buildspec of {name} is the expression `{written}`, known only when the plan is applied; it was not checked"),
            hint="to have it linted, write it as a heredoc (`<<-EOT`) or keep it in a file read with file()")

    def _path(self, node) -> Optional[str]:
        node = _unwrap(node)
        if node is None or node.type not in ("string_lit", "quoted_template"):
            return None
        raw = self.data[node.start_byte + 1:node.end_byte - 1].decode("utf-8", "replace")
        for variable in _PATH_VARIABLES:
            raw = raw.replace(variable, ".")
        if "${" in raw or "%{" in raw or "\\" in raw:
            return None
        return os.path.normpath(raw).replace(os.sep, "/")

    def _template(self, name: str, node, span: tuple, context: dict, heredoc: bool) -> Hosted:
        text, at = self.text, self.at
        if heredoc:
            markers = [child for child in node.children if child.type == "heredoc_identifier"]
            opener = _child(node, "heredoc_start")
            strip = opener is not None and opener.text.strip() == b"<<-"
            if len(markers) < 2:
                return Hosted(name, span, context=context, note=(
                    f"the heredoc of {name} has no end marker; it was not checked"),
                    hint="end the heredoc with its marker alone on a line")
            newline = text.find("\n", at(markers[0].end_byte))
            begin = len(text) if newline == -1 else newline + 1
            end = text.rfind("\n", 0, at(markers[-1].start_byte)) + 1
        else:
            strip = False
            begin, end = at(node.start_byte) + 1, at(node.end_byte) - 1
        sequences = self._sequences(node)
        indent = _common_indent(text[begin:end]) if strip else 0
        out, offsets, exact, holes = [], [], [], []
        i = begin
        at_line_start = True
        while i < end:
            if at_line_start and indent:
                skipped = 0
                while skipped < indent and i < end and text[i] in " \t":
                    i, skipped = i + 1, skipped + 1
                at_line_start = False
                continue
            at_line_start = False
            if i in sequences:
                stop, directive = sequences[i]
                written = text[i:stop]
                stand_in = "".join("\n" if c == "\n" else " " for c in written) if directive else placeholder(written)
                holes.append((len(out), len(out) + len(stand_in)))
                for k, char in enumerate(stand_in):
                    out.append(char)
                    offsets.append(i + k)
                    exact.append(False)
                at_line_start = stand_in.endswith("\n")
                i = stop
                continue
            char = text[i]
            if char in "$%" and text[i + 1:i + 3] == char + "{":
                out.append(char)  # `$${` is a literal `${`
                offsets.append(i + 1)
                exact.append(True)
                i += 2
                out.append("{")
                offsets.append(i)
                exact.append(True)
                i += 1
                continue
            if not heredoc and char == "\\" and i + 1 < end:
                decoded, width = _escape(text, i)
                out.append(decoded)
                offsets.append(i)
                exact.append(False)
                i += width
                continue
            out.append(char)
            offsets.append(i)
            exact.append(True)
            if char == "\n":
                at_line_start = True
            i += 1
        return Hosted(name, span, "".join(out), map_from_offsets(offsets, exact), holes, context=context, origin="hcl")

    def _sequences(self, node) -> dict:
        """start offset -> (end offset, is a directive) of every `${...}` and `%{...}` in a template."""
        found: dict = {}
        stack = list(node.children)
        while stack:
            child = stack.pop()
            if child.type == "template_interpolation":
                found[self.at(child.start_byte)] = (self.at(child.end_byte), False)
            elif _child(child, "template_directive_start") is not None:
                found[self.at(child.start_byte)] = (self.at(child.end_byte), True)
            else:
                stack.extend(child.children)
        return found


def _common_indent(body: str) -> int:
    """The indentation `<<-` removes: the fewest leading spaces of the lines with content."""
    widths = [len(line) - len(line.lstrip(" \t")) for line in body.split("\n") if line.strip()]
    return min(widths) if widths else 0


def _escape(text: str, i: int) -> tuple[str, int]:
    """(character, width in the file) of the HCL escape at text[i] (a backslash)."""
    nxt = text[i + 1]
    if nxt in _ESCAPES:
        return _ESCAPES[nxt], 2
    width = {"u": 4, "U": 8}.get(nxt)
    if width:
        try:
            return chr(int(text[i + 2:i + 2 + width], 16)), 2 + width
        except ValueError:
            pass
    return "\\", 1


def template_file(text: str) -> tuple[str, list, list, list]:
    """A file read with templatefile(): (text with every `${...}` a same-length placeholder
    and every `%{...}` blanks, host offsets, exactness, placeholder ranges). `$${` and `%%{`
    are the literal `${` and `%{`. A sequence without its closing brace stays as written."""
    out, offsets, exact, holes = [], [], [], []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in "$%" and text.startswith(char + char + "{", i):
            out += [char, "{"]
            offsets += [i + 1, i + 2]
            exact += [True, True]
            i += 3
            continue
        if char in "$%" and text.startswith("{", i + 1):
            stop = _closing(text, i + 2)
            if stop is not None:
                written = text[i:stop]
                stand_in = "".join("\n" if c == "\n" else " " for c in written) if char == "%" else placeholder(written)
                holes.append((len(out), len(out) + len(stand_in)))
                out += list(stand_in)
                offsets += range(i, stop)
                exact += [False] * len(stand_in)
                i = stop
                continue
        out.append(char)
        offsets.append(i)
        exact.append(True)
        i += 1
    return "".join(out), offsets, exact, holes


def _closing(text: str, i: int) -> Optional[int]:
    """The offset after the `}` that closes a template sequence opened before `i` (nested
    braces and quoted strings skipped), or None."""
    depth, quote = 1, False
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif char == "\n" and depth == 1:
            return None  # an unclosed sequence: left as written
        i += 1
    return None
