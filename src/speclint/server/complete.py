"""Completion: what may be written at the cursor, read from the lines above it.

Shapes: `complete(path, text, line, column, context)` -> list of
{"label", "kind", "detail", "documentation"} (kind: "key", "value", "hook", "phase",
"runtime", "version"), with 1-based code-point (line, column); `context` is the file's LintContext (its image). The place in the document
comes from indentation (`path_at`), so half-typed YAML that does not parse still completes.

- a key: the keys the schema allows there, less those already written; under `hooks`
  (EC2/On-Premises) or in a `Hooks` item (Lambda, ECS) the lifecycle events of that
  platform; under `phases` the four scriptable phases; under `runtime-versions` the runtimes
  of the buildspec's image (`# speclint: image=`, the configuration) or of any image;
- a value (`key: |`): the schema's enumerated values (`on-failure`, report `file-format`,
  `file_exists_behavior`, `os`, ...) and, for a runtime, the versions its image ships.
"""

from __future__ import annotations

import re
from typing import Optional

from speclint.source import classify

_KEY = re.compile(r"""^("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:(?:\s|$)""")
_IMAGE_COMMENT = re.compile(r"#\s*speclint:\s*image\s*[=:]\s*(\S+)")


def _key_of(text: str) -> Optional[str]:
    match = _KEY.match(text)
    if not match:
        return None
    key = match.group(1)
    return key[1:-1] if key[:1] in "\"'" else key


def path_at(lines: list, row: int, column: int) -> Optional[list]:
    """The JSON path (keys, 0 for a list item) of the mapping whose key starts at 0-based
    `column` on 0-based line `row`, from the indentation of the lines above. None when the
    lines above cannot hold such a key (a block scalar, a flow collection)."""
    path: list = []
    col = column
    for j in range(min(row, len(lines)) - 1, -1, -1):
        raw = lines[j].rstrip("\r")
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        lead = len(raw) - len(raw.lstrip(" "))
        item = stripped == "-" or stripped.startswith("- ")
        inner = lead + 2 if item else lead
        if item and inner == col:  # the first key of the same list item
            path.insert(0, 0)
            col = lead
        elif lead >= col:
            continue
        elif item:
            key = _key_of(stripped[2:].strip())
            if key is not None:
                path[0:0] = [0, key]
            else:
                path.insert(0, 0)
            col = lead
        else:
            key = _key_of(stripped)
            if key is None:
                return None
            path.insert(0, key)
            col = lead
        if col == 0:
            break
    return path if col == 0 else None


def _kind(path: str, text: str) -> tuple:
    """(kind, variant, schema name) of a buffer, also when it does not parse."""
    from speclint.server.session import document

    doc = document(path, text)
    kind = doc.kind if doc is not None else None
    kind = kind or classify.kind_from_name(path) or classify.sniff(text[:4096].encode("utf-8", "surrogatepass"))
    if kind == "buildspec":
        version = re.search(r"(?m)^version:\s*['\"]?([0-9.]+)", text)
        return kind, None, "buildspec-0.1" if version and version.group(1) == "0.1" else "buildspec-0.2"
    if kind == "appspec":
        variant = doc.variant if doc is not None and doc.kind == "appspec" else None
        if variant is None:
            variant = "lambda" if "AWS::Lambda::Function" in text else "ecs" if ("AWS::ECS::Service" in text or "TargetService" in text) else "ec2"
        return kind, variant, f"appspec-{variant}"
    return None, None, None


def _siblings(lines: list, row: int, column: int) -> set:
    """Keys already written at this indentation in the same mapping (above and below)."""
    found = set()
    for step in (-1, 1):
        j = row + step
        while 0 <= j < len(lines):
            raw = lines[j].rstrip("\r")
            stripped = raw.strip()
            if stripped and not stripped.startswith("#"):
                lead = len(raw) - len(raw.lstrip(" "))
                item = stripped.startswith("- ")
                if lead < column and not (item and lead + 2 == column):
                    break
                if item and lead + 2 == column:
                    found.add(_key_of(stripped[2:].strip()))
                    if step == -1:
                        break  # the item's first line: the keys above belong to other items
                elif lead == column:
                    found.add(_key_of(stripped))
            j += step
    return found - {None}


