"""Path globs as users write them in configuration (`codebuild/**/*.yml`, `templates`).

A pattern without `/` matches any single path component (like .gitignore); a pattern
with `/` is anchored at the configuration file's folder. `**` as a whole component spans
any number of folders (as the last component: at least one), `*` and `?` stay inside one
component (elsewhere `**` is a `*`, as in .gitignore), `[abc]`, `[a-z]` and `[!a]` match
one character. A pattern that matches a folder matches everything under it.

Matching is linear in the path, whatever the pattern: components are matched by a set of
states (no backtracking across folders) and each component by the two-pointer wildcard
algorithm. (A translation to one regex backtracked exponentially: ten `**/` took 41 s.)
A bad character class (`[z-a]`) raises GlobError, which configuration loading reports.
"""

from __future__ import annotations

import re
from functools import lru_cache

STAR, ANY = "**", "*/"  # component tokens: any number of components / exactly one


class GlobError(ValueError):
    """A pattern that cannot be used; the message says why."""


def _component(text: str) -> tuple:
    """One component's tokens: literal strings, "?", "*", or a compiled one-character class."""
    tokens: list = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "*":
            while i < len(text) and text[i] == "*":
                i += 1
            tokens.append("*")
            continue
        if c == "?":
            tokens.append("?")
        elif c == "[" and text.find("]", i + 1) > i + 1:
            end = text.find("]", i + 1)
            body = text[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            try:
                tokens.append(re.compile(f"[{body}]"))
            except re.error as exc:
                raise GlobError(f"bad character class [{text[i + 1:end]}]: {exc}") from None
            i = end
        elif tokens and isinstance(tokens[-1], str) and tokens[-1] not in ("*", "?"):
            tokens[-1] += c
        else:
            tokens.append(c)
        i += 1
    return tuple(tokens)


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> tuple:
    """The pattern as component tokens (STAR, ANY or a tuple of character tokens)."""
    pat = pattern.strip().replace("\\", "/")
    anchored = "/" in pat.rstrip("/")
    pat = pat.strip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    if not pat:
        return ()
    parts: list = [] if anchored else [STAR]
    for part in pat.split("/"):
        if part == "**":
            if parts and parts[-1] == STAR:
                continue  # `**/**` is `**`
            parts.append(STAR)
        elif part:
            parts.append(_component(part))
    if parts[-1] == STAR:  # `dir/**`: what is inside, not the folder itself
        parts[-1:] = [ANY, STAR]
    parts.append(STAR)  # a folder covers everything under it
    return tuple(parts)


def _component_matches(tokens: tuple, name: str) -> bool:
    """Wildcard match of one component, O(len(name) * len(tokens)) at worst."""
    t = n = 0
    star_t = star_n = -1
    while n < len(name):
        if t < len(tokens):
            tok = tokens[t]
            if tok == "*":
                star_t, star_n = t, n
                t += 1
                continue
            if tok == "?":
                n += 1
                t += 1
                continue
            if isinstance(tok, str):
                if name.startswith(tok, n):
                    n += len(tok)
                    t += 1
                    continue
            elif tok.match(name[n]):
                n += 1
                t += 1
                continue
        if star_t < 0:
            return False
        star_n += 1  # let the last `*` take one more character and retry from there
        t, n = star_t + 1, star_n
    return all(tok == "*" for tok in tokens[t:])


def _close(parts: tuple, states: set) -> set:
    """Add the states reachable without consuming a component (skipping a STAR)."""
    todo = list(states)
    while todo:
        k = todo.pop()
        if k < len(parts) and parts[k] == STAR and k + 1 not in states:
            states.add(k + 1)
            todo.append(k + 1)
    return states


def matches(pattern: str, relpath: str) -> bool:
    """Whether `relpath` (posix, relative to the pattern's base folder) matches.

    Raises GlobError for a pattern with a bad character class."""
    parts = compile_pattern(pattern)
    path = relpath.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if not parts:
        return path == ""
    states = _close(parts, {0})
    for name in path.split("/"):
        following: set = set()
        for k in states:
            if k == len(parts):
                continue
            part = parts[k]
            if part == STAR:
                following.add(k)
            elif part == ANY or _component_matches(part, name):
                following.add(k + 1)
        if not following:
            return False
        states = _close(parts, following)
    return len(parts) in states


def any_match(patterns, relpath: str) -> bool:
    return any(matches(p, relpath) for p in patterns)


def check(pattern: str) -> None:
    """Raise GlobError when `pattern` cannot be used (for configuration validation)."""
    compile_pattern(pattern)
