"""Small correctness, linear work, bounded output, validated input, classified errors
(issue 20, classes 3-6). Linear-time checks count work or use sizes where the old
quadratic code took minutes; none of them measures wall-clock time."""

import os

import pytest
from conftest import brief, lint_text

from speclint import discover, loader
from speclint.discover import targets

BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"


# --- class 6: positions by character, one lint per file, no false alias bomb -------------

WIDE = ["\U00010000", "😀", "é", "中", "\u200d"]


@pytest.mark.parametrize("wide", WIDE)
@pytest.mark.parametrize("count", [1, 2, 5])
@pytest.mark.parametrize("bad", ["\x01", "\x7f", "\ufffe"])
def test_control_character_after_multibyte_text_is_placed_by_character(wide, count, bad):
    prefix = f"# {wide * count} emoji "
    found = lint_text(f"version: 0.2\n{prefix}{bad}\nphases: {{}}\n")
    assert brief(found)[:1] == [("Y001", 2, len(prefix) + 1)]


def test_control_character_position_on_a_later_line_after_wide_lines():
    text = "version: 0.2\n# " + "😀" * 40 + "\n# " + "中" * 10 + "\nx: a\x02\n"
    assert brief(lint_text(text))[:1] == [("Y001", 4, 5)]


@pytest.mark.parametrize("items", [260_000])
def test_long_list_without_aliases_is_no_alias_bomb(items):
    text = "version: 0.2\nphases:\n  build:\n    commands:\n" + "      - x\n" * items
    # ShellCheck's bounds are another change's business: this is about the loader
    found = lint_text(text, max_file_size=10 * 1024 * 1024, ignore=("B026",))
    assert "Y009" not in {d.code for d in found}


def test_alias_expansion_is_still_a_bomb_next_to_a_long_list():
    lines = ["version: 0.2", 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    found = lint_text("\n".join(lines) + "\n")
    assert [d.code for d in found] == ["Y009"]


def _names(found):
    return [t.path for t in found]


@pytest.mark.parametrize("args", [
    (".", "./buildspec.yml"),
    (".", "buildspec.yml"),
    ("buildspec.yml", "./buildspec.yml", "sub/../buildspec.yml"),
    (".", "."),
    ("sub", "sub/appspec.yml", "."),
])
def test_a_file_named_twice_is_linted_once(tmp_path, monkeypatch, args):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "appspec.yml").write_text("version: 0.0\nos: linux\n")
    monkeypatch.chdir(tmp_path)
    found = _names(targets(args))
    assert len(found) == len({os.path.realpath(p) for p in found})


# --- class 3: the folder walk ----------------------------------------------------------

def test_walk_is_linear_in_depth(tmp_path, monkeypatch):
    depth = 120
    folder = tmp_path
    for i in range(depth):
        folder = folder / "d"
    os.makedirs(folder)
    (folder / "buildspec.yml").write_text(BUILDSPEC)
    calls = {"n": 0}
    real_lstat, real_stat = os.lstat, os.stat

    def counting_lstat(*a, **k):
        calls["n"] += 1
        return real_lstat(*a, **k)

    def counting_stat(*a, **k):
        calls["n"] += 1
        return real_stat(*a, **k)

    monkeypatch.setattr(os, "lstat", counting_lstat)
    monkeypatch.setattr(os, "stat", counting_stat)
    found = list(discover.walk(str(tmp_path), discover.Rules(base=str(tmp_path), respect_gitignore=False)))
    assert len(found) == 1
    # resolving each folder's real path costs depth*(depth+1)/2 = 7,260 lstat calls
    assert calls["n"] < 10 * depth


def test_walk_reports_folders_it_cannot_enter(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "buildspec.yml").write_text(BUILDSPEC)
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if os.path.basename(str(path)) == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    found = list(targets((".",), lambda folder: discover.Rules(base=os.path.abspath(folder), respect_gitignore=False)))
    assert [(t.path, t.problem) for t in found] == [("ok/buildspec.yml", None),
                                                     ("locked", "cannot be searched: permission denied")]


def test_unsearchable_folder_is_a_finding_and_fails_the_run(tmp_path, monkeypatch, capsys):
    from speclint.entry import main

    # a path longer than PATH_MAX (4096) cannot be listed: build it with relative mkdirs
    monkeypatch.chdir(tmp_path)
    name = "n" * 250
    for _ in range(20):
        os.mkdir(name)
        os.chdir(name)
    os.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["--isolated", "--no-respect-gitignore", "--format", "concise", "."])
    out = capsys.readouterr().out
    assert exit_info.value.code == 1
    assert "cannot be searched: the path is longer than the system allows" in out
