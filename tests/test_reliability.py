"""Small correctness, linear work, bounded output, validated input, classified errors
(issue 20, classes 3-6). Linear-time checks count work or use sizes where the old
quadratic code took minutes; none of them measures wall-clock time."""

import os
import re

import pytest
from conftest import brief, lint_text

from speclint import discover

from speclint.source import loader
from speclint.discover import targets

# The regex that blank_templates replaces (quadratic on unclosed openers): the oracle of its result.
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)

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
    from speclint.cli.entry import main

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


# --- class 3: linear patterns ---------------------------------------------------------------
# Each input took 40 s or more with the old patterns; the guard allows a hundred times what
# the linear code needs, so it never flakes yet fails on any quadratic or worse regression.

def _guarded(seconds, fn, *args):
    import signal

    def expired(*_):
        raise TimeoutError(f"took over {seconds} s: not linear")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        return fn(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("line", [
    "# speclint: ignore" + " " * 80_000 + "x",
    "# speclint:" + " " * 80_000,
    "k: v # speclint: ignore[B001]" + " \t" * 40_000 + "x",
    "# speclint: " + "ignore " * 20_000,
    "# speclint: image=" + "x" * 80_000 + " " * 80_000 + "y",
])
def test_suppression_comments_are_parsed_in_linear_time(line):
    from speclint import suppress

    directives = _guarded(3, suppress.parse, ["version: 0.2", line])
    assert directives.suppressions or directives.problems or directives.settings


def test_suppression_body_and_columns_are_unchanged():
    from speclint import suppress

    found = suppress.parse(["k: v   # speclint: ignore[B001, nope] because   "])
    assert [(s.line, s.column, s.target, s.codes) for s in found.suppressions] == [(1, 8, 1, (("B001", 27),))]
    assert [p[:3] for p in found.problems] == [(1, 33, 37)]
    settings = suppress.parse(["# speclint: image=aws/codebuild/standard:7.0   "])
    assert settings.settings == {"image": "aws/codebuild/standard:7.0"}
    assert settings.positions == {"image": (1, 19, 45)}


@pytest.mark.parametrize("text", [
    "{{" * 40_000,
    "{{" * 40_000 + "}}",
    ("{{ a\n" * 20_000) + "}}",
    "{{ x }} " * 20_000,
    "}}" + "{{" * 40_000 + "\n" + "}}" * 40_000,
])
def test_placeholder_blanking_is_linear_and_keeps_lengths(text):
    """Template code is blanked as the (quadratic) regex TEMPLATE would, in linear time."""
    import re

    from speclint.shell.jobs import blank_templates

    out = _guarded(3, blank_templates, text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    if len(text) < 20_000:
        assert out == TEMPLATE.sub(lambda m: re.sub(r"[^\n]", "X", m.group(0)), text)


def test_placeholder_blanking_equals_the_regex_on_random_text():
    import random
    import re

    from speclint.shell.jobs import blank_templates

    rng = random.Random(20)
    for _ in range(20_000):
        text = "".join(rng.choice("{}%#\na ") for _ in range(rng.randint(0, 16)))
        assert blank_templates(text) == TEMPLATE.sub(lambda m: re.sub(r"[^\n]", "X", m.group(0)), text), repr(text)


@pytest.mark.parametrize("pattern, path", [
    ("**/" * 10 + "x", "a/" * 300 + "b"),
    ("**/a/" * 12 + "z", "a/" * 200 + "b"),
    ("*a*a*a*a*a*a*a*b", "a" * 250),
    ("/".join(["*"] * 30) + "/x", "/".join(["a"] * 400)),
])
def test_globs_match_in_linear_time(pattern, path):
    from speclint.globs import matches

    assert _guarded(3, matches, pattern, path) is False


# The semantics the translation to one regex had (README: Globs), kept exactly.
GLOB_CASES = [
    ("templates", "templates", True), ("templates", "a/templates/x.yml", True), ("templates", "templatesx", False),
    ("codebuild/**/*.yml", "codebuild/a/b/c.yml", True), ("codebuild/**/*.yml", "codebuild/c.yml", True),
    ("codebuild/**/*.yml", "x/codebuild/c.yml", False), ("*.yml", "a/b.yml", True), ("/*.yml", "a/b.yml", False),
    ("legacy/**", "legacy/x", True), ("legacy/**", "legacy", False), ("a/?.yml", "a/b.yml", True),
    ("a/?.yml", "a/bc.yml", False), ("[ab].yml", "b.yml", True), ("[!ab].yml", "b.yml", False),
    ("[!ab].yml", "c.yml", True), ("./ci/*.yml", "ci/x.yml", True), ("ci/", "ci/x.yml", True),
    ("**/**/x", "x", True), ("**/x", "a/b/x", True), ("a/*/c", "a/b/b/c", False), ("[a", "[a", True),
    ("", "a", False),
]


@pytest.mark.parametrize("pattern, path, expected", GLOB_CASES)
def test_glob_semantics(pattern, path, expected):
    from speclint.globs import matches

    assert matches(pattern, path) is expected


# --- class 4: every input value validated -----------------------------------------------------

def _check_run(tmp_path, args):
    """(exit code, stderr) of a real in-process run in tmp_path."""
    import io
    import sys

    from speclint.cli.entry import main

    here, saved_err, saved_out = os.getcwd(), sys.stderr, sys.stdout
    sys.stderr, sys.stdout = io.StringIO(), io.StringIO()
    os.chdir(tmp_path)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        return exit_info.value.code, sys.stderr.getvalue()
    finally:
        err = sys.stderr
        sys.stderr, sys.stdout = saved_err, saved_out
        os.chdir(here)
        del err


@pytest.mark.parametrize("content, message", [
    (b"max-file-size = 9223372036854775807\n", '.speclint.toml:1:1: error: "max-file-size" must be a number of bytes from 1 to 1,073,741,824'),
    (b"max-file-size = 0\n", '"max-file-size" must be a number of bytes from 1'),
    (b'exclude = ["ok", "[z-a]"]\n', '.speclint.toml:1:1: error: bad glob "[z-a]" in "exclude": bad character class [z-a]'),
    (b'buildspec-patterns = ["ci/[9-0].yml"]\n', 'bad glob "ci/[9-0].yml" in "buildspec-patterns"'),
    (b'appspec-patterns = ["[b-a]"]\n', 'bad glob "[b-a]" in "appspec-patterns"'),
    (b'\n[per-file-ignores]\n"[z-a]" = ["S001"]\n', '.speclint.toml:3:1: error: bad glob "[z-a]" in "per-file-ignores"'),
    (b'\n[images]\n"[z-a]" = "aws/codebuild/standard:7.0"\n', 'bad glob "[z-a]" in "images"'),
    (b'exclude = ["\xff"]\n', ".speclint.toml:1:1: error: not UTF-8 text: invalid byte 0xff"),
    (b'a = 1\n# \xfe\n', ".speclint.toml:2:1: error: not UTF-8 text"),
    (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", ".speclint.toml:1:1: error: not"),
])
def test_bad_configuration_values_exit_2_with_file_key_and_reason(tmp_path, content, message):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    (tmp_path / ".speclint.toml").write_bytes(content)
    code, err = _check_run(tmp_path, [".", "--no-respect-gitignore"])
    assert code == 2 and message in err and "bug" not in err


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "folder", "huge"])
def test_configuration_that_is_not_a_regular_file_is_refused_without_hanging(tmp_path, special):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    if special == "fifo":
        os.mkfifo(tmp_path / "c.toml")
        path, reason = "c.toml", "is a named pipe, not a regular file"
    elif special == "folder":
        (tmp_path / ".speclint.toml").mkdir()
        path, reason = None, None
    elif special == "huge":
        (tmp_path / "c.toml").write_bytes(b"#" * (2 << 20))
        path, reason = "c.toml", "is larger than 1,048,576 bytes"
    else:
        path, reason = special, "is a device, not a regular file"
    args = ["--config", path, "."] if path else ["."]
    code, err = _guarded(10, _check_run, tmp_path, args)
    if reason:
        assert code == 2 and reason in err
    else:
        assert code == 0  # a folder named like a configuration file is not one


@pytest.mark.parametrize("content, message", [
    (b'{"speclint_baseline": 1, "findings": [{"path": ["x"], "code": "S001", "fingerprint": "f"}]}',
     "b.json: findings[0].path must be a string, not a list"),
    (b'{"speclint_baseline": 1, "findings": [{"path": "x", "code": 1, "fingerprint": "f"}]}',
     "b.json: findings[0].code must be a string, not a number"),
    (b'{"speclint_baseline": 1, "findings": [{"path": "x", "code": "S001"}]}',
     "b.json: findings[0].fingerprint must be a string, not null (or missing)"),
    (b'{"speclint_baseline": 1, "findings": [[]]}', "b.json: findings[0] must be an object, not a list"),
    (b"[" * 100_000 + b"]" * 100_000, "cannot read baseline b.json: not valid JSON (nested too deeply)"),
    (b'{"speclint_baseline": 1, "findings": []}\xff', "cannot read baseline b.json: not valid JSON"),
])
def test_bad_baselines_exit_2_with_file_entry_and_reason(tmp_path, content, message):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    (tmp_path / "b.json").write_bytes(content)
    code, err = _check_run(tmp_path, ["--baseline", "b.json", "."])
    assert code == 2 and message in err and "bug" not in err


def test_baseline_device_is_refused(tmp_path):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    code, err = _guarded(10, _check_run, tmp_path, ["--baseline", "/dev/zero", "."])
    assert code == 2 and "cannot read baseline /dev/zero: it is a device, not a regular file" in err


def test_baseline_round_trips_names_that_are_not_utf8(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"buildspec-\xff.yml")
    with open(name, "wb") as handle:
        handle.write(b"version: 0.2\nfoo: 1\nphases:\n  build:\n    commands: [make]\n")
    assert _check_run(tmp_path, ["--write-baseline", "b.json", "."])[0] == 0
    assert _check_run(tmp_path, ["--baseline", "b.json", "--fail-on", "warning", "."])[0] == 0


@pytest.mark.parametrize("argv", [["-j", "100000"], ["-j", "65"], ["--max-file-size", "9223372036854775807"]])
def test_numbers_on_the_command_line_are_bounded(tmp_path, argv):
    from speclint.cli.options import parse_fast

    assert parse_fast(argv + ["."]) is None  # click reports it
    code, err = _check_run(tmp_path, argv + ["."])
    assert code == 2 and "is not in the range" in err


def _git_init(folder):
    os.makedirs(folder / ".git")


def test_configuration_is_not_read_above_the_repository_root(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.speclint]\nignore = ["ALL"]\n')
    repo = tmp_path / "repo"
    repo.mkdir()
    _git_init(repo)
    (repo / "buildspec.yml").write_text("version: 0.2\nphases:\n  build: {}\n")
    from speclint import config

    config._find.cache_clear()
    config._repository_root.cache_clear()
    assert config.find(str(repo)).path is None
    assert _check_run(repo, ["--fail-on", "warning", "."])[0] == 1
    (repo / "sub").mkdir()
    assert config.find(str(repo / "sub")).path is None
    (repo / ".speclint.toml").write_text('ignore = ["ALL"]\n')
    config._find.cache_clear()
    assert config.find(str(repo / "sub")).path == str(repo / ".speclint.toml")


def test_configuration_owned_by_another_user_is_ignored_outside_a_repository(tmp_path, monkeypatch, capsys):
    from speclint import config

    (tmp_path / "pyproject.toml").write_text('[tool.speclint]\nignore = ["ALL"]\n')
    (tmp_path / "work").mkdir()
    real_stat = os.stat

    class Owned:
        def __init__(self, result, uid):
            self._result, self.st_uid = result, uid

        def __getattr__(self, name):
            return getattr(self._result, name)

    stranger = os.getuid() + 4242

    def stat(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        return Owned(result, stranger) if str(path) == str(tmp_path / "pyproject.toml") else result

    monkeypatch.setattr(os, "stat", stat)
    config._find.cache_clear()
    config._repository_root.cache_clear()
    monkeypatch.setattr(config, "_repository_root", lambda folder: None)
    assert config.find(str(tmp_path / "work")).path is None
    assert "ignoring " + str(tmp_path / "pyproject.toml") + ": it is owned by another user" in capsys.readouterr().err
    config._find.cache_clear()


def test_show_settings_names_the_configuration_file(tmp_path):
    import io
    import sys

    from speclint.cli.entry import main

    (tmp_path / ".git").mkdir()
    (tmp_path / ".speclint.toml").write_text('ignore = ["S001"]\n')
    saved, sys.stdout = sys.stdout, io.StringIO()
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--show-settings", "."])
        out = sys.stdout.getvalue()
    finally:
        sys.stdout = saved
        os.chdir(here)
    assert exit_info.value.code == 0
    assert out.splitlines()[:2] == [f".: configuration {tmp_path / '.speclint.toml'}", '  ignore = ["S001"]']


# --- class 5: errors classified ---------------------------------------------------------------

def test_report_to_a_missing_folder_creates_it(tmp_path):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    assert _check_run(tmp_path, ["--format", "json", "-o", "out/deeper/report.json", "."])[0] == 0
    assert (tmp_path / "out" / "deeper" / "report.json").read_text().startswith("[")


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_report_to_a_full_device_is_a_clear_error(tmp_path, option):
    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    code, err = _check_run(tmp_path, [option, "/dev/full", "."])
    assert code == 2 and "cannot write /dev/full: No space left on device" in err and "bug" not in err


def test_report_to_a_folder_without_permission_is_a_clear_error(tmp_path, monkeypatch):
    import builtins

    (tmp_path / "buildspec.yml").write_text(BUILDSPEC)
    real_open = builtins.open

    def deny(path, mode="r", *args, **kwargs):
        if "w" in mode and str(path).endswith("report.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    code, err = _check_run(tmp_path, ["-o", "locked/report.txt", "."])
    assert code == 2 and "cannot write locked/report.txt: Permission denied; the report was not written" in err


SCRIPT = "import sys; from speclint.cli.entry import main; sys.argv[0] = 'speclint'; main()"


def _bad_tree(folder, files=300):
    for i in range(files):
        (folder / f"buildspec-{i}.yml").write_text("version: 0.2\nphases:\n  build: {}\nfoo: 1\n" * 3)


def test_closed_standard_output_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    _bad_tree(tmp_path, 2)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, "--isolated", "."], cwd=tmp_path, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=60, pass_fds=(), close_fds=True,
                          preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2
    assert "standard output is closed; the report was not written" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["."], ["--format", "json", "."], ["--list-files", "."], ["--show-settings", "."]])
