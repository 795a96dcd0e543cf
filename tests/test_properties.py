"""Property-based tests: generated and mutated documents never crash speclint, every
position lies inside the file, and the same input always gives the same findings."""

import io
import random
import re
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from speclint.lint import Options, lint_bytes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_engines import SEEDS, mutate  # noqa: E402

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
KEYS = ["version", "phases", "install", "pre_build", "build", "post_build", "commands", "finally", "env", "variables",
        "artifacts", "files", "base-directory", "reports", "cache", "paths", "batch", "build-graph", "identifier",
        "depend-on", "runtime-versions", "nodejs", "on-failure", "run-as", "os", "hooks", "AfterInstall", "location",
        "timeout", "runas", "permissions", "object", "mode", "Resources", "Type", "Properties", "Hooks", "source",
        "destination", "TaskDefinition", "LoadBalancerInfo", "ContainerPort", "<<", "x"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["0.2", "0.0", "linux", "windows", "3.10", "0755", "yes", "RETRY-3", "{{x}}", "$X", "a: b", "", "~"]),
    st.text(max_size=30),
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)),
    max_leaves=40,
)
NAMES = st.sampled_from(["buildspec.yml", "appspec.yml", "appspec.yaml", "appspec.json", "ci.yml"])


def dump(data) -> bytes:
    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    return out.getvalue().encode("utf-8")


def check_invariants(name: str, data: bytes):
    first = lint_bytes(name, data, Options()).diagnostics
    second = lint_bytes(name, data, Options()).diagnostics
    assert [d.to_dict() for d in first] == [d.to_dict() for d in second], "not deterministic"
    text = data.decode("utf-8", "replace")
    lines = LINE_BREAK.split(text)  # YAML's line breaks: lone CR and NEL count too
    for d in first:
        assert d.code != "X001", d.message
        assert 1 <= d.line <= max(1, len(lines)), (d.code, d.line, len(lines))
        assert d.column >= 1
        line_text = lines[d.line - 1] if d.line <= len(lines) else ""
        assert d.column <= len(line_text) + 2, (d.code, d.line, d.column, line_text)
        assert (d.span.end_line, d.span.end_column) >= (d.line, d.column), d
        assert d.span.end_line <= max(1, len(lines)) + 1
    return first


@given(doc=DOCS, name=NAMES)
def test_generated_documents(doc, name):
    check_invariants(name, dump({"version": 0.2, **doc} if isinstance(doc, dict) else doc))


@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, max(0, len(SEEDS) - 1)))
def test_mutated_real_files(seed, index):
    path = SEEDS[index]
    text = mutate(path.read_text(encoding="utf-8", errors="replace"), random.Random(seed))
    check_invariants(path.name, text.encode("utf-8"))


@given(data=st.binary(max_size=400), name=NAMES)
def test_random_bytes(data, name):
    check_invariants(name, data)


def test_mutated_corpus_files(corpus):
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml", ".json"))
    rng = random.Random(20261126)
    for _ in range(600):
        path = rng.choice(files)
        text = mutate(path.read_text(encoding="utf-8", errors="replace"), rng)
        check_invariants(path.name, text.encode("utf-8"))
