"""speclint's own schema engines agree with jsonschema exactly.

fastcheck answers "valid?" and schema_errors lists the errors, so that a run never pays
for importing jsonschema. They must give the same findings as jsonschema itself: on every
fixture, on the corpus when present, on generated projects, and on random mutations.
"""

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speclint.source import classify

from speclint.schema import fastcheck, errors as schema_errors

from speclint import schema
from speclint.source.document import Document
from speclint.lint import Options, lint_bytes
from speclint.source.loader import load
from speclint.source.nodes import MappingNode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

SEEDS = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".json"))
SEEDS += sorted((ROOT / "examples").rglob("*.y*ml"))


def both_engines(name: str, data: bytes):
    results = []
    for engine in ("speclint", "jsonschema"):
        schema.ENGINE = engine
        try:
            results.append([d.to_dict() for d in lint_bytes(name, data, Options()).diagnostics])
        finally:
            schema.ENGINE = "speclint"
    return results


def validity(name: str, data: bytes):
    """(fastcheck's verdict, jsonschema's verdict) for a document, or None when it is not checked."""
    loaded = load(data)
    found = classify.classify(name, loaded.root, None)
    if not isinstance(loaded.root, MappingNode) or found.kind is None:
        return None
    doc = Document(path=name, text=loaded.text, root=loaded.root, kind=found.kind, variant=found.variant)
    schema_name = schema.schema_name(doc)
    if schema_name is None:
        return None
    canonical = schema._canonical_keys(schema_name) if schema.load_schema(schema_name).get("x-case-insensitive-keys") else None
    instance, _ = schema.to_instance(loaded.root, canonical)
    return fastcheck.is_valid(schema_name, instance), schema.validator(schema_name).is_valid(instance)


def test_every_schema_is_handled_by_both_own_engines():
    for name in schema.SCHEMA_FILES:
        assert fastcheck.compiled(name) is not None, name
        assert schema_errors.supports(name), name


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixtures_and_examples(path):
    data = path.read_bytes()
    own, reference = both_engines(path.name, data)
    assert own == reference
    verdicts = validity(path.name, data)
    if verdicts:
        assert verdicts[0] == verdicts[1]


def test_corpus(corpus):
    checked = 0
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".yml", ".yaml", ".json"):
            data = path.read_bytes()
            own, reference = both_engines(path.name, data)
            assert own == reference, path
            verdicts = validity(path.name, data)
            if verdicts:
                assert verdicts[0] == verdicts[1], path
            checked += 1
    assert checked > 100


def test_generated_project(tmp_path):
    for path in generate.project(tmp_path, 150, seed=11):
        data = path.read_bytes()
        own, reference = both_engines(path.name, data)
        assert own == reference, path.read_text()


def mutate(text: str, rng: random.Random) -> str:
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


@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, max(0, len(SEEDS) - 1)))
def test_mutations_agree(seed, index):
    path = SEEDS[index]
    text = mutate(path.read_text(encoding="utf-8", errors="replace"), random.Random(seed))
    data = text.encode("utf-8")
    own, reference = both_engines(path.name, data)
    assert own == reference, text
    verdicts = validity(path.name, data)
    if verdicts:
        assert verdicts[0] == verdicts[1], text
