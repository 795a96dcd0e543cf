"""`# speclint:` comments: inline suppressions and per-file settings.

    key: value   # speclint: ignore[B003] reason      this line
    # speclint: ignore[B003,unknown-key] reason       the next line that is not a comment
    # speclint: ignore-next-line[B003]                 the same, spelled out
    # speclint: ignore-file[S001]                      the whole file
    # speclint: image=aws/codebuild/standard:7.0       the image this buildspec runs on

Codes are rule codes, rule names or ShellCheck codes (SC2086); without brackets every rule
is suppressed. The comment scanner runs only when the text contains "speclint:", so files
without directives pay nothing.
"""

from __future__ import annotations

import re
from typing import Optional

from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.record import field, record

MARKER = "speclint:"
# The directive's start only; its body is the rest of the line, stripped in Python (a lazy
# body followed by `\s*$` backtracked quadratically: a comment and 80k spaces took 42 s).
_COMMENT = re.compile(r"(?:^|\s)#\s*speclint:\s*")
_VERB = re.compile(r"(?P<verb>[A-Za-z][A-Za-z-]*)\s*(?:\[(?P<codes>[^\]]*)\])?\s*(?P<rest>.*)$")
_SETTING = re.compile(r"(?P<key>[a-z][a-z-]*)\s*[=:]\s*(?P<value>\S+)")
_EMPTY_SETTING = re.compile(r"(?P<key>[a-z][a-z-]*)\s*[=:]\s*$")
VERBS = ("ignore", "ignore-next-line", "ignore-file")
SETTINGS = ("image",)


@record
class Suppression:
    line: int  # the comment's line and column
    column: int
    target: Optional[int]  # the line it covers; None for the whole file
    codes: tuple  # (text, column) pairs of valid codes
    blanket: bool = False  # no brackets: every rule
    used: set = field(default_factory=set)


@record
class Directives:
    suppressions: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)  # setting -> (line, column, end column) of its value
    problems: list = field(default_factory=list)  # (line, column, end_column, message, hint[, severity])


def parse(lines: list) -> Directives:
    found = Directives()
    if not any(MARKER in line for line in lines):
        return found
    for index, line in enumerate(lines):
        if MARKER not in line:
            continue
        match = _COMMENT.search(line)
        if not match:
            continue
        number = index + 1
        hash_col = line.index("#", match.start()) + 1
        body_start = match.end()
        body_col = body_start + 1
        body = line[body_start:].rstrip()
        setting = _SETTING.match(body)
        if setting and setting.group("key") in SETTINGS:
            key, value = setting.group("key"), setting.group("value")
            start = body_start + setting.start("value") + 1
            if key in found.settings:
                if value != found.settings[key]:
                    first = found.positions[key][0]
                    found.problems.append((number, start, start + len(value),
                                           f'a second `{key}=` comment names "{value}", but line {first} names '
                                           f'"{found.settings[key]}"; the first one is used',
                                           f"keep one `# speclint: {key}=` comment", Severity.WARNING))
                continue
            found.settings[key] = value
            found.positions[key] = (number, start, start + len(value))
            continue
        empty = _EMPTY_SETTING.match(body)
        if empty and empty.group("key") in SETTINGS:
            key = empty.group("key")
            found.problems.append((number, body_col, body_col + len(body), f"{key}= needs a value: the image this buildspec runs on",
                                   f"write `# speclint: {key}=aws/codebuild/standard:7.0` (the project's image), or remove the comment"))
            continue
        verb = _VERB.match(body)
        if not verb or verb.group("verb") not in VERBS:
            _bad_directive(found, number, body_col, body)
            continue
        codes = _codes(found, number, body_start + max(0, verb.start("codes")), verb.group("codes"))
        name = verb.group("verb")
        if name == "ignore-file":
            target = None
        elif name == "ignore-next-line" or not line[:hash_col - 1].strip():
            target = _next_content_line(lines, index)
        else:
            target = number
        found.suppressions.append(Suppression(number, hash_col, target, codes, blanket=verb.group("codes") is None))
    return found


def _bad_directive(found: Directives, line: int, column: int, body: str) -> None:
    from speclint.suggest import closest

    word = re.split(r"[\s\[=:]", body, maxsplit=1)[0] if body else ""
    guess = closest(word, VERBS + SETTINGS) if word else None
    hint = f'did you mean "{guess}"? ' if guess else ""
    found.problems.append((line, column, column + max(1, len(word)),
                           f'unknown speclint directive "{word or body}"',
                           f"{hint}write `# speclint: ignore[CODE] reason`, `ignore-next-line[...]`, `ignore-file[...]` or `image=NAME`"))


