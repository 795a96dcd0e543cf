"""Supersession: a rule that explains a problem better than the schema replaces the schema's finding.

A rule declares the schema codes it replaces (`supersedes = frozenset({"S004"})` on the
class). When the rule reports at a JSON path (`Diagnostic.json_path`), the schema findings
of exactly those codes at exactly that path are dropped; every other schema finding stays,
whatever its severity.

Selection does not bring a superseded finding back. The superseding rules run even when
they are not selected (their own findings are then filtered out), so `--ignore B001` or a
`# speclint: ignore[B001]` comment hides the command that is read as a mapping, and does
not surface an S004 about the same value in its place. That is ruff's model: ignoring a
rule never turns up a different report of the same problem, and the findings of one code do
not depend on whether another code is selected (so baselines and suppression comments stay
valid when the selection changes).
"""

from __future__ import annotations


def drop_superseded(schema_found: list, rule_found: list) -> list:
    """`schema_found` without the findings that a rule finding in `rule_found` supersedes (same
    json_path, a code its rule declares). Both are lists of Diagnostic; order is kept."""
    from speclint.rules import registry

    reg = registry()
    replaced: set = set()
    for d in rule_found:
        rule = reg.get(d.code) if d.json_path else None
        for code in getattr(rule, "supersedes", ()):
            replaced.add((d.json_path, code))
    if not replaced:
        return list(schema_found)
    return [d for d in schema_found if (d.json_path, d.code) not in replaced]
