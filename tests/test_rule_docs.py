"""Every rule's Example section is linted: it must produce the rule's own code, or say why it cannot.

An example that cannot show the problem by itself (it is about a file's name or bytes, the
revision on disk, a hook script, or configuration) says so on a line of its own:
`Fragment: <why>`. Such a marker must not be stale: a fragment example that does produce
the code should drop its marker.
"""

import re

import pytest

from speclint.codes import builtin_rules, table
from speclint.lint import Options, lint_file

FENCE = re.compile(r"```(yaml|json)[^\n]*\n(.*?)```", re.S)
FRAGMENT = re.compile(r"^Fragment: (.+)$", re.M)
RULES = sorted(builtin_rules(), key=lambda rule: rule.code)


def _file_name(rule, text: str) -> str:
    if "buildspec" in rule.applies_to and (re.search(r"^phases:", text, re.M) or rule.applies_to == {"buildspec"}):
        return "buildspec.yml"
    return "appspec.yml"


def _codes(rule, text: str, folder) -> set:
    path = folder / _file_name(rule, text)
    path.write_text(text)
    found = lint_file(str(path), Options(extend_select=(rule.code,))).diagnostics
    return {d.code for d in found}


def _its_own(rule, codes: set) -> bool:
    """The rule's code, or a code of an external tool the rule runs (B026 reports ShellCheck's SC codes)."""
    return rule.code in codes or any(f.owner == rule.code and f.owns(c) for c in codes for f in table().families)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_the_example_produces_the_rules_finding(rule, tmp_path):
    example = rule.doc_sections().get("Example", "")
    assert example, f"{rule.code} has no Example section"
    blocks = [body for _kind, body in FENCE.findall(example)]
    fragment = FRAGMENT.search(example)
    if fragment:
        assert len(fragment.group(1).split()) >= 4, f"{rule.code}: a fragment says why it is one"
        assert not (blocks and _its_own(rule, _codes(rule, blocks[0], tmp_path))), (
            f"{rule.code}: the example produces its finding; drop the Fragment: line")
        return
    assert blocks, f"{rule.code}: the Example has no YAML or JSON block; add one, or a `Fragment: why` line"
    codes = _codes(rule, blocks[0], tmp_path)
    assert _its_own(rule, codes), f"{rule.code}: the Example produces {sorted(codes)}, not {rule.code}"


def test_most_examples_are_complete_files():
    complete = [rule for rule in RULES if not FRAGMENT.search(rule.doc_sections().get("Example", ""))]
    assert len(complete) >= 0.6 * len(RULES)
