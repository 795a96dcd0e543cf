"""speclint in a team's workflow: configuration, suppressions, discovery, baselines, exit codes."""

import json
import os
import subprocess
import textwrap

import pytest
from click.testing import CliRunner

from speclint.cli import cli

CLEAN = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"
UNKNOWN_KEY = CLEAN + "extra: 1\n"  # S001 warning at 6:1
EMPTY_POST_BUILD = CLEAN + "  post_build: {}\n"  # B015 warning at 6:3


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text)


def speclint(root, *args, env=None, input=None):
    here = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), env=env or {}, input=input, catch_exceptions=False)
    finally:
        os.chdir(here)


def findings(result):
    return [(d["path"], d["code"], d["line"], d["column"], d["severity"]) for d in json.loads(result.output)]


# -- configuration -------------------------------------------------------------------------

def test_pyproject_config_found_walking_up_and_cli_overrides(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[project]\nname = "demo"\n\n[tool.speclint]\nignore = ["unknown-key"]\nseverity = { B015 = "error" }\n',
        "deploy/a/buildspec.yml": UNKNOWN_KEY,
        "deploy/b/buildspec.yml": EMPTY_POST_BUILD,
    })
    result = speclint(tmp_path / "deploy", "--format", "json", ".")
    assert findings(result) == [("b/buildspec.yml", "B015", 6, 3, "error")]
    assert result.exit_code == 1
    # --select on the command line replaces the file's selection; --isolated reads no file.
    assert findings(speclint(tmp_path, "--format", "json", "--select", "S001", "deploy")) == [
        ("deploy/a/buildspec.yml", "S001", 6, 1, "warning")]
    isolated = findings(speclint(tmp_path, "--format", "json", "--isolated", "deploy"))
    assert ("deploy/b/buildspec.yml", "B015", 6, 3, "warning") in isolated
    assert ("deploy/a/buildspec.yml", "S001", 6, 1, "warning") in isolated


def test_nearest_config_wins_and_speclint_toml_beats_pyproject(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.speclint]\nignore = [\"B015\"]\n",
        "svc/.speclint.toml": "ignore = [\"S001\"]\n",
        "svc/buildspec.yml": UNKNOWN_KEY,
        "svc/other/buildspec.yml": EMPTY_POST_BUILD,
        "top/buildspec.yml": EMPTY_POST_BUILD,
    })
    got = findings(speclint(tmp_path, "--format", "json"))
    assert got == [("svc/other/buildspec.yml", "B015", 6, 3, "warning")]


def test_per_file_ignores_patterns_exclude_and_fail_on(tmp_path):
    write(tmp_path, {
        ".speclint.toml": textwrap.dedent("""\
            fail-on = "warning"
            buildspec-patterns = ["codebuild/**/*.yml"]
            exclude = ["templates", "generated/*.yml"]
            [per-file-ignores]
            "legacy/**" = ["S001"]
            """),
        "codebuild/nightly/deploy.yml": UNKNOWN_KEY,
        "legacy/buildspec.yml": UNKNOWN_KEY,
        "templates/buildspec.yml": UNKNOWN_KEY,
        "generated/buildspec-x.yml": UNKNOWN_KEY,
        "notes.yml": UNKNOWN_KEY,
    })
    result = speclint(tmp_path, "--format", "json")
    # notes.yml is found by its content (version and phases), whatever its name.
    assert findings(result) == [("codebuild/nightly/deploy.yml", "S001", 6, 1, "warning"),
                                ("notes.yml", "S001", 6, 1, "warning")]
    assert result.exit_code == 1  # fail-on = warning
    listing = speclint(tmp_path, "--list-files").output.splitlines()
    assert listing == ["buildspec       codebuild/nightly/deploy.yml", "buildspec       legacy/buildspec.yml",
                       "buildspec       notes.yml"]
    # An excluded file named on the command line is linted, unless --force-exclude (pre-commit).
    assert findings(speclint(tmp_path, "--format", "json", "templates/buildspec.yml"))
    assert findings(speclint(tmp_path, "--format", "json", "--force-exclude", "templates/buildspec.yml")) == []
    assert speclint(tmp_path, "--fail-on", "error", ".").exit_code == 0


