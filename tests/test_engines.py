"""speclint's schema engine (speclint.schema.engine) agrees with jsonschema, the reference.

jsonschema is a test dependency only: the engine answers "valid?" and lists the errors at run
time. Here both are compared with jsonschema's Draft 2020-12 validator (with a registry, so
`$ref`s to other files resolve the same way):
- the verdict (valid or not) on documents generated from each shipped schema's own words and
  on data-level mutations of the fixtures, the examples and the corpus;
- the errors (keyword and place) of every invalid one;
- the findings of whole lint runs, with the engine swapped for jsonschema;
- each keyword on its own, and `$ref`s to another schema file.
"""

import copy
import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from speclint import schema
from speclint.lint import Options, lint_bytes
from speclint.schema import engine, store
from speclint.schema.engine import SchemaCompileError, Validator, best_errors
from speclint.source import classify
from speclint.source.document import Document
from speclint.source.loader import load
from speclint.source.nodes import MappingNode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

SEEDS = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".json"))
SEEDS += sorted((ROOT / "examples").rglob("*.y*ml"))
NAMES = sorted(schema.SCHEMA_FILES)


def _fetch(uri):
    found = store.retrieve(uri)
    if found is None:
        raise NoSuchResource(ref=uri)
    return Resource.from_contents(found, default_specification=DRAFT202012)


def reference(name_or_schema):
    """jsonschema's validator for a shipped schema (by name) or a schema dict."""
    root = schema.load_schema(name_or_schema) if isinstance(name_or_schema, str) else name_or_schema
    return Draft202012Validator(root, registry=Registry(retrieve=_fetch))


def _places(errors):
    """(place, keyword) of each error. jsonschema reports a `false` subschema with no keyword
    and no place (its error is made outside the keyword loop), so those compare by kind only."""
    return sorted(("-", "false") if e.validator in (None, "false") else (json.dumps(list(e.absolute_path)), e.validator)
                  for e in errors)


def agree(name, instance):
    """The engine and jsonschema give the same verdict and the same errors (keyword, place)."""
    own = schema.validator(name)
    ref = reference(name)
    verdict = ref.is_valid(instance)
    assert own.is_valid(instance) == verdict, instance
    own_errors = list(own.iter_errors(instance))
    assert bool(own_errors) == (not verdict), instance  # the two answers of the engine agree
    assert _places(own_errors) == _places(ref.iter_errors(instance)), instance
    return verdict


class _Reference:
    """The engine's interface, answered by jsonschema (its errors carry the same fields)."""

    def __init__(self, name):
        self.own = Validator(schema.load_schema(name), store.retrieve)
        self.ref = reference(name)
        self.subschemas, self.resolve = self.own.subschemas, self.own.resolve

    def is_valid(self, instance):
        return self.ref.is_valid(instance)

    def iter_errors(self, instance):
        for error in self.ref.iter_errors(instance):
            for sub in error.context:
                sub.branch = sub.relative_schema_path[0]
            yield error


def both_engines(name: str, data: bytes, monkeypatch):
    own = [d.to_dict() for d in lint_bytes(name, data, Options()).diagnostics]
    with monkeypatch.context() as patch:
        patch.setattr(schema, "validator", _Reference)
        reference_found = [d.to_dict() for d in lint_bytes(name, data, Options()).diagnostics]
    return own, reference_found


def instance_of(name: str, data: bytes):
    """(schema name, plain data) of a document, or None when it is not schema-checked."""
    loaded = load(data)
    found = classify.classify(name, loaded.root, None)
    if not isinstance(loaded.root, MappingNode) or found.kind is None:
        return None
    doc = Document(path=name, text=loaded.text, root=loaded.root, kind=found.kind, variant=found.variant)
    schema_name = schema.schema_name(doc)
    if schema_name is None:
        return None
    canonical = schema._canonical_keys(schema_name) if schema.load_schema(schema_name).get("x-case-insensitive-keys") else None
    return schema_name, schema.to_instance(loaded.root, canonical)[0]


# ---------------------------------------------------------------------------------------
# Every shipped schema: compiled by the engine, every keyword known.


