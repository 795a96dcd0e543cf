"""ShellCheck is an optional part that fails safe and never lies.

Fake ShellCheck executables (small Python scripts) reproduce each way the real one can
fail: a bad exit status, a signal, silence, JSON of the wrong shape, running out of memory
or time. Each failure must become a `shell-check-failed` finding (X002) on every file
concerned, fail the run, and never be cached. The cache is data from disk: unusable
locations mean one note and a run without it; planted entries never become findings.
ShellCheck is found by absolute path only. Long scripts are checked in pieces with exact
positions.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from speclint.cli import cli
from speclint.shell import check, phase

BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n      - echo $VALUE_{n}\n"
FAKE_HEAD = f"""#!{sys.executable}
import json, os, signal, sys, time
args = sys.argv[1:]
if args == ["--version"]:
    print("ShellCheck - fake\\nversion: 0.11.0")
    sys.exit(0)
files = [a for a in args if a.endswith(".sh")]
"""
# A working ShellCheck: one comment per script, at its first `$`.
WORKS = """
out = []
for f in files:
    for n, line in enumerate(open(f).read().split("\\n"), 1):
        if "$" in line:
            c = line.index("$") + 1
            out.append(dict(file=f, line=n, column=c, endLine=n, endColumn=c + 2, level="error", code=9999,
                            message="fake finding"))
            break
