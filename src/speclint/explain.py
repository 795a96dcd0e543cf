"""`speclint explain "<AWS message>"`: from a failed build's or deployment's message to its cause.

Names the rules that prevent the message (matched by speclint.messages), with the usual
causes (the rule's "Why it matters") and the fix ("Use instead"); with a file, lints it for
those rules and points at the finding that explains the message (the one nearest to the
line the message names, when it names one).

Exit codes: 0 the message is explained (with a file: a finding explains it), 1 no rule
matches the message (unknown, or only generic words such as "YAML_FILE_ERROR"), 2 usage
errors, 3 rules match the message but the file has no finding of them (the cause is
elsewhere: another file, the project's settings, the build itself).
"""

from __future__ import annotations

import json
import textwrap
from typing import Optional

from speclint import messages
from speclint.diagnostics import DOCS_BASE
from speclint.words import plural

EXPLAINED, NOT_EXPLAINED, NO_FINDING = 0, 1, 3


def _findings(path: str, codes: list, line: Optional[int], image: Optional[str] = None) -> list:
    """The findings of the `codes` rules in `path` (suppressed or not), nearest to `line` first."""
    from speclint.lint import lint_file
    from speclint.config.settings import Flags, Resolver

    resolver = Resolver(Flags(select=tuple(codes), image=image, no_ignores=True))
    found = [d for d in lint_file(path, resolver.options_for(path)).diagnostics if d.code in codes]
    if line is not None:
        found.sort(key=lambda d: (abs(d.line - line), d.line, d.column))
    return found


def explain(message: str, path: Optional[str] = None, image: Optional[str] = None) -> tuple:
    """(exit code, list of explanation dicts) for an AWS message; the shape --format json prints."""
    from speclint.rules import registry

    reg = registry()
    matched = messages.match(message)
    findings = _findings(path, [m.code for m in matched], messages.line_of(message), image) if path and matched else []
    out = []
    for m in matched:
        rule = reg.get(m.code)
        sections = rule.doc_sections()
        out.append({
            "code": rule.code, "name": rule.name, "severity": str(rule.severity), "summary": rule.summary,
            "aws_message": m.text, "score": min(m.score, 1.0),
            "cause": sections.get("Why it matters", ""), "fix": sections.get("Use instead", ""),
            "docs_url": f"{DOCS_BASE}#{rule.code.lower()}-{rule.name}",
            "findings": [d.to_dict() for d in findings if d.code == rule.code],
        })
    if not out:
        return NOT_EXPLAINED, out
    return (EXPLAINED if path is None or findings else NO_FINDING), out


def _indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text.strip(), prefix)


def render_text(message: str, path: Optional[str], items: list) -> str:
    shown = message.strip().splitlines()[0] if message.strip() else ""
    if len(shown) > 160:
        shown = shown[:160] + "…"
    if not items and messages.generic_only(message):
        return (f'"{shown}" is not specific: it only says that something failed, and speclint cannot tell the '
                "cause from this message alone.\n"
                "It shares only AWS's generic words (error codes, \"Message:\", \"failed\", \"no such file or directory\") with "
                "the messages speclint's rules prevent; if this is part of a longer message, paste all of it.\n")
    if not items:
        return (f'No speclint rule knows the message "{shown}".\n'
                "`speclint rules` lists what speclint checks; docs/rules.md quotes every AWS message a rule prevents.\n")
    lines = [f'"{shown}"', f"is prevented by {plural(len(items), 'rule')}:", ""]
    best = None
    for item in items:
        lines.append(f"{item['code']} {item['name']} ({item['severity']}): {item['summary']}")
        lines.append(f"  AWS's message: {item['aws_message']}")
        if item["cause"]:
            lines += ["  Usual causes:", _indent(item["cause"])]
        if item["fix"]:
            lines += ["  Fix:", _indent(item["fix"])]
        lines.append(f"  Docs: {item['docs_url']}")
        for d in item["findings"]:
            best = best or d
            lines.append(f"  Found: {d['path']}:{d['line']}:{d['column']}: {d['severity']} {d['message']} [{d['code']}]")
        lines.append("")
    if path is not None:
        if best is None:
            lines.append(f"{path} has no finding of {'this rule' if len(items) == 1 else 'these rules'}: the cause is "
                         "elsewhere (another file, the project's settings, or the build itself).")
        else:
            lines.append(f"This finding explains the message: {best['path']}:{best['line']}:{best['column']} [{best['code']}]")
    return "\n".join(lines).rstrip("\n") + "\n"


def run(message: str, path: Optional[str], output_format: str, stream, image: Optional[str] = None) -> int:
    code, items = explain(message, path, image)
    if output_format == "json":
        json.dump(items, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
    else:
        stream.write(render_text(message, path, items))
    return code
