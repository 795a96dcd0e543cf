"""--fix, --unsafe-fixes and --diff: per-rule before/after fixtures, the engine, the writes,
the diff, the output formats, and properties on generated, mutated and corpus files."""

import io
import json
import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speclint.cli.entry import execute
from speclint.fix import SAFE, UNSAFE, Edit, Fix, crlf_edits, fixes_for
from speclint.fix.apply import apply_edits, choose
from speclint.fix.diff import unified
from speclint.fix.files import WriteError, write_atomic
from speclint.fix.run import fix_bytes, summary, Fixing
from speclint.lint import Options, lint_bytes, lint_file
from speclint.rules import registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
FIX_CODES = sorted(p.parent.name for p in FIXTURES.glob("*/fix"))
sys.path.insert(0, str(ROOT / "tests"))

from test_engines import mutate  # noqa: E402
from test_properties import DOCS, NAMES, dump  # noqa: E402


def _run(args, cwd, monkeypatch, capsys, stdin=None):
    """`speclint ARGS` in `cwd` (no configuration), through the check command's body."""
    monkeypatch.chdir(cwd)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    values = {"isolated": True, "color": "never", "output_format": "concise"}
    for arg in args:
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            name = name.replace("-", "_")
            values[name] = ((value,) if name in ("select", "ignore", "extend_select") else value) if eq else True
    code = execute(tuple(a for a in args if not a.startswith("--")), values)
    out = capsys.readouterr()
    return code, out.out, out.err


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the fixtures: before/after per fixable rule ---------------------------------------------

def test_every_fixable_rule_has_a_fixture_and_a_fix_safety_section():
    fixable = {r.code for r in registry().all() if r.fix_safety}
    assert sorted(fixable) == FIX_CODES
    for rule in registry().all():
        assert rule.fix_safety in ("", SAFE, UNSAFE), rule.code
        section = rule.doc_sections().get("Fix safety", "")
        assert bool(section) == bool(rule.fix_safety), rule.code
        if section:
            assert section.split(":")[0].lower().startswith(rule.fix_safety), (rule.code, section[:40])


@pytest.mark.parametrize("code", FIX_CODES)
def test_fix_fixture(code, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / code / "fix" / "before", work)
    rc, out, err = _run([".", "--fix", "--unsafe-fixes"], work, monkeypatch, capsys)
    assert _files(work) == _files(FIXTURES / code / "fix" / "after"), err
    assert err.startswith("Fixed "), err
    # the fixed code's fixable findings are gone, and a second run changes nothing
    for path in work.rglob("*.yml"):
        left = [d for d in lint_file(str(path), Options()).diagnostics if d.code == code and d.fix is not None]
        assert left == [], left
    before = _files(work)
    rc, out, err = _run([".", "--fix", "--unsafe-fixes"], work, monkeypatch, capsys)
    assert _files(work) == before
    assert "Nothing fixed" in err


@pytest.mark.parametrize("code", FIX_CODES)
def test_safe_fixes_only_without_unsafe_fixes(code, tmp_path, monkeypatch, capsys):
    """Each fixture holds fixes of its own rule only: all applied by --fix for a safe rule,
    none for an unsafe one."""
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / code / "fix" / "before", work)
    rule = registry().get(code)
    _run([".", "--fix"], work, monkeypatch, capsys)
    expected = FIXTURES / code / "fix" / ("after" if rule.fix_safety == SAFE else "before")
    assert _files(work) == _files(expected)


@pytest.mark.parametrize("code", FIX_CODES)
def test_diff_applies_with_git_and_patch_and_writes_nothing(code, tmp_path, monkeypatch, capsys):
    if shutil.which("git") is None or shutil.which("patch") is None:
        pytest.skip("git and patch are needed")
    before = FIXTURES / code / "fix" / "before"
    work = tmp_path / "work"
    shutil.copytree(before, work)
    rc, diff, err = _run([".", "--diff", "--unsafe-fixes"], work, monkeypatch, capsys)
    assert rc == 1 and diff.startswith("--- a/") and err.startswith("Would fix")
    assert _files(work) == _files(before)  # nothing written
    patch = tmp_path / "fix.patch"
    patch.write_bytes(diff.encode("utf-8", "surrogateescape"))
    for tool in (["git", "apply", "--unsafe-paths", str(patch)], ["patch", "-p1", "-s", "-i", str(patch)]):
        copy = tmp_path / tool[0]
        shutil.copytree(before, copy)
        subprocess.run(tool, cwd=copy, check=True, capture_output=True)
        assert _files(copy) == _files(FIXTURES / code / "fix" / "after"), tool[0]


