"""Command-line edges (issue 19): mistyped commands, missing paths, sorted output in every
format, ShellCheck codes in `speclint rule` and as prefixes, public references, baselines."""

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from speclint.cli.options import SUBCOMMANDS, mistyped_command, parse_fast
from speclint.cli import cli
from speclint.selection import problem as unknown_selector
from speclint.cli.options import FORMATS
from speclint.rules import registry
from speclint.shell import check

APPSPEC = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"
SCRIPT = "#!/bin/bash\necho $1\ncd /tmp\n"
BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo $FOO\n"
BAD_BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  paths: [x]\n"
needs_shellcheck = pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed (pip install 'speclint[shell]')")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A revision whose appspec names a hook script, next to a buildspec; cwd is its root."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "appspec.yml").write_text(APPSPEC)
    (tmp_path / "scripts" / "start.sh").write_text(SCRIPT)
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / ".cache"))
    # SC2086 and SC2164 are off by default (the curated set); these tests need findings in both files.
    (tmp_path / ".speclint.toml").write_text('extend-select = ["SC2086", "SC2164"]\n'
                                             '[severity]\nSC2086 = "warning"\nSC2164 = "warning"\n')
    return tmp_path


def invoke(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


# -- mistyped subcommands -------------------------------------------------------------------

TYPOS = {"rlues": "rules", "lifecyle": "lifecycle", "schmea": "schema", "chekc": "check", "exlpain": "explain",
         "Rules": "rules", "lifecycel": "lifecycle"}


@pytest.mark.parametrize("word,meant", sorted(TYPOS.items()))
def test_a_mistyped_command_gets_did_you_mean(word, meant, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert mistyped_command(word) == meant
    assert parse_fast([word, "x.yml"]) is None  # the fast path leaves it to click
    result = invoke([word, "appspec.yml"])
    assert result.exit_code == 2
    assert f'unknown command "{word}" (did you mean "{meant}"?)' in result.output


@pytest.mark.parametrize("word", sorted(TYPOS))
def test_an_existing_path_is_always_a_path(word, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / word).write_text(BAD_BUILDSPEC)
    assert mistyped_command(word) is None
    result = invoke(["--kind", "buildspec", "--format", "concise", word])
    assert result.output.splitlines()[0].startswith(f"{word}:5:1: warning S003")


@pytest.mark.parametrize("word", ["buildspec.yml", "./rlues", "src/rlues", "-", "--rlues", "zzz", "appspec"])
def test_paths_and_unrelated_words_are_not_commands(word):
    assert mistyped_command(word) is None


def test_every_subcommand_is_exact():
    assert all(mistyped_command(name) is None for name in SUBCOMMANDS)


# -- missing paths ---------------------------------------------------------------------------

def test_a_missing_path_is_its_own_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("gone.yml", "buildspec.yml")
    result = invoke(["--format", "json", "nothere.yml", "buildspec.yml", "--ignore", "Y003"])
    assert result.exit_code == 1
    found = [(d["path"], d["line"], d["column"], d["code"], d["name"], d["severity"], d["message"]) for d in json.loads(result.output)]
    assert found == [
        ("buildspec.yml", 1, 1, "F006", "path-not-found", "error", "buildspec.yml is a symbolic link to gone.yml, which does not exist"),
        ("nothere.yml", 1, 1, "F006", "path-not-found", "error", "nothere.yml does not exist"),
    ]


def test_a_missing_folder_is_reported_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["--format", "concise", "deploy/"])
    assert result.exit_code == 1
    assert result.output == "deploy/:1:1: error F006 deploy/ does not exist\n"


@pytest.mark.parametrize("args, summary, code", [
    (["--ignore", "F006", "nope.yml"], "All good: 0 files checked (1 path not found), no problems found.", 0),
    (["nope.yml"], "Found 1 error; 0 files checked (1 path not found).", 1),
    (["nope.yml", "gone/", "link.yml"], "Found 3 errors; 0 files checked (3 paths not found).", 1),
    (["nope.yml", "buildspec.yml"], "Found 1 error in 0 of 1 file checked (1 path not found).", 1),
    (["nope.yml", "bad.yml"], "Found 2 errors in 1 of 1 file checked (1 path not found).", 1),
    (["--ignore", "F006", "nope.yml", "buildspec.yml"], "All good: 1 file checked (1 path not found), no problems found.", 0),
])
def test_a_missing_path_is_not_counted_as_a_checked_file(tmp_path, monkeypatch, args, summary, code):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    (tmp_path / "bad.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands:\n      - make\n")
    os.symlink("gone.yml", "link.yml")
    result = invoke(["--color", "never", *args])
    assert result.exit_code == code, result.output
    assert result.output.splitlines()[-1] == summary


# -- every format sorted by path, line, column -------------------------------------------------

def _positions(fmt: str, text: str) -> list:
    """(path, line, column) of each finding, in the order the format lists them."""
    if fmt in ("text", "concise"):
        return [(m[1], int(m[2]), int(m[3])) for m in re.finditer(r"^(\S+):(\d+):(\d+): ", text, re.M)]
    if fmt == "json":
        return [(d["path"], d["line"], d["column"]) for d in json.loads(text)]
    if fmt == "gitlab":
        return [(d["location"]["path"], d["location"]["positions"]["begin"]["line"],
                 d["location"]["positions"]["begin"]["column"]) for d in json.loads(text)]
    if fmt == "rdjson":
        return [(d["location"]["path"], d["location"]["range"]["start"]["line"],
                 d["location"]["range"]["start"]["column"]) for d in json.loads(text)["diagnostics"]]
    if fmt == "sarif":
        out = []
        for r in json.loads(text)["runs"][0]["results"]:
            loc = r["locations"][0]["physicalLocation"]
            out.append((loc["artifactLocation"]["uri"], loc["region"]["startLine"], loc["region"]["startColumn"]))
        return out
    if fmt == "github":
        return [(m[1], int(m[2]), int(m[3])) for m in re.finditer(r"file=([^,]+),line=(\d+),col=(\d+)", text)]
    if fmt == "junit":
        cases = ET.fromstring(text).iter("testcase")
        return [(c.get("file"), int(c.get("line")), int(re.search(r"at \d+:(\d+)", c.get("name"))[1]))
                for c in cases if c.find("failure") is not None]
    raise AssertionError(f"no parser for {fmt}")


@needs_shellcheck
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_sorted_by_path_line_column(fmt, project):
    result = invoke(["--format", fmt, "--color", "never", "."])
    found = _positions(fmt, result.output)
    assert ("scripts/start.sh", 2, 6) in found and ("buildspec.yml", 5, 14) in found
    assert found == sorted(found)


@needs_shellcheck
def test_a_hook_script_finding_shows_the_script_line(project):
    lines = invoke(["--color", "never", "."]).output.splitlines()
    at = lines.index("scripts/start.sh:2:6: warning Double quote to prevent globbing and word splitting. [SC2086]")
    assert lines[at + 1] == "   2 | echo $1"


# -- ShellCheck codes: speclint rule SCxxxx, prefixes ------------------------------------------

def test_rule_explains_a_shellcheck_code():
    result = invoke(["rule", "SC2086"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "SC2086 (ShellCheck): Double quote to prevent globbing and word splitting."
    assert lines[-1] == "https://www.shellcheck.net/wiki/SC2086"


def test_rule_says_where_a_shellcheck_code_is_not_reported():
    assert "Not reported in buildspecs: a failing `cd` fails" in invoke(["rule", "sc2164"]).output


@pytest.mark.parametrize("code", ["SC2999", "SC9999", "sc1000"])
def test_rule_does_not_present_a_code_it_does_not_know_as_real(code):
    result = invoke(["rule", code])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{code.upper()} is not a ShellCheck code speclint knows: its table (data/shellcheck_wiki.json) has the codes"
    assert lines[1] == "speclint commonly reports. If the code exists, ShellCheck's wiki explains it:"
    assert lines[-1] == f"https://www.shellcheck.net/wiki/{code.upper()}"
    assert "(ShellCheck):" not in result.output


@pytest.mark.parametrize("code", ["SC208", "sc20861"])
def test_rule_says_what_a_shellcheck_code_looks_like(code):
    result = invoke(["rule", code])
    assert result.exit_code == 2
    assert f"'{code}' is not a ShellCheck code: they have 4 digits (SC2086)" in result.output


def test_shellcheck_table_covers_the_codes_speclint_discusses():
    from speclint.data import load

    codes = load("shellcheck_wiki.json")["codes"]
    assert all(re.fullmatch(r"SC\d{4}", c) and text.strip() for c, text in codes.items())
    curated = load("shellcheck.json")
    discussed = {code for part in curated.values() if isinstance(part, dict) for code in part if re.fullmatch(r"SC\d{4}", code)}
    assert discussed <= set(codes)


def _families() -> list:
    codes = [r.code for r in registry().all()]
    letters = sorted({re.match(r"[A-Z]+", c)[0] for c in codes})
    return letters + sorted({c[:2] for c in codes}) + ["SC", "SC2", "SC20", "SC208", "sc3"]


@pytest.mark.parametrize("prefix", _families())
def test_every_code_family_prefix_is_accepted(prefix):
    assert unknown_selector(prefix) is None
    result = invoke(["--ignore", prefix, "--select", prefix, "--list-files", "--isolated"])
    assert result.exit_code == 0, result.output


@needs_shellcheck
@pytest.mark.parametrize("args,codes", [
    (["--ignore", "SC"], []),
    (["--extend-select", "SC2086,SC2164", "--ignore", "SC21"], ["SC2086", "SC2086"]),
    (["--extend-select", "SC2086,SC2164", "--ignore", "S"], ["SC2086", "SC2086", "SC2164"]),  # S is the schema family, not ShellCheck
    (["--select", "SC2"], ["SC2086", "SC2086", "SC2164"]),
    (["--select", "SC216"], ["SC2164"]),
    (["--select", "S"], []),
])
def test_shellcheck_prefixes_select_and_ignore(project, args, codes):
    result = invoke(["--format", "json", "--isolated", "--show-info", *args, "."])
    assert sorted(d["code"] for d in json.loads(result.output)) == codes


def test_a_misspelt_prefix_is_still_rejected():
    assert unknown_selector("SC20865") is not None
    assert unknown_selector("Q0") is not None


# -- rule docs cite public sources ---------------------------------------------------------------

INTERNAL = re.compile(r"domain notes|domain\.md|shared/|notes? (section )?[A-H](\.\d+)?\b|section [A-H]\b", re.I)


def test_rule_docs_and_data_sources_cite_public_sources():
    from speclint.data import load

    offenders = [r.code for r in registry().all() if INTERNAL.search(r.docs() + r.prevents)]
    for name in ("lifecycle.json", "runtimes.json", "shell.json", "shellcheck.json", "shellcheck_wiki.json"):
        if INTERNAL.search(load(name).get("source", "")):
            offenders.append(name)
    assert offenders == []


# -- baselines: hidden count, stale entries, prune --------------------------------------------------

def test_baseline_summary_counts_hidden_findings_and_reports_stale_entries(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text(BAD_BUILDSPEC)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "buildspec.yml").write_text(BAD_BUILDSPEC)
    assert invoke(["--write-baseline", "bl.json", "."]).exit_code == 0
    result = invoke(["--baseline", "bl.json", "--color", "never", "."])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "All good: 2 files checked, no new problems found (4 known findings hidden by the baseline)."

    (tmp_path / "buildspec.yml").write_text(BAD_BUILDSPEC.replace("paths", "files"))  # fixes S003 and S001 here
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    result = runner.invoke(cli, ["--baseline", "bl.json", "--color", "never", "buildspec.yml"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "All good: 1 file checked, no problems found."
    assert result.stderr.splitlines() == [
        "speclint: warning: 2 entries of the baseline bl.json no longer match a finding (fixed or changed); "
        "--baseline-prune removes them",
        '  buildspec.yml:5: S003 missing required key "files" in "artifacts"',
        '  buildspec.yml:6: S001 unknown key "paths" in "artifacts": artifacts lists what to upload under "files" '
        '("paths" belongs to cache) (did you mean "files"?)',
    ]  # other/buildspec.yml was not linted in this run: its entries are not stale

    result = runner.invoke(cli, ["--baseline", "bl.json", "--baseline-prune", "buildspec.yml"], catch_exceptions=False)
    assert "removed them (--baseline-prune)" in result.stderr
    kept = json.loads((tmp_path / "bl.json").read_text())["findings"]
    assert sorted((f["path"], f["code"]) for f in kept) == [("other/buildspec.yml", "S001"), ("other/buildspec.yml", "S003")]
    result = runner.invoke(cli, ["--baseline", "bl.json", "."], catch_exceptions=False)
    assert result.stderr == "" and result.exit_code == 0


# -- speclint explain: from AWS's message to the rule -----------------------------------------------

from speclint import messages  # noqa: E402


def _vary(message: str) -> str:
    """The same failure as another build would print it: other numbers, names, paths, lists, a prefix."""
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), message)
    text = re.sub(r"'[^']*'", "'other-value'", text)
    text = re.sub(r'"[^"]*"', '"other/appspec.yml"', text)
    text = re.sub(r"(?:[\w.~-]*/)+[\w.-]+", "/opt/x/y-1/deployment-archive/bin/run_me.sh", text)
    text = re.sub(r"(\w+)(\s*,\s*\w+){2,}", "alpha, beta, gamma, delta", text)
    text = text.replace("artifacts.", "reports.")  # B002: the phase name CodeBuild read
    return "Phase context status code: " + text + " (see the log)"


CATALOGUE = messages.catalogue()


@pytest.mark.parametrize("known", CATALOGUE, ids=[f"{k.code}-{i}" for i, k in enumerate(CATALOGUE)])
def test_explain_finds_the_rule_of_every_quoted_message_with_its_variable_parts_changed(known):
    varied = _vary(known.text)
    assert varied != known.text
    assert known.code in [m.code for m in messages.match(varied)], varied
    assert known.code in [m.code for m in messages.match(known.text)]


PREVENTS = [(rule.code, part) for rule in registry().all() for part in messages.prevented(rule.prevents)]


@pytest.mark.parametrize("code,part", PREVENTS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(PREVENTS)])
def test_explain_finds_the_rule_of_every_prevents_line_with_its_variable_parts_changed(code, part):
    """Every message a rule says it prevents (its "Prevents:" line) leads back to the rule; the
    parts that are no message say so: a silent failure, or only AWS's generic words."""
    kind, text, _ = part
    if kind == "message":
        assert code in [m.code for m in messages.match(_vary(text))], _vary(text)
        assert code in [m.code for m in messages.match(text)]
    elif kind == "generic":
        assert messages.match(text) == [] and messages.generic_only(text)
    else:
        assert kind == "description" and ("silently" in text or " read as " in text)


@pytest.mark.parametrize("word", sorted(messages.GENERIC))
def test_generic_words_alone_never_match(word):
    for message in (word, f"YAML_FILE_ERROR Message: {word}", f"CLIENT_ERROR: {word} failed with error"):
        assert messages.match(message) == [], message
        assert messages.generic_only(message)


@pytest.mark.parametrize("message,codes", [
    # only generic words: no rule
    ("error", []),
    ("CLIENT_ERROR", []),
    ("YAML_FILE_ERROR Message: stat /codebuild/output/src123/src/buildspec.yml: no such file or directory", []),
    # the specific rule, and only it
    ("/bin/bash^M: bad interpreter", ["A118"]),
    ("[Container] 2024/05/01 10:00:00.123456 Phase context status code: YAML_FILE_ERROR Message: Unknown runtime "
     "version named '3.9' of python. This build image has the following versions: 3.10, 3.11, 3.12", ["B018"]),
    ("The deployment failed because the application specification file specifies an unsupported operating "
     "system (Linux).", ["S005"]),
    ("The deployment failed because the application specification file specifies an unsupported operating "
     "system ().", ["Y004"]),
    ("YAML_FILE_ERROR: This build image requires selecting at least one runtime version", ["B030"]),
])
def test_explain_names_only_the_rule_the_message_is_specific_to(message, codes):
    assert [m.code for m in messages.match(message)] == codes


def test_explain_strips_codebuilds_log_prefix_and_prefers_the_specific_rule():
    message = "Unknown runtime version named '3.9' of python…"
    for prefix in ("", "YAML_FILE_ERROR Message: ", "[Container] 2024/05/01 10:00:00.123456 Phase context status code: "
                   "YAML_FILE_ERROR Message: "):
        assert messages.match(prefix + message)[0].code == "B018", prefix
    assert messages.tokens("[Container] 2024/05/01 10:00:00.123456 Phase context status code: x y") == ("x", "y")


def test_explain_says_when_a_message_is_not_specific():
    result = invoke(["explain", "YAML_FILE_ERROR"])
    assert result.exit_code == 1
    assert result.output.startswith('"YAML_FILE_ERROR" is not specific: it only says that something failed, and '
                                    "speclint cannot tell the cause from this message alone.")
    assert "if this is part of a longer message, paste all of it" in result.output
    assert invoke(["explain", "nothing we know"]).output.startswith("No speclint rule knows")


def test_the_catalogue_covers_every_rule_that_prevents_an_aws_failure():
    quoted = {k.code for k in CATALOGUE}
    assert {"A101", "A103", "A116", "A118", "B001", "B002", "B016", "B017", "B018", "B019", "B023", "B024",
            "Y001", "Y004", "Y005"} <= quoted


@pytest.mark.parametrize("message,codes", [
    ("ScriptMissing", ["A105", "A116", "A121"]),
    ("YAML_FILE_ERROR Message: Unknown runtime named 'docker'. This build image has the following runtimes: golang",
     ["B019"]),
    ("CLIENT_ERROR Message: no matching base directory path found for out/web", ["B024"]),
    ("the build went fine", []),
    # a shared opening is not enough: no rule prevents this one
    ("The deployment failed because the application specification file specifies a colour scheme", []),
    # messages of the YAML parsers inside YAML_FILE_ERROR / Psych::SyntaxError
    ("YAML_FILE_ERROR Message: did not find expected key at line 12", ["Y001"]),
    ("[Container] 2019/04/14 02:10:17 Phase context status code: YAML_FILE_ERROR Message: found character that "
     "cannot start any token at line 3", ["Y001"]),
    ("found character that cannot start any token", ["Y001"]),
    ("YAML_FILE_ERROR Message: found a tab character that violate indentation at line 4", ["Y001"]),
    ("(<unknown>): found a tab character that violates indentation while scanning a plain scalar at line 9 column 3",
     ["Y001"]),
    # a hook script that fails: the rules whose findings make it fail
    ("ScriptFailed", ["A118", "A123", "B026"]),
    ("Error code: ScriptFailed Message: Script at specified location: deploy/stop.sh run as user root failed with "
     "exit code 1", ["A118", "A123", "B026"]),
    # the appspec version
    ("The deployment failed because an invalid version value (1.0) was entered in the application specification "
     'file. Make sure your AppSpec file specifies "0.0" as the version, and then try again.', ["S005"]),
    ("The deployment failed because the application specification file specifies an invalid version value", ["S005"]),
])
def test_explain_matches_short_and_partial_messages(message, codes):
    assert [m.code for m in messages.match(message)] == codes


def test_explain_command_points_at_the_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.2\nphases:\n  build:\n    commands:\n      - echo ok\n      - echo Status: done  # speclint: ignore[B001]\n")
    message = ("YAML_FILE_ERROR Message: Expected Commands[1] to be of string type: found subkeys instead at line 6, "
               "value of the key tag on line 5 might be empty")
    result = invoke(["explain", message, "--file", "buildspec.yml"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1] == "is prevented by 2 rules:"
    assert lines[3] == "B001 command-not-a-string (error): a command that YAML read as a mapping (an unquoted ': ')"
    assert "  Found: buildspec.yml:6:20: error commands item 2 of phase build is read as a mapping because of the ': ' " \
           "in it, not as a command [B001]" in lines
    assert lines[-1] == "This finding explains the message: buildspec.yml:6:20 [B001]"

    data = json.loads(invoke(["explain", "--format", "json", "-"], input=message).output)
    assert [(d["code"], d["findings"]) for d in data] == [("B001", []), ("S004", [])]


def test_explain_command_without_a_matching_finding_or_rule(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n")
    result = invoke(["explain", "YAML_FILE_ERROR Message: Expected Commands[0] to be of string type", "--file", "buildspec.yml"])
    assert result.exit_code == 3  # the rules are known, the file has no finding of them
    assert result.output.splitlines()[-1].startswith("buildspec.yml has no finding of th")
    result = invoke(["explain", "nothing we know", "--file", "buildspec.yml"])
    assert result.exit_code == 1
    result = invoke(["explain", "nothing we know"])
    assert (result.exit_code, result.output.splitlines()[0]) == (1, 'No speclint rule knows the message "nothing we know".')
    assert invoke(["explain"], input="  \n").exit_code == 2


# -- a hook script stands for the appspecs that name it (pre-commit) ----------------------------------

from speclint import script_owners  # noqa: E402


@pytest.mark.parametrize("appspec_name,appspec,script", [
    ("appspec.yml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/run.sh\n", "scripts/run.sh"),
    ("appspec.yml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - {location: './scripts/run.sh'}\n", "scripts/run.sh"),
    ("appspec.yaml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: /deploy/go.bash  # x\n", "deploy/go.bash"),
    ("appspec.json", '{"version": 0.0, "os": "linux", "hooks": {"AfterInstall": [{"location": "scripts/run.sh", "timeout": 9}]}}',
     "scripts/run.sh"),
])
def test_a_script_is_replaced_by_the_appspec_that_names_it(tmp_path, monkeypatch, appspec_name, appspec, script):
    monkeypatch.chdir(tmp_path)
    (tmp_path / appspec_name).write_text(appspec)
    (tmp_path / script).parent.mkdir(parents=True)
    (tmp_path / script).write_bytes(b"#!/bin/bash\r\necho hi\r\n")
    assert script_owners.expand([script]) == (appspec_name,)
    assert script_owners.expand([script, appspec_name, "./" + appspec_name]) == (appspec_name,)  # each once
    assert script_owners.expand([script], kind="buildspec") == (script,)
    found = json.loads(invoke(["--format", "json", "--isolated", script]).output)
    assert [(d["path"], d["code"], d["line"]) for d in found] == [(appspec_name, "A118", 5 if appspec_name != "appspec.json" else 1)]


def test_a_script_no_appspec_names_checks_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text(BAD_BUILDSPEC)  # must not be linted instead
    (tmp_path / "appspec.yml").write_text(APPSPEC.replace("scripts/start.sh", "scripts/start.sh.old"))
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "start.sh").write_text(SCRIPT)
    result = CliRunner().invoke(cli, ["--color", "never", "scripts/start.sh"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "All good: 0 files checked, no problems found." in result.output.splitlines()
    assert "scripts/start.sh: no appspec in its folder or above names it in a hook; nothing to check" in result.output


def test_owners_stop_at_the_repository_root(tmp_path, monkeypatch):
    (tmp_path / "appspec.yml").write_text(APPSPEC.replace("scripts/start.sh", "repo/scripts/start.sh"))
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "scripts").mkdir()
    (tmp_path / "repo" / "scripts" / "start.sh").write_text(SCRIPT)
    monkeypatch.chdir(tmp_path / "repo")
    assert script_owners.owners("scripts/start.sh") == []


# -- output conveniences: --output-format, rdjson, --help, progress ------------------------------------

def test_output_format_is_an_alias_of_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text(BAD_BUILDSPEC)
    assert parse_fast(["--output-format", "concise", "x.yml"])[1]["output_format"] == "concise"
    alias = invoke(["--output-format", "concise", "buildspec.yml"])
    assert alias.output == invoke(["--format", "concise", "buildspec.yml"]).output
    assert alias.output.startswith('buildspec.yml:5:1: warning S003 missing required key "files" in "artifacts"')


def test_rdjson_follows_reviewdogs_format_with_utf8_byte_columns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\n"
                                            "artifacts: {files: [a], é: 1, zz: 2}\n")
    result = invoke(["--format", "rdjson", "buildspec.yml"])
    data = json.loads(result.output)
    assert data["source"]["name"] == "speclint"
    found = [(d["code"]["value"], d["severity"], d["location"]["path"], d["location"]["range"]) for d in data["diagnostics"]]
    assert found == [
        ("S001", "WARNING", "buildspec.yml", {"start": {"line": 5, "column": 25}, "end": {"line": 5, "column": 27}}),
        ("S001", "WARNING", "buildspec.yml", {"start": {"line": 5, "column": 32}, "end": {"line": 5, "column": 34}}),
    ]  # é is two bytes in UTF-8: zz starts at character 31, byte 32
    concise = invoke(["--format", "concise", "buildspec.yml"]).output.splitlines()
    assert [line.split(": ")[0] for line in concise] == ["buildspec.yml:5:25", "buildspec.yml:5:31"]
    assert data["diagnostics"][0]["code"]["url"].endswith("#s001-unknown-key")


def test_main_help_lists_the_check_options():
    result = invoke(["--help"])
    assert result.exit_code == 0
    text = result.output
    assert "Check options (speclint [check] [OPTIONS] [PATHS]...):" in text
    for option in ("--format, --output-format", "--select TEXT", "--baseline FILE", "--baseline-prune", "--exit-zero"):
        assert option in text.split("Check options", 1)[1]


class _Terminal:
    def __init__(self, tty=True):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, text):
        self.text += text

    def flush(self):
        pass


@pytest.mark.parametrize("tty,enabled,elapsed,shown", [
    (True, True, 1.5, True),
    (True, True, 0.5, False),   # a quick run never shows (or imports) it
    (False, True, 5.0, False),  # not a terminal
    (True, False, 5.0, False),  # -q
])
def test_progress_line_only_for_slow_runs_on_a_terminal(monkeypatch, tty, enabled, elapsed, shown):
    from speclint.cli.progress import Progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    now = [100.0]
    stream = _Terminal(tty)
    progress = Progress(10, stream, enabled=enabled, clock=lambda: now[0])
    progress.advance("a/buildspec.yml")
    now[0] += elapsed
    progress.advance("b/buildspec.yml")
    assert progress.shown == shown
    progress.stop()
    assert ("2/10" in stream.text) == shown and not progress.shown


@pytest.mark.parametrize("tty,enabled,shown", [(True, True, True), (False, True, False), (True, False, False)])
def test_progress_line_moves_while_linting_and_during_shellcheck(monkeypatch, tty, enabled, shown):
    """It froze: drawn at 0/6000, then nothing until the end (no refresh, no ShellCheck counts)."""
    from speclint.cli.progress import _REFRESH, DELAY, Progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    now = [100.0]
    stream = _Terminal(tty)
    progress = Progress(4, stream, enabled=enabled, clock=lambda: now[0])
    drawn = []
    for name in ("a", "b", "c", "d"):
        now[0] += DELAY
        progress.advance(f"{name}/buildspec.yml")
        drawn.append(stream.text)
    progress.stage("ShellCheck")
    for done in (0, 0, 3, 6):  # the checker calls often; the line follows at most every _REFRESH s
        now[0] += _REFRESH * 1.5
        progress.shellcheck(done, 6)
        drawn.append(stream.text)
    assert progress.shown == shown
    progress.stop()
    if not shown:
        assert stream.text == ""
        return
    assert "1/4" in drawn[0] and "4/4" in drawn[3] and "4/4" not in drawn[2]  # drawn as it goes, not at the end
    assert "3/6" in drawn[6] and "ShellCheck: 3 of 6 scripts" in drawn[6] and "6/6" in drawn[7]


def test_progress_is_not_redrawn_faster_than_its_refresh_rate(monkeypatch):
    from speclint.cli.progress import DELAY, Progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    now = [100.0 + DELAY + 1]
    stream = _Terminal(True)
    progress = Progress(6, stream, clock=lambda: now[0])
    progress.started = 100.0
    progress.shellcheck(1, 6)
    before = stream.text
    progress.shellcheck(2, 6)  # same instant: skipped
    assert stream.text == before
    progress.stop()


def test_shellcheck_chunks_report_progress_as_they_finish(tmp_path, monkeypatch):
    """The ShellCheck phase calls back while it waits and after each chunk (check._run_chunks)."""
    from speclint.shell import check as shell_check

    fake = tmp_path / "shellcheck"
    fake.write_text('#!/bin/sh\nsleep 0.05\nprintf \'{"comments":[]}\'\n')
    fake.chmod(0o755)
    monkeypatch.setattr(shell_check, "binary", lambda: str(fake))
    chunks = []
    for n in range(5):
        script = tmp_path / f"{n}.sh"
        script.write_text("echo hi\n")
        chunks.append(([], [str(script)] * (n + 1)))
    calls = []
    import time

    shell_check._run_chunks(chunks, str(tmp_path), time.monotonic() + 60, lambda done, total: calls.append((done, total)))
    total = sum(n + 1 for n in range(5))
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert any(0 < done < total for done, _ in calls)  # updates while ShellCheck is still running


# -- configuration inheritance: extend ---------------------------------------------------------------

@pytest.fixture
def monorepo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.speclint]\nignore = ["B007"]\nexclude = ["svc/templates", "legacy"]\nfail-on = "warning"\n'
        '[tool.speclint.severity]\nS001 = "error"\n')
    (tmp_path / "svc" / "templates").mkdir(parents=True)
    (tmp_path / "svc" / ".speclint.toml").write_text('extend = "../pyproject.toml"\nfail-on = "error"\nignore = ["B004"]\n')
    text = "version: 0.2\nenv:\n  variables:\n    DB_PASSWORD: x\nphases:\n  build:\n    commands: [make]\nextra: 1\n"
    (tmp_path / "svc" / "buildspec.yml").write_text(text)
    (tmp_path / "svc" / "templates" / "buildspec.yml").write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_extend_adds_to_the_root_configuration(monorepo):
    from speclint import config

    cfg = config.for_file("svc/buildspec.yml")
    assert cfg.get("ignore") == ["B007", "B004"]                # added to
    assert cfg.get("fail-on") == "error"                        # replaced
    assert cfg.get("severity") == {"S001": "error"}             # merged
    assert cfg.get("exclude") == ["templates", "legacy"]        # rewritten relative to svc/
    result = invoke(["--format", "concise", "svc"])
    assert (result.exit_code, result.output) == (1, 'svc/buildspec.yml:8:1: error S001 unknown key "extra" at the top level\n')