def test_pipe_closed_early_ends_quietly(tmp_path, args):
    import subprocess
    import sys

    _bad_tree(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, "--isolated", *args], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "" and proc.returncode in (0, 1)


# --- class 3: bounded rules and output ---------------------------------------------------------

def _count_calls(monkeypatch, module, name):
    calls = {"n": 0}
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def _batch(tasks: int, typos: int) -> str:
    lines = ["version: 0.2", "batch:", "  build-graph:"]
    for i in range(tasks):
        lines.append(f"    - identifier: task{i}")
        if i < typos:
            lines.append(f"      depend-on: [tsak{i}]")
    return "\n".join(lines + ["phases:", "  build:", "    commands: [make]"]) + "\n"


def test_b008_did_you_mean_work_and_hint_size_are_bounded(monkeypatch):
    import difflib

    from speclint.cap import MAX_PER_RULE

    calls = _count_calls(monkeypatch, difflib, "get_close_matches")
    found = [d for d in lint_text(_batch(2000, 2000), ignore=("B026",)) if d.code == "B008"]
    assert calls["n"] <= 20  # was one per typo: 2,000 lookups against 2,000 tasks each
    assert len(found) == MAX_PER_RULE + 1 and "more B008 findings" in found[-1].message
    assert max(len(d.hint or "") for d in found) < 300  # was every task name in every hint
    assert found[0].message == 'depend-on "tsak0" names no task in build-graph (did you mean "task0"?)'


