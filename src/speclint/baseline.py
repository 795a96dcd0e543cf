"""`--write-baseline FILE` records today's findings; `--baseline FILE` shows only new ones.

The file is JSON: {"speclint_baseline": 1, "findings": [{path, code, fingerprint, message}]}.
Findings are matched by path, code and fingerprint (see fingerprint.py), counted, so a
second copy of a known problem is still new.
"""

from __future__ import annotations

import json
from collections import Counter

from speclint.record import replace

FORMAT_VERSION = 1


class BaselineError(Exception):
    pass


def write(path: str, results: list) -> int:
    from speclint.fingerprint import for_result

    items = []
    for result in results:
        for d, fp in zip(result.diagnostics, for_result(result)):
            items.append({"path": d.path, "code": d.code, "fingerprint": fp, "line": d.line, "message": d.message})
    from speclint.report import OutputError, failure, open_output

    handle = open_output(path, "the baseline")
    try:
        with handle:
            json.dump({"speclint_baseline": FORMAT_VERSION, "findings": items}, handle, indent=2, ensure_ascii=True)
            handle.write("\n")
    except OSError as exc:
        raise OutputError(failure(path, exc, "the baseline")) from None
    return len(items)


MAX_BASELINE_SIZE = 256 << 20  # bytes: about a million findings


def read(path: str) -> Counter:
    """(path, code, fingerprint) -> how many findings the baseline holds. Raises BaselineError
    naming the file, the entry and the reason for anything that is not a baseline."""
    return Counter(_key(f) for f in entries(path))


def entries(path: str) -> list:
    """The baseline's findings as stored: dicts with path, code, fingerprint, line, message.
    Raises BaselineError naming the file, the entry and the reason for anything that is not a baseline."""
    from speclint.config import Unreadable, read_limited

    try:
        data = json.loads(read_limited(path, MAX_BASELINE_SIZE).decode("utf-8"))
    except Unreadable as exc:
        raise BaselineError(f"cannot read baseline {path}: it {exc}") from None
    except (ValueError, RecursionError) as exc:  # JSON, UTF-8, or nesting too deep to parse
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise BaselineError(f"cannot read baseline {path}: not valid JSON ({reason})") from None
    if not isinstance(data, dict) or data.get("speclint_baseline") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path} is not a speclint baseline (write one with --write-baseline)")
    for number, finding in enumerate(data["findings"]):
        if not isinstance(finding, dict):
            raise BaselineError(f"{path}: findings[{number}] must be an object, not {_json_type(finding)}")
        for key in ("path", "code", "fingerprint"):
            if not isinstance(finding.get(key), str):
                raise BaselineError(f'{path}: findings[{number}].{key} must be a string, not {_json_type(finding.get(key))}')
    return data["findings"]


def _key(item: dict) -> tuple:
    return (item.get("path"), item.get("code"), item.get("fingerprint"))


def _json_type(value) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null (or missing)"}
    return names.get(type(value), type(value).__name__)


def filter_known(path: str, results: list) -> list:
    return apply(path, results)[0]


def apply(path: str, results: list) -> tuple:
    """(results without the known findings, how many were hidden, stale entries).

    A stale entry is one for a file linted in this run that no finding matches any more
    (fixed, or changed so that its fingerprint moved); entries for files not linted in
    this run (pre-commit passes only the changed ones) are never stale.
    """
    from speclint.fingerprint import for_result

    stored = entries(path)
    known = Counter(_key(f) for f in stored)
    linted = set()
    out, hidden = [], 0
    for result in results:
        linted.add(result.path)
        keep = []
        for d, fp in zip(result.diagnostics, for_result(result)):
            linted.add(d.path)
            key = (d.path, d.code, fp)
            if known[key] > 0:
                known[key] -= 1
                hidden += 1
                continue
            keep.append(d)
        out.append(replace(result, diagnostics=keep))
    stale = []
    for item in stored:
        key = _key(item)
        if item.get("path") in linted and known[key] > 0:
            known[key] -= 1
            stale.append(item)
    return out, hidden, stale


def prune(path: str, stale: list) -> int:
    """Rewrite the baseline at `path` without the `stale` entries; return how many were removed."""
    remaining = Counter(_key(f) for f in stale)
    kept = []
    for item in entries(path):
        key = _key(item)
        if remaining[key] > 0:
            remaining[key] -= 1
            continue
        kept.append(item)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"speclint_baseline": FORMAT_VERSION, "findings": kept}, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    return len(stale)


def stale_report(path: str, stale: list, pruned: bool) -> str:
    """The warning lines for stale entries (standard error)."""
    lines = [f"speclint: warning: {len(stale)} entr{'y' if len(stale) == 1 else 'ies'} of the baseline {path} "
             f"no longer match{'es' if len(stale) == 1 else ''} a finding (fixed or changed)"
             + ("; removed them (--baseline-prune)" if pruned else "; --baseline-prune removes them")]
    for item in stale[:20]:
        lines.append(f"  {item.get('path')}:{item.get('line')}: {item.get('code')} {item.get('message')}")
    if len(stale) > 20:
        lines.append(f"  ... and {len(stale) - 20} more")
    return "\n".join(lines) + "\n"
