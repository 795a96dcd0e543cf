"""Which ShellCheck findings speclint reports by default, and at which severity.

The curated set is data (data/shellcheck.json): ShellCheck's `error` and `warning` levels
are on, except the codes listed under `off` (quoting and style notes that do not break a
build); `info` and `style` are off, except the codes listed under `on`. Some codes are off
only in a context: in buildspecs (`off_in_buildspecs`) or where nobody said what sh is
(`off_when_sh_unknown`, code prefixes). Every off code is one selector away: a selector
that names it (`--extend-select SC2086`, `--select SC20`, `SC` for all, or `ALL`).

Severity: a ShellCheck finding is never an error (ShellCheck reads the script, it does
not run it, and the dialect may be an inference), so none fails a run by default. Levels
`error` and `warning` become speclint warnings, `info` and `style` become information, and
a job's `demote` prefixes (POSIX notes where sh is unknown) are information too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from speclint.data import load
from speclint.diagnostics import Severity


@lru_cache(maxsize=1)
def table() -> dict:
    return load("shellcheck.json")


def on_by_default(code: str, level: Optional[str], off: tuple = ()) -> Optional[bool]:
    """Whether the curated set reports `code` at ShellCheck `level` in a job whose
    context turns `off` these prefixes; None when unknown (no level, code not listed)."""
    data = table()
    if any(code.startswith(prefix) for prefix in off):
        return False
    if code in data["off"]:
        return False
    if code in data["on"]:
        return True
    if level is None:
        return None
    return level in data["levels_on"]


def reported(code: str, level: Optional[str], off: tuple, options) -> bool:
    """Whether a finding is reported under these options (selection of the default set;
    --ignore and --select of the shellcheck rule are applied later, by lint._filter)."""
    from speclint.selection import explicitly

    if explicitly(code, options):
        return True
    return bool(on_by_default(code, level, off))


ECHO_TEXT = re.compile(r"(?:^|[;&|]\s*)\s*(?:echo|printf)\b[^;&|`$()]*$")


def literal_in_echo(code: str, script: str, line: int, column: int) -> bool:
    """A keyword finding (SC1010) on a word of echo/printf text, where the word is literal."""
    if code not in table().get("literal_in_echo", ()):
        return False
    lines = script.split("\n")
    return 1 <= line <= len(lines) and bool(ECHO_TEXT.search(lines[line - 1][:max(0, column - 1)]))


def one_parse_error_per_line(comments: list) -> list:
    """ShellCheck's comments with at most one parse error (SC1xxx at level error) per line:
    one mistake yields several (`[ -s "x"]`: SC1019, SC1020, SC1072, SC1073); the general
    follow-ups (`parse_error_meta`) give way to the last specific one; codes listed under
    `one_per_line` (SC1083 for `{` and `}` of one word) are kept once per line."""
    meta = table().get("parse_error_meta", {})

    def parse_error(c):
        return str(c.get("code", "")).startswith("1") and c.get("level") == "error"

    best: dict = {}
    for c in comments:
        if parse_error(c):
            line = c.get("line")
            if line not in best or f"SC{c.get('code')}" not in meta:  # the last specific one: the root cause
                best[line] = c
    kept = [c for c in comments if not parse_error(c) or best.get(c.get("line")) is c]
    once = table().get("one_per_line", {})
    seen: set = set()
    out = []
    for c in kept:
        key = (f"SC{c.get('code')}", c.get("line"))
        if key[0] in once:
            if key in seen:
                continue
            seen.add(key)
        out.append(c)
    return out


def severity(code: str, level: Optional[str], demote: tuple = (), certain: bool = False) -> Severity:
    """speclint's severity of a ShellCheck finding: at most a warning (ShellCheck reads the
    script, it does not run it), except a syntax error (an SC1xxx at ShellCheck's error
    level, data/shellcheck.json `syntax_errors`) in text that a POSIX shell surely runs
    (`certain`): bash and dash refuse the whole script or command (`syntax error: unexpected
    end of file`), so the hook or the build fails - an error."""
    if any(code.startswith(prefix) for prefix in demote):
        return Severity.INFO
    if certain and (level == "error" or code in table()["syntax_errors"]["also"]) and is_syntax_error(code):
        return Severity.ERROR
    return Severity.WARNING if level in ("error", "warning") else Severity.INFO


def is_syntax_error(code: str) -> bool:
    """An SC1xxx parser finding that stops the shell (not the ones listed as harmless)."""
    return code.startswith("SC1") and code not in table()["syntax_errors"]["not_fatal"]


def context_off(buildspec: bool, sh_unknown: bool, as_root: bool = True) -> tuple:
    """The code prefixes that are off by default in this context (as_root: the commands run as
    root, no run-as/runas naming another user)."""
    data = table()
    off: tuple = ()
    if buildspec:
        off += tuple(data["off_in_buildspecs"])
    if as_root:
        off += tuple(data["off_as_root"])
    if sh_unknown:
        off += tuple(data["off_when_sh_unknown"])
    return off


def readme_table() -> str:
    """The curated set as the README's Markdown table (a test keeps the README equal to it)."""
    data = table()
    rows = ["| code | default | why |", "|---|---|---|"]
    sections = (("on", "on"), ("off", "off"), ("off_in_buildspecs", "off in buildspecs"),
                ("off_as_root", "off as root"), ("off_when_sh_unknown", "off where sh is unknown"))
    for key, default in sections:
        for code, why in data[key].items():
            shown = f"`{code}xxx`" if len(code) < 6 else f"`{code}`"
            rows.append(f"| {shown} | {default} | {why.replace('|', chr(92) + '|')} |")
    return "\n".join(rows)