@pytest.mark.parametrize("entries, expected", [(3, 2), (1000, 100), (6000, 100)])
def test_a108_reports_each_entry_once_and_is_bounded(entries, expected):
    text = "version: 0.0\nos: linux\npermissions:\n" + "  - object: /var/www\n    owner: a\n" * entries
    found = [d for d in lint_text(text, name="appspec.yml") if d.code == "A108"]
    shown = [d for d in found if "more A108 findings" not in d.message]
    assert len(shown) == expected  # 1,000 identical entries were 499,500 findings
    assert all('overlap the entry for "/var/www" (line 4)' in d.message for d in shown)


def test_a108_names_the_first_covering_entry_among_several():
    text = ("version: 0.0\nos: linux\npermissions:\n  - object: /var/www/html/x\n    owner: a\n"
            "  - object: /var\n    owner: a\n  - object: /var/www\n    owner: a\n    type: [file]\n")
    found = sorted((d.line, d.message) for d in lint_text(text, name="appspec.yml") if d.code == "A108")
    assert found == [(4, 'permissions for "/var/www/html/x" overlap the entry for "/var" (line 6); the agent fails when two entries match the same path'),
                     (8, 'permissions for "/var/www" overlap the entry for "/var" (line 6); the agent fails when two entries match the same path')]