def test_diff_names_the_file_a_link_points_to(tmp_path, monkeypatch, capsys):
    """A hook script (or a linted file) reached through a symbolic link is named by its target:
    git apply and patch -p1 change the file, not the link."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "target.sh").write_bytes(b"#!/bin/bash\r\necho linked\r\n")
    (tmp_path / "scripts" / "link.sh").symlink_to("../shared/target.sh")
    (tmp_path / "real.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n")
    (tmp_path / "buildspec.yml").symlink_to("real.yml")
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/link.sh\n")
    rc, out, err = _run([".", "--diff", "--unsafe-fixes"], tmp_path, monkeypatch, capsys)
    assert rc == 1 and "a/shared/target.sh" in out and "a/real.yml" in out
    assert "link.sh" not in out and "a/buildspec.yml" not in out
    (tmp_path / "p.diff").write_text(out)
    for command in (["git", "apply", "--check", "p.diff"], ["patch", "-p1", "--dry-run", "-i", "p.diff"]):
        if shutil.which(command[0]):
            subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)


def test_diff_with_exit_zero_exits_0_and_ignores_format(tmp_path, monkeypatch, capsys):
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n")
    rc, out, err = _run([".", "--diff", "--exit-zero"], tmp_path, monkeypatch, capsys)
    assert rc == 0 and out.startswith("--- a/buildspec.yml")
    rc, out, err = _run([".", "--diff", "--output-format=json"], tmp_path, monkeypatch, capsys)
    assert rc == 1 and out.startswith("--- a/buildspec.yml")  # --diff prints the diff whatever the format, as ruff


def test_diff_goes_to_the_output_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n")
    rc, out, err = _run([".", "--diff", "--output-file=fix.patch"], tmp_path, monkeypatch, capsys)
    assert rc == 1 and out == "" and (tmp_path / "fix.patch").read_text().startswith("--- a/buildspec.yml\n+++ b/buildspec.yml\n")


def test_diff_exits_0_when_there_is_nothing_to_fix(tmp_path, monkeypatch, capsys):
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n")
    rc, out, err = _run([".", "--diff"], tmp_path, monkeypatch, capsys)
    assert (rc, out) == (0, "")
    assert err == "No fixes available.\n"


def test_diff_of_a_file_without_final_newline_and_with_crlf(tmp_path, monkeypatch, capsys):
    data = b"version: 0.2\r\nphases:\r\n  install:\r\n    runtime-versions:\r\n      python: 3.10"
    (tmp_path / "buildspec.yml").write_bytes(data)
    rc, diff, err = _run([".", "--diff"], tmp_path, monkeypatch, capsys)
    assert diff.endswith('+      python: "3.10"\n\\ No newline at end of file\n')
    assert '-      python: 3.10\n\\ No newline at end of file\n' in diff
    assert "runtime-versions:\r\n" in diff  # the CR is part of the line, as git sees it
    _run([".", "--fix"], tmp_path, monkeypatch, capsys)
    assert (tmp_path / "buildspec.yml").read_bytes() == data.replace(b"3.10", b'"3.10"')


# --- stdin, summary, flags ---------------------------------------------------------------------

def test_stdin_fix_prints_the_fixed_text_and_reports_on_stderr(tmp_path, monkeypatch, capsys):
    data = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n    on-failure: abort\n"
    rc, out, err = _run(["-", "--fix", "--stdin-filename=buildspec.yml"], tmp_path, monkeypatch, capsys, stdin=data)
    assert out == data.decode().replace("3.10", '"3.10"').replace("abort", "ABORT")
    assert err.endswith("Fixed 2 findings (0 remaining).\n")
    assert rc == 0


def test_stdin_fix_never_touches_the_file_stdin_filename_names(tmp_path):
    """A whole process, ShellCheck on: standard input's result passes through the ShellCheck
    phase (which rebuilds results), and its bytes must survive it. Before, they were lost
    there and --fix rewrote the file on disk that --stdin-filename only names."""
    data = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n  build:\n    commands:\n      - echo hi\n"
    on_disk = data.replace(b"echo hi", b"echo on disk")
    (tmp_path / "buildspec.yml").write_bytes(on_disk)
    for flags in (["--fix"], ["--fix", "--unsafe-fixes"], ["--diff"]):
        proc = subprocess.run([sys.executable, "-m", "speclint", "--isolated", *flags, "--stdin-filename", "buildspec.yml", "-"],
                              input=data, capture_output=True, cwd=tmp_path, timeout=120)
        assert (tmp_path / "buildspec.yml").read_bytes() == on_disk, flags
        if flags[0] == "--fix":
            assert proc.stdout == data.replace(b"3.10", b'"3.10"') and proc.returncode == 0, proc.stderr
        else:
            assert b'+      python: "3.10"' in proc.stdout and proc.returncode == 1, proc.stderr


def test_summary_wording():
    assert summary(Fixing(fixed=7), 3, 2) == "Fixed 7 findings (3 remaining; 2 more fixable with --unsafe-fixes)."
    assert summary(Fixing(fixed=1), 0, 0) == "Fixed 1 finding (0 remaining)."
    assert summary(Fixing(fixed=0), 4, 1, would=True) == "No fixes available (1 more fixable with --unsafe-fixes)."
    assert summary(Fixing(fixed=2), 0, 0, would=True) == "Would fix 2 findings."


def test_unsafe_fixes_needs_fix_or_diff(tmp_path, monkeypatch, capsys):
    from speclint.cli.entry import option_problem

    assert option_problem({"unsafe_fixes": True})[0] == "--unsafe-fixes"
    assert option_problem({"fix": True, "list_files": True})[0] == "--fix"
    assert option_problem({"diff": True, "unsafe_fixes": True}) is None


def test_fix_reports_what_remains_and_exits_on_it(tmp_path, monkeypatch, capsys):
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\npermissions:\n  - object: /a\n    mode: 0644\n")
    rc, out, err = _run([".", "--fix"], tmp_path, monkeypatch, capsys)
    assert rc == 1 and "A103" in out
    assert err == "Nothing fixed (1 remaining; 1 more fixable with --unsafe-fixes).\n"
    rc, out, err = _run([".", "--fix", "--unsafe-fixes"], tmp_path, monkeypatch, capsys)
    assert rc == 0 and err == "Fixed 1 finding (0 remaining).\n"


def test_a_suppressed_finding_is_not_fixed(tmp_path, monkeypatch, capsys):
    text = "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10  # speclint: ignore[B010] as it is\n"
    (tmp_path / "buildspec.yml").write_text(text)
    _run([".", "--fix"], tmp_path, monkeypatch, capsys)
    assert (tmp_path / "buildspec.yml").read_text() == text


def test_a_directive_inside_a_command_is_never_removed(tmp_path, monkeypatch, capsys):
    text = ("version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        make  # speclint: ignore[B001]\n"
            "      - echo done\n")
    (tmp_path / "buildspec.yml").write_text(text)
    rc, out, err = _run([".", "--fix"], tmp_path, monkeypatch, capsys)
    assert (tmp_path / "buildspec.yml").read_text() == text


# --- the engine --------------------------------------------------------------------------------

def _edit(start, end, text, path=None):
    return Edit(start, end, text, path)


def test_overlapping_fixes_are_resolved_by_position_then_next_round():
    a = Fix((_edit(0, 4, "x"),), SAFE, "a")
    b = Fix((_edit(2, 6, "y"),), SAFE, "b")
    c = Fix((_edit(6, 6, "z"),), SAFE, "c")
    for order in ([a, b, c], [c, b, a], [b, c, a]):
        chosen, edits = choose(order)
        assert chosen == [a, c]
    assert apply_edits("abcdefgh", choose([a, b, c])[1]) == "xefzgh"


def test_two_insertions_at_one_place_conflict_unless_identical():
    a, b = Fix((_edit(3, 3, "x"),), SAFE, "a"), Fix((_edit(3, 3, "y"),), SAFE, "b")
    assert choose([a, b])[0] == [a]
    same = Fix((_edit(3, 3, "x"),), SAFE, "again")
    chosen, edits = choose([a, same])
    assert chosen == [a, same] and len(edits) == 1


def test_a_fix_is_all_or_nothing():
    a = Fix((_edit(0, 1, "x"),), SAFE, "a")
    b = Fix((_edit(5, 6, "y"), _edit(0, 2, "z")), SAFE, "b")
    assert choose([a, b])[0] == [a]


def test_bom_edit_and_document_offsets():
    assert apply_edits("\ufeffabc", [_edit(-1, 0, ""), _edit(1, 2, "B")], shift=1) == "aBc"


def test_crlf_edits_count_code_points_and_lines():
    data = "a\r\néé\r\nx\ry\r\n".encode() + b"\xff\r\n"
    edits = crlf_edits("s.sh", data)
    text = data.decode("utf-8", "surrogateescape")
    assert [(e.line, e.column) for e in edits] == [(1, 2), (2, 3), (3, 4), (4, 2)]
    assert all(text[e.start] == "\r" and data[e.byte_start:e.byte_end] == b"\r" for e in edits)
    assert apply_edits(text, edits).encode("utf-8", "surrogateescape") == data.replace(b"\r\n", b"\n")


def test_fixes_for_gives_editors_the_fixes():
    result = lint_bytes("buildspec.yml", b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n",
                        Options())
    assert fixes_for(result) == fixes_for(result.diagnostics)
    (d, fix), = fixes_for(result.diagnostics)
    assert d.code == "B010" and fix.safety == SAFE
    (e,) = fix.edits
    assert (e.start, e.end, e.text, e.line, e.column, e.end_column) == (68, 72, '"3.10"', 5, 15, 19)


def test_a_fix_that_makes_the_file_worse_is_dropped(monkeypatch):
    from speclint import fix
    from speclint.rules.buildspec import runtime_version_float as module

    # a broken fix (an unclosed quote) must never be kept
    monkeypatch.setattr(module, "replace_node", lambda doc, node, text: fix.replace_node(doc, node, '"3.10'))
    data = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n"
    fixed, fixing, result = fix_bytes("buildspec.yml", data, Options())
    assert fixed == data and fixing.dropped == 1 and fixing.fixed == 0


def test_the_applier_refuses_an_edit_whose_text_is_not_what_it_was_computed_on():
    from speclint.fix.apply import StaleEdit

    made_for = Edit(4, 8, "X", old="efgh")
    assert apply_edits("abcdefghij", [made_for]) == "abcdXij"
    for text in ("abcdEFGHij", "abefghij", "abcd"):  # changed, shifted, shortened
        with pytest.raises(StaleEdit):
            apply_edits(text, [made_for])
    assert apply_edits("\ufeffab", [Edit(-1, 0, "", old="\ufeff")], shift=1) == "ab"


@pytest.mark.parametrize("broken_at", ["first", "middle", "last"])
def test_after_an_undone_round_each_fix_lands_on_its_own_text(broken_at, monkeypatch):
    """A round that makes the file worse is undone and its fixes are tried one at a time: a
    fix kept before another changes the text's length, so the later ones must move with it."""
    from speclint import fix
    from speclint.rules.buildspec import runtime_version_float as module

    monkeypatch.setattr(module, "replace_node", lambda doc, node, text: fix.replace_node(doc, node, '"3.10'))
    mapping = "    commands:\n      - printf key: value\n"  # B001: quoted, two characters longer
    runtime = "    runtime-versions:\n      python: 3.10\n"  # B010: its fix is broken, so it is dropped
    phases = {"first": [runtime, mapping], "middle": [mapping, runtime], "last": [mapping, mapping.replace("printf", "echo")]}
    body = "".join(phases[broken_at])
    if broken_at == "last":
        body += runtime
    data = ("version: 0.2\nphases:\n  install:\n" + body.replace("    commands:\n      - echo", "      - echo")
            + "  build:\n    commands:\n      - make all # speclint: ignore[B010]\n").encode()
    fixed, fixing, _ = fix_bytes("buildspec.yml", data, Options())
    text = fixed.decode()
    assert fixing.dropped == 1 and "python: 3.10\n" in text
    assert "- 'printf key: value'" in text
    assert "      - make all\n" in text  # the unused suppression removed, the command whole
    assert not [n for n in fixing.notes if "internal error" in n]


