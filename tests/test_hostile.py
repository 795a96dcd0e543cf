"""Hostile, broken and strange input: every file gets a verdict, nothing crashes, nothing hangs.

Each case runs the real command line and checks the finding (code, line, column), the exit
code, that `--format json` output is valid JSON, and a time bound.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from speclint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
TIME_BOUND = 5.0  # seconds per run; real runs take milliseconds, this catches hangs

BUILDSPEC = b"version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"


def run_json(args, cwd=None):
    runner = CliRunner()
    here = os.getcwd()
    if cwd:
        os.chdir(cwd)
    start = time.perf_counter()
    try:
        result = runner.invoke(cli, ["--format", "json", *args], catch_exceptions=False)
    finally:
        os.chdir(here)
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_BOUND, f"took {elapsed:.1f} s"
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)  # stderr may say that a folder held nothing to lint


def deep(depth):
    return b"version: 0.2\nphases: " + b"[" * depth + b"]" * depth + b"\n"


def bomb(levels=9):
    lines = [b"version: 0.2", b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [".encode() + b", ".join([f"*a{i - 1}".encode()] * 9) + b"]")
    lines.append(f"phases: {{build: {{commands: *a{levels - 1}}}}}".encode())
    return b"\n".join(lines) + b"\n"


# name, content, expected (code, line, column) of the first finding or None for a clean file, exit code
CASES = [
    ("empty", b"", ("Y005", 1, 1), 1),
    ("only-comments", b"# nothing here\n# yet\n", ("Y005", 1, 1), 1),
    ("multi-document", BUILDSPEC + b"---\nfoo: 1\n", ("Y007", 6, 1), 0),
    ("scalar-document", b"just text\n", ("Y006", 1, 1), 1),
    ("list-document", b"- a\n- b\n", ("Y006", 1, 1), 1),
    ("null-document", b"~\n", ("Y005", 1, 1), 1),
    ("invalid-utf8", b"version: 0.2\nphases:\n  build:\n    commands:\n      - echo \xff\n", ("Y003", 5, 14), 1),
    ("utf16-bom", "version: 0.2\nphases: {}\n".encode("utf-16"), ("Y003", 1, 1), 0),  # a warning on a buildspec: that CodeBuild fails is inferred (Y003)
    ("utf8-bom", b"\xef\xbb\xbf" + BUILDSPEC, ("Y004", 1, 1), 0),
    ("crlf", BUILDSPEC.replace(b"\n", b"\r\n"), None, 0),
    # Old-Mac CR and the Unicode/NEL line breaks are line breaks to YAML parsers (found by the fuzzer).
    ("lone-cr", b"version: 0.2\rphases:\r  biuld:\r    commands: [a]\r", ("B002", 3, 3), 1),
    ("null-at-eof", b"# only a comment\n---", ("Y005", 2, 4), 1),  # found by the fuzzer: past the last line
    ("nel", "version: 0.2\x85phases:\x85  biuld: {commands: [a]}\n".encode(), ("B002", 3, 3), 1),
    ("tabs", b"version: 0.2\nphases:\n\tbuild:\n    commands: [a]\n", ("Y001", 3, 1), 1),
    ("nul-bytes", b"version: 0.2\x00\nphases: {}\n", ("Y003", 1, 13), 1),
    ("binary", bytes(range(256)) * 8, ("Y003", 1, 1), 1),
    ("deep-10000", deep(10000), ("Y009", 2, 508), 1),
    ("alias-bomb", bomb(), ("Y009", 1, 1), 1),
    ("huge-line", b"version: 0.2\nphases:\n  build:\n    commands:\n      - echo " + b"x" * 1_500_000 + b"\n", None, 0),
    ("cfn-tags", b"version: 0.2\nenv:\n  variables:\n    A: !Ref Bucket\n    B: !GetAtt X.Arn\n    C: !Sub '${AWS::Region}'\n"
                 b"phases:\n  build:\n    commands: [make]\n", ("Y010", 4, 8), 0),
    ("merge-keys", b"version: 0.2\nphases:\n  build: &b\n    commands: [make]\n  post_build:\n    <<: *b\n", None, 0),
    ("anchors", b"version: 0.2\nphases:\n  build:\n    commands: &c [make]\n  post_build:\n    commands: *c\n", None, 0),
    ("non-string-keys", b"version: 0.2\n1: a\nnull: b\n? [a, b]\n: c\nphases:\n  build:\n    commands: [make]\n", ("S001", 2, 1), 0),
    ("template", b"version: 0.2\nphases:\n  build:\n    commands:\n      - make {{ target }}\n", None, 0),
    ("json", b'{"version": 0.2, "phases": {"build": {"commands": ["make"]}}}', None, 0),
]


@pytest.mark.parametrize("name, content, first, code", CASES, ids=[c[0] for c in CASES])
def test_hostile_file(tmp_path, name, content, first, code):
    path = tmp_path / "buildspec.yml"
    path.write_bytes(content)
    exit_code, findings = run_json([str(path)])
    assert exit_code == code, findings
    if first is None:
        assert [f for f in findings if f["severity"] != "info"] == []
    else:
        assert (findings[0]["code"], findings[0]["line"], findings[0]["column"]) == first, findings[0]
        assert findings[0]["message"] and findings[0]["hint"]
    for f in findings:
        assert f["line"] >= 1 and f["column"] >= 1


def test_50_mb_file_is_refused_by_size_and_the_limit_is_configurable(tmp_path):
    big = tmp_path / "buildspec.yml"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant to make, 50 MB to a reader
    code, findings = run_json([str(big)])
    assert code == 1
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("Y008", 1, 1)]
    assert "52,428,800 bytes, over the 2,097,152-byte limit" in findings[0]["message"]
    code, findings = run_json(["--max-file-size", "100", str(tmp_path / "buildspec.yml")])
    assert "over the 100-byte limit" in findings[0]["message"]


def test_other_files_are_still_checked_after_a_broken_one(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "buildspec.yml").write_bytes(b"\x00\x01 binary")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "buildspec.yml").write_bytes(BUILDSPEC + b"extra: 1\n")
    code, findings = run_json([str(tmp_path)])
    assert code == 1
    assert [(Path(f["path"]).parent.name, f["code"]) for f in findings] == [("a", "Y003"), ("b", "S001")]


def test_a_directory_a_fifo_and_a_socket_named_as_paths(tmp_path):
    fifo = tmp_path / "buildspec.yml"
    os.mkfifo(fifo)
    sock_path = tmp_path / "appspec.yml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        folder = tmp_path / "dir.yml"
        folder.mkdir()
        code, findings = run_json([str(fifo), str(sock_path), str(folder / "missing.yml")])
        messages = [f["message"] for f in findings]
        assert code == 1
        assert any("is a named pipe, not a regular file" in m for m in messages)
        assert any("is a socket, not a regular file" in m for m in messages)
        assert any("does not exist" in m for m in messages)
        # A directory is searched; in it the FIFO and the socket are not files to lint.
        code, findings = run_json([str(tmp_path)])
        assert code == 0 and findings == []
    finally:
        server.close()


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "buildspec.yml"
    path.write_bytes(BUILDSPEC)
    real_open = os.open  # user files are opened through speclint.source.safe_open

    def guarded_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", guarded_open)
    code, findings = run_json([str(path)])
    assert code == 1 and findings[0]["code"] == "Y003" and "permission denied" in findings[0]["message"]


def test_symlink_loops_and_links_out_of_the_tree_are_not_followed(tmp_path):
    tree = tmp_path / "tree"
    (tree / "svc").mkdir(parents=True)
    (tree / "svc" / "buildspec.yml").write_bytes(BUILDSPEC)
    os.symlink(tree, tree / "svc" / "loop")  # a loop back to the top
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "buildspec.yml").write_bytes(BUILDSPEC + b"extra: 1\n")
    os.symlink(outside, tree / "escape")
    os.symlink(outside / "buildspec.yml", tree / "buildspec.yml")
    result = CliRunner().invoke(cli, ["--list-files", "--no-respect-gitignore", str(tree)])
    assert result.output.split() == ["buildspec", str(tree / "svc" / "buildspec.yml")]


def test_yaml_tags_are_data_never_code(tmp_path):
    marker = tmp_path / "executed"
    payload = (f"version: 0.2\nphases:\n  build:\n    commands:\n"
               f"      - !!python/object/apply:os.system ['touch {marker}']\n"
               f"      - !!python/object/new:subprocess.check_output [['touch', '{marker}']]\n").encode()
    path = tmp_path / "buildspec.yml"
    path.write_bytes(payload)
    code, findings = run_json([str(path)])
    assert not marker.exists()
    assert {f["code"] for f in findings} >= {"Y010"}


def test_speclint_writes_nothing_but_what_it_is_asked_to(tmp_path):
    (tmp_path / "buildspec.yml").write_bytes(BUILDSPEC + b"extra: 1\n")
    before = sorted(p for p in tmp_path.rglob("*"))
    run_json([str(tmp_path)], cwd=tmp_path)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    CliRunner().invoke(cli, ["-o", str(tmp_path / "report.txt"), str(tmp_path)])
    assert sorted(p for p in tmp_path.rglob("*")) == sorted(before + [tmp_path / "report.txt"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_prints_the_findings_so_far_and_exits_130(tmp_path, jobs):
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    generate.project(tmp_path / "p", 4000, seed=5)
    proc = subprocess.Popen([sys.executable, "-m", "speclint", "-j", jobs, "--format", "concise", str(tmp_path / "p")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    time.sleep(0.4)  # well into the run (4,000 files take about two seconds)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=TIME_BOUND)
    assert proc.returncode == 130, (out, err)
    assert "interrupted" in err and "Traceback" not in err
