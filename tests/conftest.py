import textwrap
from pathlib import Path

import pytest

from speclint.lint import Options, lint_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


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