def _keywords(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(key)
            if key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
                for sub in value.values():
                    _keywords(sub, out)
            elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
                for sub in value:
                    _keywords(sub, out)
            elif key in ("items", "additionalProperties", "not", "if", "then", "else", "propertyNames", "contains"):
                _keywords(value, out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_keyword_of_every_shipped_schema_is_implemented(name):
    used = _keywords(schema.load_schema(name), set())
    unknown = {k for k in used if not k.startswith("x-")} - engine.KEYWORDS - engine.ANNOTATIONS
    assert unknown == set()
    assert schema.validator(name).is_valid({}) == reference(name).is_valid({})


def test_an_unknown_keyword_fails_when_compiling_not_when_validating():
    with pytest.raises(SchemaCompileError, match="unevaluatedProperties"):
        Validator({"type": "object", "unevaluatedProperties": False})
    with pytest.raises(SchemaCompileError, match="other.json"):
        Validator({"$ref": "other.json#/x"})
    with pytest.raises(SchemaCompileError, match="nowhere"):
        Validator({"$ref": "#/$defs/nowhere"})


# ---------------------------------------------------------------------------------------
# Generated documents: the schema's own words (keys, enum values) in random shapes, and
# data-level mutations of real documents.


def _vocabulary(name):
    keys, values = set(), {None, True, False, 0, 1, -1, 0.5, 2.0, "", "x", "0.2", 10 ** 6}
    for sub in schema.validator(name).subschemas:
        keys.update(sub.get("properties", {}))
        keys.update(sub.get("required", []))
        values.update(v for v in sub.get("enum", []) if not isinstance(v, (dict, list)))
        if "const" in sub and not isinstance(sub["const"], (dict, list)):
            values.add(sub["const"])
        for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if bound in sub:
                values.update({sub[bound], sub[bound] - 1, sub[bound] + 1})
    keys.update({"CODEBUILD_X", "Unknown", "files"})
    return sorted(keys), sorted(values, key=repr)


@st.composite
def documents(draw, name):
    """Random shapes in the schema's words (keys, enum values): mostly invalid documents."""
    keys, values = _vocabulary(name)
    scalars = st.sampled_from(values) | st.text(max_size=6)
    tree = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(keys) | st.text(max_size=4), inner, max_size=5), max_leaves=25)
    return draw(st.dictionaries(st.sampled_from(keys), tree, min_size=1, max_size=6))


@st.composite
def conforming(draw, name, sub=None, depth=0):
    """A document built by following the schema (properties, required, items, enum, type,
    bounds, pattern), with an occasional value swapped for a word of the schema: valid and
    invalid documents in about equal numbers, invalid ones a single step away from valid."""
    compiled = schema.validator(name)
    sub = compiled.resolve(compiled.root if sub is None else sub)
    keys, values = _vocabulary(name)
    if depth and draw(st.integers(0, 24)) == 0:
        return draw(st.sampled_from(values + [[], {}]))
    if "const" in sub:
        return sub["const"]
    if "enum" in sub:
        return draw(st.sampled_from(sub["enum"]))
    types = sub.get("type") or (["object"] if "properties" in sub else ["string"])
    kind = draw(st.sampled_from([types] if isinstance(types, str) else types))
    if kind == "object" and depth < 6:
        required = list(sub.get("required", []))
        for part in sub.get("allOf", []):
            required += compiled.resolve(part).get("required", [])
        out = {}
        for key, value in sub.get("properties", {}).items():
            if key in required or draw(st.booleans()):
                out[key] = draw(conforming(name, value, depth + 1))
        if sub.get("additionalProperties", True) is not False and draw(st.booleans()):
            out[draw(st.text(min_size=1, max_size=5))] = draw(conforming(name, sub.get("additionalProperties") if
                                                                         isinstance(sub.get("additionalProperties"), dict) else {}, depth + 1))
        return out
    if kind == "array" and depth < 6:
        low, high = sub.get("minItems", 0), min(sub.get("maxItems", 3), 3)
        return [draw(conforming(name, sub.get("items", {}), depth + 1)) for _ in range(draw(st.integers(low, max(low, high))))]
    if kind in ("integer", "number"):
        return draw(st.integers(int(sub.get("minimum", -5)), int(sub.get("maximum", 5000))))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "null":
        return None
    if "pattern" in sub:
        return draw(st.from_regex(sub["pattern"]).filter(lambda t: len(t) >= sub.get("minLength", 0)))
    return draw(st.text(min_size=sub.get("minLength", 0), max_size=max(sub.get("minLength", 0), sub.get("maxLength", 8))))


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_generated_documents_get_the_same_verdict(name, data):
    agree(name, data.draw(documents(name)))


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_documents_that_follow_the_schema_get_the_same_verdict(name, data):
    agree(name, data.draw(conforming(name)))


