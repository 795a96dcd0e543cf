"""Untrusted text never reaches a terminal, a CI log or a parser raw (issue 20, class 2).

One hostile fixture set - file content with control characters, bidi controls, forged CI
commands, XML-illegal characters and rich markup, and file names that are not UTF-8 or that
look like CI commands - run through every output format of the real command line.
"""

import json
import os
import re
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest

from speclint.cli.options import FORMATS
from speclint.report.sanitize import path as shown_path
from speclint.report.sanitize import unquote_path, visible

# What must never appear raw in any report: C0 except the format's own line breaks, DEL,
# C1, bidi controls, line separators, U+FFFE/U+FFFF, and (after encoding) invalid UTF-8.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")

# YAML double-quoted escapes put each character into a key, which S001 quotes in its message.
HOSTILE_KEYS = {
    "terminal-title-and-clear": r"\e]0;pwned\a\e[2J\e[1;1H",
    "forged-github-command": r"x\n::error file=README.md,line=1::forged",
    "forged-after-cr": r"x\r::warning::forged",
    "legacy-command": r"x\n##[error]forged",
    "bidi-override": r"admin\u202e\u2066txt.exe\u2069",
    "c1-csi-and-nel": r"\x9b31m\x85next",
    "xml-illegal": r"\x01\x02\x0b\x0c\ufffe\uffff",
    "rich-markup": r"[link=https://example.com]click[/link] [bold red]x",
    "del-and-backspace": r"abc\b\b\bxyz\x7f",
}
HOSTILE_NAMES = {
    "invalid-utf8": b"buildspec-\xff\xfe.yml",
    "looks-like-command": b"::error file=x::buildspec.yml",
    "escape-in-name": b"buildspec-\x1b[31mred.yml",
    "bidi-in-name": "buildspec-\u202egnp.yml".encode(),
    "quote-in-name": b'"buildspec.yml',
}


def _buildspec(key: str) -> bytes:
    return f'version: 0.2\n"{key}": 1\nphases:\n  build:\n    commands:\n      - make\n'.encode()


def _run(folder, fmt, args=(), output_file=None, target="."):
    """The real command line, in process (fast): stdout is a UTF-8 stream that, like a POSIX
    terminal's, would pass undecodable bytes through (surrogateescape)."""
    import io

    from speclint.cli.entry import main

    argv = ["--format", fmt, "--color", "never", "--isolated", *args]
    if output_file:
        argv += ["-o", output_file]
    argv.append(os.fsdecode(target))
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="surrogateescape", newline="\n")
    here, saved = os.getcwd(), sys.stdout
    os.chdir(folder)
    sys.stdout = stream
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        stream.flush()
    finally:
        sys.stdout = saved
        os.chdir(here)
    assert exit_info.value.code in (0, 1)
    return open(os.path.join(folder, output_file), "rb").read() if output_file else buffer.getvalue()


def _check_report(fmt: str, data: bytes) -> str:
    text = data.decode("utf-8")  # strict: the report is valid UTF-8 whatever the names hold
    assert not UNSAFE.search(text), f"raw {UNSAFE.search(text).group(0)!r} in {fmt}"
    for line in text.split("\n"):
        if line.lstrip().startswith(("::", "##[")):
            assert fmt == "github" and re.match(r"::(error|warning|notice) file=", line), line
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(data)
    return text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(HOSTILE_KEYS))
def test_hostile_file_content_is_escaped_in_every_format(tmp_path, fmt, case):
    (tmp_path / "buildspec.yml").write_bytes(_buildspec(HOSTILE_KEYS[case]))
    text = _check_report(fmt, _run(tmp_path, fmt))
    assert "S001" in text  # the finding is there, with its key shown escaped
    if fmt in ("text", "concise"):
        assert "\\x" in text or "\\u" in text or "[link=" in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(HOSTILE_NAMES))