def test_a_dropped_fix_is_reported_with_its_code_and_place(tmp_path, monkeypatch, capsys):
    from speclint import fix
    from speclint.rules.buildspec import runtime_version_float as module

    monkeypatch.setattr(module, "replace_node", lambda doc, node, text: fix.replace_node(doc, node, '"3.10'))
    (tmp_path / "b.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n")
    for mode in ("--fix", "--diff"):
        rc, out, err = _run(["b.yml", mode], tmp_path, monkeypatch, capsys)
        assert "1 fix not applied: it made the file worse (B010 at b.yml:5:15)" in err, err


EC2_TWO_NEAR = "version: 0.0\nos: linux\nhooks:\n  {a}:\n    - location: s/one.sh\n  {b}:\n    - location: s/two.sh\n"
ECS_TWO_NEAR = ("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
                "        TaskDefinition: arn\n        LoadBalancerInfo:\n          ContainerName: c\n"
                "          ContainerPort: 80\nHooks:\n  - {a}: f1\n  - {b}: f2\n")


@pytest.mark.parametrize("template", [EC2_TWO_NEAR, ECS_TWO_NEAR], ids=["ec2", "ecs"])
@pytest.mark.parametrize("a, b", [("AfterInstal", "Afterinstall"), ("BeforeInstal", "beforeinstall"),
                                  ("afterinstall", "AfterInstall_"), ("ApplicationStrat", "ApplicationStart")])