def _seed_instances():
    found = []
    for path in SEEDS:
        got = instance_of(path.name, path.read_bytes())
        if got:
            found.append(got)
    return found


SEED_INSTANCES = _seed_instances()


def mutate_data(value, rng: random.Random, keys: list, values: list):
    """A copy of plain data with one random change deep inside (replace, delete, add, wrap)."""
    value = copy.deepcopy(value)
    holders = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict) and current:
            holders.append(current)
            stack.extend(current.values())
        elif isinstance(current, list) and current:
            holders.append(current)
            stack.extend(current)
    if not holders:
        return value
    holder = rng.choice(holders)
    slot = rng.choice(list(holder)) if isinstance(holder, dict) else rng.randrange(len(holder))
    op = rng.choice(["replace", "delete", "add", "wrap", "listify"])
    if op == "replace":
        holder[slot] = rng.choice(values + [{}, [], {"x": 1}])
    elif op == "delete":
        del holder[slot]
    elif op == "add" and isinstance(holder, dict):
        holder[rng.choice(keys)] = rng.choice(values + [[], {}])
    elif op == "wrap":
        holder[slot] = [holder[slot]]
    elif op == "listify" and isinstance(holder[slot], dict):
        holder[slot] = [{k: v} for k, v in holder[slot].items()]
    return value


@given(seed=st.integers(0, 2 ** 32 - 1), index=st.integers(0, max(0, len(SEED_INSTANCES) - 1)))
def test_mutated_fixtures_get_the_same_verdict(seed, index):
    name, instance = SEED_INSTANCES[index]
    keys, values = _vocabulary(name)
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 3)):
        instance = mutate_data(instance, rng, keys, values)
    agree(name, instance)


def test_the_corpus_and_its_mutations_get_the_same_verdict(corpus):
    rng = random.Random(15)
    checked = 0
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".yml", ".yaml", ".json"):
            got = instance_of(path.name, path.read_bytes())
            if not got:
                continue
            name, instance = got
            agree(name, instance)
            keys, values = _vocabulary(name)
            for _ in range(5):
                agree(name, mutate_data(instance, rng, keys, values))
            checked += 1
    assert checked > 300


# ---------------------------------------------------------------------------------------
# Whole lint runs: the findings with the engine and with jsonschema behind the same mapping.


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixtures_and_examples_give_the_same_findings(path, monkeypatch):
    own, reference_found = both_engines(path.name, path.read_bytes(), monkeypatch)
    assert own == reference_found


def test_corpus_gives_the_same_findings(corpus, monkeypatch):
    checked = 0
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".yml", ".yaml", ".json"):
            own, reference_found = both_engines(path.name, path.read_bytes(), monkeypatch)
            assert own == reference_found, path
            checked += 1
    assert checked > 100


def test_generated_project_gives_the_same_findings(tmp_path, monkeypatch):
    for path in generate.project(tmp_path, 150, seed=11):
        own, reference_found = both_engines(path.name, path.read_bytes(), monkeypatch)
        assert own == reference_found, path.read_text()


