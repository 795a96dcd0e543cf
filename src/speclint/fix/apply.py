"""Choosing and applying fixes: deterministic, all-or-nothing per fix, never overlapping.

Fixes are taken in the order of their first edit (then their last edit, then their
message), and a fix is skipped when one of its edits overlaps an edit already chosen for
the same file (two insertions at the same place overlap too, unless they are identical);
the skipped ones come back in the next round, after the file was linted again. Identical
edits (the same span and text in the same file, as two findings about one hook script
produce) are applied once.
"""

from __future__ import annotations

from typing import Iterable


def edit_key(e) -> tuple:
    return (e.path, e.start, e.end, e.text)


def _overlaps(a, b) -> bool:
    if a.path != b.path:
        return False
    if edit_key(a) == edit_key(b):
        return False  # the same edit: applied once
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one place: which first is a guess
    return a.start < b.end and b.start < a.end or (a.start == a.end and b.start < a.start < b.end) or (
        b.start == b.end and a.start < b.start < a.end)


def order(fix) -> tuple:
    first = min(((e.path or ""), e.start) for e in fix.edits)
    last = max(((e.path or ""), e.end) for e in fix.edits)
    return (first, last, fix.message, tuple(edit_key(e) for e in fix.edits))


def choose(fixes: Iterable, done: frozenset = frozenset()) -> tuple:
    """(chosen fixes, edits to apply) from `fixes`, skipping overlaps; a fix whose edits are
    all in `done` (applied in an earlier round to another file) is chosen with no new edits."""
    chosen, edits, seen = [], [], set()
    for fix in sorted(fixes, key=order):
        keys = [edit_key(e) for e in fix.edits]
        if all(k in done for k in keys):
            chosen.append(fix)
            continue
        if any(_overlaps(e, other) for e in fix.edits for other in edits):
            continue
        chosen.append(fix)
        for e in fix.edits:
            if edit_key(e) not in seen:
                seen.add(edit_key(e))
                edits.append(e)
    return chosen, edits


class StaleEdit(ValueError):
    """An edit's span does not hold the text the edit was computed on (Edit.old): applying
    it would change other characters than the fix meant, so nothing is applied."""


def apply_edits(text: str, edits: Iterable, shift: int = 0) -> str:
    """`text` with non-overlapping `edits` applied; `shift` is added to every offset (1 when
    `text` starts with the byte-order mark that document offsets leave out).

    Raises StaleEdit when an edit's span in `text` is not the text it was computed on
    (`Edit.old`, when known), ValueError when edits overlap."""
    out, position = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        start, end = e.start + shift, e.end + shift
        if start < position:
            raise ValueError(f"overlapping edits at offset {e.start}")
        old = getattr(e, "old", None)
        if old is not None and (start < 0 or text[start:end] != old):
            raise StaleEdit(f"the text at offset {e.start} is {text[start:end]!r}, the edit was made for {old!r}")
        out.append(text[position:start])
        out.append(e.text)
        position = end
    out.append(text[position:])
    return "".join(out)
