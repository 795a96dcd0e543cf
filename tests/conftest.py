import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from speclint.lint import Options, lint_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# Property tests: in CI (the default) a fixed, derived seed, so a run is reproducible and a
# rare draw cannot turn a build red at random; `HYPOTHESIS_PROFILE=sweep` draws new examples,
# many more of them (README: Development).
_PROPERTIES = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=250, derandomize=True, database=None, **_PROPERTIES)
settings.register_profile("sweep", max_examples=5000, derandomize=False, **_PROPERTIES)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def lint_text(text: str, name: str = "buildspec.yml", **options):
    """Lint YAML text (dedented) as if it were a file called `name`; return its findings."""
    data = textwrap.dedent(text).lstrip("\n").encode("utf-8") if isinstance(text, str) else text
    return lint_bytes(name, data, Options(**options)).diagnostics


def brief(diagnostics):
    """(code, line, column) triples, for compact assertions."""
    return [(d.code, d.line, d.column) for d in diagnostics]


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