@pytest.mark.parametrize("extend,message", [
    ("../nothere.toml", 'extend: "../nothere.toml" does not exist'),
    ("../../outside.toml", 'extend: "../../outside.toml" is outside the repository'),
    ("../svc/.speclint.toml", "extend: a cycle: svc/.speclint.toml -> svc/.speclint.toml"),
])
def test_extend_refuses_what_it_cannot_trust(monorepo, extend, message):
    (monorepo.parent / "outside.toml").write_text('fail-on = "info"\n')
    (monorepo / "svc" / ".speclint.toml").write_text(f'fail-on = "error"\nextend = "{extend}"\n')
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    result = runner.invoke(cli, ["svc"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"speclint: svc/.speclint.toml:2:1: error: {message}")


def test_extend_detects_a_longer_cycle(monorepo):
    (monorepo / "pyproject.toml").write_text('[tool.speclint]\nextend = "svc/.speclint.toml"\n')
    result = invoke(["svc"])
    assert result.exit_code == 2
    assert "extend: a cycle: svc/.speclint.toml -> pyproject.toml -> svc/.speclint.toml" in result.output


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file to another user")
def test_extend_refuses_another_users_file(monorepo):
    os.chown(monorepo / "pyproject.toml", 4242, -1)
    result = invoke(["svc"])
    assert result.exit_code == 2
    assert 'extend: "../pyproject.toml" belongs to another user (uid 4242)' in result.output


def _owners(monkeypatch, root, me, owners):
    """Run as uid `me`; files under `root` belong to `owners[relative path]` (default: the
    owner of the repository root folder, owners["."])."""
    from speclint import config

    real_stat = os.stat

    class Owned:
        def __init__(self, result, uid):
            self._result, self.st_uid = result, uid

        def __getattr__(self, name):
            return getattr(self._result, name)

    def stat(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        full = os.path.abspath(os.fspath(path))
        if full == str(root) or full.startswith(str(root) + os.sep):
            return Owned(result, owners.get(os.path.relpath(full, root), owners["."]))
        return result

    monkeypatch.setattr(os, "getuid", lambda: me)
    monkeypatch.setattr(os, "stat", stat)
    config._find.cache_clear()
    monkeypatch.setattr(config, "_find", config._find.__wrapped__)  # no answers cached across owners


@pytest.mark.parametrize("owners, code, note, refused", [
    # a checkout made by uid 1000, linted as 65534 (a container's user): both files trusted
    ({".": 1000}, 1, None, None),
    # root's files are trusted too
    ({".": 1000, "pyproject.toml": 0}, 1, None, None),
    # a third user's base is refused by extend, as the nearest file would be by discovery
    ({".": 1000, "pyproject.toml": 4242}, 2, None, "pyproject.toml"),
    ({".": 1000, "svc/.speclint.toml": 4242}, 1, "svc/.speclint.toml", None),
])
def test_one_trust_rule_for_the_nearest_configuration_and_its_extend(monorepo, monkeypatch, owners, code, note, refused):
    _owners(monkeypatch, monorepo, 65534, owners)
    result = invoke(["--format", "concise", "svc"])
    assert result.exit_code == code, result.output
    if refused:
        assert f'extend: "../{refused}" belongs to another user (uid 4242)' in result.output
    if note:
        assert f"ignoring {monorepo / note}: it is owned by another user (uid 4242)" in result.output
    if code == 1 and not note:  # the merged configuration: fail-on from svc, S001 made an error by the root
        assert result.output.endswith('svc/buildspec.yml:8:1: error S001 unknown key "extra" at the top level\n')


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to run as another user")
def test_one_trust_rule_as_a_real_other_user():
    """The container case for real: a checkout owned by uid 1000, speclint run as 65534."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    tmp_path = Path(tempfile.mkdtemp(prefix="speclint-trust-", dir="/tmp"))
    try:
        _run_as_another_user(tmp_path, subprocess, sys)
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)


def _run_as_another_user(tmp_path, subprocess, sys):
    top = tmp_path / "shared"
    repo = top / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "svc").mkdir()
    (repo / "pyproject.toml").write_text('[tool.speclint.severity]\nS001 = "error"\n')
    (repo / "svc" / ".speclint.toml").write_text('extend = "../pyproject.toml"\nfail-on = "error"\n')
    (repo / "svc" / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\nextra: 1\n")
    for folder, _dirs, files in os.walk(top):
        os.chown(folder, 1000, 1000)
        for name in files:
            os.chown(os.path.join(folder, name), 1000, 1000)
    os.chmod(tmp_path, 0o755)
    chain = tmp_path
    while chain != chain.parent:  # 65534 must be able to reach the files
        if not os.access(chain, os.X_OK) or (os.stat(chain).st_mode & 0o001) == 0:
            pytest.skip(f"{chain} is not searchable by other users")
        chain = chain.parent
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                            "import speclint"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("speclint cannot be imported as uid 65534 here: " + probe.stderr[-200:])
    proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "speclint",
                           "--format", "concise", "svc"], cwd=repo, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (1, 'svc/buildspec.yml:5:1: error S001 unknown key "extra" at the top level\n'), proc.stderr


@pytest.mark.parametrize("prefix", ["SC20", "SC", "S0", "B"])
def test_a_prefix_in_a_suppression_says_so(prefix):
    from tests.conftest import lint_text

    text = f"version: 0.2\nphases:\n  build:\n    commands:\n      - make  # speclint: ignore[{prefix}]\n"
    found = [(d.code, d.line, d.column, d.message) for d in lint_text(text) if d.code == "C001"]
    assert [f[:3] for f in found] == [("C001", 5, 34)]
    assert found[0][3].startswith(f'"{prefix}" is a code prefix, not a code')
    assert found[0][3].endswith("; a suppression names whole codes")


def test_shellcheck_prefixes_in_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.speclint]\nignore = ["SC2"]\n[tool.speclint.per-file-ignores]\n"ci/**" = ["SC"]\n')
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    result = invoke(["--format", "json", "buildspec.yml"])
    assert (result.exit_code, json.loads(result.output)) == (0, [])


@needs_shellcheck
def test_baseline_fingerprints_a_hook_script_finding_by_the_script_line(project):
    assert invoke(["--write-baseline", "bl.json", "."]).exit_code == 0
    # the appspec's line 2 changes: a script finding on line 2 must stay known
    (project / "appspec.yml").write_text(APPSPEC.replace("os: linux", "os: linux  # the fleet"))
    result = invoke(["--baseline", "bl.json", "--color", "never", "."])
    assert result.output.splitlines()[-1] == "All good: 2 files checked, no new problems found (3 known findings hidden by the baseline)."
    (project / "scripts" / "start.sh").write_text(SCRIPT.replace("echo $1", "echo $2"))  # the script's line changes
    result = invoke(["--baseline", "bl.json", "--format", "concise", "."])
    assert result.output.splitlines()[0] == "scripts/start.sh:2:6: warning SC2086 Double quote to prevent globbing and word splitting."


def test_every_pinned_version_in_the_docs_is_this_version():
    from speclint import __version__

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    pins = set(re.findall(r"(?:@|rev: )v(\d+\.\d+\.\d+)", readme))
    assert pins == {__version__}
    changelog = open(os.path.join(root, "CHANGELOG.md"), encoding="utf-8").read()
    assert f"\n## [{__version__}]" in changelog
    assert f"speclint-{__version__}-py3-none-any.whl" in readme