@pytest.mark.parametrize("text, line, message", [
    ('[tool.speclint]\nselect = ["B001"]\nignroe = ["S001"]\n', 3,
     'unknown option "ignroe" in [tool.speclint] (did you mean "ignore"?)'),
    ('[tool.speclint]\nextend-select = ["B01O"]\n', 2, 'unknown rule "B01O" (did you mean "B010"?)'),
    ('[tool.speclint]\n\n[tool.speclint.severity]\nunknwn-key = "error"\n', 4,
     'unknown rule "unknwn-key" (did you mean "unknown-key"?)'),
    ('[tool.speclint]\nseverity = { S001 = "fatal" }\n', 2, 'severity of "S001" must be one of error, warning, info'),
    ('[tool.speclint]\nselect = "B001"\n', 2, '"select" must be a list of strings'),
    ('[tool.speclint]\nfail-on = "warnings"\n', 2, '"fail-on" must be one of error, warning, info'),
    ('[tool.speclint\n', 1, "not valid TOML"),
])
def test_invalid_configuration_is_an_error_with_line_and_suggestion(tmp_path, text, line, message):
    write(tmp_path, {"pyproject.toml": text, "buildspec.yml": CLEAN})
    result = speclint(tmp_path, "buildspec.yml")
    assert result.exit_code == 2
    assert f"pyproject.toml:{line}:1: error: " in result.output
    assert message in result.output


def test_misspelt_code_on_the_command_line_is_a_usage_error(tmp_path):
    write(tmp_path, {"buildspec.yml": CLEAN})
    result = speclint(tmp_path, "--ignore", "dupliate-key", "buildspec.yml")
    assert result.exit_code == 2
    assert 'unknown rule "dupliate-key" (did you mean "duplicate-key"?)' in result.output


def test_explicit_config_file(tmp_path):
    write(tmp_path, {"ci/lint.toml": '[tool.speclint]\nignore = ["S001"]\n', "buildspec.yml": UNKNOWN_KEY})
    assert speclint(tmp_path, "--config", "ci/lint.toml", "--format", "json", "buildspec.yml").output.strip() == "[]"


# -- inline suppressions -------------------------------------------------------------------

SUPPRESSED = """\
version: 0.2
env:
  variables:
    DB_PASSWORD: changeme  # speclint: ignore[B007] local test database
phases:
  build:
    commands:
      - make
  # speclint: ignore[phase-without-commands] placeholder for the release job
  post_build: {}
extra: 1  # speclint: ignore[S001,B015]
"""


def test_suppressions_on_the_line_the_next_line_and_unused(tmp_path):
    write(tmp_path, {"buildspec.yml": SUPPRESSED})
    got = json.loads(speclint(tmp_path, "--format", "json", "buildspec.yml").output)
    assert [(d["code"], d["line"], d["column"], d["message"]) for d in got] == [
        ("C002", 11, 35, 'suppression of "B015" matched no finding on line 11')]
    everything = findings(speclint(tmp_path, "--format", "json", "--no-ignores", "buildspec.yml"))
    assert [(c, line) for _, c, line, _, _ in everything] == [("B007", 4), ("B015", 10), ("S001", 11)]
    # The unused-suppression rule can be turned off like any other.
    assert speclint(tmp_path, "--format", "json", "--ignore", "C002", "buildspec.yml").output.strip() == "[]"


def test_file_wide_and_blanket_suppressions(tmp_path):
    write(tmp_path, {
        "a/buildspec.yml": "# speclint: ignore-file[S001] generated by our template\n" + UNKNOWN_KEY + "more: 2\n",
        "b/buildspec.yml": UNKNOWN_KEY.replace("extra: 1", "extra: 1  # speclint: ignore"),
        "c/buildspec.yml": CLEAN.replace("    commands:", "    # speclint: ignore-next-line\n    commands:"),
    })
    got = json.loads(speclint(tmp_path, "--format", "json").output)
    assert [(d["path"], d["code"], d["line"], d["column"]) for d in got] == [("c/buildspec.yml", "C002", 4, 5)]


def test_misspelt_code_in_a_suppression_is_an_error_with_a_suggestion(tmp_path):
    write(tmp_path, {"buildspec.yml": UNKNOWN_KEY.replace("extra: 1", "extra: 1  # speclint: ignore[S01, unknown-kye]")})
    result = speclint(tmp_path, "--format", "json", "buildspec.yml")
    got = [(d["code"], d["line"], d["column"], d["end_column"], d["message"]) for d in json.loads(result.output)]
    assert got == [
        ("S001", 6, 1, 6, 'unknown key "extra" at the top level'),
        ("C001", 6, 30, 33, 'unknown rule in suppression "S01" (did you mean "S001"?); `speclint rules` lists them'),
        ("C001", 6, 35, 46, 'unknown rule in suppression "unknown-kye" (did you mean "unknown-key"?); `speclint rules` lists them'),
    ]
    assert result.exit_code == 1


