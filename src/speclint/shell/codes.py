"""What a ShellCheck code means, offline: `speclint rule SC2086`.

ShellCheck has no offline explain, so speclint ships the one-line summaries of the codes it
knows (data/shellcheck_wiki.json, taken from ShellCheck's wiki) and links every code to its
wiki page. A code not in that table is not presented as real: speclint says it does not know
it and links the wiki page "if it exists".
"""

from __future__ import annotations

import re
from typing import Optional

CODE = re.compile(r"^SC[0-9]{4}$", re.IGNORECASE)
WIKI = "https://www.shellcheck.net/wiki/"


def summary(code: str) -> Optional[str]:
    """The wiki's one-line summary of `code` (SC2086), or None for a code speclint does not ship."""
    from speclint.data import load

    return load("shellcheck_wiki.json")["codes"].get(code.upper())


def explain(code: str) -> str:
    """The text `speclint rule SCxxxx` prints: summary, where speclint reports it, wiki link."""
    from speclint.data import load

    code = code.upper()
    text = summary(code)
    if text is None:
        return (f"{code} is not a ShellCheck code speclint knows: its table (data/shellcheck_wiki.json) has the codes\n"
                "speclint commonly reports. If the code exists, ShellCheck's wiki explains it:\n\n"
                f"{WIKI}{code}")
    lines = [f"{code} (ShellCheck): {text}", "",
             "Reported by speclint's shellcheck rule (B026) in buildspec commands and EC2/On-Premises hook",
             "scripts when ShellCheck is installed (pip install 'speclint[shell]').",
             f"Silence it with --ignore {code} or `# speclint: ignore[{code}]`."]
    shell = load("shell.json")
    for key, where in (("buildspec_excluded_codes", "buildspecs"), ("script_excluded_codes", "hook scripts")):
        reason = shell.get(key, {}).get(code)
        if reason:
            lines.append(f"Not reported in {where}: {reason}.")
    lines += ["", f"{WIKI}{code}"]
    return "\n".join(lines)
