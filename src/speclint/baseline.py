"""`--write-baseline FILE` records today's findings; `--baseline FILE` shows only new ones.

The file is JSON: {"speclint_baseline": 1, "findings": [{path, code, fingerprint, message}]}.
Findings are matched by path, code and fingerprint (see fingerprint.py), counted, so a
second copy of a known problem is still new.
"""

from __future__ import annotations

import json
from collections import Counter

from speclint import safe_open
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
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"speclint_baseline": FORMAT_VERSION, "findings": items}, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    return len(items)


def read(path: str) -> Counter:
    try:
        with safe_open.open_regular(path, "r", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("speclint_baseline") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path} is not a speclint baseline (write one with --write-baseline)")
    return Counter((f.get("path"), f.get("code"), f.get("fingerprint")) for f in data["findings"] if isinstance(f, dict))


def filter_known(path: str, results: list) -> list:
    from speclint.fingerprint import for_result

    known = read(path)
    out = []
    for result in results:
        keep = []
        for d, fp in zip(result.diagnostics, for_result(result)):
            key = (d.path, d.code, fp)
            if known[key] > 0:
                known[key] -= 1
                continue
            keep.append(d)
        out.append(replace(result, diagnostics=keep))
    return out
