"""The language server's editor-independent parts: positions, code actions, hover,
completion, and that a buffer gets exactly the CLI's findings. No LSP library needed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from speclint.config.settings import Flags, Resolver
from speclint.lint import lint_file
from speclint.record import record
from speclint.server import actions, complete, hover, lsp
from speclint.server.session import Session
from speclint.source.positions import LineIndex

ROOT = Path(__file__).resolve().parent.parent


def test_positions_are_utf16_and_clamped():
    text = "a: \U0001F600x\nb: 1\n"
    index = LineIndex(text)
    assert lsp.position(index, 1, 5) == {"line": 0, "character": 5}  # the emoji is two UTF-16 units
    assert lsp.from_position(index, {"line": 0, "character": 5}) == (1, 5)
    assert lsp.from_position(index, {"line": 0, "character": 4}) == (1, 4)  # inside the surrogate pair
    assert lsp.from_position(index, {"line": 99, "character": 99}) == (3, 1)
    assert lsp.from_position(index, {"line": -3, "character": "x"}) == (1, 1)
    assert lsp.from_position(index, None) == (1, 1)


@pytest.mark.parametrize("uri, path", [
    ("file:///tmp/a%20b/buildspec.yml", "/tmp/a b/buildspec.yml"),
    ("untitled:Untitled-1", "Untitled-1"),
    ("untitled:/buildspec.yml", "buildspec.yml"),
])
def test_uris(uri, path):
    assert lsp.uri_to_path(uri) == path


def _wanted(code, line):
    return [{"source": "speclint", "data": {"code": code, "line": line}}]


def _found(path, text):
    return Session().lint(path, text)


def _apply(text, action):
    edits = next(iter(action["edit"]["changes"].values()))
    index = LineIndex(text)
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start = index.offset(*lsp.from_position(index, e["range"]["start"]))
        end = index.offset(*lsp.from_position(index, e["range"]["end"]))
        text = text[:start] + e["newText"] + text[end:]
    return text


@pytest.mark.parametrize("text, expected", [
    ("version: 0.2\nphases:\n  biuld:\n    commands: [make]\n", "  biuld:  # speclint: ignore[B002]\n"),
    ("version: 0.2\nphases:\n  biuld:  # speclint: ignore[B003] reason\n    commands: [make]\n",
     "  biuld:  # speclint: ignore[B003, B002] reason\n"),
    ("version: 0.2\r\nphases:\r\n  biuld:\r\n    commands: [make]\r\n", "  biuld:  # speclint: ignore[B002]\r\n"),
])
def test_ignore_on_this_line_silences_the_finding(text, expected):
    found = _found("buildspec.yml", text)
    chosen = [a for a in actions.code_actions("file:///b", "buildspec.yml", text, found, _wanted("B002", 3))
              if a["title"] == "Ignore B002 on this line"]
    edited = _apply(text, chosen[0])
    assert expected in edited
    assert not [d for d in _found("buildspec.yml", edited) if d.code == "B002" or (d.code == "C002" and "B002" in d.message)]


def test_ignore_in_this_file_adds_to_an_existing_list():
    text = "# speclint: ignore-file[B004]\nversion: 0.1\nphases:\n  biuld:\n    commands: [make]\n"
    found = _found("buildspec.yml", text)
    chosen = [a for a in actions.code_actions("file:///b", "buildspec.yml", text, found, _wanted("B002", 4))
              if a["title"] == "Ignore B002 in this file"]
    edited = _apply(text, chosen[0])
    assert edited.startswith("# speclint: ignore-file[B004, B002]\n")
    assert not [d for d in _found("buildspec.yml", edited) if d.code == "B002"]
    fresh = "version: 0.2\nphases:\n  biuld: {}\n"
    chosen = [a for a in actions.code_actions("file:///b", "buildspec.yml", fresh, _found("buildspec.yml", fresh), _wanted("B002", 3))
              if a["title"].endswith("in this file")]
    assert _apply(fresh, chosen[0]).startswith("# speclint: ignore-file[B002]\nversion: 0.2")


def test_json_gets_no_comment_actions():
    text = '{"version": 0.0, "os": "linux", "hooks": {"AfterInstal": [{"location": "a.sh"}]}}'
    found = _found("appspec.json", text)
    assert any(d.code == "A101" for d in found)
    offered = actions.code_actions("file:///a", "appspec.json", text, found, _wanted("A101", 1))
    assert all(a["title"].startswith("Fix:") for a in offered)  # a fix (issue 17) but no comment


@record
class _Edit:
    start: int
    end: int
    text: str
    path: object = None
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@record
class _Fix:
    edits: tuple
    safety: str
    message: str


def test_a_findings_fix_becomes_a_preferred_action():
    """Diagnostic.fix (issue "Autofix") as the server reads it: edits in 1-based code points."""
    text = "version: 0.2\nphases:\n  biuld:\n    commands: [make]\n"
    found = _found("buildspec.yml", text)
    original = next(d for d in found if d.code == "B002")
    b002 = SimpleNamespace(code=original.code, span=original.span,
                           fix=_Fix((_Edit(0, 0, "build", None, 3, 3, 3, 8),), "safe", 'rename the phase to "build"'))
    found = [b002]
    listed = actions.code_actions("file:///b", "buildspec.yml", text, found, _wanted("B002", 3))
    fix = listed[0]
    assert fix["title"] == 'Fix: rename the phase to "build"' and fix.get("isPreferred")
    assert _apply(text, fix) == text.replace("biuld", "build")
    b002.fix = _Fix(b002.fix.edits, "unsafe", "rename")
    unsafe = actions.code_actions("file:///b", "buildspec.yml", text, found, _wanted("B002", 3))[0]
    assert unsafe["title"].endswith("(unsafe)") and "isPreferred" not in unsafe


def test_hover_on_a_runtime_key_and_nothing():
    text = "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 20\n"
    assert "Runtime versions" in hover.hover("buildspec.yml", text, [], 4, 6)
    assert hover.hover("buildspec.yml", text, [], 40, 1) is None
    assert hover.hover("buildspec.yml", "version: [", [], 1, 3) is None


@pytest.mark.parametrize("text, line, column, expected", [
    ("version: 0.2\n# speclint: image=aws/codebuild/standard:5.0\nphases:\n  install:\n    runtime-versions:\n      \n", 6, 7, "python"),
    ("version: 0.0\nos: \n", 2, 5, "linux"),
    ("version: 0.0\nos: linux\nfiles:\n  - source: /\n    \n", 5, 5, "destination"),
    ("version: 0.2\nphases:\n  build:\n    on-failure: \n", 4, 17, "RETRY"),
    ("version: 0.2\nenv:\n  shell: \n", 3, 10, "bash"),
    ("version: 0.2\nreports:\n  unit:\n    file-format: \n", 4, 18, "JUNITXML"),
    ("version: 0.0\nos: linux\nfile_exists_behavior: \n", 3, 23, "OVERWRITE"),
    ("version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\nHooks:\n  - \n", 6, 5, "BeforeAllowTraffic"),
    ("version: 0.0\nos: linux\nhooks:\n  \n", 4, 3, "ValidateService"),
    ("version: 0.2\nphases:\n  \n", 3, 3, "pre_build"),
    ("version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        \n", 6, 9, None),
])
def test_completion_cases(text, line, column, expected):
    labels = [i["label"] for i in complete.complete("buildspec.yml" if "0.2" in text else "appspec.yml", text, line, column)]
    if expected is None:
        assert "commands" not in labels and "runtime-versions" not in labels
    else:
        assert expected in labels, labels


def test_runtime_versions_follow_the_image():
    text = "version: 0.2\n# speclint: image=aws/codebuild/standard:5.0\nphases:\n  install:\n    runtime-versions:\n      nodejs: \n"
    labels = [i["label"] for i in complete.complete("buildspec.yml", text, 6, 15)]
    assert labels and all(v.replace(".", "").isdigit() for v in labels)


def test_only_buildspecs_and_appspecs_are_ours():
    assert Session.ours("buildspec.yml", "")
    assert Session.ours("ci/build.yml", "version: 0.2\nphases:\n  build:\n    commands: [make]\n")
    assert not Session.ours("docker-compose.yml", "services:\n  web: {}\n")


def test_a_buffer_gets_the_clis_findings():
    """The server's lint of a buffer is the CLI's lint of the same file (ShellCheck aside)."""
    resolver = Resolver(Flags(shell_checks=False))
    session = Session(Flags(shell_checks=False))
    compared = 0
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/bad/*")):
        if not path.is_file() or path.suffix not in (".yml", ".yaml", ".json"):
            continue
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        if "\ufffd" in text or any(0xDC80 <= ord(c) <= 0xDCFF for c in text) or text.startswith("\ufeff"):
            continue  # not text an editor would hold as is
        cli = lint_file(str(path), resolver.options_for(str(path)))
        ours, mine = session.check(str(path), text)  # a hook script's findings are published under its URI
        if not ours:  # another tool's file (a task definition): the server stays silent, the CLI says F001
            assert cli.kind is None and not mine, path
            continue
        assert [d.to_dict() for d in mine] == [d.to_dict() for d in cli.diagnostics], path
        compared += 1
    assert compared > 50


def test_a_template_holding_a_buildspec_gets_its_findings():
    """A CloudFormation template with an inline BuildSpec (issue 16's host readers): the
    buffer is ours, and the embedded buildspec's findings come at the template's lines."""
    import importlib.util

    if importlib.util.find_spec("speclint.source.hosts") is None:
        pytest.skip("no host readers yet (issue 16)")
    template = ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Build:\n    Type: AWS::CodeBuild::Project\n"
                "    Properties:\n      Source:\n        Type: CODEPIPELINE\n        BuildSpec: |\n          version: 0.2\n"
                "          phases:\n            biuld:\n              commands:\n                - make\n")
    ours, found = Session().check("/nonexistent/template.yaml", template)
    assert ours
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("B002", 11, 13)]


def test_without_the_lsp_extra_the_server_says_how_to_get_it(monkeypatch, capsys):
    import sys

    from speclint.server import main

    monkeypatch.setitem(sys.modules, "speclint.server.protocol", None)  # as if pygls were missing
    assert main() == 2
    assert "pip install 'speclint[lsp]'" in capsys.readouterr().err


def test_severities_notes_are_hints():
    from speclint.diagnostics import Severity

    text = "version: 0.0\nos: '{{ os }}'\n"
    found = _found("appspec.yml", text)
    note = next(d for d in found if d.severity == Severity.INFO)
    converted = lsp.diagnostic(note, LineIndex(text))
    assert converted["severity"] == 4 and converted["code"] == note.code
    assert converted["codeDescription"]["href"] == note.docs_url
