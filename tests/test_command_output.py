"""Every command's standard streams fail the same way, through one guarded writer and reader
(speclint.stdio): standard output closed at start or unwritable (a full disk) is one line and
exit 2, a reader that went away ends quietly with exit 0, a closed standard input is one line
and exit 2 -- never a traceback (issues 15 and 20)."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
APPSPEC = os.path.join(EXAMPLES, "appspec.yml")
BUILDSPEC = os.path.join(EXAMPLES, "buildspec.yml")
# Every subcommand, and every check option that writes something else than the report.
COMMANDS = [["check", EXAMPLES], [EXAMPLES], ["--format", "json", EXAMPLES], ["--statistics", EXAMPLES],
            ["--list-files", EXAMPLES], ["--show-settings", EXAMPLES], ["--diff", EXAMPLES], ["--help"], ["--version"], ["check", "--help"],
            ["rules"], ["rules", "--format", "json"], ["rule", "Y002"], ["rule", "SC2086"],
            ["schema"], ["schema", "buildspec"], ["schema", "appspec"],
            ["explain", "Y002"], ["explain", "YAML_FILE_ERROR"], ["explain", "--format", "json", "YAML_FILE_ERROR"],
            ["lifecycle", APPSPEC], ["lifecycle", "--format", "mermaid", APPSPEC],
            ["lifecycle", "--format", "json", APPSPEC]]
# The commands that read standard input, with what they read.
READERS = [(["--stdin-filename", "buildspec.yml", "-"], BUILDSPEC),
           (["--list-files", "--stdin-filename", "buildspec.yml", "-"], BUILDSPEC),
           (["lifecycle", "-"], APPSPEC), (["lifecycle", "--stdin-filename", "buildspec.yml", "-"], BUILDSPEC),
           (["explain"], None), (["explain", "-"], None)]


def _speclint(args, stdout, stdin=subprocess.DEVNULL, close=()):
    def closing():
        for fd in close:
            os.close(fd)

    return subprocess.run([sys.executable, "-m", "speclint", *args], stdout=stdout, stderr=subprocess.PIPE,
                          stdin=stdin, timeout=120, check=False, preexec_fn=closing if close else None)


def _clean(err: str) -> None:
    assert "Traceback" not in err and "This is a bug" not in err and "Exception ignored" not in err, err
    assert len(err.strip().splitlines()) <= 1, err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_clear_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        proc = _speclint(args, full)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    _clean(err)
    assert err.startswith("speclint: cannot write standard output: No space left on device; "), err
    assert err.rstrip().endswith(" is incomplete"), err


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_standard_output_closed_at_start_is_one_clear_line_and_exit_2(args):
    proc = _speclint(args, None, close=(1,))
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    _clean(err)
    assert err.startswith("speclint: standard output is closed; "), err


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_that_goes_away_is_quiet_and_exit_0(args):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first write: every write is EPIPE
    try:
        proc = _speclint(args, write)
    finally:
        os.close(write)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert err == "" or "ShellCheck" in err, err  # at most the note that shell checks are off


@pytest.mark.parametrize("args", COMMANDS[:1] + COMMANDS[10:], ids=" ".join)
def test_a_reader_that_goes_away_after_the_first_byte_is_quiet(args):
    proc = subprocess.Popen([sys.executable, "-m", "speclint", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    proc.stdout.read(1)
    proc.stdout.close()  # like `| head -c1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.parametrize("args,given", READERS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_standard_input_closed_is_one_clear_line_and_exit_2(args, given):
    proc = _speclint(args, subprocess.PIPE, stdin=None, close=(0,))
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    _clean(err)
    assert err.strip() == "speclint: standard input is closed; nothing was read (pipe a file in, or give its path)"


@pytest.mark.parametrize("args,given", [r for r in READERS if r[1]], ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_standard_input_is_read_like_the_file(args, given):
    """`-` is the file it was given: check lints it, --list-files and lifecycle say what check does."""
    with open(given, "rb") as handle:
        piped = _speclint(args, subprocess.PIPE, stdin=handle)
    named = [a for a in args if a not in ("-", "--stdin-filename", "buildspec.yml")] + [given]
    direct = _speclint(named, subprocess.PIPE)
    assert piped.returncode == direct.returncode, piped.stderr
    strip = lambda out, name: out.decode().replace(name, "NAME")  # noqa: E731
    shown = "buildspec.yml" if "--stdin-filename" in args else "<stdin>"
    piped_out = strip(piped.stdout, shown).replace("NAME (standard input)", "NAME")
    direct_out = strip(direct.stdout, given)
    if "--list-files" in args:  # the shell note may name the file's own folder's settings; the label must agree
        assert piped_out.split()[0] == direct_out.split()[0] == "buildspec"
    elif "lifecycle" in args:
        assert piped_out.splitlines()[1:] == direct_out.splitlines()[1:]
    else:
        assert [line.split(":", 1)[1] for line in piped_out.splitlines() if line.startswith("NAME:")] == \
            [line.split(":", 1)[1] for line in direct_out.splitlines() if line.startswith("NAME:")]


def test_list_files_honours_output_file(tmp_path):
    listed = tmp_path / "out" / "files.txt"
    proc = _speclint(["--list-files", "-o", str(listed), os.path.join(ROOT, "examples")], subprocess.PIPE)
    assert proc.returncode == 0 and proc.stdout == b""
    assert "examples/buildspec.yml" in listed.read_text()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("where", ["-o", "stdout"])
def test_list_files_to_a_full_disk_names_the_file_list(where):
    args = ["--list-files", os.path.join(ROOT, "examples")]
    with open("/dev/full", "w") as full:
        proc = _speclint(["-o", "/dev/full", *args] if where == "-o" else args, full)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert err.strip() == ("speclint: cannot write /dev/full: No space left on device; the file list was not written"
                           if where == "-o" else
                           "speclint: cannot write standard output: No space left on device; the file list is incomplete")


def test_a_baseline_that_cannot_be_written_is_named_as_the_baseline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = _speclint(["--write-baseline", str(blocker / "b.json"), os.path.join(ROOT, "examples")], subprocess.PIPE)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "the baseline was not written" in err and "the report was not written" not in err, err
