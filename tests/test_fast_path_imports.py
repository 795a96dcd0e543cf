"""A plain `speclint [OPTIONS] FILES` (cli/entry.py -> cli/check.py) never imports the click
application nor the other heavy modules: pre-commit starts speclint on every commit, and
click alone costs about a quarter of a one-file run. The set below is what the plain check
did not import before the house moved (compared with `python -X importtime`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("click", "rich", "jsonschema", "pygments", "markdown_it", "yaml", "dataclasses",
         "pathlib", "importlib.metadata", "inspect", "ast", "uuid", "platform", "speclint.cli.commands")

_PROBE = ("import json, sys\n"
          "from speclint.cli import entry\n"
          "try:\n"
          "    entry.main(sys.argv[1:])\n"
          "except SystemExit as exc:\n"
          "    code = exc.code\n"
          "sys.stderr.write('\\nMODULES ' + json.dumps({'code': code, 'loaded': sorted(sys.modules)}) + '\\n')\n")

FILES = {
    "buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n",
    "bad/buildspec.yml": "version: 0.2\nphases:\n  biuld:\n    commands: [make, 1]\nartifacts:\n  paths: [x]\n",
    "appspec.yml": ("version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /opt/app\n"
                    "hooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"),
}


def _loaded(tmp_path, argv: list) -> tuple:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    run = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=tmp_path, capture_output=True, text=True)
    line = [x for x in run.stderr.splitlines() if x.startswith("MODULES ")]
    assert line, run.stderr
    found = json.loads(line[-1][len("MODULES "):])
    return found["code"], set(found["loaded"])


@pytest.mark.parametrize("argv, code", [
    (["buildspec.yml"], 0),
    (["check", "--format", "json", "bad/buildspec.yml", "appspec.yml"], 1),
    (["--list-files", "."], 0),
])
def test_a_plain_check_loads_no_heavy_module(tmp_path, argv, code):
    exit_code, loaded = _loaded(tmp_path, argv)
    assert exit_code == code
    assert "speclint.cli.check" in loaded  # the probe did run the plain check
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY) == []


@pytest.mark.parametrize("argv", [["--help"], ["check", "--no-such-option", "x.yml"]])
def test_help_commands_and_usage_errors_go_to_the_click_application(tmp_path, argv):
    """The probe can fail: everything the fast path hands over loads the click group."""
    _, loaded = _loaded(tmp_path, argv)
    assert {"click", "speclint.cli.commands"} <= loaded


def test_the_package_keeps_its_click_group_reachable():
    """`from speclint.cli import cli` (the tests, plugins) still gives the group, loaded on demand."""
    import speclint.cli
    from speclint.cli import commands

    assert speclint.cli.cli is commands.cli
    assert speclint.cli.DefaultGroup is commands.DefaultGroup
    with pytest.raises(AttributeError):
        speclint.cli.no_such_name  # noqa: B018
