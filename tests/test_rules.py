"""The rule engine: registry, codes, docs, plugins and fault containment."""

import textwrap
from pathlib import Path

import pytest

from speclint import docs, rules
from speclint.context import LintContext
from speclint.lint import Options, lint_bytes
from speclint.rules import registry
from speclint.rules.base import CODE_PATTERN, DOC_SECTIONS, NAME_PATTERN, Rule

ALL = registry().all()


def test_codes_and_names_are_unique_and_well_formed():
    codes = [r.code for r in ALL]
    names = [r.name for r in ALL]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
    for rule in ALL:
        assert CODE_PATTERN.match(rule.code), rule.code
        assert NAME_PATTERN.match(rule.name), rule.name
        assert rule.summary and not rule.summary.endswith(".")


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.code)
def test_every_rule_has_all_doc_sections(rule):
    sections = rule.doc_sections()
    assert sections["Summary"], rule.code
    for name in DOC_SECTIONS:
        assert sections.get(name), f"{rule.code} lacks the '{name}' section"


def test_readme_table_and_rules_page_are_generated_and_current(capsys):
    root = Path(__file__).resolve().parents[1]
    assert docs.main(["--check", str(root)]) == 0, capsys.readouterr().out
    assert "| [`A101`](docs/rules.md#a101-hook-name) | `hook-name` | error |" in (root / "README.md").read_text()
    page = (root / "docs" / "rules.md").read_text()
    for rule in registry().all():
        if rule not in registry().plugins:
            # the anchor every diagnostic's docs_url points at
            assert f"\n## {rule.code} {rule.name}\n" in page


def test_docs_check_reports_a_stale_page(tmp_path, capsys):
    (tmp_path / "README.md").write_text(f"{docs.START}\nold\n{docs.END}\n")
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert "stale" in capsys.readouterr().out
    assert docs.main([str(tmp_path)]) == 0
    assert docs.main(["--check", str(tmp_path)]) == 0


PLUGIN = '''
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule


class NoLatestImage(Rule):
    """Batch tasks must pin their image.

    What it does:
    Reports images ending in :latest.

    Why it matters:
    Builds change under you.

    Example:
    image: aws/codebuild/standard:latest

    Use instead:
    image: aws/codebuild/standard:7.0

    References:
    - team policy
    """

    code = "U001"
    name = "no-latest-image"
    severity = Severity.ERROR
    summary = "a batch image tagged latest"
    applies_to = BUILDSPEC

    def check(self, doc):
        for task in doc.mapping.get("batch").get("build-list").items:
            image = task.get("env").get("image")
            if image.value.endswith(":latest"):
                yield self.report(doc, image, f"image {image.value} is not pinned", "pin a version", path=("image",))
'''


def test_plugin_rule_is_loaded_from_an_entry_point(tmp_path, monkeypatch):
    (tmp_path / "speclint_demo_plugin.py").write_text(PLUGIN)
    dist = tmp_path / "speclint_demo_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: speclint-demo-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[speclint.rules]\nno-latest = speclint_demo_plugin:NoLatestImage\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    rules.registry.cache_clear()
    try:
        assert registry().get("U001") is not None
        text = textwrap.dedent("""\
            version: 0.2
            batch:
              build-list:
                - identifier: a
                  env:
                    image: aws/codebuild/standard:latest
            """)
        found = [d for d in lint_bytes("buildspec.yml", text.encode(), Options()).diagnostics if d.code == "U001"]  # B022 also names the image
        assert [(d.code, d.line, d.column, d.message) for d in found] == [
            ("U001", 6, 16, "image aws/codebuild/standard:latest is not pinned")]
    finally:
        rules.registry.cache_clear()


class Exploding(Rule):
    """Raises. What it does: Why it matters: Example: Use instead: References:"""

    code = "U999"
    name = "exploding"
    from speclint.diagnostics import Severity as _S
    severity = _S.ERROR
    summary = "always raises"

    def check(self, doc):
        raise RuntimeError("boom")


