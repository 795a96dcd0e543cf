"""Output formats: one module each in report/formats/, chosen by name. A reporter never knows what a rule is.

Every reporter takes (stream, color=, sources=) and has finish(results, summary).
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache

FORMATS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "formats")
# Listed first in `--help`: the format people read.
DEFAULT_FORMAT = "text"


@lru_cache(maxsize=1)
def names() -> tuple:
    """The output format names: the modules of report/formats/ (text first, then by name).

    A directory listing, no import: the click-free command line reads it at start-up."""
    found = sorted(name[:-3] for name in os.listdir(FORMATS_DIR)
                   if name.endswith(".py") and not name.startswith("_") and name[:-3].isidentifier())
    return tuple(sorted(found, key=lambda name: name != DEFAULT_FORMAT))


def class_name(name: str) -> str:
    """The reporter class a format module defines: CamelCase of its snake_case name + "Reporter"
    (`json` -> JsonReporter, `code_climate` -> CodeClimateReporter)."""
    return "".join(part.capitalize() for part in name.split("_")) + "Reporter"


def get(name: str):
    """The reporter class of format `name`. Raises KeyError for a name that is not a format."""
    if name not in names():
        raise KeyError(name)
    module = importlib.import_module(f"speclint.report.formats.{name}")
    return getattr(module, class_name(name))


def ordered(results: list) -> list:
    """The results as every format shows them: one per path, sorted by path; findings by line, column, code.

    A finding about another file than the one linted (a hook script's ShellCheck finding,
    found through its appspec) moves to a result of its own, with that file's text for the
    source frame, so every format is sorted by the path of the finding, as documented.
    """
    from speclint.lint import FileResult
    from speclint.record import replace

    by_path: dict = {}
    for result in results:
        by_path.setdefault(result.path, replace(result, diagnostics=[]))
    for result in results:
        for d in result.diagnostics:
            target = by_path.get(d.path)
            if target is None:
                target = by_path[d.path] = FileResult(d.path, None, None, [], text=_text_of(d.extra.get("file") or d.path))
            target.diagnostics.append(d)
    out = sorted(by_path.values(), key=lambda r: r.path)
    for result in out:
        result.diagnostics.sort(key=lambda d: d.sort_key())
    return out


def _text_of(path: str, limit: int = 2 * 1024 * 1024) -> str:
    """A referenced file's text for the source frame ('' when it cannot be read)."""
    from speclint.source import safe_open  # here: `--version` and `--help` read this module, not the source layer

    try:
        with safe_open.open_regular(path, "rb") as handle:
            return handle.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


class OutputError(Exception):
    """The report (or baseline) could not be written; the message says where and why. The run
    stops with exit code 2: a report that was asked for is never lost without a word."""


def open_output(path: str, what: str = "the report"):
    """A text stream to write `what` (the report, the baseline, the file list) to `path`,
    creating its folder when missing.

    Raises OutputError (permission denied, a folder in the way, a read-only file system)."""
    import os

    try:
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(failure(path, exc, what)) from None


def failure(path: str, exc: OSError, what: str = "the report") -> str:
    """What to say when writing `what` to `path` failed."""
    return f"cannot write {path}: {exc.strerror or exc}; {what} was not written"
