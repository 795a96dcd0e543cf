"""Output formats: one module each, chosen by name. A reporter never knows what a rule is."""

from __future__ import annotations

FORMATS = ("text", "json")


def get(name: str):
    if name == "json":
        from speclint.report.json import JsonReporter

        return JsonReporter
    from speclint.report.text import TextReporter

    return TextReporter
