"""The code table: every code speclint reports, read from data/codes.tsv.

One line per code. A built-in rule is `CODE rule module:Class` (the class is imported on
first use, by the registry); a code that was used once is `CODE retired why` (never reused,
so an old suppression comment or configuration cannot silently start meaning another
check); a number inside the numbering that no rule ever had is `CODE unassigned why`, so
no gap is unexplained; the codes of an external tool are one family line, `PREFIX family OWNER DIGITS tool
url`: ShellCheck's SC2086 is family `SC`, reported while its owner rule (B026, `shellcheck`)
runs, and documented at `url` + code.

The registry (speclint.rules), the generated docs (speclint.docs), the selector matcher
(speclint.selection) and the suppression comments all read this table, so a new rule is
its module, its fixtures and one line here.

Reading the table costs a file read and no import (~0.1 ms); it is parsed once per process.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Optional

from speclint.record import record

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "codes.tsv")
CODE_PATTERN = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")


@record(frozen=True)
class Family:
    """The codes of an external tool: `prefix` + `digits` digits (SC + 4: SC2086)."""

    prefix: str
    owner: str  # the code of the rule that runs the tool (B026 for ShellCheck)
    digits: int
    tool: str
    url: str  # the documentation of one code is url + code

    def owns(self, code: str) -> bool:
        """Whether `code` (any case) is one of this family's codes: SC2086, not SC208 or SC20866."""
        code = code.upper()
        return code.startswith(self.prefix) and len(code) == len(self.prefix) + self.digits and code[len(self.prefix):].isdigit()

    def names(self, selector: str) -> bool:
        """Whether `selector` (upper case) is this family or a prefix of its codes: SC, SC2, SC20, SC208, SC2086."""
        rest = selector[len(self.prefix):]
        return selector.startswith(self.prefix) and len(rest) <= self.digits and rest.isdigit() or selector == self.prefix


@record(frozen=True)
class Table:
    rules: dict  # code -> "module:Class", in table order
    retired: dict  # code -> why it was retired
    families: tuple  # Family, ...
    unassigned: dict  # code -> why no rule ever had it (a gap in the numbering)


@lru_cache(maxsize=1)
def table() -> Table:
    """The parsed code table. Raises ValueError on a malformed line (a packaging bug)."""
    rules: dict = {}
    retired: dict = {}
    unassigned: dict = {}
    families: list = []
    with open(TABLE, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            code, status = fields[0], fields[1] if len(fields) > 1 else ""
            if status == "rule" and len(fields) == 3 and CODE_PATTERN.match(code) and ":" in fields[2]:
                rules[code] = fields[2]
            elif status == "retired" and len(fields) == 3 and CODE_PATTERN.match(code):
                retired[code] = fields[2]
            elif status == "unassigned" and len(fields) == 3 and CODE_PATTERN.match(code):
                unassigned[code] = fields[2]
            elif status == "family" and len(fields) == 6 and fields[3].isdigit():
                families.append(Family(code, fields[2], int(fields[3]), fields[4], fields[5]))
            else:
                raise ValueError(f"{TABLE}:{number}: malformed code table line: {line!r}")
            if sum(code in group for group in (rules, retired, unassigned)) + sum(f.prefix == code for f in families) > 1:
                raise ValueError(f"{TABLE}:{number}: {code} is listed twice")
    return Table(rules, retired, tuple(families), unassigned)


def builtin_rules() -> list:
    """The Rule classes of the table, imported (in table order)."""
    import importlib

    out = []
    for target in table().rules.values():
        module, _, name = target.partition(":")
        out.append(getattr(importlib.import_module(module), name))
    return out


def family_of(code: str) -> Optional[Family]:
    """The external tool family that owns `code` (SC2086 -> ShellCheck), else None."""
    for family in table().families:
        if family.owns(code):
            return family
    return None


def family_named(selector: str) -> Optional[Family]:
    """The family a selector names (SC, SC20, SC2086; any case), else None."""
    text = selector.strip().upper()
    for family in table().families:
        if family.names(text):
            return family
    return None


def docs_url(code: str) -> Optional[str]:
    """Where an external tool documents `code` (https://www.shellcheck.net/wiki/SC2086), else None."""
    family = family_of(code)
    return family.url + code.upper() if family else None
