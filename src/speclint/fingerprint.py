"""Stable fingerprints of findings, for SARIF, GitLab and baselines.

A fingerprint must survive unrelated edits that shift lines, so it hashes what the finding
is about - path, rule, JSON path and the text of its line (stripped) - never the line
number or a message that may quote one. Identical findings in one file are told apart by
their order of appearance.
"""

from __future__ import annotations

import hashlib


def for_result(result) -> list:
    """One fingerprint per diagnostic of a FileResult, in order."""
    lines = result.text.split("\n") if result.text else []
    seen: dict = {}
    out = []
    for d in result.diagnostics:
        line_text = lines[d.line - 1].strip() if 0 < d.line <= len(lines) else ""
        anchor = d.json_path or line_text
        base = "\0".join((d.path.replace("\\", "/"), d.code, anchor, line_text if d.json_path else ""))
        if d.document is not None:  # a buildspec inside a template: which project's
            base += "\0" + d.document
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(hashlib.sha256(f"{base}\0{count}".encode("utf-8", "surrogatepass")).hexdigest()[:32])
    return out
