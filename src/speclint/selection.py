"""Which codes a selection turns on: the one selector matcher.

A selection is the `select`, `ignore` and `extend_select` selectors of a run (flags,
configuration and per-file-ignores already folded in). A selector is:

- `ALL`: every code, the codes of external tools included;
- a rule code (`B001`), a prefix of rule codes (`B`, `B0`, `S00`) or a rule name
  (`unknown-key`);
- a code of an external tool's family (`SC2086`) or a prefix of them (`SC`, `SC20`), read
  from the code table (speclint.codes).

Prefixes of speclint's own codes never reach into a family: `S` is the schema codes, not
SC2086. A family's codes are reported while its owner rule runs (B026 `shellcheck` for SC):
selecting the owner (`--select B026`, `--select B`) turns on the tool's default set, naming
a family code or prefix (or ALL) turns those codes on whatever the tool's defaults say
(`explicitly`), and ignoring the owner or the bare family prefix (`--ignore SC`) stops the
tool. `options` is anything with `select`, `ignore` and `extend_select` tuples of strings.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from speclint.codes import Family, family_named, family_of, table


def _upper(selectors: Iterable[str]) -> list:
    return [s.strip().upper() for s in selectors if s.strip()]


def names_rule(selectors: Iterable[str], rule) -> bool:
    """Whether a selector names this rule (class or instance): ALL, its code, a prefix of it, its name."""
    for raw in selectors:
        s = raw.strip()
        if s and (s.upper() == "ALL" or rule.code.startswith(s.upper()) or rule.name == s.lower()):
            return True
    return False


def names_family_code(selectors: Iterable[str], code: str) -> bool:
    """Whether a family selector (SC, SC20, SC2086) names this external code; ALL is not counted here."""
    code = code.upper()
    return any(code.startswith(s) for s in _upper(selectors) if family_named(s) is not None)


def explicitly(code: str, options) -> bool:
    """Whether `select`/`extend_select` name this external code itself: ALL, the code or a family prefix
    of it (naming the owner rule only turns on the tool's default set)."""
    selectors = tuple(options.select) + tuple(options.extend_select)
    return any(s == "ALL" for s in _upper(selectors)) or names_family_code(selectors, code)


def rule_enabled(rule, options) -> bool:
    """Whether this rule reports under `options`: select (or the defaults plus extend_select), minus ignore."""
    if options.select:
        on = names_rule(options.select, rule)
    else:
        on = rule.default_enabled or names_rule(options.extend_select, rule)
    if options.extend_select and names_rule(options.extend_select, rule):
        on = True
    if options.ignore and names_rule(options.ignore, rule):
        on = False
    return on


def family_runs(family: Family, options) -> bool:
    """Whether the family's tool runs at all: its owner rule is on or a selector names its codes, and
    neither the owner nor the whole family (`--ignore SC`) is ignored."""
    from speclint.rules import registry

    owner = registry().get(family.owner)
    if owner is None:
        return False
    if names_rule(options.ignore, owner) or family.prefix in _upper(options.ignore):
        return False
    return rule_enabled(owner, options) or any(family.names(s) for s in _upper(options.select))


def family_code_enabled(code: str, options) -> bool:
    """Whether an external code (SC2086) is reported: its tool runs and no selector excludes the code."""
    family = family_of(code)
    if family is None or not family_runs(family, options) or names_family_code(options.ignore, code):
        return False
    if options.select:
        from speclint.rules import registry

        return names_rule(options.select, registry().get(family.owner)) or names_family_code(options.select, code)
    return True


def code_enabled(code: str, options) -> bool:
    """Whether findings of `code` (a rule's or an external tool's) are kept under `options`."""
    from speclint.rules import registry

    rule = registry().get(code)
    if rule is not None:
        return rule_enabled(rule, options)
    return family_code_enabled(code, options)


def problem(selector: str, allow_prefix: bool = True) -> Optional[str]:
    """None when `selector` names codes (a code, a prefix, a name, ALL, a family code or prefix);
    else the error text, with the closest code or name. `allow_prefix=False` (suppression
    comments) accepts whole codes and names only."""
    from speclint.rules import registry

    reg = registry()
    text = selector.strip()
    if not text:
        return "an empty rule code"
    upper = text.upper()
    family = family_named(upper)
    if upper == "ALL" or reg.get(text) is not None or family_of(upper) is not None:
        return None
    if allow_prefix and family is not None:
        return None  # SC, SC2, SC20, SC208: a family of ShellCheck codes
    if allow_prefix and re.fullmatch(r"[A-Za-z]{1,3}[0-9]{0,2}", text) and any(r.code.startswith(upper) for r in reg.all()):
        return None
    if upper in table().retired:
        return f'rule "{upper}" was retired: {table().retired[upper]}'
    from speclint.suggest import closest_code, did_you_mean

    looks_like_code = bool(re.fullmatch(r"[A-Za-z]{1,2}[0-9OoIl]{1,5}", text))
    guess = closest_code(text, [r.code for r in reg.all()]) if looks_like_code else None
    hint = f' (did you mean "{guess}"?)' if guess else did_you_mean(text, [r.code for r in reg.all()] + [r.name for r in reg.all()])
    return f'unknown rule "{text}"{hint}; `speclint rules` lists them'
