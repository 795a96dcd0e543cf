"""Output formats: one module each, chosen by name. A reporter never knows what a rule is.

Every reporter takes (stream, color=, sources=) and has finish(results, summary).
"""

from __future__ import annotations

import importlib

FORMATS = {
    "text": ("speclint.report.text", "TextReporter"),
    "concise": ("speclint.report.concise", "ConciseReporter"),
    "json": ("speclint.report.json", "JsonReporter"),
    "sarif": ("speclint.report.sarif", "SarifReporter"),
    "github": ("speclint.report.github", "GithubReporter"),
    "gitlab": ("speclint.report.gitlab", "GitlabReporter"),
    "junit": ("speclint.report.junit", "JunitReporter"),
}


def get(name: str):
    module, cls = FORMATS[name]
    return getattr(importlib.import_module(module), cls)
