"""Words that agree with counts: the one helper for plurals in every message and summary."""

from __future__ import annotations


_IRREGULAR = {"entry": "entries", "property": "properties", "info": "info", "is": "are", "was": "were", "this": "these", "fix": "fixes"}


def plural(count: int, noun: str) -> str:
    """`1 entry`, `6 entries`, `2 errors`, `3 info`: the one place that makes a noun agree with a count."""
    return f"{count} {noun if count == 1 else _IRREGULAR.get(noun, noun + 's')}"


def verb(count: int, singular: str = "is") -> str:
    """`is`/`are` (or `was`/`were`) agreeing with a count."""
    return singular if count == 1 else _IRREGULAR.get(singular, singular)