def test_two_hooks_never_renamed_to_one_event(template, a, b):
    data = template.format(a=a, b=b).encode()
    fixed, fixing, result = fix_bytes("appspec.yml", data, Options(), unsafe=True)
    text = fixed.decode()
    # both hooks survive with what they run, and no event appears twice
    assert all(s in text for s in ("one.sh", "two.sh")) if "location" in text else all(s in text for s in ("f1", "f2"))
    assert "Y002" not in {d.code for d in result.diagnostics}


def test_a_round_that_makes_a_duplicate_key_is_undone(monkeypatch):
    """The class guard: whatever fix makes a key appear twice, its round is undone, so Y002's
    fix never deletes a block our own rename produced."""
    from speclint.fix import replace_node
    from speclint.rules.appspec import hook_name

    def careless(doc, key, *_args):  # a rename that checks nothing
        return Fix.make(UNSAFE, "rename", replace_node(doc, key, "AfterInstall"))

    monkeypatch.setattr(hook_name, "_fix", careless)
    data = EC2_TWO_NEAR.format(a="AfterInstal", b="BeforeInstal").encode()
    fixed, fixing, result = fix_bytes("appspec.yml", data, Options(), unsafe=True)
    assert b"one.sh" in fixed and b"two.sh" in fixed and fixed.count(b"AfterInstall:") <= 1


# Fixable values with an anchor (used by an alias) or an explicit tag, per fixing rule.
WITH_PROPERTIES = [
    ("buildspec.yml", "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: {p}3.10\n"
                      "      nodejs: {a}\n"),
    ("buildspec.yml", "version: 0.2\nphases:\n  install:\n    on-failure: {p}abort\n    commands:\n      - x\n"
                      "  build:\n    on-failure: {a}\n    commands:\n      - y\n"),
    ("buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - {p}echo a: b\n      - {a}\n"),
    ("buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - make\nartifacts:\n  files:\n"
                      "    - {p}./dist/app\n    - {a}\n"),
    ("appspec.yml", "version: 0.0\nos: linux\npermissions:\n  - object: /a\n    mode: {p}0644\n"
                    "  - object: /b\n    mode: {a}\n"),
]


@pytest.mark.parametrize("name, template", WITH_PROPERTIES, ids=["B010", "B005", "B001", "B023", "A103"])
@pytest.mark.parametrize("props", ["&v ", "!!str ", "&v !!str ", "!!str &v ", "&v\n        "])
def test_a_fix_keeps_the_anchor_and_tag_it_does_not_change(name, template, props):
    """A fix that replaces a value's text keeps the value's anchor (and so every alias) and
    its tag, or is not offered; never `&v 3.10` -> `"3.10"` with `*v` left dangling."""
    import re

    alias = "*v" if "&v" in props else "other"
    text = template.format(p=props, a=alias)
    data = text.encode()
    found = lint_bytes(name, data, Options())
    if {"Y001", "Y003"} & {d.code for d in found.diagnostics}:
        pytest.skip("not loadable here")
    # what JSON, SARIF, rdjson and editors advertise: each fix on its own keeps them too
    for d in found.diagnostics:
        if d.fix is not None:
            alone = apply_edits(text, [e for e in d.fix.edits if e.path is None])
            assert re.findall(r"&\w+|![!\w]*", alone) == re.findall(r"&\w+|![!\w]*", text), (d.code, alone)
            assert not ({"Y001", "Y003", "X001"} & {f.code for f in lint_bytes(name, alone.encode(), Options()).diagnostics})
    fixed, fixing, result = fix_bytes(name, data, Options(), unsafe=True)
    after = fixed.decode()
    assert re.findall(r"&\w+", after) == re.findall(r"&\w+", text), after
    assert re.findall(r"![!\w]*", after) == re.findall(r"![!\w]*", text), after
    loaded = {d.code for d in result.diagnostics}
    assert not ({"Y001", "Y003", "X001"} & loaded), after


def test_an_explicit_tag_gets_no_quoting_fix():
    data = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: !!float 3.10\n"
    (d,) = [d for d in lint_bytes("buildspec.yml", data, Options()).diagnostics if d.code == "B010"]
    assert d.fix is None  # quoted or not, the tag makes it the float 3.1


def test_b010_keeps_the_anchor_and_quotes_only_the_value():
    data = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: &v 3.10\n      nodejs: *v\n"
    fixed, fixing, result = fix_bytes("buildspec.yml", data, Options())
    assert fixed == data.replace(b"&v 3.10", b'&v "3.10"') and fixing.fixed == 2


def test_b001_hint_keeps_the_anchor_outside_the_quotes():
    data = b"version: 0.2\nphases:\n  build:\n    commands:\n      - &c echo a: b\n      - *c\n"
    (d,) = [d for d in lint_bytes("buildspec.yml", data, Options()).diagnostics if d.code == "B001"]
    assert d.fix is None and d.hint == "quote the whole command: - &c 'echo a: b'"


SPLIT_ACROSS_LINES = ["out=$(printf one\n  printf two)", "list=(alpha\n  beta)", "(cd src\n  make)",
                      "echo \"first\n  second\"", "echo 'first\n  second'", "v=`date\n  +%s`",
                      "echo ${HOME\n  }", "cat <<END\n  text\n  END", "make \\\n  all",
                      "run $(inner (x\n  y))", "echo done)\n  echo (open"]


def _block_commands(body: str) -> bytes:
    """A buildspec whose build commands are one `|` block holding `body` (lines split at "\\n  ")."""
    lines = "\n      ".join(body.split("\n  "))
    return f"version: 0.2\nphases:\n  build:\n    commands: |\n      {lines}\n".encode()


@pytest.mark.parametrize("body", SPLIT_ACROSS_LINES)
def test_b011_never_splits_a_command_that_spans_lines(body):
    data = _block_commands(body)
    found = [d for d in lint_bytes("buildspec.yml", data, Options()).diagnostics if d.code == "B011"]
    assert found and found[0].fix is None, data


@pytest.mark.parametrize("body", ["make\n  make test", "out=$(printf one)\n  echo \"$out\"", "list=(a b)\n  echo ${list}",
                                  "echo 'a # b' # note\n  (cd x && make)"])
