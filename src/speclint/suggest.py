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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean "X"?)` for the closest choice to `word` (see closest()), or "" when none is close."""
    guess = closest(word, choices) if isinstance(word, str) else None
    return f' (did you mean "{guess}"?)' if guess else ""


def quoted_list(values: Iterable, limit: int = 12) -> str:
    """`"a", "b", "c"` sorted, shortened with an ellipsis past `limit`."""
    items = sorted({str(v) for v in values})
    shown = ", ".join(f'"{v}"' for v in items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def closest_code(text: str, codes: Iterable[str]) -> Optional[str]:
    """The rule code a mistyped one most likely meant: `B01O` -> B010, `S01` -> S001, `B0015` -> B015.

    Letters typed for digits (O for 0, l or I for 1) are read as digits; only codes with the
    same letter prefix compete, the fewest edits win, then a code that starts like the input.
    """
    head = "".join(c for c in text if c.isalpha())[:1].upper()
    digits = text[len(head):].upper().replace("O", "0").replace("I", "1").replace("L", "1")
    wanted = head + digits
    best = None
    for code in sorted(set(codes)):
        if not code.startswith(head) or not head:
            continue
        score = (_distance(wanted, code), not code.startswith(wanted), code)
        if best is None or score < best:
            best = score
    return best[2] if best is not None and best[0] <= 2 else None
