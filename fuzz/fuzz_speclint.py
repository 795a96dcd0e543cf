#!/usr/bin/env python3
"""A fuzz target for atheris (coverage-guided): any bytes, as any kind of file, must give
findings - never an exception, never an internal error, never a position outside the file.

    pip install atheris
    python fuzz/fuzz_speclint.py -atheris_runs=200000 fuzz/seeds/   # seeds: any buildspecs/appspecs
    python fuzz/fuzz_speclint.py --replay CRASH_FILE                  # re-run one input

Without atheris installed it runs the same check over random mutations (a smoke test).
"""

from __future__ import annotations

import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
NAMES = ("buildspec.yml", "appspec.yml", "appspec.yaml", "appspec.json", "other.yml")


def check(data: bytes) -> None:
    from speclint.lint import Options, lint_bytes

    if not data:
        name, body = NAMES[0], b""
    else:
        name, body = NAMES[data[0] % len(NAMES)], data[1:]
    findings = lint_bytes(name, body, Options()).diagnostics
    lines = LINE_BREAK.split(body.decode("utf-8", "replace"))  # YAML's line breaks, as the positions count them
    for d in findings:
        if d.code == "X001":
            raise AssertionError(f"internal error: {d.message}")
        if not (1 <= d.line <= max(1, len(lines)) and d.column >= 1):
            raise AssertionError(f"position outside the file: {d.code} {d.line}:{d.column} ({len(lines)} lines)")


def main() -> None:
    if "--replay" in sys.argv:
        with open(sys.argv[sys.argv.index("--replay") + 1], "rb") as handle:
            check(handle.read())
        print("no failure")
        return
    try:
        import atheris
    except ImportError:
        rng = random.Random(0)
        seeds = [b"\x00version: 0.2\nphases:\n  build:\n    commands: [make]\n", b"\x01version: 0.0\nos: linux\nhooks: {}\n"]
        for i in range(20000):
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 8)):
                data.insert(rng.randrange(len(data) + 1), rng.randrange(256))
            check(bytes(data))
        print("20000 random mutations: no failure (install atheris for coverage-guided fuzzing)")
        return
    with atheris.instrument_imports():
        import speclint.lint  # noqa: F401
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