def _codes(found: Directives, line: int, offset: int, raw: Optional[str]) -> tuple:
    """The codes in brackets (starting at 0-based `offset`) with 1-based columns; unknown ones become problems."""
    if raw is None:
        return ()
    from speclint.selection import problem as unknown_selector

    out = []
    for m in re.finditer(r"[^,\s]+", raw):
        code = m.group(0)
        column = offset + m.start() + 1
        problem = unknown_selector(code, allow_prefix=False)
        if problem and unknown_selector(code) is None:  # a prefix (S0, SC20): fine in --ignore, too broad here
            guess = re.search(r' \(did you mean "[^"]+"\?\)', problem)
            found.problems.append((line, column, column + len(code), f'"{code}" is a code prefix, not a code'
                                   f'{guess.group(0) if guess else ""}; a suppression names whole codes', "write the codes it should cover (SC2086, B001), or use --ignore/per-file-ignores "
                                   "for a whole family"))
            continue
        if problem:
            found.problems.append((line, column, column + len(code), problem.replace("unknown rule", "unknown rule in suppression"),
                                   "use a rule code (B001), a rule name (unknown-key) or a ShellCheck code (SC2086)"))
            continue
        out.append((code, column))
    if not raw.strip():
        found.problems.append((line, offset, offset + 1, "empty suppression list `[]`", "name the codes to ignore, or drop the brackets"))
    return tuple(out)


def _next_content_line(lines: list, index: int) -> int:
    for j in range(index + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and not stripped.startswith("#"):
            return j + 1
    return index + 2


def _covers(code_text: str, diag: Diagnostic) -> bool:
    return code_text.upper() == diag.code or code_text.lower() == diag.name


def apply(doc, diagnostics: list, enabled) -> list:
    """Drop suppressed findings; add C001 for bad comments and C002 for unused suppressions.

    `enabled(code)` tells whether a rule ran for this file (only those can be unused).
    """
    from speclint.rules.comments import InvalidSuppression, UnusedSuppression

    directives = doc.directives
    if directives is None or (not directives.suppressions and not directives.problems):
        return diagnostics
    kept = []
    for d in diagnostics:
        if d.path != doc.path or not _suppressed(d, directives.suppressions):
            kept.append(d)
    if enabled(InvalidSuppression.code):
        for line, column, end, message, hint, *severity in directives.problems:
            kept.append(InvalidSuppression().report(doc, None, message, hint, span=Span(line, column, line, end),
                                                    severity=severity[0] if severity else None))
    if enabled(UnusedSuppression.code):
        kept.extend(_unused(doc, directives.suppressions, enabled))
    return kept


def drop_suppressed(lines: list, diagnostics: list) -> list:
    """Only remove what `# speclint:` comments in `lines` suppress (for hook scripts)."""
    directives = parse(lines)
    if not directives.suppressions:
        return diagnostics
    return [d for d in diagnostics if not _suppressed(d, directives.suppressions)]


def _suppressed(d: Diagnostic, suppressions: list) -> bool:
    hit = False
    for s in suppressions:
        if s.target is not None and s.target != d.line:
            continue
        if s.blanket:
            s.used.add("*")
            hit = True
            continue
        for text, _column in s.codes:
            if _covers(text, d):
                s.used.add(text)
                hit = True
    return hit


def _unused(doc, suppressions: list, enabled) -> list:
    if not suppressions:
        return []
    from speclint.rules import registry
    from speclint.rules.comments import UnusedSuppression

    from speclint.fix.stages import unused_suppression

    out = []
    where = {None: "in this file"}
    for s in suppressions:
        scope = where.get(s.target) or f"on line {s.target}"
        if s.blanket:
            if "*" not in s.used:
                out.append(UnusedSuppression().report(
                    doc, None, f"this suppression matched no finding {scope}", "remove the comment",
                    span=Span(s.line, s.column, s.line, s.column + 1), fix=unused_suppression(doc, s.line, s.column)))
            continue
        unused = []
        for text, column in s.codes:
            rule = registry().get(text)
            code = rule.code if rule is not None else text.upper()
            if text in s.used or not enabled(code):
                continue
            unused.append((text, column))
        whole = len(unused) == len(s.codes)  # nothing in the comment is used: it goes as a whole
        for text, column in unused:
            fix = unused_suppression(doc, s.line, s.column) if whole else unused_suppression(doc, s.line, s.column, column, text)
            out.append(UnusedSuppression().report(
                doc, None, f'suppression of "{text}" matched no finding {scope}',
                "remove it from the comment, or move the comment to the line of the finding",
                span=Span(s.line, column, s.line, column + len(text)), fix=fix))
    return out