def test_b011_still_splits_whole_commands(body):
    data = _block_commands(body)
    (d,) = [d for d in lint_bytes("buildspec.yml", data, Options()).diagnostics if d.code == "B011"]
    assert d.fix is not None


@pytest.mark.parametrize("text, whole", [("a", True), ("x=$(a)", True), ("x=$(a", False), ("a)", False), ("arr=(a", False),
                                         ("echo '(' \"(\" \\(", True), ("echo \"$(a \")\")\"", True), ("echo \"$(a \")\"", False), ("echo \"a", False),
                                         ('echo "a\\"', False), ("`a`", True), ("`a", False), ("${a}", True), ("${a", False),
                                         ("a # (", True), ("a#(", False), ("cat <<E", False), ("cat <<< x", True), ("a \\", False)])
def test_complete_reads_a_line_as_the_shell_does(text, whole):
    from speclint.shell.tokens import complete

    assert complete(text) is whole


@pytest.mark.parametrize("comment, kept", [("# speclint: ignore[B010] because of reasons", "# because of reasons"),
                                           ("# speclint: ignore[B010, B011]  see PR 4", "# see PR 4"),
                                           ("#speclint:ignore[B010] # note", "# note"),
                                           ("# speclint: ignore[B010]", None)])
@pytest.mark.parametrize("own_line", [False, True])
def test_c002_keeps_the_authors_words_after_the_directive(comment, kept, own_line):
    line = f"      {comment}\n      - make\n" if own_line else f"      - make  {comment}\n"
    data = f"version: 0.2\nphases:\n  build:\n    commands:\n{line}".encode()
    fixed, fixing, _ = fix_bytes("buildspec.yml", data, Options())
    text = fixed.decode()
    assert "speclint" not in text and "- make" in text
    if kept is None:
        assert "#" not in text
    else:
        assert text.count(kept) == 1 and (f"      {kept}\n" in text if own_line else f"- make  {kept}\n" in text)


@pytest.mark.parametrize("entry", [".//x", "'.//x'", '"./ /x"', ".///a/b"])
def test_b023_offers_no_fix_that_makes_an_absolute_path(entry):
    data = f"version: 0.2\nphases:\n  build:\n    commands:\n      - make\nartifacts:\n  files:\n    - {entry}\n".encode()
    for d in lint_bytes("buildspec.yml", data, Options()).diagnostics:
        if d.code == "B023" and d.fix is not None:
            alone = apply_edits(data.decode(), d.fix.edits)
            assert "    - /" not in alone and "- '/" not in alone and '- "/' not in alone, alone


COLLAPSED = "version: 0.2\nphases:\ninstall:\n  commands:\n    - npm ci\nbuild:\n  commands:\n    - npm test\n{again}"


@pytest.mark.parametrize("earlier, later, safety", [
    ("  commands:\n    - a\n", "  commands:\n    - b\n", UNSAFE),   # same shape, with content
    ("  commands:\n    - a\n", " x\n", None),                        # shapes differ: no fix
    ("  - a\n", "  k: v\n", None),
    ("", "  commands:\n    - b\n", SAFE),                            # earlier empty
    (" one\n", " two\n", SAFE),                                        # scalars
])
def test_y002_fix_safety_follows_the_shapes(earlier, later, safety):
    data = f"version: 0.2\nphases:\n  build:\n    commands:\n      - make\nbuild:{earlier and chr(10) if earlier.startswith('  ') else ''}{earlier if earlier.startswith('  ') else earlier.rstrip() + chr(10) if earlier else chr(10)}build:{chr(10) if later.startswith('  ') else ''}{later}".encode()
    found = [d for d in lint_bytes("buildspec.yml", data, Options()).diagnostics if d.code == "Y002"]
    assert found, data
    fix = found[0].fix
    assert (fix.safety if fix else None) == safety, data


def test_y002_never_deletes_commands_of_a_collapsed_file():
    data = COLLAPSED.format(again="build:\n  commands:\n    - npm run lint\n").encode()
    fixed, fixing, _ = fix_bytes("buildspec.yml", data, Options())
    assert b"npm test" in fixed and b"npm run lint" in fixed


@pytest.mark.parametrize("keys", [["phases:", "  install:", "phases:", "phases:", "  install:"],
                                  ["env:", "  variables:", "    A: one", "    A: two", "    A: three"]])
def test_a_later_round_after_the_byte_order_mark_went_lands_on_its_text(keys):
    """The BOM is removed in one round; the fixes of the next rounds are computed on text
    without it, so they must not be shifted by it any more."""
    data = ("\ufeffversion: 0.2\n" + "\n".join(keys)).encode()  # no final line break, as found
    fixed, fixing, _ = fix_bytes("buildspec.yml", data, Options(), unsafe=True)
    assert not [n for n in fixing.notes if "internal error" in n], fixing.notes
    assert not fixed.startswith(b"\xef\xbb\xbf")
    assert set(fixed.decode().splitlines()) <= set(["version: 0.2"] + keys), fixed


def test_embedded_documents_take_fixes_only_where_the_map_is_exact():
    from speclint.fix import edit, to_host
    from speclint.source.document import Document
    from speclint.source.positions import LineIndex, PositionMap

    doc = Document(path="t.json", text='python: 3.10\ncmd: "a"', root=None, kind="buildspec")
    host = '{"BuildSpec": "python: 3.10\\ncmd: \\"a\\""}'
    position_map = PositionMap([(0, 15), (12, 27), (13, 29), (18, 34), (19, 36), (20, 37), (21, 39)],
                               len(doc.text), inexact=[1, 3, 5])
    upper = to_host(Fix((edit(doc, 0, 6, "PYTHON"),), SAFE, "upper"), position_map, LineIndex(host))
    (placed,) = upper.edits
    assert host[placed.start:placed.end] == "python" and (placed.line, placed.column, placed.end_column) == (1, 16, 22)
    assert apply_edits(host, upper.edits) == host.replace("python", "PYTHON")
    # a quote inserted into a JSON string would need an escape: not offered
    assert to_host(Fix((edit(doc, 8, 12, '"3.10"'),), SAFE, "quote"), position_map, LineIndex(host)) is None
    # in a host that writes the text as it is (a YAML block), the quotes go in as they are
    block = PositionMap([(0, 20)], len(doc.text))
    assert to_host(Fix((edit(doc, 8, 12, '"3.10"'),), SAFE, "quote"), block, LineIndex(" " * 20 + doc.text)) is not None
    assert to_host(Fix((edit(doc, 8, 12, "3.10\n"),), SAFE, "line"), block, LineIndex(" " * 20 + doc.text)) is None
    across = Fix((edit(doc, 18, 21, "b"),), SAFE, "across an escaped quote")
    assert to_host(across, position_map, LineIndex(host)) is None
    plain = Fix((edit(doc, 0, 1, "P"),), SAFE, "identity")
    assert to_host(plain, PositionMap(), LineIndex(doc.text)) is plain