def _image(text: str, context) -> Optional[str]:
    from speclint import runtimes
    from speclint.context import LintContext

    comment = _IMAGE_COMMENT.search(text)
    choice = runtimes.choose_image(context or LintContext(), comment.group(1) if comment else None)
    if choice is None:
        return None
    image = runtimes.resolve(choice.name)
    return image.id if image.kind == "codebuild" else None


def _runtime_table(text: str, context) -> tuple:
    """(runtime -> versions, where they come from) for the buildspec's image, else every maintained image."""
    from speclint import runtimes

    image = _image(text, context)
    if image:
        return {name: list(info.get("versions", ())) for name, info in runtimes.runtimes_of(image).items()}, image
    merged: dict = {}
    for maintained in runtimes.maintained():
        for name, info in runtimes.runtimes_of(maintained).items():
            merged.setdefault(name, [])
            merged[name] += [v for v in info.get("versions", ()) if v not in merged[name]]
    return merged, "the maintained CodeBuild images"


def _item(label, kind: str, detail: str = "", documentation: str = "") -> dict:
    return {"label": str(label), "kind": kind, "detail": detail, "documentation": documentation}


def complete(path: str, text: str, line: int, column: int, context=None) -> list:
    lines = text.split("\n")
    if not 1 <= line <= len(lines) + 1:
        return []
    current = lines[line - 1].rstrip("\r") if line <= len(lines) else ""
    prefix = current[:max(column - 1, 0)]
    kind, variant, schema = _kind(path, text)
    if kind is None:
        return []
    lead = len(prefix) - len(prefix.lstrip(" "))
    body = prefix[lead:]
    key_column = lead
    if body.startswith("- ") or body == "-":
        key_column, body = lead + 2, body[2:].lstrip()
        key_column = len(prefix) - len(body) if body else lead + 2
    if body.lstrip().startswith("#"):
        return []  # a comment
    value = _KEY.match(body)
    if value is None and ":" in body:
        return []  # a value in a form this reader does not follow (flow, quotes)
    above = path_at(lines, line - 1, key_column)
    if above is None:
        return []
    in_new_item = prefix[lead:].startswith("-")
    where = above + ([0] if in_new_item else [])
    if value is not None:
        key = _key_of(body)
        return _values(kind, variant, schema, where + [key], text, context)
    return _keys(kind, variant, schema, where, lines, line - 1, key_column, text, context)


def _keys(kind, variant, schema, where, lines, row, column, text, context) -> list:
    from speclint import data
    from speclint.server.schema_at import keys, subschema

    written = _siblings(lines, row, column)
    table = data.load("lifecycle.json")
    if kind == "appspec" and where and str(where[0]).lower() == "hooks" and (
            (variant == "ec2" and len(where) == 1) or (variant != "ec2" and len(where) == 2)):
        hooks = table["codedeploy"][variant]["hooks"]
        return [_item(h, "hook", f"{variant} lifecycle event", _hook_doc(schema, where, h)) for h in hooks if h not in written]
    if kind == "buildspec" and where == ["phases"]:
        return [_item(p, "phase", "build phase", _hook_doc(schema, where, p))
                for p in table["codebuild"]["scriptable"] if p not in written]
    if kind == "buildspec" and where == ["phases", "install", "runtime-versions"]:
        versions, source = _runtime_table(text, context)
        return [_item(name, "runtime", f"on {source}", ", ".join(v)) for name, v in versions.items() if name not in written]
    sub = subschema(schema, where)
    out = []
    for name in keys(sub):
        if name in written:
            continue
        child = subschema(schema, where + [name])
        out.append(_item(name, "key", child.get("title", ""), child.get("description", "")))
    return out


def _hook_doc(schema: str, where: list, name: str) -> str:
    from speclint.server.schema_at import subschema

    return subschema(schema, [w for w in where if not isinstance(w, int)] + [name]).get("description", "")


def _values(kind, variant, schema, where, text, context) -> list:
    from speclint.server.schema_at import subschema, values

    if kind == "buildspec" and where[:3] == ["phases", "install", "runtime-versions"] and len(where) == 4:
        versions, source = _runtime_table(text, context)
        return [_item(v, "version", f"{where[3]} on {source}") for v in versions.get(where[3], [])]
    sub = subschema(schema, where)
    return [_item(v, "value", sub.get("title", "")) for v in values(sub)]
