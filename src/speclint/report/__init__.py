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


class OutputError(Exception):
    """The report (or baseline) could not be written; the message says where and why. The run
    stops with exit code 2: a report that was asked for is never lost without a word."""


def open_output(path: str):
    """A text stream to write a report to `path`, creating its folder when missing.

    Raises OutputError (permission denied, a folder in the way, a read-only file system)."""
    import os

    try:
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(failure(path, exc)) from None


def failure(path: str, exc: OSError) -> str:
    """What to say when writing to `path` failed."""
    return f"cannot write {path}: {exc.strerror or exc}; the report was not written"
