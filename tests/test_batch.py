"""Batch builds: identifiers (B031) and the build-graph (B008), as a class, not one example."""

import string

import pytest

from speclint.lint import Options, lint_bytes


def lint(batch_yaml: str, select=("B008", "B031")):
    text = "version: 0.2\nbatch:\n" + batch_yaml + "phases:\n  build:\n    commands: [make]\n"
    return [(d.code, d.line, d.column, str(d.severity), d.message)
            for d in lint_bytes("buildspec.yml", text.encode(), Options(select=select)).diagnostics]


ALLOWED = string.ascii_letters + string.digits + "_"
# Every printable ASCII character that can stand plain inside a YAML flow-free scalar and is not allowed.
REJECTED = [c for c in "-.!$%&()+,/;<=>?@^~" if c not in ALLOWED]


@pytest.mark.parametrize("kind", ["build-graph", "build-list"])
@pytest.mark.parametrize("char", REJECTED)
def test_every_other_character_is_an_error_in_every_batch_type_with_identifiers(kind, char):
    got = lint(f"  {kind}:\n    - identifier: 'a{char}b'\n")
    assert [(c, line, col, sev) for c, line, col, sev, _ in got] == [("B031", 4, 19, "error")]
    assert f"contains {char!r}" in got[0][4]


@pytest.mark.parametrize("kind", ["build-graph", "build-list"])
@pytest.mark.parametrize("name", ["a", "A_1", "123", "x" * 127, "_", "build_2024_01"])
def test_letters_digits_underscores_under_128_are_accepted(kind, name):
    assert lint(f"  {kind}:\n    - identifier: {name}\n") == []


@pytest.mark.parametrize("length, bad", [(127, False), (128, True), (300, True)])
def test_length_limit_is_less_than_128(length, bad):
    got = lint(f"  build-list:\n    - identifier: {'a' * length}\n")
    assert bool(got) == bad
    if bad:
        assert f"is {length} characters long" in got[0][4]


def test_spaces_and_non_ascii_are_rejected_and_the_hint_is_a_valid_name():
    from speclint.rules.buildspec.batch_identifier import VALID

    text = "version: 0.2\nbatch:\n  build-graph:\n    - identifier: \"tést suite\"\nphases: {}\n"
    (diag,) = lint_bytes("buildspec.yml", text.encode(), Options(select=("B031",))).diagnostics
    suggested = diag.hint.split('"')[1]
    assert VALID.fullmatch(suggested) and suggested == "t_st_suite"


def test_matrix_and_fanout_have_no_identifiers_to_check():
    assert lint("  build-matrix:\n    static:\n      ignore-failure: false\n    dynamic:\n      env:\n        variables:\n"
                "          MY-VAR: [a]\n") == []


def test_depend_on_rules_are_warnings_and_name_their_evidence():
    got = lint("  build-graph:\n    - identifier: a\n      depend-on: [b, a, zz]\n    - identifier: b\n")
    assert [(c, line, sev) for c, line, _, sev, _ in got] == [("B008", 5, "warning")] * 3
    messages = [m for *_, m in got]
    assert "defined further down" in messages[0] and "depends on itself" in messages[1] and "names no task" in messages[2]


def test_backward_references_are_fine():
    assert lint("  build-graph:\n    - identifier: a\n    - identifier: b\n      depend-on: [a]\n") == []