def test_a_bug_while_fixing_leaves_the_file_and_says_so(tmp_path, monkeypatch, capsys):
    text = "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n"
    (tmp_path / "buildspec.yml").write_text(text)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("speclint.fix.run.apply_edits", broken)
    rc, out, err = _run([".", "--fix"], tmp_path, monkeypatch, capsys)
    assert "buildspec.yml: not fixed: internal error while fixing (RuntimeError: boom)" in err
    assert (tmp_path / "buildspec.yml").read_text() == text and "B010" in out


# --- writing -------------------------------------------------------------------------------------

def test_write_keeps_permissions_and_symlinks(tmp_path):
    target = tmp_path / "real.yml"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = tmp_path / "buildspec.yml"
    link.symlink_to(target.name)
    write_atomic(str(link), b"new", expected=b"old")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_write_keeps_hard_links_one_file(tmp_path):
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_bytes(b"old text")
    os.link(first, second)
    write_atomic(str(second), b"new", expected=b"old text")
    assert first.read_bytes() == second.read_bytes() == b"new"
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2


def test_write_leaves_a_read_only_file(tmp_path, monkeypatch):
    path = tmp_path / "buildspec.yml"
    path.write_bytes(b"old")
    os.chmod(path, 0o444)
    if os.access(path, os.W_OK):  # root may write anything: ask as a user who may not
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: not (mode & os.W_OK and os.path.samefile(p, path)))
    with pytest.raises(WriteError, match=r"buildspec.yml is read-only; it was not fixed"):
        write_atomic(str(path), b"new", expected=b"old")
    assert path.read_bytes() == b"old" and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_fix_of_a_read_only_file_exits_2_and_says_so(tmp_path, monkeypatch, capsys):
    path = tmp_path / "buildspec.yml"
    text = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n"
    path.write_bytes(text)
    os.chmod(path, 0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode & os.W_OK else real_access(p, mode, **kw))
    rc, out, err = _run(["buildspec.yml", "--fix"], tmp_path, monkeypatch, capsys)
    assert rc == 2 and "buildspec.yml is read-only; it was not fixed" in err and path.read_bytes() == text


def test_write_refuses_a_file_that_changed(tmp_path):
    path = tmp_path / "buildspec.yml"
    path.write_bytes(b"changed meanwhile")
    with pytest.raises(WriteError, match="changed while speclint ran"):
        write_atomic(str(path), b"new", expected=b"old")
    assert path.read_bytes() == b"changed meanwhile"


def test_a_file_that_cannot_be_written_is_reported_and_exits_2(tmp_path, monkeypatch, capsys):
    from speclint.fix import files

    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n")

    def refuse(path, data, expected=None):
        raise WriteError(f"cannot write {path}: Read-only file system; it was not fixed")

    monkeypatch.setattr("speclint.fix.run.write_atomic", refuse)
    rc, out, err = _run([".", "--fix"], tmp_path, monkeypatch, capsys)
    assert rc == 2
    assert err.splitlines() == ["cannot write buildspec.yml: Read-only file system; it was not fixed",
                                "Nothing fixed (1 remaining)."]
    assert "B010" in out  # reported as the file still is
    assert files.read(str(tmp_path / "buildspec.yml")).endswith(b"3.10\n")


# --- output formats ------------------------------------------------------------------------------

def test_json_and_sarif_carry_fixes(tmp_path, monkeypatch, capsys):
    (tmp_path / "appspec.yml").write_bytes("\ufeffversion: 0.0\nos: linux\npermissions:\n  - object: /é\n    mode: 0644\n".encode())
    monkeypatch.chdir(tmp_path)
    execute((".",), {"isolated": True, "output_format": "json"})
    items = {d["code"]: d for d in json.loads(capsys.readouterr().out)}
    fix = items["A103"]["fix"]
    assert fix["applicability"] == "unsafe" and fix["edits"][0]["content"] == '"0644"'
    assert fix["edits"][0]["location"] == {"line": 5, "column": 11}
    assert items["Y004"]["fix"]["applicability"] == "safe"
    execute((".",), {"isolated": True, "output_format": "sarif"})
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    change = by_rule["A103"]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "appspec.yml"
    region = change["replacements"][0]["deletedRegion"]
    data = (tmp_path / "appspec.yml").read_bytes()
    assert data[region["byteOffset"]:region["byteOffset"] + region["byteLength"]] == b"0644"
    text = data.decode("utf-8")
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == "0644"
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (5, 11, 15)
    assert change["replacements"][0]["insertedContent"] == {"text": '"0644"'}
    bom = by_rule["Y004"]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert bom == {"charOffset": 0, "charLength": 1, "byteOffset": 0, "byteLength": 3}


def test_rdjson_carries_fixes_as_suggestions(tmp_path, monkeypatch, capsys):
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n"
                                            "      python: 3.10  # é\n")
    monkeypatch.chdir(tmp_path)
    execute((".",), {"isolated": True, "output_format": "rdjson"})
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert item["suggestions"] == [{"range": {"start": {"line": 5, "column": 15}, "end": {"line": 5, "column": 19}},
                                    "text": '"3.10"'}]


# --- properties: generated, mutated and real files -----------------------------------------------

