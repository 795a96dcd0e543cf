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


# --- what the disk says, changed between lints in one process -----------------------------------
# A language server lints in one long process while the user edits the configuration, the
# .gitignore, a hook script or a task definition: every such answer is cached for one run only
# (run_scope), and a lint outside the runner's run - or a configuration lookup before it - is a
# run of its own. Each step below changes one of them and lints every file in this process, as
# a server would (a Resolver, then lint_file), and in a fresh process: the results must be equal.

REPOSITORY = {
    "buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n  post_build: {}\n",
    "appspec.yml": ("version: 0.0\nos: linux\nfiles:\n  - source: scripts/other.sh\n    destination: /opt/app\n"
                    "hooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"),
    "scripts/other.sh": "#!/bin/sh\necho other\n",
    "scripts/start.sh": "#!/bin/sh\necho ok\n",
    "ecs/appspec.yaml": ("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
                         "        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n"
                         "          ContainerName: web\n          ContainerPort: 80\n"),
    "ecs/taskdef.json": ('{"family": "f", "containerDefinitions": [{"name": "web", "image": "<IMAGE1_NAME>",'
                         ' "portMappings": [{"containerPort": 80}]}]}\n'),
}

# (what changes, file, new content or None to remove it; "same-stat": keep size and mtime)
CHANGES = [
    ("the configuration appears", ".speclint.toml", "ignore = ['B015']\n", ""),
    ("the configuration changes", ".speclint.toml", "extend-select = ['A122']\n[severity]\nB015 = 'error'\n", ""),
    (".gitignore ignores the hook script", ".gitignore", "scripts/start.sh\n", ""),
    ("the hook script is removed", "scripts/start.sh", None, ""),
    (".gitignore is removed", ".gitignore", None, ""),
    ("the hook script comes back", "scripts/start.sh", "#!/bin/sh\necho ok\n", ""),
    ("the hook script changes, same size and mtime", "scripts/start.sh", "#!bin/sh \necho ok\n", "same-stat"),
    ("the container is renamed", "ecs/taskdef.json", REPOSITORY["ecs/taskdef.json"].replace('"web"', '"api"'), ""),
    ("the container is renamed back, same size and mtime", "ecs/taskdef.json", REPOSITORY["ecs/taskdef.json"],
     "same-stat"),
    ("the configuration is removed", ".speclint.toml", None, ""),
]

LINT_ALL = """
import json, os, sys
from speclint.config.settings import Flags, Resolver
from speclint.lint import lint_file

def lint_all():
    out = {}
    for path in ("buildspec.yml", "appspec.yml", "ecs/appspec.yaml"):
        result = lint_file(path, Resolver(Flags()).options_for(path))
        out[path] = [f"{d.span.line}:{d.span.column} {d.code} {d.severity} {d.message}" for d in result.diagnostics]
    return out
"""


def _write(root, name: str, text, how: str) -> None:
    import os

    path = root / name
    if text is None:
        path.unlink()
        return
    before = os.stat(path) if how == "same-stat" else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if before is not None:
        assert before.st_size == os.stat(path).st_size
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("git", ["git work tree", "folder with .git"])
def test_configuration_gitignore_scripts_and_task_definitions_changed_between_lints_are_seen(tmp_path, monkeypatch, git):
    import shutil

    if git == "git work tree":
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    else:
        (tmp_path / ".git").mkdir()  # a repository root speclint recognises, but no work tree git answers for
    for name, text in REPOSITORY.items():
        _write(tmp_path, name, text, "")
    monkeypatch.chdir(tmp_path)
    space: dict = {}
    exec(LINT_ALL, space)  # noqa: S102 - the same lint here and in the fresh processes
    seen = []
    for what, name, text, how in [("nothing yet", None, None, "")] + CHANGES:
        if name is not None:
            _write(tmp_path, name, text, how)
        here = space["lint_all"]()
        fresh = subprocess.run([sys.executable, "-c", LINT_ALL + "print(json.dumps(lint_all()))"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
        assert fresh.returncode == 0, fresh.stderr
        assert here == json.loads(fresh.stdout), f"after {what!r} the lint in this process differs from a fresh one"
        seen.append(json.dumps(here, sort_keys=True))
    assert len(set(seen)) >= 7, "the changes must move the findings, or the test shows nothing"


def test_a_git_timeout_is_remembered_for_one_run_only():
    """gitrun stops asking git for the rest of a run once a call timed out; the next run asks again."""
    import shutil

    from speclint import gitrun, run_scope

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    with run_scope.run():
        gitrun._STATE["timed_out"] = True  # as a call that timed out leaves it
        assert gitrun.run(["--version"]) is None
    with run_scope.run():
        assert gitrun.run(["--version"]) is not None
