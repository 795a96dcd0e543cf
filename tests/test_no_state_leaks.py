"""`lint` many times in one process gives what one lint gives: nothing leaks between calls.

The language server lints the same buffer over and over with whatever configuration the
folder has; a module-level cache keyed on the wrong thing, a shared settings dict that one
lint mutates, or a "said once" flag would make the 500th answer differ from the first.
The same file is linted 1,000 times alternating three configurations (selection,
suppression comments on or off, the image, ShellCheck on or off), and every result must
equal its configuration's result from a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

BUILDSPEC = textwrap.dedent("""\
    version: 0.2
    # speclint: image=aws/codebuild/standard:5.0
    env:
      variables:
        NAME: x
    phases:
      install:
        runtime-versions:
          python: 3.7
      build:
        commands:
          - echo $UNSET_VALUE  # speclint: ignore[B003]
          - cd build && make
          - set -o pipefail
    artifacts:
      files: dist/*
      base-directory: /abs
    extra: 1
    """)

CONFIGURATIONS = {
    "default": {},
    "selected": {"select": ("S", "B0", "SC"), "ignore": ("S001",), "severity_overrides": {"S004": "info"}},
    "no-ignores": {"no_ignores": True, "extend_select": ("ALL",), "context": {"image": "aws/codebuild/amazonlinux2-x86_64-standard:4.0"},
                   "rule_options": {"ecs-pipeline": False, "deployment": "in-place", "load-balancer": False}},
}

ROUNDS = 1000

SNAPSHOT = """
import json, sys
from speclint.context import LintContext
from speclint.diagnostics import Severity
from speclint.lint import Options, lint_file

def snapshot(result):
    return {"kind": result.kind, "variant": result.variant, "text": result.text,
            "diagnostics": [dict(d.to_dict(), extra=repr(sorted(d.extra.items()))) for d in result.diagnostics]}

def options(values):
    values = dict(values)
    if "severity_overrides" in values:
        values["severity_overrides"] = {k: Severity.parse(v) for k, v in values["severity_overrides"].items()}
    for key in ("select", "ignore", "extend_select"):
        if key in values:
            values[key] = tuple(values[key])
    values["context"] = LintContext(**values.get("context", {})).with_options(values.pop("rule_options", {}))
    return Options(**values)
"""


def _namespace() -> dict:
    space: dict = {}
    exec(SNAPSHOT, space)  # noqa: S102 - the same helpers in this process and the fresh ones
    return space


@pytest.fixture
def buildspec(tmp_path):
    path = tmp_path / "buildspec.yml"
    path.write_text(BUILDSPEC)
    return str(path)


def _fresh(path: str, values: dict) -> dict:
    script = SNAPSHOT + f"\nprint(json.dumps(snapshot(lint_file({path!r}, options(json.loads({json.dumps(values)!r}))))))\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_thousand_lints_alternating_configurations_equal_a_fresh_process(buildspec):
    space = _namespace()
    expected = {name: _fresh(buildspec, values) for name, values in CONFIGURATIONS.items()}
    assert len({json.dumps(e, sort_keys=True) for e in expected.values()}) == len(CONFIGURATIONS)  # they differ
    assert all(e["diagnostics"] for e in expected.values())
    names = list(CONFIGURATIONS)
    options = {name: space["options"](values) for name, values in CONFIGURATIONS.items()}  # reused, as a server would
    for round_ in range(ROUNDS):
        name = names[round_ % len(names)]
        got = json.loads(json.dumps(space["snapshot"](space["lint_file"](buildspec, options[name]))))
        assert got == expected[name], f"round {round_} ({name}) differs from a fresh process"


def test_lint_does_not_change_the_options_it_is_given(buildspec):
    from speclint.context import LintContext
    from speclint.lint import Options, lint_file

    options = Options(select=("B",), context=LintContext(image="aws/codebuild/standard:5.0"))
    before = repr(options)
    lint_file(buildspec, options)
    lint_file(buildspec, options)
    assert repr(options) == before


def test_a_file_the_lint_reads_besides_the_linted_one_is_read_again_when_it_changes(tmp_path):
    """The revision root of an appspec comes from the buildspec that assembles the revision
    (revision/__init__.py): when that buildspec changes between two lints in one process,
    the second lint sees the change (A114 comes and goes with the base directory)."""
    from speclint.lint import Options, lint_file

    (tmp_path / ".git").mkdir()
    (tmp_path / "dist" / "deploy").mkdir(parents=True)
    appspec = tmp_path / "dist" / "deploy" / "appspec.yml"
    appspec.write_text("version: 0.0\nos: linux\n")
    buildspec = "version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  base-directory: {}\n  files: ['**/*']\n"
    options = Options()
    for round_ in range(6):
        base = "dist" if round_ % 2 == 0 else "dist/deploy"
        (tmp_path / "buildspec.yml").write_text(buildspec.format(base))
        codes = [d.code for d in lint_file(str(appspec), options).diagnostics]
        assert ("A114" in codes) == (base == "dist"), (round_, base, codes)


def test_inside_a_run_the_answers_are_shared_and_the_next_run_reads_afresh(tmp_path):
    from speclint import revision, run_scope

    (tmp_path / "buildspec.yml").write_text("version: 0.2\n")
    with run_scope.run():
        first = revision.source_root(str(tmp_path / "sub"))
        (tmp_path / "buildspec.yml").unlink()
        assert revision.source_root(str(tmp_path / "sub")) == first == str(tmp_path)  # cached for the run
    with run_scope.run():
        assert revision.source_root(str(tmp_path / "sub")) == str(tmp_path / "sub")
