"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Carries every rule's metadata (name, descriptions, helpUri, default level) and a
`partialFingerprints` entry that survives line shifts, so code scanning tracks a finding
across commits instead of opening a new alert whenever lines move.
"""

from __future__ import annotations

import json

from speclint import __version__
from speclint.diagnostics import DOCS_BASE, Severity
from speclint.fingerprint import for_result
from speclint.report.sanitize import diagnostic

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule) -> dict:
    sections = rule.doc_sections()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": sections.get("What it does") or rule.summary},
        "help": {"text": rule.docs(), "markdown": rule.docs()},
        "helpUri": f"{DOCS_BASE}#{rule.code.lower()}-{rule.name}",
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default_enabled},
        "properties": {"tags": ["speclint", rule.code[0]]},
    }


def _artifact(path: str) -> dict:
    """A relative path is relative to the run's folder (%SRCROOT%); an absolute one is a file URI.

    URIs carry bytes: a file name that is not valid UTF-8 is percent-encoded byte by byte
    (0xff -> %FF), losslessly."""
    import os
    from urllib.parse import quote

    raw = os.fsencode(path).replace(b"\\", b"/")
    if os.path.isabs(path):
        return {"uri": ("file://" if raw.startswith(b"/") else "file:///") + quote(raw)}
    return {"uri": quote(raw), "uriBaseId": "%SRCROOT%"}


def _fix(fix, path: str) -> dict:
    """A SARIF `fix`: one artifactChange per file it edits (a hook script's own path)."""
    changes: dict = {}
    for e in fix.edits:
        changes.setdefault(e.path or path, []).append(e.sarif())
    return {"description": {"text": f"{fix.message} ({fix.safety} fix)"},
            "artifactChanges": [{"artifactLocation": _artifact(where), "replacements": replacements}
                                for where, replacements in changes.items()]}


class SarifReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream

    def finish(self, results: list, summary: dict) -> None:
        from speclint.rules import registry

        reg = registry()
        rules = reg.all()
        index = {r.code: i for i, r in enumerate(rules)}
        descriptors = [_rule_descriptor(r) for r in rules]
        sarif_results = []
        for result in results:
            for d, fp in zip(result.diagnostics, for_result(result)):
                artifact = _artifact(d.path)
                d = diagnostic(d)
                region = {"startLine": d.line, "startColumn": d.column}
                if d.span.end_line >= d.line:
                    region["endLine"] = d.span.end_line
                    region["endColumn"] = d.span.end_column
                item = {
                    "ruleId": d.code,
                    "level": LEVELS[d.severity],
                    "message": {"text": d.message + (f"\nhelp: {d.hint}" if d.hint else "")},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region,
                    }}],
                    "partialFingerprints": {"speclintFingerprint/v1": fp},
                }
                if d.fix is not None:
                    item["fixes"] = [_fix(d.fix, d.path)]
                if d.document is not None:  # the template resource the buildspec belongs to
                    item["properties"] = {"document": d.document}
                    item["locations"][0]["logicalLocations"] = [{"name": d.document, "kind": "resource"}]
                if d.code in index:
                    item["ruleIndex"] = index[d.code]
                else:  # a code outside the registry (ShellCheck): describe it on the fly
                    index[d.code] = len(descriptors)
                    item["ruleIndex"] = index[d.code]
                    descriptors.append({"id": d.code, "name": d.name, "shortDescription": {"text": d.name},
                                        "helpUri": d.docs_url, "defaultConfiguration": {"level": LEVELS[d.severity]}})
                sarif_results.append(item)
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "speclint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": "https://github.com/speclint/speclint",
                    "rules": descriptors,
                }},
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder speclint ran in."}}},
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
                "invocations": [{"executionSuccessful": summary.get("internal", 0) == 0}],
            }],
        }
        json.dump(log, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
