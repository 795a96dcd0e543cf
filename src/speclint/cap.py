"""Bounded output: at most MAX_PER_RULE findings of one code in one file, then one summary.

A hostile or generated file can make a rule report without end (1,000 identical
permissions were 499,500 A108 findings, 140 MB of JSON). The pipeline, not each rule, keeps
this in bounds, twice: `run_rules` consumes at most RULE_CEILING findings from a rule (rules
are generators, so the work stops there too), and `limit` shows the first MAX_PER_RULE of
each code in a file and replaces the rest with one summary finding of the same code - so
`--ignore`, severities and per-file-ignores treat the summary like the findings it stands for.
"""

from __future__ import annotations

from speclint.diagnostics import Diagnostic
from speclint.record import replace

MAX_PER_RULE = 100  # findings of one code shown per file
RULE_CEILING = 1000  # findings taken from one rule per file (room for suppressions)


def limit(diagnostics: list) -> list:
    """`diagnostics` (sorted, suppressions applied) with each code past MAX_PER_RULE
    summarised in one finding at the first one not shown."""
    counts: dict = {}
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    if all(n <= MAX_PER_RULE for n in counts.values()):
        return diagnostics
    out, seen = [], {}
    for d in diagnostics:
        n = seen[d.code] = seen.get(d.code, 0) + 1
        if n <= MAX_PER_RULE or d.code == "X001":
            out.append(d)
        elif n == MAX_PER_RULE + 1:
            out.append(summary(d, counts[d.code] - MAX_PER_RULE, counts[d.code] >= RULE_CEILING))
    return out


def summary(first_hidden: Diagnostic, hidden: int, truncated: bool) -> Diagnostic:
    """The finding that stands for `hidden` more (`truncated`: the rule was stopped, maybe more)."""
    count = f"at least {hidden:,}" if truncated else f"{hidden:,}"
    return replace(
        first_hidden,
        message=f"{count} more {first_hidden.code} findings in this file, from this line on, are not shown "
                f"(at most {MAX_PER_RULE} per rule and file)",
        hint=f"fix the {first_hidden.code} findings above and run again; each one shown stands for a repeated pattern",
        json_path=None,
        extra={"summary": True, "hidden": hidden},
    )