@pytest.mark.parametrize("how", ["stdout", "output-file", "found-in-folder"])
def test_hostile_file_names_are_shown_safely_in_every_format(tmp_path, fmt, case, how):
    name = HOSTILE_NAMES[case]
    if how == "found-in-folder" and not name.startswith(b"buildspec"):
        name = b"buildspec" + name  # the folder search finds only buildspec*/appspec* names
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(_buildspec("unknown"))
    # F003 (a name that is not quite buildspec.yml) is right for most of these names; S001 is the finding followed here
    data = _run(tmp_path, fmt, ("--ignore", "F003"), "report.out" if how == "output-file" else None,
                "." if how == "found-in-folder" else name)
    text = _check_report(fmt, data)
    expected = shown_path(os.fsdecode(name))
    if fmt in ("json", "gitlab"):
        paths = [f["path"] if fmt == "json" else f["location"]["path"] for f in json.loads(text)]
        assert paths == [expected]
        assert os.fsencode(unquote_path(paths[0])) == name  # lossless
    elif fmt == "sarif":
        from urllib.parse import unquote_to_bytes

        uri = json.loads(text)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert unquote_to_bytes(uri) == name  # URIs carry the bytes, percent-encoded
    elif fmt in ("text", "concise"):
        assert text.startswith(expected + ":2:1:")


@pytest.mark.parametrize("raw, shown", [
    ("plain/buildspec.yml", "plain/buildspec.yml"),
    ("a\udcffb.yml", '"a\\xffb.yml"'),
    ("tab\there.yml", '"tab\\x09here.yml"'),
    ("c1\x85.yml", '"c1\\u0085.yml"'),
    ('"q\\.yml', '"\\"q\\\\.yml"'),
    ("::x.yml", "./::x.yml"),
    ("  ##[x.yml", "./  ##[x.yml"),
])
def test_path_display_is_lossless_and_safe(raw, shown):
    assert shown_path(raw) == shown
    assert unquote_path(shown) == raw


def test_visible_escapes_every_unsafe_code_point_and_nothing_else():
    for code in list(range(0, 0x250)) + list(range(0x2000, 0x2070)) + [0x061C, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600]:
        char = chr(code)
        out = visible(char)
        assert not UNSAFE.search(out)
        assert "\n" not in out and "\t" not in out and "\r" not in out
        if out != char:
            assert out.startswith("\\") and out.isascii()


def test_text_code_frame_marker_stays_under_the_escaped_character(tmp_path):
    # raw ESC is not allowed in YAML: Y001 points at it, and the frame shows the line escaped
    (tmp_path / "buildspec.yml").write_bytes(b"version: 0.2\nkey: ab\x1b[2J\x1b]0;t\x07cd\n")
    lines = _run(tmp_path, "text").decode().split("\n")
    assert lines[0].startswith("buildspec.yml:2:8: error")
    source, marker = lines[1], lines[2]
    assert source == "   2 | key: ab\\x1b[2J\\x1b]0;t\\x07cd"
    assert source[marker.index("^"):].startswith("\\x1b[2J")
    assert marker.rstrip().endswith("^~~~")  # the marker spans the escape of the one character


@pytest.mark.parametrize("command", [
    "echo '[info] building'",
    "sed 's/[/]/_/g' file",
    "[link=https://x.io]go[/link]",
    "printf '\x1b]0;title\x07'",
    "[bold]x[/]",
])
def test_lifecycle_shows_user_text_as_text(tmp_path, command):
    # A JSON string is a YAML double-quoted scalar: control characters arrive as escapes.
    (tmp_path / "buildspec.yml").write_text(f"version: 0.2\nphases:\n  build:\n    commands:\n      - {json.dumps(command)}\n")
    for color in ("never", "always"):
        proc = subprocess.run([sys.executable, "-m", "speclint", "lifecycle", "--color", color, "buildspec.yml"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, COLUMNS="200"))
        assert proc.returncode == 0, proc.stderr
        plain = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)  # rich's own colours
        assert "\x1b" not in plain and "\x07" not in plain and "\x1b]8;" not in proc.stdout
        flat = re.sub(r"\s*│\s*", " ", plain)
        expected = visible(command)
        words = [w for w in re.split(r"\s+", expected) if w]
        assert all(w in flat for w in words), (words, flat)


def test_messages_on_standard_error_and_file_lists_are_escaped(tmp_path, capsys):
    from speclint.cli.entry import main

    (tmp_path / ".speclint.toml").write_bytes(b'"\\u001b]0;pwned\\u0007\\u001b[2J" = 1\n')
    name = b"buildspec-\x1b[2J.yml"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(_buildspec("x"))
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["."])
        err = capsys.readouterr().err
        assert exit_info.value.code == 2 and "unknown option" in err and not UNSAFE.search(err)
        os.remove(".speclint.toml")
        with pytest.raises(SystemExit):
            main(["--list-files", "."])
        out = capsys.readouterr().out
        assert '"buildspec-\\x1b[2J.yml"' in out and not UNSAFE.search(out)
    finally:
        os.chdir(here)
