"""A shell syntax error fails the hook or the build: where a POSIX shell surely runs the text
(a `#!` sh/bash hook script; buildspec commands whose shell env.shell or the image decides),
ShellCheck's parser findings are errors; where the text might not be shell at all, warnings.
And a command that is checked again after a syntax error is reported once."""

import json

import pytest
from click.testing import CliRunner

from speclint.cli import cli
from speclint.shell import check

pytestmark = pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed (pip install 'speclint[shell]')")

APPSPEC = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"

# Scripts with one syntax error each, in different constructs (the class, not one instance).
BROKEN = {
    "if without fi": "if true; then\n  echo started\n",
    "loop without done": "for f in a b; do\n  echo $f\n",
    "unclosed quote": 'echo "started\n',
    "then without ;": "if [ -f app.jar ] then java -jar app.jar; fi\n",
    "case without esac": 'case "$1" in\n  start) echo go ;;\n',
}


def lint(folder, *args):
    result = CliRunner().invoke(cli, ["--format", "json", "--isolated", *args, str(folder)])
    return result.exit_code, json.loads(result.output)


def syntax(found):
    return sorted({(d["severity"], d["path"].split("/")[-1]) for d in found if d["code"].startswith("SC1")})


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("shebang,severity", [("#!/bin/bash\n", "error"), ("#!/bin/sh\n", "error"),
                                              ("#!/usr/bin/env bash\n", "error"), ("", "warning")])
def test_a_hook_script_syntax_error(tmp_path, monkeypatch, case, shebang, severity):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "rev" / "scripts").mkdir(parents=True)
    (tmp_path / "rev" / "appspec.yml").write_text(APPSPEC)
    (tmp_path / "rev" / "scripts" / "start.sh").write_text(shebang + BROKEN[case])
    code, found = lint(tmp_path / "rev" / "appspec.yml")
    assert syntax(found) == [(severity, "start.sh")], found
    assert code == (1 if severity == "error" else 0)


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("how,severity", [
    (("--image", "aws/codebuild/standard:7.0"), "error"),
    (("--image", "aws/codebuild/amazonlinux-x86_64-standard:5.0"), "error"),
    ((), "warning"),  # no image, no env.shell: the text might be another language
])
def test_a_buildspec_command_syntax_error(tmp_path, monkeypatch, case, how, severity):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    block = "".join(f"        {line}\n" for line in BROKEN[case].splitlines())
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - |\n" + block)
    code, found = lint(tmp_path / "buildspec.yml", *how)
    assert syntax(found) == [(severity, "buildspec.yml")], found


def test_env_shell_bash_makes_it_certain(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nenv:\n  shell: bash\nphases:\n  build:\n    commands:\n"
                                            "      - if [ -f x ] then make; fi\n")
    code, found = lint(tmp_path / "buildspec.yml")
    assert [(d["code"], d["severity"], d["line"], d["column"]) for d in found] == [("SC1010", "error", 7, 21)]
    assert code == 1


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "scripts").mkdir()
    (tmp_path / "appspec.yml").write_text(APPSPEC)
    (tmp_path / "scripts" / "start.sh").write_bytes(b"\xef\xbb\xbf#!/bin/bash\necho started\n")
    code, found = lint(tmp_path / "appspec.yml", "--extend-select", "SC")
    assert all(d["severity"] != "error" for d in found if d["code"] == "SC1082"), found


def test_a_command_rechecked_after_a_syntax_error_is_reported_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n"
                                            "      - if [ -f x ] then make; fi\n")
    _code, found = lint(tmp_path / "buildspec.yml")
    keys = [(d["code"], d["line"], d["column"]) for d in found]
    assert keys == [("SC1010", 5, 21)]


@pytest.mark.parametrize("scripts", [
    [b"#!/bin/bash"],  # one line, no line break: no line for ShellCheck's chunking to count
    [b"#!/bin/sh", b"echo started"],
    [b"#!/bin/bash", b"#!/bin/bash\n", b"#!/bin/bash\necho a\n"],
    [b"echo a"] * 70,  # more scripts than one chunk holds, none with a line break
])
def test_scripts_without_a_line_break_are_checked(tmp_path, monkeypatch, scripts):
    """A crash found on a real repository: a hook script of just `#!/bin/bash` (no newline)
    made the chunking of ShellCheck runs index an empty list (exit 2, no report)."""
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "s").mkdir()
    hooks = "".join(f"    - location: s/{n}.sh\n" for n in range(len(scripts)))
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\nhooks:\n  ApplicationStop:\n" + hooks)
    for n, data in enumerate(scripts):
        (tmp_path / "s" / f"{n}.sh").write_bytes(data)
    result = CliRunner().invoke(cli, ["--format", "json", "--isolated", str(tmp_path / "appspec.yml")])
    assert result.exit_code in (0, 1), result.output
    assert all(d["code"] != "X002" for d in json.loads(result.output))
