"""The command line: output formats, exit codes, discovery, subcommands."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from speclint import __version__
from speclint.cli import cli

BAD_BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  paths:\n    - dist/**/*\n"
GOOD_BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\nartifacts:\n  files:\n    - dist/**/*\n"
ERROR_BUILDSPEC = "version: 1.0\nphases:\n  build:\n    commands: [make]\n"
WARN_BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands: [make]\nextra: 1\n"


def run(args, files=None, env=None, input=None):
    import tempfile

    runner = CliRunner()
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            for name, text in (files or {}).items():
                os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
                with open(name, "w", encoding="utf-8") as handle:
                    handle.write(text)
            result = runner.invoke(cli, args, env=env or {}, input=input, catch_exceptions=False)
        finally:
            os.chdir(here)
    return result


def test_text_output_has_location_code_frame_and_help():
    result = run(["buildspec.yml", "--color", "never"], {"buildspec.yml": BAD_BUILDSPEC})
    assert result.exit_code == 0  # artifacts without files: documented as required, no known failure message
    lines = result.output.splitlines()
    assert lines[0] == 'buildspec.yml:5:1: warning missing required key "files" in "artifacts" [S003]'
    assert lines[1] == "   5 | artifacts:"
    assert lines[2] == "     | ^~~~~~~~~"
    assert lines[3].startswith("     help: add \"files:\"")
    assert lines[4].startswith('buildspec.yml:6:3: warning unknown key "paths" in "artifacts"')
    assert lines[-1] == "Found 2 warnings in 1 of 1 file checked."


def test_colour_only_when_asked():
    plain = run(["buildspec.yml"], {"buildspec.yml": BAD_BUILDSPEC})
    assert "\x1b[" not in plain.output
    coloured = run(["buildspec.yml", "--color", "always"], {"buildspec.yml": BAD_BUILDSPEC})
    assert "\x1b[" in coloured.output
    no_color = run(["buildspec.yml", "--color", "auto"], {"buildspec.yml": BAD_BUILDSPEC}, env={"NO_COLOR": "1"})
    assert "\x1b[" not in no_color.output


def test_json_contract():
    result = run(["--format", "json", "buildspec.yml"], {"buildspec.yml": BAD_BUILDSPEC})
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert isinstance(data, list) and len(data) == 2
    first = data[0]
    assert {k: first[k] for k in ("path", "line", "column", "end_line", "end_column", "code", "severity")} == {
        "path": "buildspec.yml", "line": 5, "column": 1, "end_line": 5, "end_column": 10, "code": "S003", "severity": "warning",
    }
    assert first["message"] == 'missing required key "files" in "artifacts"'
    assert first["hint"].startswith('add "files:"')
    assert first["name"] == "missing-key" and first["docs_url"].endswith("#s003-missing-key")
    assert first["json_path"] == "artifacts.files"


def test_exit_codes():
    assert run(["buildspec.yml"], {"buildspec.yml": GOOD_BUILDSPEC}).exit_code == 0
    assert run(["buildspec.yml"], {"buildspec.yml": WARN_BUILDSPEC}).exit_code == 0
    assert run(["--strict", "buildspec.yml"], {"buildspec.yml": WARN_BUILDSPEC}).exit_code == 1
    assert run(["buildspec.yml"], {"buildspec.yml": ERROR_BUILDSPEC}).exit_code == 1
    assert run(["--format", "xml", "buildspec.yml"], {"buildspec.yml": GOOD_BUILDSPEC}).exit_code == 2


def test_clean_run_summary():
    result = run(["buildspec.yml"], {"buildspec.yml": GOOD_BUILDSPEC})
    assert result.output.strip() == "All good: 1 file checked, no problems found."


def test_directory_discovery_finds_known_names_and_skips_vendored():
    files = {
        "buildspec.yml": GOOD_BUILDSPEC,
        "svc/buildspec-release.yaml": BAD_BUILDSPEC,
        "deploy/appspec.yml": "version: 0.0\nos: linux\n",
        "node_modules/pkg/buildspec.yml": BAD_BUILDSPEC,
        ".git/buildspec.yml": BAD_BUILDSPEC,
        "notes.yml": "a: 1\n",
    }
    result = run(["--format", "json", "."], files)
    paths = {d["path"] for d in json.loads(result.output)}
    assert paths == {"svc/buildspec-release.yaml"}
    result = run([], files)  # no path: the current directory
    assert "3 files checked" in result.output.splitlines()[-1]


def test_explicit_file_with_any_name_is_linted():
    result = run(["--format", "json", "ci/deploy.yml"], {"ci/deploy.yml": BAD_BUILDSPEC})
    assert [d["code"] for d in json.loads(result.output)] == ["S003", "S001"]


def test_one_bad_file_does_not_stop_the_others():
    files = {"a/buildspec.yml": "version: 0.2\nphases: [\n", "b/buildspec.yml": BAD_BUILDSPEC}
    data = json.loads(run(["--format", "json", "a/buildspec.yml", "missing.yml", "b/buildspec.yml"], files).output)
    assert [(d["path"], d["code"]) for d in data] == [
        ("a/buildspec.yml", "Y001"), ("b/buildspec.yml", "S003"), ("b/buildspec.yml", "S001"), ("missing.yml", "F006"),
    ]  # sorted by path, as documented


def test_stdin_with_filename():
    result = run(["--format", "json", "--stdin-filename", "appspec.yml", "-"], input="version: 0.0\nos: Linux\n")
    data = json.loads(result.output)
    assert [(d["path"], d["code"], d["line"]) for d in data] == [("appspec.yml", "S005", 2)]


def test_select_and_ignore():
    data = json.loads(run(["--format", "json", "--ignore", "S001", "buildspec.yml"], {"buildspec.yml": BAD_BUILDSPEC}).output)
    assert [d["code"] for d in data] == ["S003"]
    data = json.loads(run(["--format", "json", "--select", "unknown-key", "buildspec.yml"], {"buildspec.yml": BAD_BUILDSPEC}).output)
    assert [d["code"] for d in data] == ["S001"]


def test_version_and_schema_and_rules_commands():
    assert run(["--version"]).output.strip() == f"speclint {__version__}"
    schema = json.loads(run(["schema", "buildspec"]).output)
    assert schema["title"] == "AWS CodeBuild buildspec, version 0.2"
    assert json.loads(run(["schema", "appspec-ecs"]).output)["title"] == "AWS CodeDeploy AppSpec for Amazon ECS"
    bad = run(["schema", "nope"])
    assert bad.exit_code == 2 and "unknown schema" in bad.output
    listing = run(["rules"]).output
    assert "Y002  duplicate-key" in listing
    doc = run(["rule", "duplicate-key"]).output
    assert doc.startswith("## Y002 duplicate-key\n\n**Severity:** warning") and "### Use instead" in doc
    missing = run(["rule", "duplicat-key"])
    assert missing.exit_code == 2 and 'did you mean "duplicate-key"' in missing.output


def test_installed_entry_point_and_module_run():
    proc = subprocess.run([sys.executable, "-m", "speclint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == f"speclint {__version__}"


def test_fast_path_parses_exactly_like_click(tmp_path):
    """The click-free parser (cli/options.parse_fast) and click agree on every value."""
    from speclint.cli.options import parse_fast

    config = tmp_path / "c.toml"
    config.write_text("")
    command = cli.commands["check"]
    cases = [
        ["buildspec.yml"],
        ["check", "a.yml", "b.yml", "--format", "json", "--select", "B0,S001", "--select", "Y001", "--strict"],
        ["--format=sarif", "-o", "out.sarif", "--ignore", "unknown-key", "--exit-zero", "."],
        ["-j2", "--max-file-size", "100", "--no-respect-gitignore", "--ecs-pipeline", "--load-balancer", "x"],
        ["--config", str(config), "--isolated", "--no-ignores", "--kind", "appspec", "--image", "standard:7.0", "-"],
        ["--fail-on", "info", "--deployment", "blue-green", "--no-load-balancer", "--", "--weird-name.yml"],
        ["--show-info", "-q", "--statistics", "a.yml"],
        ["check", "--quiet", "--format", "json", "--statistics", "."],
        ["--show-info"],
    ]
    for argv in cases:
        fast = parse_fast(argv)
        assert fast is not None, argv
        args = argv[1:] if argv[0] == "check" else argv
        params = command.make_context("check", list(args)).params
        paths = params.pop("paths")
        assert fast == (tuple(paths), params), argv
    for argv in (["--help"], ["--version"], ["rules"], ["--format", "xml"], ["--max-file-size", "0"], ["--frmat", "json"],
                 ["--show-info=yes"], ["-qq"], ["--statistic"]):
        assert parse_fast(argv) is None, argv  # click gives the help, the command or the message


# A file with one error (B001), one warning (S001) and notes (B024: a base-directory nobody makes).
MIXED = ("version: 0.2\nphases:\n  build:\n    commands: [echo a: b]\nartifacts:\n  base-directory: out\n  files: [a]\n"
         "  paths: [a]\nreports:\n  r:\n    files: [x]\n    base-directory: nowhere\n")


def _shown(result):
    return [line.split(" [")[-1].rstrip("]") for line in result.output.splitlines() if line.startswith("buildspec.yml:")]


def test_default_output_prints_errors_and_warnings_and_counts_notes():
    files = {"buildspec.yml": MIXED}
    every = json.loads(run(["--format", "json", "--show-info", "--isolated", "buildspec.yml"], files).output)
    severities = sorted(d["severity"] for d in every)
    assert "info" in severities and "error" in severities and "warning" in severities
    notes = severities.count("info")
    result = run(["--isolated", "buildspec.yml"], files)
    assert "info" not in [line.split()[1] for line in result.output.splitlines() if line.startswith("buildspec.yml:")]
    noun = "note" if notes == 1 else "notes"
    assert result.output.splitlines()[-1].endswith(f"in 1 of 1 file checked; {notes} {noun} not shown: --show-info.")
    # --show-info and --fail-on info print them; so does the JSON output only with --show-info
    for flag in (["--show-info"], ["--fail-on", "info"]):
        shown = run(["--isolated", *flag, "buildspec.yml"], files)
        assert sum(1 for line in shown.output.splitlines() if line.startswith("buildspec.yml:") and " info " in line) == notes
        assert "not shown" not in shown.output
    default_json = json.loads(run(["--format", "json", "--isolated", "buildspec.yml"], files).output)
    assert sorted(d["severity"] for d in default_json) == [s for s in severities if s != "info"]


def test_quiet_prints_only_errors_and_the_summary():
    files = {"buildspec.yml": MIXED}
    result = run(["--isolated", "-q", "buildspec.yml"], files)
    assert result.exit_code == 1
    assert _shown(result) == ["B001"]
    summary = result.output.splitlines()[-1]
    assert summary.startswith("Found 1 error in 1 of 1 file checked; 1 warning and ")
    assert summary.endswith(" not shown: run without -q and with --show-info.")
    # what fails the run is always printed
    strict = run(["--isolated", "-q", "--strict", "buildspec.yml"], files)
    assert sorted(_shown(strict)) == ["B001", "S001"]
    clean = run(["--isolated", "--quiet", "buildspec.yml"], {"buildspec.yml": WARN_BUILDSPEC})
    assert clean.exit_code == 0
    assert clean.output == "No errors in 1 file checked; 1 warning not shown: run without -q.\n"


def test_statistics_counts_findings_per_code():
    files = {"buildspec.yml": MIXED, "b/buildspec.yml": BAD_BUILDSPEC}
    result = run(["--isolated", "--statistics", "."], files)
    lines = result.output.splitlines()
    assert lines[0].split() == ["2", "S001", "warning", "unknown-key"]
    assert lines[1].split() == ["1", "B001", "error", "command-not-a-string"]
    assert lines[2].split() == ["1", "S003", "warning", "missing-key"]
    assert lines[-1].startswith("Found 1 error, 3 warnings in 2 of 2 files checked")
    data = json.loads(run(["--isolated", "--statistics", "--format", "json", "--show-info", "."], files).output)
    assert {"code": "S001", "name": "unknown-key", "severity": "warning", "count": 2} in data
    assert any(row["severity"] == "info" for row in data)
    assert result.exit_code == 1


@pytest.mark.parametrize("extra", [[], ["--write-baseline", "new.json"], ["--format", "json"], ["-q", "--exit-zero"]])
def test_baseline_prune_without_baseline_is_a_usage_error_on_both_parsers(tmp_path, extra):
    """--baseline-prune alone (or with --write-baseline) was silently ignored."""
    from speclint.cli.options import parse_fast

    (tmp_path / "buildspec.yml").write_text(ERROR_BUILDSPEC)
    argv = ["--baseline-prune", *extra, str(tmp_path / "buildspec.yml")]
    assert parse_fast(argv) is not None  # the fast path parses it, so it must refuse it itself
    proc = subprocess.run([sys.executable, "-m", "speclint", *argv], capture_output=True, text=True, cwd=tmp_path)
    clicked = run(argv)
    for code, err in ((proc.returncode, proc.stderr), (clicked.exit_code, clicked.output)):
        assert code == 2, err
        assert "--baseline-prune" in err and "needs --baseline FILE" in err
    assert not (tmp_path / "new.json").exists()
    # with --baseline it is accepted
    baseline = tmp_path / "b.json"
    assert run(["--write-baseline", str(baseline), str(tmp_path / "buildspec.yml")]).exit_code == 0
    assert run(["--baseline", str(baseline), "--baseline-prune", str(tmp_path / "buildspec.yml")]).exit_code == 0