def check_fix_properties(name: str, data: bytes, options: Options = None) -> int:
    """After fixing: the file parses if it did, no code has more errors, no applicable fix is
    left (unless dropped), a second fix changes nothing. Returns the number of fixes."""
    options = options or Options()
    before = lint_bytes(name, data, options).diagnostics
    # every edit of the linted file knows the text it replaces, so the applier can refuse a stale one
    assert all(e.old is not None for d in before if d.fix for e in d.fix.edits), name
    fixed, fixing, result = fix_bytes(name, data, options, unsafe=True)
    # a stale edit (StaleEdit) or any other bug while fixing shows as an internal-error note
    assert not [n for n in fixing.notes if "internal error" in n], (name, fixing.notes)
    if fixed == data:
        return 0
    after = lint_bytes(name, fixed, options).diagnostics
    codes_before = {d.code for d in before}
    assert not ({"Y001", "Y003", "X001"} & ({d.code for d in after} - codes_before)), [d.message for d in after]

    def errors(found):
        counts = {}
        for d in found:
            if d.severity.name == "ERROR":
                counts[d.code] = counts.get(d.code, 0) + 1
        return counts

    old, new = errors(before), errors(after)
    assert all(count <= old.get(code, 0) for code, count in new.items()), (name, old, new)
    if not fixing.dropped:  # every fix was applied: none is left to apply
        left = [(d.code, d.line) for d in after if d.fix is not None and d.fix.edits[0].path is None]
        assert left == [], (name, left)
    again, _, _ = fix_bytes(name, fixed, options, unsafe=True)
    assert again == fixed, name
    return fixing.fixed


@settings(max_examples=200)
@given(doc=DOCS, name=NAMES)
def test_generated_documents_keep_the_fix_properties(doc, name):
    check_fix_properties(name, dump({"version": 0.2, **doc} if isinstance(doc, dict) else doc))


# Lines with fixable findings (and their neighbours), put together at random: most of what
# comes out is broken YAML or meaningless, which is the point.
BUILDSPEC_LINES = ["phases:", "  install:", "    runtime-versions:", "      python: 3.10", "      golang: 1.20  # c",
                   "    on-failure: retry-2", "    commands:", "      - echo a: b", "      - 'x'", "  build:",
                   "    commands: |", "      make", "      make test: 1", '      - echo "k: v"  # speclint: ignore[B001]',
                   "# speclint: ignore[S001]", "artifacts:", "  paths:", "    - ./dist/*", "  files:", '    - "./x"',
                   "env:", "  variables:", "    A: 1", "    A: 2", "    on-failure: abort"]
APPSPEC_LINES = ["os: linux", "Hooks:", "hooks:", "  AfterInstal:", "    - location: a.sh", "      runAs: root",
                 "  AfterInstall:", "permissions:", "  - object: /a", "    mode: 0644", "    context:", "      user: u",
                 "      name: n", "Files:", "files:", "  - source: /", "    destination: /x", "# speclint: ignore[A103, S001]"]


@settings(max_examples=300)
@given(kind=st.sampled_from(["buildspec", "appspec"]), picks=st.lists(st.integers(0, 100), min_size=1, max_size=14),
       crlf=st.booleans(), bom=st.booleans(), final=st.booleans())
def test_generated_fixable_files_keep_the_fix_properties(kind, picks, crlf, bom, final):
    pool = BUILDSPEC_LINES if kind == "buildspec" else APPSPEC_LINES
    lines = ["version: 0.2" if kind == "buildspec" else "version: 0.0"] + [pool[i % len(pool)] for i in picks]
    newline = "\r\n" if crlf else "\n"
    data = (newline.join(lines) + (newline if final else "")).encode()
    check_fix_properties(f"{kind}.yml", (b"\xef\xbb\xbf" if bom else b"") + data)


def test_every_fixture_file_keeps_the_properties():
    for path in sorted(FIXTURES.rglob("*.y*ml")):
        check_fix_properties(path.name, path.read_bytes())


@settings(max_examples=150)
@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, 10**6))
def test_mutated_fix_fixtures_keep_the_properties(seed, index):
    files = sorted(FIXTURES.glob("*/fix/before/*.yml"))
    path = files[index % len(files)]
    text = mutate(path.read_text(encoding="utf-8"), random.Random(seed))
    check_fix_properties(path.name, text.encode("utf-8"))


def test_corpus_fix_properties(corpus):
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml"))
    fixed = sum(check_fix_properties(p.name, p.read_bytes()) for p in files)
    assert fixed > 0  # the corpus has fixable findings: the test must exercise them


