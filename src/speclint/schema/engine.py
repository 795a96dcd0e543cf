"""speclint's JSON Schema engine (Draft 2020-12): one compiler, a yes/no answer and the error list.

Shapes: `Validator(root, retrieve)` compiles a schema (a dict from a `*.schema.json` file) once;
`is_valid(instance) -> bool` and `iter_errors(instance) -> Iterator[SchemaError]` take plain
data (dict/list/str/int/float/bool/None, as `speclint.schema.to_instance` builds it). Every
keyword is compiled once into a pair: a closure that answers "valid?" and a generator that
lists the errors, side by side, so the two answers cannot disagree the way two engines did.

Why its own engine, and why two answers (`bench/schema_engine.py`, in process, medians of 15
rounds, on a 2-CPU machine shared with other work: compare within a line, not across lines):
- jsonschema at run time would cost its import, 67-142 ms in a fresh process (more than a
  whole run on a typical file), and it is slower once imported: every error of the corpus's
  63 invalid documents in 7.1 ms here against 40.5 ms with jsonschema; of the 111 invalid
  ones among 2,000 generated files, 10.1 ms against 63.4 ms.
- Most files are valid, and for them the only question is "valid?": the compiled closures
  answer it for the corpus's 310 valid documents in 21.9 ms against 24.7 ms for walking the
  errors until the first one, and for 1,854 valid generated documents in 127.2 ms against
  162.7 ms (22 % less): the closures earn their keep on large batches.
- Against the two engines it replaces (`fastcheck` and the error walker), side by side in
  one process, alternating, 21 rounds: "valid?" 9.6 ms against 10.5 ms (corpus) and 69.6 ms
  against 72.3 ms (generated); every error 3.4 ms against 6.2 ms and 6.6 ms against 12.7 ms.
  Compiling all five schemas takes 1.05 ms (fastcheck's compile: 0.77 ms).

Keywords: `$ref` (within a file, to `$defs` or any JSON pointer or `$anchor`, and to other
schema files through `retrieve`), `$defs`, `$id`, `type`, `enum`, `const`, `not`, `allOf`,
`anyOf`, `oneOf`, `if`/`then`/`else`, `properties`, `patternProperties`,
`additionalProperties`, `propertyNames`, `required`, `dependentRequired`, `dependentSchemas`,
`minProperties`/`maxProperties`, `items`, `prefixItems`, `contains` (with `minContains`/
`maxContains`), `minItems`/`maxItems`, `uniqueItems`, `minLength`/`maxLength`, `pattern`,
`minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`, `multipleOf`. Annotations
(`title`, `description`, `format` ...) and speclint's `x-` keywords do not affect validity;
they stay on the subschema an error carries (`SchemaError.schema`), where the mapping to
findings reads them. Any other keyword (`unevaluatedProperties`, `$dynamicRef` ...) makes
compiling fail with `SchemaCompileError`: a test compiles every shipped schema, so the
engine can never answer for a keyword it does not implement.

Errors carry jsonschema's field names (`validator` = the keyword, `validator_value`,
`instance`, `schema`, `absolute_path`, `schema_path`, `context`, `message`) and come in
the order of the keywords in the schema file. A failed `anyOf`/`oneOf` carries its
branches' errors in `context`; `best_errors()` picks the ones to report.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Iterator, Optional

Check = Callable[[Any], bool]

# Keywords that never affect validity (annotations and definitions; `format` annotates only).
ANNOTATIONS = frozenset({"$schema", "$id", "$anchor", "$defs", "$comment", "title", "description", "default",
                         "examples", "deprecated", "readOnly", "writeOnly", "format", "contentMediaType",
                         "contentEncoding", "then", "else", "minContains", "maxContains"})


# Where subschemas stand: maps of them, lists of them, single ones.
_SUBSCHEMA_MAPS = frozenset({"$defs", "properties", "patternProperties", "dependentSchemas"})
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMA_ONE = frozenset({"not", "if", "then", "else", "items", "contains", "additionalProperties",
                            "propertyNames"})


class SchemaCompileError(Exception):
    """The schema uses a keyword this engine does not implement, or a `$ref` it cannot resolve."""


class SchemaError:
    """One failure of one keyword at one place of the instance (jsonschema's field names)."""

    __slots__ = ("validator", "validator_value", "instance", "schema", "absolute_path", "schema_path", "context",
                 "message", "branch")

    def __init__(self, keyword: str, value: Any, instance: Any, schema: dict, path: list, schema_path: list,
                 message: str, context: Optional[list] = None, branch: Optional[int] = None):
        self.validator, self.validator_value, self.instance, self.schema = keyword, value, instance, schema
        self.absolute_path, self.schema_path, self.message = list(path), list(schema_path), message
        self.context, self.branch = context or [], branch

    def __repr__(self) -> str:
        return f"<SchemaError {self.validator} at {self.absolute_path}: {self.message}>"


def is_type(value: Any, name: str) -> bool:
    """JSON Schema's types: booleans are not numbers; 1.0 is an integer."""
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
    raise SchemaCompileError(f"unknown type {name!r}")


def equal(a: Any, b: Any) -> bool:
    """JSON equality: booleans are not numbers, containers compare deeply, 1 == 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return a == b


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> "re.Pattern[str]":
    return re.compile(pattern)


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _join(base: str, ref: str) -> str:
    """`ref` resolved against the base URI (RFC 3986). A local `#...` or an absolute URI needs
    no parsing (urllib.parse costs milliseconds to import, and shipped schemas need it not)."""
    if ref.startswith("#"):
        return base.split("#", 1)[0] + ref
    if _ABSOLUTE.match(ref) or not base:
        return ref
    from urllib.parse import urljoin

    return urljoin(base, ref)


class _Node:
    """A compiled subschema: `valid(instance)` and `errors(instance, path, schema_path)`."""

    __slots__ = ("schema", "valid", "parts")

    def __init__(self, schema: Any):
        self.schema = schema
        self.valid: Check = lambda value: True
        self.parts: list = []  # error generators, in the order of the schema's keywords

    def errors(self, instance: Any, path: list, sp: list) -> Iterator[SchemaError]:
        for part in self.parts:
            yield from part(instance, path, sp)


class Validator:
    """One schema compiled with everything it refers to.

    root: the schema (dict); retrieve: uri -> schema dict for `$ref`s to other files (None:
    only references within this file). Raises SchemaCompileError for an unknown keyword or an
    unresolvable `$ref`, when the schema is compiled (here), never while validating.
    """

    def __init__(self, root: dict, retrieve: Optional[Callable[[str], dict]] = None):
        self.root = root
        self.retrieve = retrieve
        self.resources: dict = {}  # uri (no fragment) -> schema document or embedded $id resource
        self.anchors: dict = {}  # uri#anchor -> subschema
        self.bases: dict = {}  # id(subschema) -> its base uri
        self.nodes: dict = {}  # id(subschema) -> _Node
        self.subschemas: list = []  # every compiled subschema dict, in compile order
        base = root.get("$id", "") if isinstance(root, dict) else ""
        self.resources[base] = root  # a local `#/...` needs nothing more; the rest is indexed on demand
        self.unindexed: list = [(root, base)]
        self.top = self._compile(root, base)

    # -- references --------------------------------------------------------------------

    def _index(self, schema: Any, base: str) -> None:
        """Record the resources ($id) and anchors of one schema document, following only the
        places where subschemas stand (a property called `enum` is still a subschema)."""
        stack = [(schema, base)]
        while stack:
            current, here = stack.pop()
            if not isinstance(current, dict):
                continue
            if isinstance(current.get("$id"), str):
                here = _join(here, current["$id"]).split("#", 1)[0]
                self.resources.setdefault(here, current)
            if isinstance(current.get("$anchor"), str):
                self.anchors[f"{here}#{current['$anchor']}"] = current
            for key, value in current.items():
                if key in _SUBSCHEMA_MAPS and isinstance(value, dict):
                    stack.extend((sub, here) for sub in value.values())
                elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
                    stack.extend((sub, here) for sub in value)
                elif key in _SUBSCHEMA_ONE:
                    stack.append((value, here))
        self.resources.setdefault(base, schema)

    def _target(self, uri: str) -> tuple:
        """(subschema, its base uri) for an absolute reference."""
        document, _, fragment = uri.partition("#")
        if document not in self.resources or (fragment and not fragment.startswith("/")):
            while self.unindexed:  # embedded $id resources and $anchors, recorded once when first needed
                self._index(*self.unindexed.pop())
        if document not in self.resources:
            loaded = self.retrieve(document) if self.retrieve is not None else None
            if not isinstance(loaded, (dict, bool)):
                raise SchemaCompileError(f"$ref {uri!r}: no schema {document!r}")
            self.resources[document] = loaded
            self._index(loaded, document)
        if fragment and not fragment.startswith("/"):
            if uri not in self.anchors:
                raise SchemaCompileError(f"$ref {uri!r}: no $anchor {fragment!r}")
            return self.anchors[uri], document
        target: Any = self.resources[document]
        for part in fragment.split("/")[1:]:
            part = _unescape(part)
            try:
                target = target[int(part)] if isinstance(target, list) else target[part]
            except (KeyError, IndexError, ValueError, TypeError):
                raise SchemaCompileError(f"$ref {uri!r}: no {part!r} in the schema") from None
        return target, document

    def resolve(self, sub: Any) -> dict:
        """A subschema with its `$ref` followed (one level, in whichever file it points to),
        merged with the keywords beside the `$ref` (which win); {} for anything else."""
        if not isinstance(sub, dict):
            return {}
        ref = sub.get("$ref")
        if not isinstance(ref, str):
            return sub
        base = self.bases.get(id(sub), self.root.get("$id", "") if isinstance(self.root, dict) else "")
        try:
            target, _ = self._target(_join(base, ref))
        except SchemaCompileError:
            return {k: v for k, v in sub.items() if k != "$ref"}
        merged = dict(target) if isinstance(target, dict) else {}
        merged.update({k: v for k, v in sub.items() if k != "$ref"})
        return merged

    # -- compiling ---------------------------------------------------------------------

    def _compile(self, schema: Any, base: str) -> _Node:
        known = self.nodes.get(id(schema))
        if known is not None:
            return known
        node = _Node(schema)
        self.nodes[id(schema)] = node  # before the keywords: a $ref cycle finds the node
        if schema is True:
            return node
        if schema is False:
            node.valid = lambda value: False
            node.parts = [lambda instance, path, sp: iter([SchemaError(
                "false", False, instance, {}, path, sp, "False schema does not allow it")])]
            return node
        if not isinstance(schema, dict):
            raise SchemaCompileError(f"not a schema: {schema!r}")
        if isinstance(schema.get("$id"), str):
            base = _join(base, schema["$id"]).split("#", 1)[0]
        self.bases[id(schema)] = base
        self.subschemas.append(schema)
        checks: list = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS or keyword.startswith("x-"):
                continue
            make = _KEYWORDS.get(keyword)
            if make is None:
                raise SchemaCompileError(f"keyword {keyword!r} is not implemented")
            compiled = make(self, value, schema, base)
            if compiled is not None:
                checks.append(compiled[0])
                node.parts.append(compiled[1])
        if len(checks) == 1:
            node.valid = checks[0]
        elif checks:
            node.valid = lambda value: all(check(value) for check in checks)
        return node

    # -- answers -----------------------------------------------------------------------

    def is_valid(self, instance: Any) -> bool:
        return bool(self.top.valid(instance))

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        return self.top.errors(instance, [], [])


# ---------------------------------------------------------------------------------------
# Keywords. Each returns (valid, errors) or None when the keyword constrains nothing.


def _leaf(keyword: str, value: Any, schema: dict, check: Check, message: Callable[[Any], str]):
    """A keyword that checks the instance itself: one error when `check` fails."""
    def errors(instance, path, sp):
        if not check(instance):
            yield SchemaError(keyword, value, instance, schema, path, sp + [keyword], message(instance))
    return check, errors


def k_ref(v: Validator, value, schema, base):
    target, target_base = v._target(_join(base, value))
    node = v._compile(target, target_base)
    return (lambda instance: node.valid(instance),
            lambda instance, path, sp: node.errors(instance, path, sp + ["$ref"]))


def k_type(v, value, schema, base):
    names = [value] if isinstance(value, str) else list(value)
    for name in names:
        is_type(None, name)  # an unknown type name fails now, not per value
    if len(names) == 1:
        name = names[0]
        check = lambda instance: is_type(instance, name)  # noqa: E731
    else:
        check = lambda instance: any(is_type(instance, n) for n in names)  # noqa: E731
    return _leaf("type", value, schema, check, lambda i: f"{i!r} is not of type {value!r}")


def k_enum(v, value, schema, base):
    return _leaf("enum", value, schema, lambda i: any(equal(i, option) for option in value),
                 lambda i: f"{i!r} is not one of {value!r}")


def k_const(v, value, schema, base):
    return _leaf("const", value, schema, lambda i: equal(i, value), lambda i: f"{value!r} was expected")


def k_not(v, value, schema, base):
    inner = v._compile(value, base)
    return _leaf("not", value, schema, lambda i: not inner.valid(i),
                 lambda i: f"{i!r} should not be valid under {value!r}")


def k_if(v, value, schema, base):
    cond = v._compile(value, base)
    then = v._compile(schema.get("then", True), base)
    otherwise = v._compile(schema.get("else", True), base)

    def errors(instance, path, sp):
        if cond.valid(instance):
            yield from then.errors(instance, path, sp + ["then"])
        else:
            yield from otherwise.errors(instance, path, sp + ["else"])
    return (lambda instance: then.valid(instance) if cond.valid(instance) else otherwise.valid(instance)), errors


def k_allOf(v, value, schema, base):
    parts = [v._compile(s, base) for s in value]

    def errors(instance, path, sp):
        for index, part in enumerate(parts):
            yield from part.errors(instance, path, sp + ["allOf", index])
    return (lambda instance: all(p.valid(instance) for p in parts)), errors


def _branches(keyword, parts, instance, path, sp) -> list:
    """The errors of every branch of an anyOf/oneOf, each marked with its branch index."""
    found = []
    for index, part in enumerate(parts):
        for error in part.errors(instance, path, sp + [keyword, index]):
            error.branch = index
            found.append(error)
    return found


def k_anyOf(v, value, schema, base):
    parts = [v._compile(s, base) for s in value]

    def check(instance):
        return any(p.valid(instance) for p in parts)

    def errors(instance, path, sp):
        if not check(instance):
            yield SchemaError("anyOf", value, instance, schema, path, sp + ["anyOf"],
                              f"{instance!r} is not valid under any of the given schemas",
                              _branches("anyOf", parts, instance, path, sp))
    return check, errors


def k_oneOf(v, value, schema, base):
    parts = [v._compile(s, base) for s in value]

    def check(instance):
        return sum(1 for p in parts if p.valid(instance)) == 1

    def errors(instance, path, sp):
        matched = [index for index, p in enumerate(parts) if p.valid(instance)]
        if not matched:
            yield SchemaError("oneOf", value, instance, schema, path, sp + ["oneOf"],
                              f"{instance!r} is not valid under any of the given schemas",
                              _branches("oneOf", parts, instance, path, sp))
        elif len(matched) > 1:
            yield SchemaError("oneOf", value, instance, schema, path, sp + ["oneOf"],
                              f"it matches {len(matched)} of the alternatives, and exactly one is allowed")
    return check, errors


def best_errors(error: SchemaError) -> list:
    """The errors to report for a failed anyOf/oneOf (`error.context` holds every branch's).

    When no branch accepts the instance's type, one `type` error naming every type the
    branches allow (on the anyOf's own schema). Otherwise the branch whose type fits and that
    got furthest: its first error is deepest in the instance, then it has the fewest errors,
    then it comes first."""
    branches: dict = {}
    for sub in error.context:
        branches.setdefault(sub.branch, []).append(sub)
    depth = len(error.absolute_path)

    def type_miss(found: list) -> bool:
        return any(e.validator == "type" and len(e.absolute_path) == depth for e in found)

    fitting = {b: found for b, found in branches.items() if not type_miss(found)}
    if not fitting:
        types: list = []
        for found in branches.values():
            for e in found:
                if e.validator == "type" and len(e.absolute_path) == depth:
                    for name in [e.validator_value] if isinstance(e.validator_value, str) else e.validator_value:
                        if name not in types:
                            types.append(name)
        if not types:
            return [branches[min(branches)][0]] if branches else []
        return [SchemaError("type", types if len(types) > 1 else types[0], error.instance, error.schema,
                            error.absolute_path, error.schema_path, f"{error.instance!r} is not of type {types!r}")]
    chosen = min(fitting, key=lambda b: (-len(fitting[b][0].absolute_path), len(fitting[b]), b))
    return fitting[chosen]


def _length(keyword: str, kind: type, fails: Callable[[int, int], bool], words: str):
    def make(v, value, schema, base):
        return _leaf(keyword, value, schema, lambda i: not isinstance(i, kind) or not fails(len(i), value),
                     lambda i: f"{i!r} {words} {value})")
    return make


def _bound(keyword: str, fails: Callable[[Any, Any], bool], words: str):
    def make(v, value, schema, base):
        return _leaf(keyword, value, schema, lambda i: not _number(i) or not fails(i, value),
                     lambda i: f"{i!r} is {words} {value!r}")
    return make


def k_pattern(v, value, schema, base):
    regex = _regex(value)
    return _leaf("pattern", value, schema, lambda i: not isinstance(i, str) or regex.search(i) is not None,
                 lambda i: f"{i!r} does not match {value!r}")


def k_multipleOf(v, value, schema, base):
    def check(instance):
        if not _number(instance):
            return True
        if isinstance(value, float) or isinstance(instance, float):
            quotient = instance / value
            try:
                return quotient == int(quotient)
            except OverflowError:
                return False
        return instance % value == 0
    return _leaf("multipleOf", value, schema, check, lambda i: f"{i!r} is not a multiple of {value}")


def k_items(v, value, schema, base):
    inner = v._compile(value, base)
    start = len(schema.get("prefixItems", []))

    def check(instance):
        return not isinstance(instance, list) or all(inner.valid(item) for item in instance[start:])

    def errors(instance, path, sp):
        if isinstance(instance, list):
            for index in range(start, len(instance)):
                yield from inner.errors(instance[index], path + [index], sp + ["items"])
    return check, errors


def k_prefixItems(v, value, schema, base):
    parts = [v._compile(s, base) for s in value]

    def check(instance):
        return not isinstance(instance, list) or all(p.valid(item) for p, item in zip(parts, instance))

    def errors(instance, path, sp):
        if isinstance(instance, list):
            for index, (part, item) in enumerate(zip(parts, instance)):
                yield from part.errors(item, path + [index], sp + ["prefixItems", index])
    return check, errors


def k_contains(v, value, schema, base):
    inner = v._compile(value, base)
    low = schema.get("minContains", 1)
    high = schema.get("maxContains")

    def count(instance) -> int:
        return sum(1 for item in instance if inner.valid(item))

    def check(instance):
        if not isinstance(instance, list) or low == 0 and high is None:
            return True
        matched = count(instance)
        return matched >= low and (high is None or matched <= high)

    def errors(instance, path, sp):
        if check(instance):
            return
        matched = count(instance)
        if matched == 0 and low > 0:
            keyword, message = "contains", f"{instance!r} does not contain items valid under {value!r}"
        elif matched < low:
            keyword, message = "minContains", f"only {matched} items are valid under {value!r}, at least {low} must be"
        else:
            keyword, message = "maxContains", f"{matched} items are valid under {value!r}, at most {high} may be"
        yield SchemaError(keyword, schema.get(keyword, value), instance, schema, path, sp + [keyword], message)
    return check, errors


def k_uniqueItems(v, value, schema, base):
    if not value:
        return None

    def check(instance):
        return not isinstance(instance, list) or \
            not any(equal(a, b) for i, a in enumerate(instance) for b in instance[i + 1:])
    return _leaf("uniqueItems", value, schema, check, lambda i: f"{i!r} has non-unique elements")


def k_required(v, value, schema, base):
    def check(instance):
        return not isinstance(instance, dict) or all(name in instance for name in value)

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for name in value:
                if name not in instance:
                    yield SchemaError("required", value, instance, schema, path, sp + ["required"],
                                      f"{name!r} is a required property")
    return check, errors


def k_dependentRequired(v, value, schema, base):
    def check(instance):
        return not isinstance(instance, dict) or all(
            dep in instance for key, deps in value.items() if key in instance for dep in deps)

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for key, deps in value.items():
                if key in instance:
                    for dep in deps:
                        if dep not in instance:
                            yield SchemaError("dependentRequired", value, instance, schema, path,
                                              sp + ["dependentRequired"], f"{dep!r} is a dependency of {key!r}")
    return check, errors


def k_dependentSchemas(v, value, schema, base):
    parts = {key: v._compile(sub, base) for key, sub in value.items()}

    def check(instance):
        return not isinstance(instance, dict) or all(p.valid(instance) for key, p in parts.items() if key in instance)

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for key, part in parts.items():
                if key in instance:
                    yield from part.errors(instance, path, sp + ["dependentSchemas", key])
    return check, errors


def k_properties(v, value, schema, base):
    parts = [(name, v._compile(sub, base)) for name, sub in value.items()]

    def check(instance):
        if not isinstance(instance, dict):
            return True
        for name, part in parts:
            if name in instance and not part.valid(instance[name]):
                return False
        return True

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for name, part in parts:
                if name in instance:
                    yield from part.errors(instance[name], path + [name], sp + ["properties", name])
    return check, errors


def k_patternProperties(v, value, schema, base):
    parts = [(pattern, _regex(pattern), v._compile(sub, base)) for pattern, sub in value.items()]

    def check(instance):
        return not isinstance(instance, dict) or all(
            part.valid(item) for key, item in instance.items() for _, regex, part in parts if regex.search(key))

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for pattern, regex, part in parts:
                for key, item in instance.items():
                    if regex.search(key):
                        yield from part.errors(item, path + [key], sp + ["patternProperties", pattern])
    return check, errors


def k_additionalProperties(v, value, schema, base):
    known = set(schema.get("properties", {}))
    patterns = [_regex(p) for p in schema.get("patternProperties", {})]

    def extras(instance) -> list:
        return [key for key in instance if key not in known and not any(p.search(key) for p in patterns)]

    if value is True:
        return None
    if value is False:
        def errors(instance, path, sp):
            if isinstance(instance, dict):
                found = extras(instance)
                if found:
                    shown = ", ".join(repr(e) for e in sorted(found, key=str))
                    yield SchemaError("additionalProperties", value, instance, schema, path,
                                      sp + ["additionalProperties"],
                                      f"Additional properties are not allowed ({shown} "
                                      f"{'was' if len(found) == 1 else 'were'} unexpected)")
        return (lambda instance: not isinstance(instance, dict) or not extras(instance)), errors
    inner = v._compile(value, base)

    def check(instance):
        return not isinstance(instance, dict) or all(inner.valid(instance[key]) for key in extras(instance))

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for key in extras(instance):
                yield from inner.errors(instance[key], path + [key], sp + ["additionalProperties"])
    return check, errors


def k_propertyNames(v, value, schema, base):
    inner = v._compile(value, base)

    def check(instance):
        return not isinstance(instance, dict) or all(inner.valid(name) for name in instance)

    def errors(instance, path, sp):
        if isinstance(instance, dict):
            for name in instance:
                yield from inner.errors(name, path, sp + ["propertyNames"])
    return check, errors


_KEYWORDS: dict = {
    "$ref": k_ref, "type": k_type, "enum": k_enum, "const": k_const, "not": k_not, "if": k_if,
    "allOf": k_allOf, "anyOf": k_anyOf, "oneOf": k_oneOf,
    "minLength": _length("minLength", str, lambda n, v: n < v, "is too short (minimum"),
    "maxLength": _length("maxLength", str, lambda n, v: n > v, "is too long (maximum"),
    "minItems": _length("minItems", list, lambda n, v: n < v, "should be non-empty or longer than"),
    "maxItems": _length("maxItems", list, lambda n, v: n > v, "is too long (maximum"),
    "minProperties": _length("minProperties", dict, lambda n, v: n < v, "does not have enough properties (minimum"),
    "maxProperties": _length("maxProperties", dict, lambda n, v: n > v, "has too many properties (maximum"),
    "pattern": k_pattern, "multipleOf": k_multipleOf,
    "minimum": _bound("minimum", lambda a, b: a < b, "less than the minimum of"),
    "maximum": _bound("maximum", lambda a, b: a > b, "greater than the maximum of"),
    "exclusiveMinimum": _bound("exclusiveMinimum", lambda a, b: a <= b, "less than or equal to the minimum of"),
    "exclusiveMaximum": _bound("exclusiveMaximum", lambda a, b: a >= b, "greater than or equal to the maximum of"),
    "items": k_items, "prefixItems": k_prefixItems, "contains": k_contains, "uniqueItems": k_uniqueItems,
    "required": k_required, "dependentRequired": k_dependentRequired, "dependentSchemas": k_dependentSchemas,
    "properties": k_properties, "patternProperties": k_patternProperties,
    "additionalProperties": k_additionalProperties, "propertyNames": k_propertyNames,
}

KEYWORDS = frozenset(_KEYWORDS)  # the validation keywords implemented here