print(json.dumps({"comments": out}))
sys.exit(1 if out else 0)
"""
FAILURES = {
    "exit-status": ('sys.stderr.write("boom\\n"); sys.exit(3)', "failed with exit status 3 (boom)"),
    "signal": ("os.kill(os.getpid(), signal.SIGKILL)", "killed by signal SIGKILL"),
    "silent": ("sys.exit(0)", "is not the JSON report"),
    "silent-exit-1": ("sys.exit(1)", "is not the JSON report"),
    "list": ('print("[]")', "is not the JSON report"),
    "comments-null": ('print(json.dumps({"comments": None}))', "is not the JSON report"),
    "comment-shape": ('print(json.dumps({"comments": [{"file": files[0], "line": "1"}]})); sys.exit(1)',
                      "is not the JSON report"),
    "foreign-file": ('print(json.dumps({"comments": [dict(file="/etc/passwd", line=1, column=1, endLine=1, '
                     'endColumn=2, level="error", code=1, message="x")]})); sys.exit(1)', "is not the JSON report"),
    "not-json": ('print("Segmentation fault")', "is not the JSON report"),
    "deep-json": ('print("[" * 200000 + "]" * 200000)', "is not the JSON report"),  # RecursionError in json
    "out-of-memory": ('sys.stderr.write("shellcheck: out of memory\\n"); sys.exit(251)', "ran out of memory"),
}


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(check, "_NOTED", set())
    monkeypatch.setattr(check, "_VERSIONS", {})


def fake(tmp_path, monkeypatch, body: str) -> str:
    folder = tmp_path / "fakebin"
    folder.mkdir(exist_ok=True)
    path = folder / "shellcheck"
    path.write_text(FAKE_HEAD + textwrap.dedent(body))
    path.chmod(0o755)
    monkeypatch.setattr(check, "binary", lambda: str(path))
    return str(path)


def project(tmp_path, count=2):
    root = tmp_path / "project"
    for n in range(count):
        (root / f"svc{n}").mkdir(parents=True)
        (root / f"svc{n}" / "buildspec.yml").write_text(BUILDSPEC.format(n=n))
    return root


def lint(*args):
    result = CliRunner().invoke(cli, ["--format", "json", "--isolated", "--show-info", "--extend-select", "SC", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def cache_entries(tmp_path):
    folder = tmp_path / "cache" / "shellcheck"
    return sorted(p.name for p in folder.glob("??/*")) if folder.is_dir() else []


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_a_failing_shellcheck_is_reported_fails_the_run_and_is_never_cached(tmp_path, monkeypatch, name):
    body, said = FAILURES[name]
    fake(tmp_path, monkeypatch, body)
    root = project(tmp_path)
    code, found, _err = lint(root)
    failed = [(d["path"].rsplit("/", 2)[-2], d["code"], d["severity"], d["line"], d["column"]) for d in found]
    assert failed == [("svc0", "X002", "error", 5, 9), ("svc1", "X002", "error", 5, 9)]  # the first command
    assert all(said in d["message"] and "not (fully) shell-checked" in d["message"] for d in found), found
    assert code == 1
    assert cache_entries(tmp_path) == []
    # A healthy ShellCheck afterwards reports what is there: nothing "clean" was remembered.
    fake(tmp_path, monkeypatch, WORKS)
    code, found, _err = lint(root)
    assert [(d["code"], d["line"], d["column"], d["message"]) for d in found] == [("SC9999", 6, 14, "fake finding")] * 2
    assert len(cache_entries(tmp_path)) == 2


def test_a_failure_is_reported_on_hook_scripts_too(tmp_path, monkeypatch):
    fake(tmp_path, monkeypatch, FAILURES["signal"][0])
    (tmp_path / "rev" / "scripts").mkdir(parents=True)
    (tmp_path / "rev" / "appspec.yml").write_text(
        "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n")
    (tmp_path / "rev" / "scripts" / "start.sh").write_text("#!/bin/bash\necho $1\n")
    code, found, _err = lint("--revision-root", tmp_path / "rev", tmp_path / "rev" / "appspec.yml")
    assert [(d["path"].rsplit("/", 1)[-1], d["code"], d["line"]) for d in found] == [("start.sh", "X002", 1)]
    assert "this script was not (fully) shell-checked" in found[0]["message"] and code == 1


def test_ignoring_x002_accepts_unchecked_scripts(tmp_path, monkeypatch):
    fake(tmp_path, monkeypatch, FAILURES["exit-status"][0])
    code, found, _err = lint("--ignore", "X002", project(tmp_path, 1))
    assert (code, found) == (0, [])


def test_one_deadline_for_all_shellcheck_work(tmp_path, monkeypatch):
    """A hanging ShellCheck: the processes that run are stopped at the deadline, the ones not
    yet started are not started, and every file says so (before: 120 s per process, exit 0)."""
    fake(tmp_path, monkeypatch, "time.sleep(600)")
    monkeypatch.setattr(check, "DEADLINE", 1.0)
    monkeypatch.setattr(check, "CHUNK", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    code, found, _err = lint(project(tmp_path, 5))
    assert [d["code"] for d in found] == ["X002"] * 5 and code == 1
    messages = sorted(d["message"].split(";")[0] for d in found)
    assert messages == ["ShellCheck did not finish within the 1 s limit for shell checks and was stopped"] * 2 + \
        ["ShellCheck was not started: the 1 s limit for shell checks ran out"] * 3
    assert cache_entries(tmp_path) == []


def test_each_shellcheck_process_has_a_memory_limit(tmp_path, monkeypatch):
    """The limit is set in the process before ShellCheck starts (it reserves address space
    for its heap as it starts): the fake reports the limit it runs under, then one that
    allocates beyond the limit fails and is reported."""
    pytest.importorskip("resource")
    monkeypatch.setattr(check, "MEMORY", 512 << 20)
    fake(tmp_path, monkeypatch, """
        import resource
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        print(json.dumps({"comments": [dict(file=f, line=3, column=1, endLine=3, endColumn=2, level="info",
                                            code=1, message=str(limit)) for f in files]}))
    """)
    code, found, _err = lint(project(tmp_path, 1))
    assert [d["message"] for d in found] == [str(512 << 20)]
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "another-cache"))
    fake(tmp_path, monkeypatch, "block = bytearray(1 << 30)\n" + WORKS)
    code, found, _err = lint(project(tmp_path / "again", 1))
    assert [d["code"] for d in found] == ["X002"] and code == 1


# -- finding ShellCheck -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", ":", "::/nonexistent", ".", "bin", "./bin:", "/nonexistent::"])
def test_shellcheck_is_found_only_by_an_absolute_path(tmp_path, monkeypatch, path):
    """With an empty or relative PATH entry, a `shellcheck` in the folder being linted
    (or below it) must not be what runs."""
    for folder in (tmp_path, tmp_path / "bin"):
        folder.mkdir(exist_ok=True)
        planted = folder / "shellcheck"
        planted.write_text("#!/bin/sh\ntouch planted-ran\n")
        planted.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", path)
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    check.binary.cache_clear()
    try:
        assert check.binary() is None
        monkeypatch.setenv("PATH", f"{path}:{tmp_path / 'bin'}")
        check.binary.cache_clear()
        assert check.binary() == str(tmp_path / "bin" / "shellcheck")  # an absolute entry is fine
    finally:
        check.binary.cache_clear()


@pytest.mark.parametrize("path", ["", ":", ".", "./bin:"])
def test_git_is_found_only_by_an_absolute_path_too(tmp_path, monkeypatch, path):
    """The class beyond ShellCheck: discovery asks git which files are ignored."""
    from speclint import discover

    for folder in (tmp_path, tmp_path / "bin"):
        folder.mkdir(exist_ok=True)
        planted = folder / "git"
        planted.write_text(f"#!/bin/sh\necho ran > {tmp_path}/planted-ran\n")  # a builtin: PATH may be empty
        planted.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", path)
    assert discover.git_files(str(tmp_path)) is None
    assert not (tmp_path / "planted-ran").exists()


# -- the cache as an optional part -----------------------------------------------------------

def _unusable(tmp_path, how: str) -> str:
    if how == "a file":
        (tmp_path / "file").write_text("")
        return str(tmp_path / "file")
    if how == "below a file":
        (tmp_path / "file").write_text("")
        return str(tmp_path / "file" / "cache")
    if how == "in /proc":
        if not os.path.isdir("/proc/self"):
            pytest.skip("no /proc")
        return "/proc/x"
    if how == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes anywhere (the non-root case is test_a_user_without_a_home_folder)")
        (tmp_path / "ro").mkdir(mode=0o500)
        return str(tmp_path / "ro")
    if how == "writable by others":
        (tmp_path / "open" / "shellcheck").mkdir(parents=True)
        (tmp_path / "open" / "shellcheck").chmod(0o777)
        return str(tmp_path / "open")
    if how == "another user's":
        if os.geteuid() != 0:
            pytest.skip("only root can give a folder away")
        (tmp_path / "theirs" / "shellcheck").mkdir(parents=True)
        os.chown(tmp_path / "theirs" / "shellcheck", 65534, 65534)
        return str(tmp_path / "theirs")
    if how == "through another user's symlink":  # link -> /etc made root create /etc/.../shellcheck
        if os.geteuid() != 0:
            pytest.skip("only root can give a symlink away")
        (tmp_path / "target").mkdir()
        os.symlink(tmp_path / "target", tmp_path / "link")
        os.lchown(tmp_path / "link", 65534, 65534)
        return str(tmp_path / "link" / "cache")
    if how == "a symlink":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "linked").mkdir()
        os.symlink(tmp_path / "elsewhere", tmp_path / "linked" / "shellcheck")
        return str(tmp_path / "linked")
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["a file", "below a file", "in /proc", "read-only", "writable by others",
                                 "another user's", "a symlink", "through another user's symlink"])
def test_an_unusable_cache_means_one_note_and_a_run_without_it(tmp_path, monkeypatch, how):
    fake(tmp_path, monkeypatch, WORKS)
    monkeypatch.setenv("SPECLINT_CACHE_DIR", _unusable(tmp_path, how))
    code, found, err = lint(project(tmp_path, 3))
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("SC9999", 6, 14)] * 3
    assert err.count("shell checks run without a cache") == 1, err
    assert code == 0  # found and reported; a ShellCheck finding is at most a warning


def test_nothing_is_created_through_another_users_symlink(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("only root can give a symlink away")
    fake(tmp_path, monkeypatch, WORKS)
    monkeypatch.setenv("SPECLINT_CACHE_DIR", _unusable(tmp_path, "through another user's symlink"))
    _code, _found, err = lint(project(tmp_path, 1))
    assert os.listdir(tmp_path / "target") == []
    assert "a symlink that belongs to another user (uid 65534)" in err


def test_a_symlink_of_ones_own_on_the_way_is_followed(tmp_path, monkeypatch):
    fake(tmp_path, monkeypatch, WORKS)
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "mine")
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "mine" / "c"))
    lint(project(tmp_path, 1))
    assert len(list((tmp_path / "real" / "c" / "shellcheck").glob("??/*.json"))) == 1


def test_the_cache_folder_is_private(tmp_path, monkeypatch):
    fake(tmp_path, monkeypatch, WORKS)
    old = os.umask(0)
    try:
        lint(project(tmp_path, 1))
    finally:
        os.umask(old)
    folder = tmp_path / "cache" / "shellcheck"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*")} <= {0o700, 0o600}
    folder.chmod(0o755)  # as an older speclint left it
    lint(project(tmp_path / "more", 1))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def _user_run_python():
    """A Python the user `nobody` may run, with this environment's packages on its path."""
    for candidate in (sys.executable, f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}"):
        probe = subprocess.run([shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", candidate, "-c", "0"],
                               capture_output=True)
        if probe.returncode == 0:
            return candidate
    return None


def test_a_user_without_a_home_folder():
    """HOME=/nonexistent for a user who is not root crashed every run with commands; run as a
    real other user when this is root, else as this user."""
    import tempfile

    import speclint

    shellcheck = shutil.which("shellcheck", path=os.path.dirname(sys.executable)) or shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("ShellCheck is not installed")
    command = ["-m", "speclint", "--isolated", "--format", "json", "--extend-select", "SC2086", "--show-info"]
    if os.geteuid() == 0:
        python = _user_run_python() if shutil.which("setpriv") else None
        if python is None:
            pytest.skip("cannot run as another user here")
        command = [shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", python] + command
    else:
        command = [sys.executable] + command
    paths = [os.path.dirname(os.path.dirname(speclint.__file__))] + [p for p in sys.path if "site-packages" in p]
    env = {"HOME": "/nonexistent", "PATH": os.path.dirname(shellcheck), "PYTHONPATH": os.pathsep.join(paths)}
    work = tempfile.mkdtemp(prefix="speclint-other-user-")  # pytest's folders are private to this user
    try:
        os.chmod(work, 0o755)
        with open(os.path.join(work, "buildspec.yml"), "w") as handle:
            handle.write(BUILDSPEC.format(n=1))
        os.chmod(os.path.join(work, "buildspec.yml"), 0o644)
        proc = subprocess.run(command + [os.path.join(work, "buildspec.yml")], capture_output=True, text=True,
                              env=env, timeout=120, cwd="/")
    finally:
        shutil.rmtree(work)
    assert proc.returncode == 0, proc.stderr  # SC2086 is information in a buildspec
    assert [d["code"] for d in json.loads(proc.stdout)] == ["SC2086"], proc.stdout
    assert proc.stderr.count("shell checks run without a cache") == 1, proc.stderr


# -- planted entries -------------------------------------------------------------------------

FORGED = [dict(line=6, column=14, endLine=6, endColumn=16, level="error", code=2154, message="FORGED")]


def _plant_all(tmp_path, monkeypatch, plant):
    """Lint once with a working ShellCheck (filling the cache), replace every entry with
    `plant(path)`, lint again: the planted entries must not show."""
    fake(tmp_path, monkeypatch, WORKS)
    root = project(tmp_path, 1)
    lint(root)
    entries = list((tmp_path / "cache" / "shellcheck").glob("??/*.json"))
    assert entries
    for entry in entries:
        entry.unlink()
        plant(entry)
    monkeypatch.setattr(check, "_VERSIONS", {})
    code, found, err = lint(root)
    assert "FORGED" not in json.dumps(found) and "Traceback" not in err
    assert [(d["code"], d["message"]) for d in found] == [("SC9999", "fake finding")]
    return entries


@pytest.mark.parametrize("value", [
    {"comments": FORGED}, [{"line": "6"}], [dict(FORGED[0], level="fatal")], [dict(FORGED[0], code=None)],
    [dict(FORGED[0], message=["x"])], [None], "FORGED", 7,
])
def test_an_entry_of_the_wrong_shape_is_ignored(tmp_path, monkeypatch, value):
    _plant_all(tmp_path, monkeypatch, lambda entry: entry.write_text(json.dumps(value)))


@pytest.mark.parametrize("text", ["[" * 200_000 + "]" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_a_deeply_nested_entry_is_ignored(tmp_path, monkeypatch, text):
    _plant_all(tmp_path, monkeypatch, lambda entry: entry.write_text(text))


def test_shellcheck_output_beyond_the_limit_is_a_failure(tmp_path, monkeypatch):
    """A ShellCheck printing without end is stopped at OUTPUT_LIMIT bytes and reported (X002)."""
    monkeypatch.setattr(check, "OUTPUT_LIMIT", 1 << 20)
    fake(tmp_path, monkeypatch, 'sys.stdout.write("x" * (8 << 20)); sys.exit(1)')
    code, found, _err = lint(project(tmp_path, 1))
    assert [(d["code"], d["line"]) for d in found] == [("X002", 5)]
    assert "printed more than 1 MiB" in found[0]["message"] and code == 1
    assert cache_entries(tmp_path) == []


def test_the_version_probe_lives_within_the_one_deadline(tmp_path, monkeypatch):
    """A ShellCheck whose `--version` never answers is stopped at the run's deadline (it had
    30 s of its own before the deadline started counting)."""
    import time

    path = tmp_path / "hang-version"
    path.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(600)\n")
    path.chmod(0o755)
    monkeypatch.setattr(check, "binary", lambda: str(path))
    monkeypatch.setattr(check, "DEADLINE", 1.0)
    started = time.monotonic()
    code, found, _err = lint(project(tmp_path, 1))
    assert time.monotonic() - started < 20  # the old probe alone waited 30 s
    assert [d["code"] for d in found] == ["X002"] and code == 1


@pytest.mark.parametrize("how", ["symlink", "fifo", "folder", "huge", "binary"])
def test_an_entry_that_is_not_a_plain_file_of_ours_is_ignored(tmp_path, monkeypatch, how):
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(FORGED))

    def plant(entry):
        if how == "symlink":
            os.symlink(forged, entry)
        elif how == "fifo":
            os.mkfifo(entry)
        elif how == "folder":
            entry.mkdir()
        elif how == "huge":
            entry.write_text(json.dumps(FORGED * 20000))
        else:
            entry.write_bytes(b"\xff\xfe" + json.dumps(FORGED).encode("utf-16-le"))

    _plant_all(tmp_path, monkeypatch, plant)
    assert forged.read_text() == json.dumps(FORGED)  # never written through


def test_an_entry_owned_by_another_user_is_ignored(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("only root can give a file away")

    def plant(entry):
        entry.write_text(json.dumps(FORGED))
        os.chown(entry, 65534, 65534)

    _plant_all(tmp_path, monkeypatch, plant)


def test_writes_never_follow_a_planted_symlink(tmp_path, monkeypatch):
    """version.json or an entry planted as a symlink: the target is left alone, the link is
    replaced by a file of ours (atomic rename)."""
    fake(tmp_path, monkeypatch, WORKS)
    root = project(tmp_path, 1)
    lint(root)
    folder = tmp_path / "cache" / "shellcheck"
    entry = next(folder.glob("??/*.json"))
    victims = []
    for name in (folder / "version.json", entry):
        victim = tmp_path / f"victim-{name.name}"
        victim.write_text("precious")
        name.unlink()
        os.symlink(victim, name)
        victims.append(victim)
    monkeypatch.setattr(check, "_VERSIONS", {})
    lint(root)
    assert [v.read_text() for v in victims] == ["precious", "precious"]
    assert not (folder / "version.json").is_symlink() and not entry.is_symlink()
    assert [p.name for p in folder.rglob(".*")] == []  # no temporary files left behind


# -- long scripts: pieces with exact positions --------------------------------------------------

def _job(commands: list):
    from speclint.source.document import Document
    from speclint.source.loader import load
    from speclint.shell import jobs

    text = "version: 0.2\nphases:\n  build:\n    commands:\n" + "".join(f"      - {c}\n" for c in commands)
    doc = Document(path="buildspec.yml", text=text, root=load(text.encode()).root, kind="buildspec")
    return text, jobs.buildspec_jobs(doc)[0]


def test_long_scripts_are_cut_between_commands_and_map_back_exactly(monkeypatch):
    commands = [f"echo $V{n}" if n % 7 else f"export V{n}=x" for n in range(1000)]
    _text, job = _job(commands)
    pieces = check._pieces(job)
    assert len(pieces) >= 1000 // check.PIECE_LINES
    original = job.script.split("\n")
    body = []
    for script, origin, light in pieces:
        lines = script.split("\n")[:-1]
        assert len(lines) <= check.PIECE_LINES + 4 and not light
        assert len(lines) == len(origin)
        for line, number in zip(lines, origin):
            if number is not None:
                assert original[number - 1] == line
                if number > 2:
                    body.append(number)
    assert body == list(range(3, len(original)))  # every command line exactly once, in order


def test_long_scripts_see_variables_across_the_cut():
    commands = ["export EARLY=1"] + ["make"] * (check.PIECE_LINES + 50) + ['echo "$EARLY $LATE"', "LATE=2"]
    _text, job = _job(commands)
    pieces = check._pieces(job)
    assert len(pieces) == 2
    assert "export EARLY" in pieces[1][0].split("\n")[2]  # declared where it is used
    assert 'echo "$EARLY $LATE"' in pieces[1][0]


def test_a_single_command_too_long_to_cut_is_checked_lightly():
    _text, job = _job(["|\n" + "".join(f"        echo {n}\n" for n in range(check.PIECE_LINES + 10))])
    pieces = check._pieces(job)
    assert [light for _script, _origin, light in pieces] == [True]


@pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed")
def test_a_buildspec_of_2000_commands_is_checked_with_exact_positions(tmp_path, monkeypatch):
    """The instance: 2,000 `echo $Vn` made ShellCheck take 37 s and 6.4 GB in one piece.
    (The output cap of 100 findings per code and file is lifted to see every position.)"""
    from speclint import cap

    monkeypatch.setattr(cap, "MAX_PER_RULE", 10_000)
    commands = [f"echo $v{n}" for n in range(2000)]
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n" +
                                            "".join(f"      - {c}\n" for c in commands))
    code, found, _err = lint("--select", "SC2154", tmp_path / "buildspec.yml")
    assert [(d["line"], d["column"], d["message"]) for d in found] == [
        (5 + n, 14, f"v{n} is referenced but not assigned.") for n in range(2000)]
