"""Every rule's Example section is linted: it must produce the rule's own code, or say why it cannot.

An example is linted with the set-up it states: files beside it are blocks named in their
fence (```` ```json taskdef.json ````), written next to it; settings are stated as "with
`key = value` in the configuration" and written to a `.speclint.toml` beside it. An example
that still cannot show the problem says so on a line of its own, `Fragment: <why>`, and the
why must be one of a small fixed set of reasons (REASONS): the file's bytes or name, the disk
or revision around it, a hook script or task definition it reads, a host template, or the run
itself. "The configuration" is not one of them: a set-up that configuration gives is stated and
linted. A marker must not be stale either: a fragment example that produces the code drops it.
"""

import re

import pytest

from speclint.codes import builtin_rules, table
from speclint.config.settings import Flags, Resolver
from speclint.lint import lint_file

FENCE = re.compile(r"```(yaml|json)([^\n]*)\n(.*?)```", re.S)
FRAGMENT = re.compile(r"^Fragment: (.+)$", re.M)
SETTINGS = re.compile(r"with ((?:`[a-z-]+ = [^`]+`(?:, | and )?)+) in the configuration")
RULES = sorted(builtin_rules(), key=lambda rule: rule.code)
# Why an example cannot show its own finding: the only reasons there are.
REASONS = {
    "bytes": r"the (encoding|byte-order mark) cannot be shown in a text example|a file over the size limit cannot be shown",
    "name": r"the finding (depends on|is about) the file's name",
    "disk": r"the rule (reads|looks|compares|needs) .*(on disk|revision)|the finding is about a path that does not exist",
    "read file": r"the example is (the hook script|the taskdef\.json file) the rule reads",
    "host": r"the example is a template",
    "run": r"the finding is about the ShellCheck run|an internal error has no example file",
}


def _file_name(rule, text: str) -> str:
    if "buildspec" in rule.applies_to and (re.search(r"^phases:", text, re.M) or rule.applies_to == {"buildspec"}):
        return "buildspec.yml"
    return "appspec.yml"


def _codes(rule, example: str, folder) -> set:
    """The codes the Example's first unnamed block produces, with the named blocks beside it
    and the stated settings in a configuration file beside it."""
    blocks = FENCE.findall(example)
    text = next(body for _kind, name, body in blocks if not name.strip())
    for _kind, name, body in blocks:
        if name.strip():
            (folder / name.strip()).write_text(body)
    settings = SETTINGS.search(example)
    if settings:
        (folder / ".speclint.toml").write_text("".join(f"{pair}\n" for pair in re.findall(r"`([^`]+)`", settings.group(1))))
    path = folder / _file_name(rule, text)
    path.write_text(text)
    options = Resolver(Flags(extend_select=(rule.code,))).options_for(str(path))
    return {d.code for d in lint_file(str(path), options).diagnostics}


def _its_own(rule, codes: set) -> bool:
    """The rule's code, or a code of an external tool the rule runs (B026 reports ShellCheck's SC codes)."""
    return rule.code in codes or any(f.owner == rule.code and f.owns(c) for c in codes for f in table().families)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_the_example_produces_the_rules_finding(rule, tmp_path):
    example = rule.doc_sections().get("Example", "")
    assert example, f"{rule.code} has no Example section"
    blocks = [body for _kind, name, body in FENCE.findall(example) if not name.strip()]
    fragment = FRAGMENT.search(example)
    if fragment:
        why = fragment.group(1)
        assert any(re.match(reason, why) for reason in REASONS.values()), (
            f"{rule.code}: `Fragment: {why}` is not one of the reasons an example cannot show its finding "
            f"({', '.join(REASONS)}); state the set-up instead (files beside it, settings in the configuration)")
        codes = _codes(rule, example, tmp_path) if blocks else set()
        assert not _its_own(rule, codes), f"{rule.code}: the example produces its finding; drop the Fragment: line"
        if not re.match(REASONS["host"], why):  # a template is no buildspec: its keys are the template's
            assert "S001" not in codes, f"{rule.code}: the Example has a key out of place (S001)"
        return
    assert blocks, f"{rule.code}: the Example has no YAML or JSON block; add one, or a `Fragment: why` line"
    codes = _codes(rule, example, tmp_path)
    assert _its_own(rule, codes), f"{rule.code}: the Example produces {sorted(codes)}, not {rule.code}"
    # An excerpt may leave out required keys, but the keys it has are where they belong
    # (`post_build:` under `phases:`, not at the top level).
    assert rule.code == "S001" or "S001" not in codes, f"{rule.code}: the Example has a key out of place (S001)"


@pytest.mark.parametrize("why,honest", [
    ("the finding depends on the ECS pipeline set-up given in the configuration.", False),
    ("the finding depends on the deployment set-up given in the configuration.", False),
    ("it is complicated to show.", False),
    ("the rule reads taskdef.json beside the appspec on disk.", True),
    ("the byte-order mark cannot be shown in a text example.", True),
])
def test_a_fragment_reason_is_one_of_the_fixed_reasons(why, honest):
    assert any(re.match(reason, why) for reason in REASONS.values()) is honest


def test_a_stated_set_up_is_linted(tmp_path):
    """The Example of A115 needs settings, B025's needs files beside it: both are linted with them."""
    by_code = {rule.code: rule for rule in RULES}
    for code in ("A115", "B025", "B033"):
        folder = tmp_path / code
        folder.mkdir()
        assert code in _codes(by_code[code], by_code[code].doc_sections()["Example"], folder)
        assert not FRAGMENT.search(by_code[code].doc_sections()["Example"])


def test_most_examples_are_complete_files():
    complete = [rule for rule in RULES if not FRAGMENT.search(rule.doc_sections().get("Example", ""))]
    assert len(complete) >= 0.6 * len(RULES)