# -- discovery -----------------------------------------------------------------------------

def test_directory_search_honours_gitignore(tmp_path):
    write(tmp_path, {
        ".gitignore": "build/\n*.generated.yml\n",
        "buildspec.yml": CLEAN,
        "build/buildspec.yml": UNKNOWN_KEY,
        "buildspec.generated.yml": UNKNOWN_KEY,
        "sub/.gitignore": "!keep/\nskip/\n",
        "sub/skip/buildspec.yml": UNKNOWN_KEY,
        "sub/keep/buildspec.yml": CLEAN,
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = speclint(tmp_path, "--list-files").output.split()
    assert listed == ["buildspec", "buildspec.yml", "buildspec", "sub/keep/buildspec.yml"]
    every = speclint(tmp_path, "--list-files", "--no-respect-gitignore").output.split()
    assert "build/buildspec.yml" in every and "sub/skip/buildspec.yml" in every


def test_list_files_names_the_kind_from_content(tmp_path):
    write(tmp_path, {
        "appspec.yml": "version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties: {Name: f, Alias: a, CurrentVersion: 1, TargetVersion: 2}\n",
        "deploy/appspec.yml": "version: 0.0\nos: linux\n",
        "odd.yml": "foo: 1\n",
    })
    out = speclint(tmp_path, "--list-files", ".", "odd.yml").output.splitlines()
    assert out == ["appspec:lambda  appspec.yml", "appspec:ec2     deploy/appspec.yml", "unknown         odd.yml"]


def test_stdin_uses_the_stdin_filename_for_kind_and_config(tmp_path):
    write(tmp_path, {".speclint.toml": 'per-file-ignores = { "ci/*" = ["S001"] }\n'})
    got = speclint(tmp_path, "--format", "json", "--stdin-filename", "ci/buildspec.yml", "-", input=UNKNOWN_KEY)
    assert got.output.strip() == "[]"
    got = speclint(tmp_path, "--format", "json", "--stdin-filename", "buildspec.yml", "-", input=UNKNOWN_KEY)
    assert findings(got) == [("buildspec.yml", "S001", 6, 1, "warning")]


# -- exit codes, output file, baseline -----------------------------------------------------

def test_exit_zero_fail_on_and_output_file(tmp_path):
    write(tmp_path, {"buildspec.yml": UNKNOWN_KEY})
    assert speclint(tmp_path, "buildspec.yml").exit_code == 0
    assert speclint(tmp_path, "--fail-on", "warning", "buildspec.yml").exit_code == 1
    assert speclint(tmp_path, "--strict", "buildspec.yml").exit_code == 1
    assert speclint(tmp_path, "--strict", "--exit-zero", "buildspec.yml").exit_code == 0
    result = speclint(tmp_path, "--format", "json", "-o", "report.json", "buildspec.yml")
    assert result.output == ""
    assert json.loads((tmp_path / "report.json").read_text())[0]["code"] == "S001"


def test_baseline_reports_only_new_findings_and_survives_line_shifts(tmp_path):
    write(tmp_path, {"buildspec.yml": UNKNOWN_KEY})
    result = speclint(tmp_path, "--write-baseline", "speclint-baseline.json")
    assert result.exit_code == 0
    stored = json.loads((tmp_path / "speclint-baseline.json").read_text())
    assert stored["speclint_baseline"] == 1 and [f["code"] for f in stored["findings"]] == ["S001"]
    # Unrelated lines inserted above: the known finding moves to line 9 and stays known.
    shifted = "# build\n# of the service\n\n" + UNKNOWN_KEY + "other: 2\n"
    write(tmp_path, {"buildspec.yml": shifted})
    got = findings(speclint(tmp_path, "--format", "json", "--baseline", "speclint-baseline.json"))
    assert got == [("buildspec.yml", "S001", 10, 1, "warning")]  # only the new `other` key
    bad = speclint(tmp_path, "--baseline", "buildspec.yml", ".")
    assert bad.exit_code == 2 and "cannot read baseline buildspec.yml" in bad.output


def test_readme_configuration_example_is_valid(tmp_path):
    from pathlib import Path

    from speclint import config

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(example)
    loaded = config.load(str(tmp_path / "pyproject.toml"))
    assert loaded.get("fail-on") == "warning" and loaded.per_file_ignores(str(tmp_path / "legacy/a/buildspec.yml"))