def test_fix_on_a_copy_of_the_corpus_changes_only_the_spans_of_fixable_findings(corpus, tmp_path, monkeypatch, capsys):
    """One round, so that every edit is one the first lint offered: file by file, the fixed
    file is the original with exactly the chosen edits of its findings' fixes applied (a
    hook script's edits count for the script) - every other byte, the BOM and the line
    endings included, is as it was."""
    from speclint.fix import run as fix_run

    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy, symlinks=True)
    offered: dict = {}
    for path in sorted(p for p in copy.rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml")):
        fixes = [d.fix for d in lint_file(str(path), Options()).diagnostics if d.fix is not None]
        for e in choose(fixes)[1]:
            target = os.path.normpath(os.path.join(str(copy), e.path)) if e.path else str(path)
            offered.setdefault(target, []).append(e)
    monkeypatch.setattr(fix_run, "MAX_ROUNDS", 1)
    before = _files(copy)
    _run([".", "--fix", "--unsafe-fixes", "--no-respect-gitignore"], copy, monkeypatch, capsys)
    after = _files(copy)
    changed = [name for name in before if before[name] != after[name]]
    assert changed, "nothing was fixed"
    for name in changed:
        edits = offered.get(str(copy / name), [])
        assert edits, f"{name} changed without a fixable finding"
        old = before[name].decode("utf-8", "surrogateescape")
        shift = 1 if old.startswith("\ufeff") and all(e.path is None for e in edits) else 0
        assert after[name] == apply_edits(old, edits, shift).encode("utf-8", "surrogateescape"), name


def test_a_failed_rename_leaves_the_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "buildspec.yml"
    path.write_bytes(b"old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError, match="No space left on device"):
        write_atomic(str(path), b"new", expected=b"old")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["buildspec.yml"]


def test_the_text_report_says_what_is_fixable_before_its_summary(tmp_path, monkeypatch, capsys):
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n"
                                            "artifacts:\n  files:\n    - ./dist/*\n")
    monkeypatch.chdir(tmp_path)
    execute((".",), {"isolated": True, "color": "never"})
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "1 fixable with --fix (1 more with --fix --unsafe-fixes); --diff shows the changes."
    assert lines[-1].startswith("Found 2 warnings")


# --- documents embedded in a host file ------------------------------------------------------------

class _BlockHost:
    """A made-up host (`*.template`) holding a buildspec as a block indented by 8 spaces
    after a `BuildSpec: |` line: every line of the document is written as it is."""

    name = "made-up"

    def claims(self, shown, text):
        return shown.endswith(".template")

    def documents(self, source):
        from speclint.source.document import Embedded
        from speclint.source.positions import PositionMap

        head = "Resources:\n  Project:\n    BuildSpec: |\n"
        lines = source.text[len(head):].split("\n")
        text = "\n".join(line[8:] for line in lines)
        runs, offset, at = [], 0, len(head)
        for line in lines:
            runs.append((offset, at + 8))
            offset += len(line) - 8 + 1
            at += len(line) + 1
        return [Embedded(text=text, position_map=PositionMap(runs, len(text)), name="Project", kind="buildspec")]


def test_a_fix_inside_an_embedded_buildspec_edits_the_host(monkeypatch):
    from speclint import source as source_mod

    monkeypatch.setattr(source_mod, "host_readers", lambda: (_BlockHost(),))
    inner = "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n    on-failure: abort\n"
    host = "Resources:\n  Project:\n    BuildSpec: |\n" + "".join(f"        {line}\n" for line in inner.splitlines())
    result = lint_bytes("stack.template", host.encode(), Options())
    b010 = next(d for d in result.diagnostics if d.code == "B010")
    assert b010.document == "Project" and (b010.line, b010.column) == (8, 23)
    (e,) = b010.fix.edits
    assert host[e.start:e.end] == "3.10" and (e.line, e.column) == (8, 23)
    fixed, fixing, after = fix_bytes("stack.template", host.encode(), Options())
    assert fixed.decode() == host.replace("python: 3.10", 'python: "3.10"').replace("abort", "ABORT")
    assert fixing.fixed == 2 and not [d for d in after.diagnostics if d.fix is not None]


def test_no_fix_where_the_host_escapes_the_text(monkeypatch):
    from speclint import source as source_mod
    from speclint.fix import NOT_EXACT

    class JsonHost(_BlockHost):
        def documents(self, source):
            from speclint.source.document import Embedded
            from speclint.source.positions import PositionMap

            # {"BuildSpec": "<the buildspec with \n escapes>"}: each line a run, each \n an inexact one
            start = source.text.index('"', source.text.index(":")) + 1
            body = source.text[start:source.text.rindex('"')]
            parts = body.split("\\n")
            text, runs, offset, at = "", [], 0, start
            for k, part in enumerate(parts):
                runs.append((offset, at))
                text += part
                offset += len(part)
                at += len(part)
                if k < len(parts) - 1:
                    runs.append((offset, at))
                    text += "\n"
                    offset += 1
                    at += 2
            inexact = [i for i in range(len(runs)) if i % 2 == 1]
            return [Embedded(text=text, position_map=PositionMap(runs, len(text), inexact=inexact), name="Project",
                             kind="buildspec")]

    monkeypatch.setattr(source_mod, "host_readers", lambda: (JsonHost(),))
    inner = "version: 0.2\\nphases:\\n  install:\\n    runtime-versions:\\n      python: 3.10\\n    on-failure: abort\\n"
    host = '{"BuildSpec": "' + inner + '"}\n'
    found = {d.code: d for d in lint_bytes("stack.template", host.encode(), Options()).diagnostics}
    assert found["B010"].fix is None and found["B010"].hint.endswith(NOT_EXACT)  # quotes would need escapes
    (e,) = found["B005"].fix.edits  # upper case needs none: the edit lands in the host's string
    assert host[e.start:e.end] == "abort"


def test_fixes_in_cloudformation_templates(tmp_path, monkeypatch, capsys):
    """The real host readers (speclint.source.hosts): a YAML block takes every fix; a JSON
    string only those that need no escape, and the others say so in their hint."""
    from speclint.fix import NOT_EXACT

    inner = ["version: 0.2", "phases:", "  install:", "    runtime-versions:", "      python: 3.10",
             "    on-failure: abort", "  build:", "    commands:", "      - echo Build started: $(date)"]
    head = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Build:\n    Type: AWS::CodeBuild::Project\n' \
           "    Properties:\n      Source:\n        Type: CODEPIPELINE\n        BuildSpec: |\n"
    (tmp_path / "template.yaml").write_text(head + "".join(f"          {line}\n" for line in inner))
    body = json.dumps("\n".join(inner) + "\n")
    (tmp_path / "template.json").write_text('{"Resources": {"Build": {"Type": "AWS::CodeBuild::Project", "Properties": '
                                            '{"Source": {"Type": "CODEPIPELINE", "BuildSpec": ' + body + "}}}}}\n")
    monkeypatch.chdir(tmp_path)
    execute((".",), {"isolated": True, "output_format": "json"})
    found = {(d["path"], d["code"]): d for d in json.loads(capsys.readouterr().out)}
    assert all(found[("template.yaml", code)]["fix"] for code in ("B001", "B005", "B010"))
    assert found[("template.json", "B005")]["fix"] and found[("template.json", "B010")]["fix"] is None
    assert found[("template.json", "B010")]["hint"].endswith(NOT_EXACT)
    rc, out, err = _run([".", "--fix", "--unsafe-fixes"], tmp_path, monkeypatch, capsys)
    assert (tmp_path / "template.yaml").read_text() == head + "".join(f"          {line}\n" for line in inner).replace(
        "python: 3.10", 'python: "3.10"').replace("abort", "ABORT").replace("- echo Build started: $(date)",
                                                                             "- 'echo Build started: $(date)'")
    fixed_json = json.loads((tmp_path / "template.json").read_text())
    assert "on-failure: ABORT" in fixed_json["Resources"]["Build"]["Properties"]["Source"]["BuildSpec"]
    assert err == "Fixed 4 findings (2 remaining).\n"