def test_a_rule_that_raises_becomes_one_internal_error(monkeypatch):
    rules.registry.cache_clear()
    reg = registry()
    monkeypatch.setitem(reg.rules, "U999", Exploding)
    try:
        text = b"version: 0.2\nphases:\n  biuld:\n    commands: [make]\n"
        found = lint_bytes("buildspec.yml", text, Options()).diagnostics
        codes = [d.code for d in found]
        assert "X001" in codes and "B002" in codes  # the other rules still ran
        internal = [d for d in found if d.code == "X001"][0]
        assert internal.message.startswith("internal error in rule U999 (exploding): RuntimeError: boom")
        assert "please report" in internal.hint
    finally:
        rules.registry.cache_clear()


def test_cli_exits_2_on_internal_error(monkeypatch, tmp_path):
    import io

    from speclint.cli.runner import run

    rules.registry.cache_clear()
    monkeypatch.setitem(registry().rules, "U999", Exploding)
    path = tmp_path / "buildspec.yml"
    path.write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\n")
    try:
        out = io.StringIO()
        from speclint.cli.runner import Flags, Output

        assert run((str(path),), Flags(isolated=True), Output(format="json", color="never"), stdout=out) == 2
    finally:
        rules.registry.cache_clear()


def test_revision_root_from_the_root_buildspec_base_directory(tmp_path):
    from speclint.lint import lint_file

    (tmp_path / ".git").mkdir()
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  base-directory: dist\n  files: ['**/*']\n")
    (tmp_path / "dist" / "deploy").mkdir(parents=True)
    misplaced = tmp_path / "dist" / "deploy" / "appspec.yml"
    misplaced.write_text("version: 0.0\nos: linux\n")
    found = [d for d in lint_file(str(misplaced), Options()).diagnostics if d.code == "A114"]
    assert [(d.line, d.message) for d in found] == [
        (1, 'the appspec is at "deploy/appspec.yml" in the revision, but the agent looks for appspec.yml at the revision root')]
    placed = tmp_path / "dist" / "appspec.yml"
    placed.write_text("version: 0.0\nos: linux\n")
    assert [d for d in lint_file(str(placed), Options()).diagnostics if d.code == "A114"] == []


def test_task_definition_placeholder_is_fine_in_pipeline_mode_only():
    text = (b"version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
            b"        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\n")
    assert [d.code for d in lint_bytes("appspec.yaml", text, Options()).diagnostics] == []
    off = Options(context=LintContext().with_options({"ecs-pipeline": False}))
    found = lint_bytes("appspec.yaml", text, off).diagnostics
    assert [(d.code, d.line, d.column, str(d.severity)) for d in found] == [("A111", 6, 25, "warning")]


@pytest.mark.parametrize("before", ["", '"é", ', '"日本語 ok", "x", '])
@pytest.mark.parametrize("command, line, hint", [
    # block lists: `- ` and the item's text, never the comment after it
    ("- echo Build started: $(date)", None, "quote the whole command: - 'echo Build started: $(date)'"),
    ("- echo é a: b  # note", None, "quote the whole command: - 'echo é a: b'"),
    ("- {a: b}", None, "quote the whole command: - '{a: b}'"),
    ("- echo it's: here", None, "quote the whole command: - \"echo it's: here\""),
    # flow lists: exactly the item, no `- `, no `,` or `]` after it
    ("[ {PREFIX}{a: b} ]", "flow", "quote the whole command in the list: '{a: b}'"),
    ("[{PREFIX}echo a: b, x]", "flow", "quote the whole command in the list: 'echo a: b'"),
    ("[{PREFIX}echo é: \"b\" ]", "flow", "quote the whole command in the list: 'echo é: \"b\"'"),
])
def test_b001_hint_quotes_exactly_the_item_in_its_list_syntax(before, command, line, hint):
    if line == "flow":
        text = f"version: 0.2\nphases:\n  build:\n    commands: {command.replace('{PREFIX}', before)}\n"
    else:
        if before:
            command = f"- {before.rstrip(', ')}\n      " + command.replace("- ", "- ", 1)
            command = command.replace('", "', '"\n      - "')
        text = f"version: 0.2\nphases:\n  build:\n    commands:\n      {command}\n"
    found = [d for d in lint_bytes("buildspec.yml", text.encode(), Options()).diagnostics if d.code == "B001"]
    assert [d.hint for d in found] == [hint], text
    source = hint.split(": ", 1)[1].lstrip("- ")[1:-1].replace("''", "'")
    assert source in text.splitlines()[found[0].line - 1]  # the line the finding points at
