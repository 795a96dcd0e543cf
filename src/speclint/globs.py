"""Path globs as users write them in configuration (`codebuild/**/*.yml`, `templates`).

A pattern without `/` matches any single path component (like .gitignore); a pattern
with `/` is anchored at the configuration file's folder. `**` spans folders, `*` and
`?` stay inside one. A pattern that matches a folder matches everything under it.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def _compile(pattern: str) -> "re.Pattern[str]":
    pat = pattern.strip().replace("\\", "/")
    anchored = "/" in pat.rstrip("/")
    pat = pat.strip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    out = ""
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pat.startswith("**", i):
            out += ".*"
            i += 2
        elif c == "*":
            out += "[^/]*"
            i += 1
        elif c == "?":
            out += "[^/]"
            i += 1
        elif c == "[":
            end = pat.find("]", i + 1)
            if end == -1:
                out += re.escape(c)
                i += 1
            else:
                body = pat[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += f"[{body}]"
                i = end + 1
        else:
            out += re.escape(c)
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{out}(?:/.*)?$")


def matches(pattern: str, relpath: str) -> bool:
    """Whether `relpath` (posix, relative to the pattern's base folder) matches."""
    path = relpath.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return bool(_compile(pattern).match(path))


def any_match(patterns, relpath: str) -> bool:
    return any(matches(p, relpath) for p in patterns)