def test_a116_lists_each_folder_once(tmp_path, monkeypatch):
    """The folders are listed a fixed number of times, whatever the number of hooks (it was one
    listing per hook, per rule: 8,000 hooks took 39 s)."""
    from speclint.lint import Options, lint_file

    def listings(hooks: int) -> tuple:
        folder = tmp_path / str(hooks)
        (folder / "scripts").mkdir(parents=True)
        for i in range(0, hooks, 2):
            (folder / "scripts" / f"s{i}.sh").write_text("#!/bin/bash\necho\n")
        (folder / "appspec.yml").write_text("version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n"
                                            + "".join(f"    - location: scripts/s{i}.sh\n" for i in range(hooks)))
        calls = _count_calls(monkeypatch, os, "listdir")
        found = lint_file(str(folder / "appspec.yml"), Options(ignore=("B026",))).diagnostics
        monkeypatch.undo()
        return calls["n"], sum(1 for d in found if d.code == "A116")

    few, many = listings(40), listings(400)
    assert many[0] <= 40 and many[0] <= few[0] + 5  # (caches shared between the two runs make the first one dearer)
    assert (few[1], many[1]) == (20, 101)  # the capped output: 100 findings and a summary


def test_findings_are_capped_per_rule_and_file_with_a_summary():
    from speclint.cap import MAX_PER_RULE

    text = "version: 0.2\n" + "".join(f"k{i}: 1\n" for i in range(500)) + "phases:\n  build:\n    commands: [make]\n"
    found = [d for d in lint_text(text) if d.code == "S001"]
    assert len(found) == MAX_PER_RULE + 1
    last = found[-1]
    assert (last.line, last.message) == (MAX_PER_RULE + 2, f"400 more S001 findings in this file, from this line on, are not shown (at most {MAX_PER_RULE} per rule and file)")


def test_the_cap_keeps_suppressions_and_selection_working():
    text = "version: 0.2\n" + "".join(f"k{i}: 1  # speclint: ignore[S001]\n" for i in range(300)) + "bad: 1\nphases:\n  build:\n    commands: [make]\n"
    found = lint_text(text)
    assert [(d.code, d.line) for d in found if d.code == "S001"] == [("S001", 302)]
    assert not [d for d in lint_text(text.replace("  # speclint: ignore[S001]", ""), ignore=("S001",)) if d.code == "S001"]


def test_a_rule_that_reports_without_end_is_stopped(monkeypatch):
    from speclint.cap import RULE_CEILING
    from speclint.rules.buildspec.batch_graph import BatchGraph

    produced = {"n": 0}

    def endless(self, doc):
        while True:
            produced["n"] += 1
            yield self.report(doc, None, "again")

    monkeypatch.setattr(BatchGraph, "check", endless)
    found = [d for d in lint_text(BUILDSPEC) if d.code == "B008"]
    assert produced["n"] == RULE_CEILING + 1
    assert "at least 900 more B008 findings" in found[-1].message
