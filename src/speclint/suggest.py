"""did-you-mean suggestions for misspelt keys and values."""

from __future__ import annotations

import difflib
from typing import Iterable, Optional


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> Optional[str]:
    """The best match for `word`: an exact case-insensitive match first, then by similarity."""
    options = [c for c in choices if isinstance(c, str)]
    lowered = word.lower()
    for option in options:
        if option.lower() == lowered:
            return option
    normal = lowered.replace("-", "").replace("_", "")
    for option in options:
        if option.lower().replace("-", "").replace("_", "") == normal:
            return option
    by_lower = {o.lower(): o for o in options}
    match = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def quoted_list(values: Iterable, limit: int = 12) -> str:
    """`"a", "b", "c"` sorted, shortened with an ellipsis past `limit`."""
    items = sorted({str(v) for v in values})
    shown = ", ".join(f'"{v}"' for v in items[:limit])
    return shown + (", …" if len(items) > limit else "")
