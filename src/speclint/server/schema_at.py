"""What the shipped schema says at a place in a document: its subschema, description and values.

Shapes: `subschema(name, path)` follows a JSON path (keys and list indexes) through the
schema `name` (speclint.schema.SCHEMA_FILES), resolving local `$ref`s, `properties`,
`patternProperties`, `additionalProperties` and `items`; returns {} where the schema says
nothing. `values(sub)` are the values to offer (enum, x-valid, the canonical words of a
case-insensitive pattern); `keys(sub)` the property names.
"""

from __future__ import annotations

import re
from typing import Any

from speclint.schema import load_schema


def _resolve(schema: dict, sub: Any) -> dict:
    for _ in range(8):  # $ref chains are short; a loop guards against a cycle
        if not isinstance(sub, dict) or not isinstance(sub.get("$ref"), str) or not sub["$ref"].startswith("#/"):
            break
        target: Any = schema
        for part in sub["$ref"][2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        merged = dict(target) if isinstance(target, dict) else {}
        merged.update({k: v for k, v in sub.items() if k != "$ref"})
        sub = merged
    return sub if isinstance(sub, dict) else {}


def subschema(name: str, path) -> dict:
    schema = load_schema(name)
    case_insensitive = bool(schema.get("x-case-insensitive-keys"))
    sub = _resolve(schema, schema)
    for step in path:
        if isinstance(step, int):
            sub = _resolve(schema, sub.get("items", {}))
            continue
        properties = sub.get("properties", {})
        if step in properties:
            sub = _resolve(schema, properties[step])
            continue
        if case_insensitive:
            match = next((k for k in properties if k.lower() == str(step).lower()), None)
            if match:
                sub = _resolve(schema, properties[match])
                continue
        pattern = next((v for p, v in sub.get("patternProperties", {}).items() if re.search(p, str(step))), None)
        if pattern is not None:
            sub = _resolve(schema, pattern)
        elif isinstance(sub.get("additionalProperties"), dict):
            sub = _resolve(schema, sub["additionalProperties"])
        else:
            return {}
    return sub


def keys(sub: dict) -> list:
    return list(sub.get("properties", {}))


def values(sub: dict) -> list:
    """Values to offer: the enum (strings and numbers), x-valid, or a case-insensitive pattern's words."""
    from speclint.schema.export import canonical_values

    if isinstance(sub.get("enum"), list):
        return [v for v in sub["enum"] if isinstance(v, (str, int, float)) and not isinstance(v, bool)] or \
            [v for v in sub["enum"] if isinstance(v, str)]
    if "const" in sub:
        return [sub["const"]]
    if isinstance(sub.get("x-valid"), list):
        return list(sub["x-valid"])
    if isinstance(sub.get("pattern"), str):
        return canonical_values(sub["pattern"]) or []
    return []