def mutate(text: str, rng: random.Random) -> str:
    """A copy of YAML text with 1-4 random line edits (delete, duplicate, indent, swap, retype)."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        op = rng.choice(["delete", "duplicate", "indent", "dedent", "swap", "colon", "value", "key"])
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "indent":
            lines[i] = "  " + line
        elif op == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line
        elif op == "swap" and len(line) > 2:
            j = rng.randrange(len(line) - 1)
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2:]
        elif op == "colon":
            lines[i] = line + ": x"
        elif op == "value" and ":" in line:
            lines[i] = line.split(":", 1)[0] + ": " + rng.choice(["", "1", "true", "null", "[]", "{}", "-1", "'x'", "3.10", "[a, b]"])
        elif op == "key" and ":" in line:
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = indent + rng.choice(["Version", "phase", "artifact", "files", "hooks", "os", "Resources", "Type"]) + \
                ":" + line.split(":", 1)[1]
    return "\n".join(lines)


@given(seed=st.integers(0, 2 ** 32 - 1), index=st.integers(0, max(0, len(SEEDS) - 1)))
def test_mutated_files_give_the_same_findings(seed, index):
    path = SEEDS[index]
    data = mutate(path.read_text(encoding="utf-8", errors="replace"), random.Random(seed)).encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        own, reference_found = both_engines(path.name, data, patch)
    assert own == reference_found, data


# ---------------------------------------------------------------------------------------
# Each keyword on its own: (schema, instance) pairs on both sides of every keyword.

CASES = [
    ({"type": "string"}, ["a", 1, None, True, [], {}]),
    ({"type": ["integer", "null"]}, [1, 1.0, 1.5, None, True, "1"]),
    ({"type": "number"}, [1, 1.5, True, "1"]),
    ({"enum": [0.2, "0.2", 1]}, [0.2, "0.2", 1, 1.0, True, "1"]),
    ({"const": False}, [False, 0, None]),
    ({"const": {"a": [1]}}, [{"a": [1]}, {"a": [True]}, {"a": [1], "b": 2}]),
    ({"not": {"required": ["a", "b"]}}, [{"a": 1}, {"a": 1, "b": 2}, []]),
    ({"allOf": [{"minLength": 2}, {"pattern": "^a"}]}, ["ab", "ba", "a", 3]),
    ({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}, ["a", ["a"], [1], {}, 1]),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, [1, -1, 0.5, -0.5, "x"]),
    ({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}},
     [{"a": 1, "b": 1}, {"a": 1}, {"c": 1}, {}, 5]),
    ({"if": {"not": {"required": ["batch"]}}, "then": {"required": ["phases"]}}, [{}, {"batch": 1}, {"phases": 1}]),
    ({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}},
      "additionalProperties": False}, [{"a": "s"}, {"a": 1}, {"x-1": 1}, {"x-1": "s"}, {"b": 1}, {"b": 1, "c": 2}]),
    ({"additionalProperties": {"type": "boolean"}, "properties": {"a": {}}}, [{"a": 1, "b": True}, {"b": 1}]),
    ({"propertyNames": {"not": {"pattern": "^CODEBUILD_"}}}, [{"A": 1}, {"CODEBUILD_X": 1}, {"A": 1, "CODEBUILD_": 2}]),
    ({"propertyNames": {"maxLength": 3}}, [{"abc": 1}, {"abcd": 1}]),
    ({"required": ["a", "b"]}, [{"a": 1, "b": 2}, {"a": 1}, {}, "a"]),
    ({"dependentRequired": {"a": ["b"]}}, [{"a": 1}, {"a": 1, "b": 1}, {"b": 1}]),
    ({"dependentSchemas": {"a": {"required": ["c"]}}}, [{"a": 1}, {"a": 1, "c": 1}, {}]),
    ({"minProperties": 1, "maxProperties": 2}, [{}, {"a": 1}, {"a": 1, "b": 2, "c": 3}]),
    ({"items": {"type": "string"}, "minItems": 1, "maxItems": 2, "uniqueItems": True},
     [[], ["a"], ["a", "a"], ["a", 1], ["a", "b", "c"], [1, True]]),
    ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, [[1, "a"], ["a"], [1, 2], []]),
    ({"contains": {"const": 1}, "minContains": 2}, [[1, 1], [1], [], "x"]),
    ({"minLength": 1, "maxLength": 3, "pattern": "^[a-z]+$"}, ["", "abc", "abcd", "AB", 7]),
    ({"minimum": 1, "maximum": 3600}, [0, 1, 3600, 3601, 1.5, True, "5"]),
    ({"exclusiveMinimum": 0, "exclusiveMaximum": 10, "multipleOf": 0.5}, [0, 0.5, 9.5, 10, 0.3]),
    ({"$defs": {"n": {"type": "integer"}}, "properties": {"a": {"$ref": "#/$defs/n"}}}, [{"a": 1}, {"a": "1"}]),
    ({"$defs": {"n": {"$anchor": "num", "type": "integer"}}, "items": {"$ref": "#num"}}, [[1], ["1"]]),
    ({"$defs": {"tree": {"type": "object", "additionalProperties": {"$ref": "#/$defs/tree"}}},
      "$ref": "#/$defs/tree"}, [{}, {"a": {"b": {}}}, {"a": {"b": 1}}]),
    ({"properties": {"a": False, "b": True}}, [{"a": 1}, {"b": 1}, {}]),
    # an anchor inside a property called "enum": still a subschema, found by the $ref
    ({"properties": {"enum": {"$anchor": "e", "type": "string"}}, "items": {"$ref": "#e"}}, [["a"], [1], {"enum": 1}]),
]


@pytest.mark.parametrize("schema_and_instances", CASES, ids=lambda c: "+".join(k for k in c[0] if k != "$defs"))
def test_each_keyword_agrees_with_jsonschema(schema_and_instances):
    root, instances = schema_and_instances
    own, ref = Validator(root), reference(root)
    verdicts = []
    for instance in instances:
        verdict = ref.is_valid(instance)
        assert own.is_valid(instance) == verdict, instance
        own_errors = list(own.iter_errors(instance))
        assert bool(own_errors) == (not verdict), instance
        assert _places(own_errors) == _places(ref.iter_errors(instance)), instance
        verdicts.append(verdict)
    assert True in verdicts and False in verdicts  # each case tests both sides


def test_any_of_with_no_branch_of_the_right_type_is_one_type_error_naming_every_type():
    own = Validator({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
    [error] = list(own.iter_errors({"a": 1}))
    [best] = best_errors(error)
    assert (best.validator, best.validator_value, best.absolute_path) == ("type", ["string", "array"], [])


def test_any_of_reports_the_branch_whose_type_fits():
    own = Validator({"properties": {"c": {"anyOf": [{"type": "string"},
                                                     {"type": "array", "items": {"type": "string"}}]}}})
    [error] = list(own.iter_errors({"c": ["ok", 5]}))
    assert [(e.validator, e.absolute_path) for e in best_errors(error)] == [("type", ["c", 1])]


def test_one_of_matching_two_branches_is_an_error_saying_so():
    [error] = list(Validator({"oneOf": [{"type": "integer"}, {"minimum": 0}]}).iter_errors(3))
    assert error.validator == "oneOf" and error.context == [] and "exactly one" in error.message


# ---------------------------------------------------------------------------------------
# Findings through the shipped mapping, with schemas changed in a copy of the schema folder.


@pytest.fixture
def schema_folder(tmp_path, monkeypatch):
    """A copy of the schema folder that a test may edit; every cache is cleared around it."""
    folder = tmp_path / "schemas"
    folder.mkdir()
    for file in store.schema_dir().glob("*.json"):
        (folder / file.name).write_bytes(file.read_bytes())
    caches = (store.load_schema, store._by_id, store.retrieve, schema.validator, schema._canonical_keys)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(store, "schema_folder", lambda: str(folder))
    yield folder
    for cache in caches:
        cache.cache_clear()


def _edit(folder, file_name, change):
    path = folder / file_name
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _lint(text, name="buildspec.yml"):
    return [d.to_dict() for d in lint_bytes(name, text.encode(), Options(extend_select=("ALL",))).diagnostics]


VALID = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"
BAD_VERSION = "version: 0.3\nphases:\n  build:\n    commands:\n      - make\n"


def test_a_ref_to_another_file_checks_a_valid_buildspec_without_a_finding(schema_folder):
    def shared(data):
        data["properties"]["version"] = {"$ref": "shared-defs.schema.json#/$defs/version"}
    (schema_folder / "shared-defs.schema.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://speclint.dev/schemas/shared-defs.schema.json",
        "$defs": {"version": json.loads((store.schema_dir() / "buildspec-0.2.schema.json").read_text())
                  ["properties"]["version"]}}))
    _edit(schema_folder, "buildspec-0.2.schema.json", shared)
    assert _lint(VALID) == []
    found = [d for d in _lint(BAD_VERSION) if d["code"].startswith("S")]
    assert [(d["code"], d["line"], d["column"], d["end_column"]) for d in found] == [("S005", 1, 10, 13)]
    assert found[0]["message"].startswith('invalid value 0.3 (read by YAML as a number) for version: expected one of')


SHARED_CASES = [
    VALID, BAD_VERSION,
    "version: 0.2\nphases:\n  biuld:\n    commands: make\n",
    "version: 0.2\nenv:\n  variables:\n    CODEBUILD_X: 1\n  shell: zsh\nphases:\n  build:\n    commands: {a: b}\n",
    "version: 0.2\nartifacts:\n  paths: [a]\nphases:\n  build:\n    commands:\n      - make\n",
    "version: 0.2\nbatch:\n  build-list:\n    - identifier: a\n      env:\n        compute-type: X\n        fleet: y\n",
    "version: 0.2\ncache:\n  path: [x]\nreports:\n  r:\n    files: 1\n",
    # the message reads x-if-absent through the $ref of discard-paths, now in the other file
    "version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  files: [a]\n  discard_paths: yes\n",
]


@pytest.mark.parametrize("text", SHARED_CASES)
def test_refs_across_files_give_the_same_findings_as_refs_within_the_file(schema_folder, text):
    """The class beyond `version`: every `#/$defs/...` of the buildspec schema moved to another
    file; findings (messages read through the refs: x-if-absent, hints) do not change."""
    expected = _lint(text)
    schema.validator.cache_clear()
    schema._canonical_keys.cache_clear()
    store.load_schema.cache_clear()
    data = json.loads((schema_folder / "buildspec-0.2.schema.json").read_text())
    defs = data.pop("$defs")
    text_of = json.dumps(data).replace('"#/$defs/', '"defs.schema.json#/$defs/')
    (schema_folder / "buildspec-0.2.schema.json").write_text(text_of)
    (schema_folder / "defs.schema.json").write_text(json.dumps({
        "$id": "https://speclint.dev/schemas/defs.schema.json", "$defs": defs}))
    assert "defs.schema.json" in text_of
    assert _lint(text) == expected
    if text == SHARED_CASES[-1]:
        assert any('without "discard-paths" the artifact' in d["message"] for d in expected)


def test_a_false_subschema_is_a_key_that_is_not_allowed(schema_folder):
    def forbid(data):
        data["properties"]["cache"] = False
    _edit(schema_folder, "buildspec-0.2.schema.json", forbid)
    assert _lint(VALID) == []
    found = [d for d in _lint(VALID + "cache:\n  paths: [a]\n") if d["code"].startswith("S")]
    assert [(d["code"], d["line"], d["column"], d["message"]) for d in found] == [
        ("S007", 6, 1, "cache is not allowed here")]


def test_an_any_of_in_a_shipped_schema_gives_one_finding_at_the_value(schema_folder):
    def loosen(data):
        commands = data["$defs"]["phase"]["properties"]["commands"]
        data["$defs"]["phase"]["properties"]["commands"] = {"anyOf": [{"type": "string"}, commands]}
    _edit(schema_folder, "buildspec-0.2.schema.json", loosen)
    assert _lint(VALID) == []
    text = "version: 0.2\nphases:\n  build:\n    commands:\n      a: b\n"
    found = [d for d in _lint(text) if d["code"].startswith("S")]
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("S004", 5, 7)]
    assert "must be a string or a list" in found[0]["message"]
    # A string fits the first branch: no schema finding (B011 says what a string means to CodeBuild).
    assert [d["code"] for d in _lint("version: 0.2\nphases:\n  build:\n    commands: make\n")] == ["B011"]


# ---------------------------------------------------------------------------------------
# No import circle: the engine and the store know nothing of the rest of speclint.


def _imports(path):
    import ast

    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("module", ["engine", "store"])
def test_the_engine_and_the_store_import_nothing_of_speclint(module):
    path = ROOT / "src" / "speclint" / "schema" / f"{module}.py"
    assert [name for name in _imports(path) if name.split(".")[0] in ("speclint", "jsonschema")] == []


def test_nothing_imports_jsonschema_at_run_time():
    found = [str(path.relative_to(ROOT)) for path in (ROOT / "src").rglob("*.py")
             if any(name.split(".")[0] in ("jsonschema", "referencing") for name in _imports(path))]
    assert found == []
