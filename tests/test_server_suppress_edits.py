"""Suppression code actions never change a YAML value (issue 18, break 1).

A `# speclint:` comment appended to a line that is inside a multi-line scalar - a `|` block
(after a `\\` continuation the rest of the command becomes a separate command), a folded `>`
block, a quoted or plain string going on - is part of the value, not a comment. For every
finding inside every kind of scalar, each offered ignore edit must leave every loaded value
identical and silence the finding.
"""

from __future__ import annotations

import itertools
import pytest
import yaml

pytest.importorskip("pygls")

from speclint.server import actions, lsp  # noqa: E402
from speclint.server.session import Session  # noqa: E402
from speclint.shell import check  # noqa: E402
from speclint.source.positions import LineIndex  # noqa: E402

needs_shellcheck = pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed (pip install 'speclint[shell]')")

HEAD = "version: 0.2\nphases:\n  build:\n    commands:\n"
BAD = "rm -rf $DIR/"  # SC2115 wherever ShellCheck sees it
# (entry of `commands`, whether the line of the finding can carry a comment after it)
COMMANDS = {
    "plain": (f"      - {BAD}\n", True),
    "plain-multi": (f"      - echo a;\n        {BAD};\n        echo b\n", False),
    "double-quoted": (f'      - "echo a;\n        {BAD};\n        echo done"\n', False),
    "double-quoted-first": (f'      - "{BAD};\n        echo done"\n', False),
    "single-quoted": (f"      - 'echo a;\n        {BAD};\n        echo done'\n", False),
    "literal-continued": (f"      - |\n        {BAD} \\\n          --one-file-system\n", False),
    "literal-last": (f"      - |\n        echo a\n        {BAD}\n", False),
    "literal-strip": (f"      - |-\n        {BAD}\n        echo after\n", False),
    "folded": (f"      - >\n        {BAD}\n        --one-file-system\n", False),
    "heredoc": (f"      - |\n        cat <<EOF > x.sh\n        echo $1\n        EOF\n        {BAD}\n        sh x.sh\n", False),
    "quoted-one-line": (f"      - \"{BAD}\"\n", True),
}


def _edited(text: str, action: dict) -> str:
    edits = next(iter(action["edit"]["changes"].values()))
    index = LineIndex(text)
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start = index.offset(*lsp.from_position(index, e["range"]["start"]))
        end = index.offset(*lsp.from_position(index, e["range"]["end"]))
        text = text[:start] + e["newText"] + text[end:]
    return text


def _actions(text: str, found: list) -> list:
    wanted = [{"source": "speclint", "data": {"code": d.code, "line": d.span.line}} for d in found]
    return [a for a in actions.code_actions("file:///w/buildspec.yml", "buildspec.yml", text, found, wanted)
            if a["title"].startswith("Ignore")]


@needs_shellcheck
@pytest.mark.parametrize("first, second", list(itertools.product(COMMANDS, repeat=2)))
def test_every_offered_ignore_keeps_every_value_and_silences_the_finding(first, second):
    text = HEAD + COMMANDS[first][0] + COMMANDS[second][0] + "      - echo end\n"
    session = Session()
    found = [d for d in session.lint("buildspec.yml", text, shell=True) if d.code == "SC2115"]
    assert found, "the fixture must produce its finding"
    offered = _actions(text, found)
    assert any(a["title"] == "Ignore SC2115 in this file" for a in offered)
    for action in offered:
        edited = _edited(text, action)
        assert yaml.safe_load(edited) == yaml.safe_load(text), (action["title"], edited)
        after = [d for d in session.lint("buildspec.yml", edited, shell=True) if d.code == "SC2115"]
        assert len(after) < len(found), (action["title"], edited)


@needs_shellcheck
@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_line_action_is_offered_exactly_where_a_comment_is_outside_every_scalar(name):
    entry, commentable = COMMANDS[name]
    text = HEAD + entry
    found = [d for d in Session().lint("buildspec.yml", text, shell=True) if d.code == "SC2115"]
    lines = [a for a in _actions(text, found[:1]) if a["title"].endswith("on this line")]
    appended = [a for a in lines if "ignore[SC2115]" in a["edit"]["changes"]["file:///w/buildspec.yml"][0]["newText"]]
    assert bool(appended) == commentable
    if name == "double-quoted-first":  # the scalar starts on the finding's line: a comment line above covers it
        assert "ignore-next-line[SC2115]" in lines[0]["edit"]["changes"]["file:///w/buildspec.yml"][0]["newText"]
    if name in ("literal-continued", "folded", "heredoc", "double-quoted"):
        assert not lines  # inside the value: only "in this file"


TEMPLATES = {
    "template.yaml": """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: |
          version: 0.2
          phases:
            biuld:
              commands:
                - make
""",
    "main.tf": """resource "aws_codebuild_project" "build" {
  source {
    type      = "CODEPIPELINE"
    buildspec = <<-EOT
      version: 0.2
      phases:
        biuld:
          commands:
            - make
    EOT
  }
}
""",
}


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_ignore_in_this_file_in_a_template_goes_where_speclint_reads_it(name, tmp_path):
    """In a template the embedded buildspec's text holds its comments: the file action puts
    `ignore-file` on the embedded document's first line, and the CLI then reports nothing."""
    from speclint.lint import lint_file
    from speclint.config.settings import Flags, Resolver

    text = TEMPLATES[name]
    path = tmp_path / name
    path.write_text(text)
    if name.endswith(".tf"):
        pytest.importorskip("tree_sitter")
    found = [d for d in Session().lint(str(path), text) if d.code == "B002"]
    assert found
    wanted = [{"source": "speclint", "data": {"code": "B002", "line": found[0].span.line}}]
    offered = [a for a in actions.code_actions("file:///w/" + name, str(path), text, found, wanted)
               if a["title"] == "Ignore B002 in this file"]
    assert len(offered) == 1
    edited = _edited(text, offered[0])
    assert not edited.startswith("# speclint")
    path.write_text(edited)
    options = Resolver(Flags(isolated=True)).options_for(str(path))
    assert [d.code for d in lint_file(str(path), options).diagnostics if d.code in ("B002", "C002")] == []


@needs_shellcheck
@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_cli_hint_names_a_suppression_that_keeps_the_command(name):
    """The ShellCheck finding's hint offers a comment after the line only where it is outside
    the command's value, as the editor's action does."""
    entry, commentable = COMMANDS[name]
    found = [d for d in Session().lint("buildspec.yml", HEAD + entry, shell=True) if d.code == "SC2115"]
    assert found
    hint = found[0].hint
    assert ("`# speclint: ignore[SC2115]`" in hint) == commentable
    if not commentable:
        assert "would be part of the command's text" in hint
        assert ("ignore-next-line[SC2115]" in hint) == (name == "double-quoted-first")
