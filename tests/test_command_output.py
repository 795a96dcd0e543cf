"""Every command's output failures are classified in one place (entry.guarded_output), as
`check` does: a full disk or unwritable standard output is one line and exit 2, never a
traceback; a reader that went away ends quietly (issue 20)."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APPSPEC = os.path.join(ROOT, "examples", "appspec.yml")
COMMANDS = [["rules"], ["rule", "Y002"], ["schema", "buildspec"], ["schema", "appspec"], ["explain", "Y002"],
            ["lifecycle", APPSPEC], ["lifecycle", "--format", "mermaid", APPSPEC],
            ["lifecycle", "--format", "json", APPSPEC]]


def _speclint(args, stdout):
    return subprocess.run([sys.executable, "-m", "speclint", *args], stdout=stdout, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_clear_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        proc = _speclint(args, full)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "This is a bug" not in err
    assert err.strip() == ("speclint: standard output could not be written (No space left on device); "
                           "the output is incomplete")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_that_goes_away_is_quiet(args):
    proc = subprocess.Popen([sys.executable, "-m", "speclint", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    proc.stdout.read(1)
    proc.stdout.close()  # like `| head -c1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "Exception ignored" not in err, err


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
    shown = "/dev/full" if where == "-o" else "standard output"
    assert err.strip() == f"speclint: cannot write {shown}: No space left on device; the file list was not written"


def test_a_baseline_that_cannot_be_written_is_named_as_the_baseline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = _speclint(["--write-baseline", str(blocker / "b.json"), os.path.join(ROOT, "examples")], subprocess.PIPE)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "the baseline was not written" in err and "the report was not written" not in err, err
