"""The code table (speclint.codes), the selector matcher (speclint.selection) and supersession."""

import importlib
import pkgutil
from pathlib import Path

import pytest

import speclint.rules
from speclint import codes, selection
from speclint.lint import Options, lint_file
from speclint.rules import registry
from speclint.rules.base import Rule

FIXTURES = Path(__file__).with_name("fixtures")


# --- the code table -------------------------------------------------------------------------

def test_every_rule_module_is_in_the_table_and_every_table_line_is_a_rule():
    """A rule class defined anywhere under speclint.rules that the table does not name would never run."""
    defined = {}
    for info in pkgutil.walk_packages(speclint.rules.__path__, "speclint.rules."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.__module__ == module.__name__:
                defined[value.code] = f"{value.__module__}:{value.__name__}"
    assert defined == codes.table().rules


def test_table_codes_match_the_classes_and_are_unique():
    table = codes.table()
    for code, rule in zip(table.rules, codes.builtin_rules()):
        assert rule.code == code
    assert not set(table.rules) & set(table.retired)
    assert len({r.name for r in codes.builtin_rules()}) == len(table.rules)
    assert registry().errors == []


def test_retired_codes_are_said_and_cannot_be_reused():
    assert "S002" in codes.table().retired
    assert registry().get("S002") is None
    problem = selection.problem("S002")
    assert problem is not None and "retired" in problem

    class Reuse(Rule):
        code, name, summary = "S002", "reuse", "x"

    from speclint.rules import Registry

    reg = Registry(codes.builtin_rules(), [Reuse], [])
    assert "S002" not in reg.rules and any("retired" in e for e in reg.errors)


def test_families_have_an_owner_rule_and_documentation():
    for family in codes.table().families:
        assert registry().get(family.owner) is not None
        assert family.url.startswith("https://")
    assert codes.family_of("SC2086").tool == "ShellCheck"
    assert codes.docs_url("sc2086") == "https://www.shellcheck.net/wiki/SC2086"
    for not_a_code in ("SC208", "SC20866", "S2086", "B001", "SCXXXX"):
        assert codes.family_of(not_a_code) is None


def test_a_malformed_table_line_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "codes.tsv"
    bad.write_text("B001\trule\n")
    monkeypatch.setattr(codes, "TABLE", str(bad))
    codes.table.cache_clear()
    try:
        with pytest.raises(ValueError, match="malformed code table line"):
            codes.table()
        bad.write_text("B001\trule\tm:A\nB001\tretired\twhy\n")
        codes.table.cache_clear()
        with pytest.raises(ValueError, match="listed twice"):
            codes.table()
    finally:
        monkeypatch.undo()
        codes.table.cache_clear()


# --- the selector matcher -------------------------------------------------------------------

B001 = registry().get("B001")
S004 = registry().get("S004")


@pytest.mark.parametrize("select, ignore, extend, rule, on", [
    ((), (), (), B001, True),
    (("B",), (), (), B001, True),
    (("B0",), (), (), B001, True),
    (("command-not-a-string",), (), (), B001, True),
    ((" b001 ",), (), (), B001, True),
    (("S",), (), (), B001, False),
    (("ALL",), ("B001",), (), B001, False),
    ((), ("B",), ("B001",), B001, False),  # ignore wins
    (("S",), (), ("B001",), B001, True),  # extend-select adds to select
    (("SC",), (), (), S004, False),  # a family prefix never names a rule
    (("",), (), (), B001, False),
])
def test_rule_enabled(select, ignore, extend, rule, on):
    assert selection.rule_enabled(rule, Options(select=select, ignore=ignore, extend_select=extend)) is on


@pytest.mark.parametrize("select, ignore, extend, code, on", [
    ((), (), (), "SC2086", True),
    (("SC",), (), (), "SC2086", True),
    (("SC20",), (), (), "SC2086", True),
    (("SC21",), (), (), "SC2086", False),
    (("S",), (), (), "SC2086", False),  # speclint's S family is not ShellCheck's
    (("B026",), (), (), "SC2086", True),
    (("shellcheck",), (), (), "SC2086", True),
    (("ALL",), (), (), "SC2086", True),
    ((), ("SC",), (), "SC2086", False),
    ((), ("SC2086",), (), "SC2086", False),
    ((), ("SC2086",), (), "SC2046", True),
    ((), ("shellcheck",), (), "SC2086", False),
    ((), ("B",), (), "SC2086", False),
    ((), ("ALL",), (), "SC2086", False),
    ((), ("S",), (), "SC2086", True),
    (("B001",), (), (), "SC2086", False),
])
def test_family_code_enabled(select, ignore, extend, code, on):
    options = Options(select=select, ignore=ignore, extend_select=extend)
    assert selection.family_code_enabled(code, options) is on
    assert selection.code_enabled(code, options) is on


@pytest.mark.parametrize("select, extend, code, named", [
    (("SC2",), (), "SC2086", True),
    ((), ("ALL",), "SC2086", True),
    ((), ("sc2086",), "SC2086", True),
    (("shellcheck",), (), "SC2086", False),  # the owner turns on the default set, not this code
    (("B026",), (), "SC2086", False),
])
def test_explicitly(select, extend, code, named):
    assert selection.explicitly(code, Options(select=select, extend_select=extend)) is named


@pytest.mark.parametrize("selector, prefix_ok, valid", [
    ("B001", True, True), ("b001", False, True), ("command-not-a-string", False, True), ("ALL", False, True),
    ("B0", True, True), ("B0", False, False), ("SC2086", False, True), ("SC20", True, True), ("SC20", False, False),
    ("SC", True, True), ("SC20866", True, False), ("Q", True, False), ("B999", True, False), ("", True, False),
])
def test_problem(selector, prefix_ok, valid):
    assert (selection.problem(selector, prefix_ok) is None) is valid


def test_problem_suggests_the_closest_code():
    assert 'did you mean "B001"' in selection.problem("B0O1", False)


# --- supersession ---------------------------------------------------------------------------

PAIRS = sorted((rule.code, code) for rule in registry().all() for code in rule.supersedes)


def _findings(code: str, **options) -> list:
    found = []
    for path in sorted(p for p in (FIXTURES / code / "bad").rglob("*") if p.is_file()):
        found.extend(lint_file(str(path), Options(**options)).diagnostics)
    return found


def test_the_declared_pairs():
    assert PAIRS == [("B001", "S004"), ("B003", "S001"), ("B030", "S006")]


@pytest.mark.parametrize("rule, superseded", PAIRS)
def test_a_rule_hides_exactly_the_codes_it_supersedes(rule, superseded, monkeypatch):
    shown = _findings(rule, extend_select=(rule,))
    paths = {d.json_path for d in shown if d.code == rule and d.json_path}
    assert paths, f"{rule}'s fixture has no finding at a JSON path"
    assert not [d for d in shown if d.code == superseded and d.json_path in paths]
    # With the rule ignored the schema's report of the same problem stays hidden (ruff's model).
    ignored = _findings(rule, ignore=(rule,))
    assert not [d for d in ignored if d.code in (rule, superseded) and d.json_path in paths]
    # Without supersession the schema code is there: the fixture exercises the pair.
    monkeypatch.setattr("speclint.lint.drop_superseded", lambda schema_found, rule_found: list(schema_found))
    unsuperseded = _findings(rule, extend_select=(rule,))
    assert [d for d in unsuperseded if d.code == superseded and d.json_path in paths]


def test_no_undeclared_pair_in_the_fixtures(monkeypatch):
    """With supersession off, no schema finding shares a JSON path with a rule finding except a declared pair."""
    import speclint.lint as lint

    seen = []
    original = lint.drop_superseded

    def record(schema_found, rule_found):
        at = {}
        for d in rule_found:
            if d.json_path:
                at.setdefault(d.json_path, set()).add(d.code)
        seen.extend((rule, d.code) for d in schema_found for rule in at.get(d.json_path, ()))
        return original(schema_found, rule_found)

    monkeypatch.setattr(lint, "drop_superseded", record)
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        _findings(case.name, extend_select=(case.name,))
    assert set(seen) <= set(PAIRS)
    assert set(seen) == set(PAIRS)


def test_a_schema_finding_of_another_code_at_the_same_path_stays():
    from speclint.diagnostics import Diagnostic, Severity, Span
    from speclint.rules.supersession import drop_superseded

    def finding(code):
        return Diagnostic(path="b.yml", span=Span(1, 1, 1, 2), code=code, name="x", severity=Severity.ERROR,
                          message="m", json_path="phases.build.commands[0]")

    assert [d.code for d in drop_superseded([finding("S004"), finding("S005")], [finding("B001")])] == ["S005"]
    assert [d.code for d in drop_superseded([finding("S004")], [finding("B002")])] == ["S004"]


# --- output formats and subcommands, each defined once ----------------------------------------

def test_formats_are_the_modules_of_report_formats():
    from speclint import report
    from speclint.cli.options import CHECK_OPTIONS, FORMATS

    modules = sorted(p.stem for p in Path(report.FORMATS_DIR).glob("*.py") if not p.stem.startswith("_"))
    assert sorted(FORMATS) == modules and FORMATS[0] == "text"
    assert next(o for o in CHECK_OPTIONS if o.dest == "output_format").choices == FORMATS
    for name in FORMATS:
        assert callable(getattr(report.get(name), "finish"))
    with pytest.raises(KeyError):
        report.get("sanitize")


def test_a_new_format_is_one_file(tmp_path, monkeypatch):
    """A module dropped into report/formats/ is offered by --format and used, with nothing else changed."""
    import shutil
    import subprocess
    import sys

    from speclint import report

    formats = Path(report.FORMATS_DIR)
    target = formats / "countonly.py"
    target.write_text(
        "class CountonlyReporter:\n"
        "    def __init__(self, stream, color=False, sources=None):\n"
        "        self.stream = stream\n"
        "    def finish(self, results, summary):\n"
        "        self.stream.write(f\"{sum(len(r.diagnostics) for r in results)} findings\\n\")\n")
    try:
        (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands: [make]\n")
        click_only = "import sys; from speclint.cli import cli; sys.argv[0] = 'speclint'; cli()"
        for start in (["-m", "speclint"], ["-c", click_only]):  # the click-free parse, and click's
            run = subprocess.run([sys.executable, *start, "--format", "countonly", "buildspec.yml"], cwd=tmp_path,
                                 capture_output=True, text=True)
            assert run.stdout == "1 findings\n", run.stderr
        help_text = subprocess.run([sys.executable, "-m", "speclint", "check", "--help"], capture_output=True, text=True).stdout
        assert "countonly" in help_text
    finally:
        target.unlink()
        shutil.rmtree(formats / "__pycache__", ignore_errors=True)


def test_the_click_group_has_exactly_the_declared_subcommands():
    import click

    from speclint.cli import DefaultGroup, cli
    from speclint.cli.options import SUBCOMMANDS

    assert sorted(cli.commands) == sorted(SUBCOMMANDS)
    group = DefaultGroup()
    with pytest.raises(RuntimeError, match="missing from speclint.cli.options.SUBCOMMANDS"):
        group.add_command(click.Command("brandnew"))


def test_a_new_rule_is_one_module_and_one_table_line(tmp_path, monkeypatch):
    """A rule module anywhere importable plus its line in the table: the registry runs it, the selectors
    and suppression comments know it, the docs list it. Nothing else is edited."""
    import speclint.lint as lint
    from speclint import docs

    (tmp_path / "house_demo_rule.py").write_text(
        "from speclint.rules.base import BUILDSPEC, Rule\n"
        "from speclint.diagnostics import Severity\n\n"
        "class NoCaching(Rule):\n"
        '    """A buildspec without a cache section.\\n\\n    Example:\\n    Fragment: a demonstration rule, not shipped.\\n"""\n'
        '    code, name, severity, summary = "B999", "no-caching", Severity.INFO, "no cache section"\n'
        "    applies_to = BUILDSPEC\n\n"
        "    def check(self, doc):\n"
        '        if doc.root.get("cache") is None:\n'
        '            yield self.report(doc, doc.root.get_key("version"), "no cache section")\n')
    table = tmp_path / "codes.tsv"
    table.write_text(Path(codes.TABLE).read_text() + "B999\trule\thouse_demo_rule:NoCaching\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(codes, "TABLE", str(table))

    def fresh():
        codes.table.cache_clear()
        registry.cache_clear()
        lint._active_rules.cache_clear()

    fresh()
    try:
        (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\n")
        found = lint_file(str(tmp_path / "buildspec.yml"), Options()).diagnostics
        assert [(d.code, d.line) for d in found] == [("B999", 1)]
        assert selection.problem("no-caching") is None and selection.problem("B999", False) is None
        assert not lint_file(str(tmp_path / "buildspec.yml"), Options(ignore=("B99",))).diagnostics
        assert "B999" in docs.rules_page()
    finally:
        monkeypatch.undo()
        fresh()


def test_every_gap_in_the_numbering_is_explained():
    """A missing number between two codes of a letter (B028, _, B030) is listed as retired or unassigned."""
    import re as _re

    from speclint.codes import table

    known = set(table().rules) | set(table().retired) | set(table().unassigned)
    by_series: dict = {}
    for code in known:
        match = _re.fullmatch(r"([A-Z]+)(\d+)", code)
        by_series.setdefault((match.group(1), len(match.group(2))), set()).add(int(match.group(2)))
    gaps = [f"{letter}{number:0{width}d}" for (letter, width), numbers in by_series.items()
            for number in range(min(numbers), max(numbers)) if number not in numbers]
    assert gaps == [], f"unexplained gaps in the code table: {gaps}"
    assert {"B029", "B032", "F005"} <= set(table().unassigned) and "S002" in table().retired

