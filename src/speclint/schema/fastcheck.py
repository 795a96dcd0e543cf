"""A fast yes/no JSON Schema check, so valid files never import jsonschema.

`import jsonschema` costs more than everything else speclint does for a clean file
(~120 ms here, against ~1 ms of work). Most files are valid, and for a valid file the
only question is "is it valid?". This module compiles speclint's own schemas - only the
keywords they use - into nested closures that answer exactly that question; any invalid
file goes to jsonschema for the full, positioned error list. A keyword this compiler does
not know makes it refuse the schema (Unsupported), and the caller uses jsonschema for
everything: correctness never depends on this module keeping up. A test compares its
verdict with jsonschema's on every corpus file and on generated mutations.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

Check = Callable[[Any], bool]

# Keywords that never affect validity (annotations, speclint's x- data, definitions).
ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples", "deprecated",
               "readOnly", "writeOnly", "format"}  # format only annotates unless a format checker is asked for


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise Unsupported(f"type {name!r}")


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's equality: booleans are not numbers, containers compare deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return a == b


class Compiler:
    def __init__(self, root: dict):
        self.root = root
        self.refs: dict = {}

    def ref(self, pointer: str) -> Check:
        if not pointer.startswith("#/"):
            raise Unsupported(f"$ref {pointer!r}")
        if pointer not in self.refs:
            cell: list = []
            self.refs[pointer] = lambda value: cell[0](value)  # recursion-safe forward reference
            target: Any = self.root
            for part in pointer[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            cell.append(self.compile(target))
        return self.refs[pointer]

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        checks: list = []
        for key, arg in schema.items():
            if key in ANNOTATIONS or key.startswith("x-"):
                continue
            make = getattr(self, "k_" + key.replace("$", "").replace("-", "_"), None)
            if make is None:
                raise Unsupported(key)
            checks.append(make(arg, schema))
        checks = [c for c in checks if c is not None]
        if not checks:
            return lambda value: True
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    # -- keywords ----------------------------------------------------------------------

    def k_ref(self, arg, schema):
        return self.ref(arg)

    def k_type(self, arg, schema):
        names = [arg] if isinstance(arg, str) else list(arg)
        for name in names:
            _is_type(None, name)  # unknown type names raise now, not per value
        return lambda value: any(_is_type(value, n) for n in names)

    def k_enum(self, arg, schema):
        return lambda value: any(_equal(value, option) for option in arg)

    def k_const(self, arg, schema):
        return lambda value: _equal(value, arg)

    def k_not(self, arg, schema):
        inner = self.compile(arg)
        return lambda value: not inner(value)

    def k_allOf(self, arg, schema):
        parts = [self.compile(s) for s in arg]
        return lambda value: all(p(value) for p in parts)

    def k_anyOf(self, arg, schema):
        parts = [self.compile(s) for s in arg]
        return lambda value: any(p(value) for p in parts)

    def k_oneOf(self, arg, schema):
        parts = [self.compile(s) for s in arg]
        return lambda value: sum(1 for p in parts if p(value)) == 1

    def k_if(self, arg, schema):
        cond = self.compile(arg)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda value: then(value) if cond(value) else otherwise(value)

    def k_then(self, arg, schema):
        return None  # handled by `if`

    def k_else(self, arg, schema):
        return None

    def k_minLength(self, arg, schema):
        return lambda value: not isinstance(value, str) or len(value) >= arg

    def k_maxLength(self, arg, schema):
        return lambda value: not isinstance(value, str) or len(value) <= arg

    def k_pattern(self, arg, schema):
        regex = re.compile(arg)
        return lambda value: not isinstance(value, str) or regex.search(value) is not None

    def _number(self, value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def k_minimum(self, arg, schema):
        return lambda value: not self._number(value) or value >= arg

    def k_maximum(self, arg, schema):
        return lambda value: not self._number(value) or value <= arg

    def k_exclusiveMinimum(self, arg, schema):
        return lambda value: not self._number(value) or value > arg

    def k_exclusiveMaximum(self, arg, schema):
        return lambda value: not self._number(value) or value < arg

    def k_minItems(self, arg, schema):
        return lambda value: not isinstance(value, list) or len(value) >= arg

    def k_maxItems(self, arg, schema):
        return lambda value: not isinstance(value, list) or len(value) <= arg

    def k_items(self, arg, schema):
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        inner = self.compile(arg)
        return lambda value: not isinstance(value, list) or all(inner(item) for item in value)

    def k_uniqueItems(self, arg, schema):
        if not arg:
            return None

        def unique(value):
            if not isinstance(value, list):
                return True
            return not any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1:])
        return unique

    def k_minProperties(self, arg, schema):
        return lambda value: not isinstance(value, dict) or len(value) >= arg

    def k_maxProperties(self, arg, schema):
        return lambda value: not isinstance(value, dict) or len(value) <= arg

    def k_required(self, arg, schema):
        return lambda value: not isinstance(value, dict) or all(name in value for name in arg)

    def k_propertyNames(self, arg, schema):
        inner = self.compile(arg)
        return lambda value: not isinstance(value, dict) or all(inner(name) for name in value)

    def k_properties(self, arg, schema):
        props = {name: self.compile(sub) for name, sub in arg.items()}

        def check(value):
            if not isinstance(value, dict):
                return True
            for name, sub in props.items():
                if name in value and not sub(value[name]):
                    return False
            return True
        return check

    def k_patternProperties(self, arg, schema):
        pats = [(re.compile(p), self.compile(s)) for p, s in arg.items()]

        def check(value):
            if not isinstance(value, dict):
                return True
            return all(sub(v) for k, v in value.items() for regex, sub in pats if regex.search(k))
        return check

    def k_additionalProperties(self, arg, schema):
        known = set(schema.get("properties", {}))
        pats = [re.compile(p) for p in schema.get("patternProperties", {})]
        inner = self.compile(arg)

        def check(value):
            if not isinstance(value, dict):
                return True
            for key, item in value.items():
                if key in known or any(p.search(key) for p in pats):
                    continue
                if not inner(item):
                    return False
            return True
        return check

    def k_dependentRequired(self, arg, schema):
        return lambda value: not isinstance(value, dict) or all(
            all(dep in value for dep in deps) for key, deps in arg.items() if key in value)


@lru_cache(maxsize=None)
def compiled(name: str):
    """The yes/no check for a schema, or None when it uses a keyword compiled here is unknown."""
    from speclint.schema import load_schema

    try:
        return Compiler(load_schema(name)).compile(load_schema(name))
    except Unsupported:
        return None


def is_valid(name: str, instance: Any):
    """True or False, or None when this module cannot answer (then ask jsonschema)."""
    check = compiled(name)
    if check is None:
        return None
    try:
        return bool(check(instance))
    except RecursionError:
        return None
