#!/usr/bin/env python3
"""Compare the findings of two speclint installs on the same files, finding by finding.

    python3 bench/compare.py OLD_SPECLINT NEW_SPECLINT ../shared/corpus [more paths ...]

OLD_SPECLINT and NEW_SPECLINT are executables (e.g. two venvs' `bin/speclint`, one per
commit). Both run in the current folder with every rule selected and every severity shown
(`--format json --show-info --extend-select ALL --exit-zero`), so a change in any finding's
path, position, code, severity, message or hint shows. Prints the findings only one side
has, grouped by code, and a count per code; exits 1 when they differ, 2 when a run fails.
This is how a refactoring shows "findings identical before and after" (issue 15), and how
any change shows exactly which findings it moved.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys

FLAGS = ["--format", "json", "--show-info", "--extend-select", "ALL", "--exit-zero"]
KEYS = ("path", "line", "column", "end_line", "end_column", "code", "severity", "message", "hint")


def findings(executable: str, paths: list, extra: list) -> list:
    """The findings of one install, as sorted tuples of KEYS."""
    proc = subprocess.run([executable, *FLAGS, *extra, *paths], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{executable} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return sorted(tuple(str(item.get(k)) for k in KEYS) for item in json.loads(proc.stdout or "[]"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--extra", action="append", default=[], help="one more flag for both runs (repeatable)")
    args = parser.parse_args(argv)
    old, new = findings(args.old, args.paths, args.extra), findings(args.new, args.paths, args.extra)
    gone = collections.Counter(old) - collections.Counter(new)
    came = collections.Counter(new) - collections.Counter(old)
    print(f"old: {len(old)} findings, new: {len(new)} findings; only old: {sum(gone.values())}, only new: {sum(came.values())}")
    for label, side in (("only old", gone), ("only new", came)):
        by_code = collections.Counter(item[5] for item in side.elements())
        if by_code:
            print(f"{label} by code: " + ", ".join(f"{code} {n}" for code, n in sorted(by_code.items())))
        for item in sorted(side.elements()):
            print(f"  {label}: {item[0]}:{item[1]}:{item[2]}: {item[5]} {item[6]}: {item[7]}")
    return 1 if gone or came else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `compare.py ... | head`: the reader has what it wanted
        sys.stdout = None
        sys.exit(0)
