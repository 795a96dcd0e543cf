"""The GitHub Action (action.yml): its step script action/run.sh, run here as the runner runs it,
with the inputs as environment variables.

The script really installs speclint from this checkout into a fresh virtual environment
(through pip, as on a runner), so the test takes ~20 s; the environment is built once.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "action" / "run.sh"
BAD = "version: 0.2\nphases:\n  biuld:\n    commands:\n      - make\n"
GOOD = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    return tmp_path_factory.mktemp("runner-temp")


def run_action(runner_temp, workspace, **inputs):
    output = workspace / "github-output"
    output.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "SPECLINT_"))}
    env.update({"SPECLINT_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output),
                "GITHUB_ACTIONS": "true", "SPECLINT_CACHE_DIR": str(runner_temp / "cache")})
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    proc = subprocess.run(["bash", str(SCRIPT)], cwd=workspace, env=env, capture_output=True, text=True, timeout=600)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return proc, outputs


def test_action_annotates_writes_sarif_and_sets_outputs(runner_temp, tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "buildspec.yml").write_text(BAD)
    (tmp_path / "ci" / "buildspec.yml").write_text(GOOD)
    proc, outputs = run_action(runner_temp, tmp_path, paths="buildspec.yml\nci", args="--fail-on error", sarif="true",
                               shellcheck="false")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "::group::Install speclint" in proc.stdout
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::error file=")]
    assert annotations == [
        "::error file=buildspec.yml,line=3,col=3,endLine=3,endColumn=8,title=speclint B002 (phase-name)::"
        + annotations[0].split("::", 2)[2]
    ]
    assert 'invalid phase name "biuld"' in annotations[0]
    assert outputs == {"exit-code": "1", "sarif-file": "speclint.sarif"}
    sarif = json.loads((tmp_path / "speclint.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [("B002", 3)]

    # the environment is reused; a clean tree passes, without SARIF
    (tmp_path / "buildspec.yml").write_text(GOOD)
    (tmp_path / "speclint.sarif").unlink()
    proc, outputs = run_action(runner_temp, tmp_path, shellcheck="false")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs == {"exit-code": "0"}
    assert not (tmp_path / "speclint.sarif").exists()


def test_action_rejects_a_bad_switch_before_installing(runner_temp, tmp_path):
    proc, outputs = run_action(runner_temp, tmp_path, sarif="yes")
    assert proc.returncode == 2
    assert proc.stdout == "::error title=speclint action::sarif must be true or false, not 'yes'\n"
    assert outputs == {}


def test_action_yml_passes_every_input_to_the_script():
    text = (ROOT / "action.yml").read_text()
    inputs = text.split("\ninputs:\n", 1)[1].split("\noutputs:\n", 1)[0]
    names = [line.strip()[:-1] for line in inputs.splitlines() if line.startswith("  ") and not line.startswith("    ")]
    assert names == ["paths", "args", "shellcheck", "sarif", "sarif-file", "version", "python"]
    for name in names:
        assert f"INPUT_{name.upper().replace('-', '_')}: ${{{{ inputs.{name} }}}}" in text
    assert '"$GITHUB_ACTION_PATH/action/run.sh"' in text and "github/codeql-action/upload-sarif@v3" in text


@pytest.mark.parametrize("args", ["--bogus", "--format nonsense", "--baseline"])
def test_action_usage_error_neither_names_nor_keeps_an_old_sarif_report(runner_temp, tmp_path, args):
    (tmp_path / "buildspec.yml").write_text(BAD)
    (tmp_path / "speclint.sarif").write_text('{"stale": true}')
    proc, outputs = run_action(runner_temp, tmp_path, args=args, sarif="true", shellcheck="false")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert outputs == {"exit-code": "2"}
    assert not (tmp_path / "speclint.sarif").exists()
    errors = [line for line in proc.stdout.splitlines() if line.startswith("::error title=speclint::")]
    assert len(errors) == 1 and errors[0].startswith("::error title=speclint::Error: "), proc.stdout


def test_action_replaces_an_old_sarif_report(runner_temp, tmp_path):
    (tmp_path / "buildspec.yml").write_text(GOOD)
    (tmp_path / "speclint.sarif").write_text('{"stale": true}')
    proc, outputs = run_action(runner_temp, tmp_path, sarif="true", shellcheck="false")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs == {"exit-code": "0", "sarif-file": "speclint.sarif"}
    assert json.loads((tmp_path / "speclint.sarif").read_text())["runs"][0]["results"] == []
