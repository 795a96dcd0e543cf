"""ShellCheck inside buildspecs and hook scripts: exact YAML positions, CodeBuild semantics,
batching and caching, selection and suppression, and life without ShellCheck."""

import json
import textwrap

import pytest
from click.testing import CliRunner

from speclint.cli import cli
from speclint.lint import Options, lint_bytes
from speclint.record import replace
from speclint.shell import check

pytestmark = pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed (pip install 'speclint[shell]')")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))


def sc(text, select=("SC2154",), **settings):
    """ShellCheck findings (code, line, column); SC2154 (off by default in buildspecs) is
    selected because these tests use it to see which variables count as assigned."""
    options = Options(extend_select=tuple(select))
    options.context = replace(options.context, **settings)
    found = lint_bytes("buildspec.yml", textwrap.dedent(text).encode(), options).diagnostics
    return [(d.code, d.line, d.column) for d in found if d.code.startswith("SC")]


def at(text, line, column, length):
    """The YAML source text at a finding's position."""
    return textwrap.dedent(text).split("\n")[line - 1][column - 1:column - 1 + length]


def where(text, code, snippet):
    """The (line, column) of `snippet` in the dedented text, asserted unique."""
    lines = textwrap.dedent(text).split("\n")
    hits = [(n, line.index(snippet) + 1) for n, line in enumerate(lines, 1) if snippet in line]
    assert len(hits) == 1, hits
    return (code, *hits[0])


def test_positions_in_every_scalar_style():
    text = """\
        version: 0.2
        phases:
          build:
            commands:
              - echo $plain_var
              - "echo \\"quoted\\" $dq_var"
              - 'echo $sq_var'
              - |
                if true; then
                  echo $lit_var
                fi
              - >
                echo start
                $folded_var
              - |-
                echo $strip_var
        """
    found = sc(text)
    for variable in ("$plain_var", "$dq_var", "$sq_var", "$lit_var", "$folded_var", "$strip_var"):
        expected = where(text, "SC2154", variable)
        assert expected in found, (variable, expected, found)
        assert at(text, expected[1], expected[2], len(variable)) == variable


def test_defined_and_exported_variables_count_as_assigned():
    text = """\
        version: 0.2
        env:
          variables:
            app_name: web
          parameter-store:
            db_pass: /app/db
          exported-variables:
            - build_tag
        phases:
          install:
            commands:
              - export out_dir=dist
          build:
            commands:
              - echo "$app_name $db_pass $out_dir $build_tag $CODEBUILD_SRC_DIR $nowhere"
        """
    assert sc(text) == [where(text, "SC2154", "$nowhere")]


def test_version_01_runs_each_command_in_its_own_shell():
    text = """\
        version: 0.1
        phases:
          build:
            commands:
              - export out_dir=dist
              - echo "$out_dir"
        """
    assert sc(text) == [where(text, "SC2154", "$out_dir")]


def test_shell_choice_and_codebuild_semantics():
    posix = """\
        version: 0.2
        phases:
          build:
            commands:
              - cd build
              - if [[ -n "$X" ]]; then echo yes; fi
        """
    found = lint_bytes("buildspec.yml", textwrap.dedent(posix).encode(), Options()).diagnostics
    assert not any(d.code.startswith("SC") for d in found)  # [[ in sh: the image decides; off by default
    found = lint_bytes("buildspec.yml", textwrap.dedent(posix).encode(), Options(extend_select=("SC3",))).diagnostics
    notes = [(d.code, str(d.severity)) for d in found if d.code.startswith("SC")]
    assert ("SC3010", "info") in notes          # selected: only a note, as the image decides
    assert not any(code == "SC2164" for code, _ in notes)  # a failing cd fails the build anyway
    chosen = posix.replace("version: 0.2\n", "version: 0.2\nenv:\n  shell: bash\n")
    assert sc(chosen) == []


def test_select_ignore_severity_and_suppression(tmp_path):
    (tmp_path / "buildspec.yml").write_text(textwrap.dedent("""\
        version: 0.2
        phases:
          build:
            commands:
              - echo $a  # speclint: ignore[SC2154]
              - echo $b  # speclint: ignore[SC2034]
        """))
    runner = CliRunner()

    def codes(*args):
        out = runner.invoke(cli, ["--format", "json", "--isolated", "--show-info", *args, str(tmp_path / "buildspec.yml")]).output
        return [(d["code"], d["line"], d["column"]) for d in json.loads(out)]

    assert codes() == []  # quoting notes, unassigned variables and SC2034 are off by default in buildspecs
    unused = ("C002", 6, 37)  # the SC2034 in the second comment matched nothing
    selected = ("--extend-select", "SC2086,SC2154,SC2034")
    assert codes(*selected) == [("SC2086", 5, 14), ("SC2086", 6, 14), ("SC2154", 6, 14), unused]
    assert codes(*selected, "--ignore", "SC2086") == [("SC2154", 6, 14), unused]
    assert codes("--select", "SC2154") == [("SC2154", 6, 14)]
    assert codes("--ignore", "shellcheck") == []
    assert codes("--no-ignores", "--select", "SC2154") == [("SC2154", 5, 14), ("SC2154", 6, 14)]


def test_hook_scripts_are_checked_in_place(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n")
    (tmp_path / "scripts" / "start.sh").write_text("#!/bin/bash\ncd /srv/app\nrm -rf $TARGET/*\n")
    out = CliRunner().invoke(cli, ["--format", "json", "--isolated", "--revision-root", str(tmp_path),
                                   str(tmp_path / "appspec.yml")]).output
    found = [(d["path"].rsplit("/", 2)[-2:], d["code"], d["line"], d["column"]) for d in json.loads(out)]
    assert (["scripts", "start.sh"], "SC2115", 3, 8) in found   # rm -rf "$TARGET/"* with an empty TARGET
    assert not [f for f in found if f[1] == "SC2164"]  # cd into the deployment's own folder: off by default


def test_one_shellcheck_run_for_many_files_and_a_cache(tmp_path, monkeypatch):
    for i in range(5):
        folder = tmp_path / f"svc{i}"
        folder.mkdir()
        (folder / "buildspec.yml").write_text(f"version: 0.2\nphases:\n  build:\n    commands:\n      - echo $v{i}\n")
    calls = []
    real = check._run_chunks

    def counting(chunks, scratch, deadline, *progress):
        calls.extend(len(paths) for _args, paths in chunks)
        return real(chunks, scratch, deadline, *progress)

    monkeypatch.setattr(check, "_run_chunks", counting)
    runner = CliRunner()
    args = ["--format", "json", "--isolated", "--extend-select", "SC2154", str(tmp_path)]
    first = json.loads(runner.invoke(cli, args).output)
    assert calls == [5]  # five files, one ShellCheck process
    second = json.loads(runner.invoke(cli, args).output)
    assert calls == [5] and first == second  # all from the cache
    assert len([d for d in first if d["code"] == "SC2154"]) == 5


def test_without_shellcheck_everything_else_runs_and_one_note_says_why(tmp_path, monkeypatch):
    from speclint.shell import phase

    monkeypatch.setattr(check, "binary", lambda: None)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - echo $x\nextra: 1\n")
    result = CliRunner().invoke(cli, ["--format", "json", "--isolated", str(tmp_path)])
    assert [d["code"] for d in json.loads(result.stdout)] == ["S001", "S001"]
    assert result.stderr.count("shell checks are off: ShellCheck is not installed") == 1
    assert "pip install 'speclint[shell]'" in result.stderr
