"""Schema errors without jsonschema, for the keywords speclint's schemas use.

Importing jsonschema costs ~120 ms, more than a whole run on a typical file, and a run
that meets one invalid file pays it. This module walks a schema the way jsonschema's
Draft 2020-12 validator does - same keywords, same order, same error fields (validator,
validator_value, instance, schema, absolute_path, schema_path) - so schema.py's mapping
from errors to findings works unchanged. A test lints the corpus and generated mutations
with both engines and requires identical findings. Schemas with a keyword not handled
here (fastcheck.compiled() is None) still go to jsonschema.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from speclint.schema.fastcheck import _equal, _is_type


class SchemaError:
    __slots__ = ("validator", "validator_value", "instance", "schema", "absolute_path", "schema_path", "context", "message")

    def __init__(self, keyword: str, value: Any, instance: Any, schema: dict, path: list, schema_path: list, message: str):
        self.validator, self.validator_value, self.instance, self.schema = keyword, value, instance, schema
        self.absolute_path, self.schema_path, self.context, self.message = path, schema_path, [], message

    def __repr__(self) -> str:
        return f"<SchemaError {self.validator} at {self.absolute_path}: {self.message}>"


@lru_cache(maxsize=256)
def _regex(pattern: str) -> "re.Pattern[str]":
    return re.compile(pattern)


class Walker:
    def __init__(self, root: dict):
        self.root = root

    def resolve(self, pointer: str) -> Any:
        target: Any = self.root
        for part in pointer[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return target

    def is_valid(self, schema: Any, instance: Any) -> bool:
        return next(iter(self.errors(schema, instance, [], [])), None) is None

    def errors(self, schema: Any, instance: Any, path: list, schema_path: list) -> Iterator[SchemaError]:
        if schema is True:
            return
        if schema is False:
            yield SchemaError("false", False, instance, {}, path, schema_path, "False schema does not allow it")
            return
        for keyword, value in schema.items():
            handler = _KEYWORDS.get(keyword)
            if handler is not None:
                here = schema_path if keyword in ("if", "$ref") else schema_path + [keyword]
                yield from handler(self, value, instance, schema, path, here)


def _error(keyword, value, instance, schema, path, schema_path, message) -> SchemaError:
    return SchemaError(keyword, value, instance, schema, list(path), list(schema_path), message)


def k_ref(w, value, instance, schema, path, sp):
    yield from w.errors(w.resolve(value), instance, path, sp + ["$ref"])


def k_type(w, value, instance, schema, path, sp):
    types = [value] if isinstance(value, str) else value
    if not any(_is_type(instance, t) for t in types):
        yield _error("type", value, instance, schema, path, sp, f"{instance!r} is not of type {value!r}")


def k_enum(w, value, instance, schema, path, sp):
    if all(not _equal(option, instance) for option in value):
        yield _error("enum", value, instance, schema, path, sp, f"{instance!r} is not one of {value!r}")


def k_const(w, value, instance, schema, path, sp):
    if not _equal(instance, value):
        yield _error("const", value, instance, schema, path, sp, f"{value!r} was expected")


def k_not(w, value, instance, schema, path, sp):
    if w.is_valid(value, instance):
        yield _error("not", value, instance, schema, path, sp, f"{instance!r} should not be valid under {value!r}")


def k_if(w, value, instance, schema, path, sp):
    if w.is_valid(value, instance):
        if "then" in schema:
            yield from w.errors(schema["then"], instance, path, sp + ["then"])
    elif "else" in schema:
        yield from w.errors(schema["else"], instance, path, sp + ["else"])


def k_allOf(w, value, instance, schema, path, sp):
    for index, sub in enumerate(value):
        yield from w.errors(sub, instance, path, sp + [index])


def _length(keyword, kind, compare, noun):
    def check(w, value, instance, schema, path, sp):
        if _is_type(instance, kind) and compare(len(instance), value):
            yield _error(keyword, value, instance, schema, path, sp, f"{instance!r} {noun} {value}")
    return check


def k_pattern(w, value, instance, schema, path, sp):
    if isinstance(instance, str) and not _regex(value).search(instance):
        yield _error("pattern", value, instance, schema, path, sp, f"{instance!r} does not match {value!r}")


def _bound(keyword, fails, word):
    def check(w, value, instance, schema, path, sp):
        if _is_type(instance, "number") and fails(instance, value):
            yield _error(keyword, value, instance, schema, path, sp, f"{instance!r} is {word} {value!r}")
    return check


def k_items(w, value, instance, schema, path, sp):
    if not isinstance(instance, list):
        return
    prefix = len(schema.get("prefixItems", []))
    for index in range(prefix, len(instance)):
        yield from w.errors(value, instance[index], path + [index], sp)


def k_uniqueItems(w, value, instance, schema, path, sp):
    if value and isinstance(instance, list):
        if any(_equal(a, b) for i, a in enumerate(instance) for b in instance[i + 1:]):
            yield _error("uniqueItems", value, instance, schema, path, sp, f"{instance!r} has non-unique elements")


def k_required(w, value, instance, schema, path, sp):
    if not isinstance(instance, dict):
        return
    for name in value:
        if name not in instance:
            yield _error("required", value, instance, schema, path, sp, f"{name!r} is a required property")


def k_properties(w, value, instance, schema, path, sp):
    if not isinstance(instance, dict):
        return
    for name, sub in value.items():
        if name in instance:
            yield from w.errors(sub, instance[name], path + [name], sp + [name])


def k_patternProperties(w, value, instance, schema, path, sp):
    if not isinstance(instance, dict):
        return
    for pattern, sub in value.items():
        for key, item in instance.items():
            if _regex(pattern).search(key):
                yield from w.errors(sub, item, path + [key], sp + [pattern])


def k_additionalProperties(w, value, instance, schema, path, sp):
    if not isinstance(instance, dict):
        return
    properties = schema.get("properties", {})
    patterns = "|".join(schema.get("patternProperties", {}))
    extras = [k for k in instance if k not in properties and not (patterns and re.search(patterns, k))]
    if isinstance(value, dict):
        for extra in extras:
            yield from w.errors(value, instance[extra], path + [extra], sp)
    elif not value and extras:
        shown = ", ".join(repr(e) for e in sorted(extras, key=str))
        yield _error("additionalProperties", value, instance, schema, path, sp,
                     f"Additional properties are not allowed ({shown} {'was' if len(extras) == 1 else 'were'} unexpected)")


def k_propertyNames(w, value, instance, schema, path, sp):
    if not isinstance(instance, dict):
        return
    for name in instance:
        yield from w.errors(value, name, path, sp)


def k_dependentRequired(w, value, instance, schema, path, sp):
    if not isinstance(instance, dict):
        return
    for key, deps in value.items():
        if key in instance:
            for dep in deps:
                if dep not in instance:
                    yield _error("dependentRequired", value, instance, schema, path, sp, f"{dep!r} is a dependency of {key!r}")


_KEYWORDS = {
    "$ref": k_ref, "type": k_type, "enum": k_enum, "const": k_const, "not": k_not, "if": k_if, "allOf": k_allOf,
    "minLength": _length("minLength", "string", lambda n, v: n < v, "is too short (minimum"),
    "maxLength": _length("maxLength", "string", lambda n, v: n > v, "is too long (maximum"),
    "minItems": _length("minItems", "array", lambda n, v: n < v, "should be non-empty or longer than"),
    "maxItems": _length("maxItems", "array", lambda n, v: n > v, "is too long (maximum"),
    "minProperties": _length("minProperties", "object", lambda n, v: n < v, "does not have enough properties (minimum"),
    "maxProperties": _length("maxProperties", "object", lambda n, v: n > v, "has too many properties (maximum"),
    "pattern": k_pattern,
    "minimum": _bound("minimum", lambda a, b: a < b, "less than the minimum of"),
    "maximum": _bound("maximum", lambda a, b: a > b, "greater than the maximum of"),
    "exclusiveMinimum": _bound("exclusiveMinimum", lambda a, b: a <= b, "less than or equal to the minimum of"),
    "exclusiveMaximum": _bound("exclusiveMaximum", lambda a, b: a >= b, "greater than or equal to the maximum of"),
    "items": k_items, "uniqueItems": k_uniqueItems, "required": k_required, "properties": k_properties,
    "patternProperties": k_patternProperties, "additionalProperties": k_additionalProperties,
    "propertyNames": k_propertyNames, "dependentRequired": k_dependentRequired,
}


_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")
_SUBSCHEMAS = ("additionalProperties", "items", "not", "if", "then", "else", "propertyNames")


@lru_cache(maxsize=None)
def supports(name: str) -> bool:
    """Whether every keyword of the named schema is handled here (else use jsonschema)."""
    from speclint.schema.fastcheck import ANNOTATIONS
    from speclint.schema import load_schema

    def ok(schema: Any) -> bool:
        if isinstance(schema, bool):
            return True
        if not isinstance(schema, dict):
            return False
        for key, value in schema.items():
            if key in ANNOTATIONS or key.startswith("x-") or key in ("then", "else"):
                pass
            elif key not in _KEYWORDS:
                return False
            if key in _SUBSCHEMA_MAPS and not all(ok(v) for v in value.values()):
                return False
            if key in _SUBSCHEMAS and not ok(value):
                return False
            if key == "allOf" and not all(ok(v) for v in value):
                return False
        return True

    return ok(load_schema(name))


def iter_errors(schema: dict, instance: Any) -> Iterator[SchemaError]:
    return Walker(schema).errors(schema, instance, [], [])
