"""Real files from public repositories (../shared/corpus, when present): no crash, ever."""

import json
import subprocess
import sys

from speclint.lint import Options, lint_file


def test_corpus_has_no_internal_errors(corpus):
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".json") and p.name != "manifest.tsv")
    assert len(files) > 300
    for path in files:
        result = lint_file(str(path), Options())
        assert not [d for d in result.diagnostics if d.code == "X001"], path
        for d in result.diagnostics:
            assert d.line >= 1 and d.column >= 1 and (d.span.end_line, d.span.end_column) >= (d.line, d.column), (path, d)


def test_corpus_cli_exit_is_never_2(corpus):
    proc = subprocess.run([sys.executable, "-m", "speclint", "--format", "json", str(corpus)], capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert isinstance(json.loads(proc.stdout), list)


def test_agent_accepted_ec2_appspecs_have_no_errors(corpus):
    """The real CodeDeploy agent parsed these EC2 appspecs without error (manifest agent_parse=ok)."""
    import csv

    rows = list(csv.DictReader(open(corpus / "manifest.tsv", encoding="utf-8"), delimiter="\t"))
    ok = [r["file"] for r in rows if r["kind"] == "appspec" and r["variant"] == "ec2" and r["agent_parse"] == "ok"]
    assert ok
    errors = {}
    for name in ok:
        found = [f"{d.code}:{d.line}:{d.message}" for d in lint_file(str(corpus / name), Options()).diagnostics if d.severity >= 3]
        if found:
            errors[name] = found
    # The agent's own parser accepted these files: speclint must not call any of them broken.
    assert errors == {}
