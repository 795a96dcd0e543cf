#!/usr/bin/env python3
"""speclint's benchmark: whole processes side by side with check-jsonschema and yamllint.

    python3 -m venv .venv && .venv/bin/pip install -q . -r bench/requirements.txt
    .venv/bin/python bench/bench.py ../shared/corpus            # about two minutes
    .venv/bin/python bench/bench.py ../shared/corpus --rounds 3  # quicker, noisier
    .venv/bin/python bench/bench.py --against ../before/.venv/bin/speclint  # two commits side by side

Every command is run as a separate process, the tools alternately (A B C A B C ...) for
several rounds, so that a busy moment of the machine hits all of them alike; each ratio is
taken within a round and the median of those is reported. Cases: (a) one typical valid
buildspec, (b) the buildspecs of a corpus directory in one process, (c) 2,000 generated
realistic files, (d) worst cases (a 5 MB buildspec, 5,000-deep nesting, an alias bomb),
(f) `--fix --unsafe-fixes` on a fresh copy of the corpus against a check of another copy.
Then speclint's own time per file split by stage, in process, and its peak memory.
check-jsonschema is given speclint's buildspec schema, yamllint its default configuration.
`--against` adds another speclint install (another commit) to cases (a) to (c), in the same
alternating rounds: this is how a change shows it is no slower (compare.py shows its findings).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"{name} is not installed: pip install -r bench/requirements.txt")
    return path


def measure(cmd: list) -> tuple:
    """(wall seconds, peak RSS in MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def side_by_side(title: str, commands: dict, rounds: int) -> dict:
    """Run the commands alternately; print medians, ranges and per-round ratios to speclint."""
    times: dict = {name: [] for name in commands}
    memory: dict = {name: 0.0 for name in commands}
    codes: dict = {}
    names = list(commands)
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            wall, rss, code = measure(commands[name])
            times[name].append(wall)
            memory[name] = max(memory[name], rss)
            codes[name] = code
    print(f"\n### {title}\n")
    print("| tool | median | min–max | peak RSS | exit | speclint ÷ tool (median of rounds) |")
    print("|---|---|---|---|---|---|")
    result = {}
    for name in names:
        ts = times[name]
        ratios = [a / b for a, b in zip(times["speclint"], ts)]
        ratio = statistics.median(ratios)
        result[name] = {"median_ms": statistics.median(ts) * 1000, "min_ms": min(ts) * 1000, "max_ms": max(ts) * 1000,
                        "rss_mb": memory[name], "exit": codes[name], "ratio": ratio,
                        "ratio_min": min(ratios), "ratio_max": max(ratios)}
        ratio_text = "—" if name == "speclint" else f"{ratio:.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
        print(f"| {name} | {statistics.median(ts) * 1000:.1f} ms | {min(ts) * 1000:.1f}–{max(ts) * 1000:.1f} ms "
              f"| {memory[name]:.0f} MB | {codes[name]} | {ratio_text} |")
    return result


def fix_versus_check(speclint_bin: str, corpus: Path, rounds: int, options: tuple = ()) -> dict:
    """(f): `--fix --unsafe-fixes` on a fresh copy of the corpus each round, against a check of
    another fresh copy, alternately; the copies are made outside the timing."""
    times: dict = {"check": [], "fix": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for name in (("check", "fix") if r % 2 == 0 else ("fix", "check")):
                copy = Path(tmp) / f"{name}-{r}"
                shutil.copytree(corpus, copy, symlinks=True)
                extra = ["--fix", "--unsafe-fixes"] if name == "fix" else []
                wall, _rss, _code = measure([speclint_bin, "--isolated", "--format", "json", *extra, *options, str(copy)])
                times[name].append(wall)
    ratios = [f / c for f, c in zip(times["fix"], times["check"])]
    result = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
    result["ratio"] = statistics.median(ratios)
    print("\n### (f) --fix --unsafe-fixes on a copy of the corpus, against a check\n")
    print("| run | median | fix ÷ check (median of rounds) |")
    print("|---|---|---|")
    print(f"| check | {result['check']:.0f} ms | — |")
    print(f"| --fix --unsafe-fixes | {result['fix']:.0f} ms | {result['ratio']:.2f} ({min(ratios):.2f}–{max(ratios):.2f}) |")
    return result


def stages(files: list, label: str) -> dict:
    """speclint's in-process time per file, by stage (the first file pays the imports)."""
    import io

    from speclint import report
    from speclint.lint import Options, lint_file
    from speclint.cli.runner import summarize

    options = Options(timings={})
    start = time.perf_counter()
    results = [lint_file(str(f), options) for f in files]
    lint_total = time.perf_counter() - start
    start = time.perf_counter()
    report.get("json")(io.StringIO()).finish(results, summarize(results))
    options.timings["report"] = time.perf_counter() - start
    print(f"\n### In-process stages: {label} ({len(files)} files, {lint_total * 1000:.0f} ms to lint)\n")
    print("| stage | total | per file |")
    print("|---|---|---|")
    for stage in ("source", "classify", "schema", "rules", "filter", "report"):
        total = options.timings.get(stage, 0.0)
        print(f"| {stage} | {total * 1000:.1f} ms | {total / max(1, len(files)) * 1e6:.0f} µs |")
    return {k: v * 1000 for k, v in options.timings.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="a directory of real buildspecs and appspecs")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--against", metavar="SPECLINT",
                        help="another speclint executable (e.g. the previous commit's venv/bin/speclint), "
                             "run side by side in cases (a) to (c) as `speclint (against)`")
    args = parser.parse_args(argv)
    against = (lambda cmd: {"speclint (against)": [args.against, *cmd[1:]]}) if args.against else (lambda cmd: {})

    import compileall

    import speclint

    # An installed wheel has bytecode; an editable install under PYTHONDONTWRITEBYTECODE would not.
    compileall.compile_dir(os.path.dirname(speclint.__file__), quiet=1)
    speclint_bin, cjs, yamllint = tool("speclint"), tool("check-jsonschema"), tool("yamllint")
    schema = str(ROOT / "schemas" / "buildspec-0.2.schema.json")
    out: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    print(f"# speclint benchmark\n\nPython {out['python']}, {out['cpus']} CPUs, {args.rounds} rounds, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")

    typical = str(HERE / "data" / "typical-buildspec.yml")
    out["version"] = side_by_side("`--version`", {
        "speclint": [speclint_bin, "--version"], **against([speclint_bin, "--version"]), "yamllint": [yamllint, "--version"],
        "check-jsonschema": [cjs, "--version"]}, args.rounds)
    out["one_file"] = side_by_side("(a) one typical valid buildspec", {
        "speclint": [speclint_bin, typical], **against([speclint_bin, typical]), "check-jsonschema": [cjs, "--schemafile", schema, typical],
        "yamllint": [yamllint, typical]}, args.rounds)

    if args.corpus:
        buildspecs = sorted(str(p) for p in args.corpus.rglob("*") if p.is_file() and p.name.lower().startswith("buildspec")
                            and p.suffix.lower() in (".yml", ".yaml"))
        out["corpus"] = side_by_side(f"(b) the corpus's {len(buildspecs)} buildspecs, one process each tool", {
            "speclint": [speclint_bin, "--kind", "buildspec", *buildspecs],
            **against([speclint_bin, "--kind", "buildspec", *buildspecs]),
            "check-jsonschema": [cjs, "--schemafile", schema, *buildspecs],
            "yamllint": [yamllint, *buildspecs]}, args.rounds)

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "project"
        files = generate.project(tree, 2000)
        names = [str(p) for p in files]
        specs = [str(p) for p in files if p.name.startswith("buildspec")]
        out["generated"] = side_by_side("(c) 2,000 generated files (speclint: the folder; check-jsonschema: its buildspecs)", {
            "speclint": [speclint_bin, str(tree)], **against([speclint_bin, str(tree)]), "check-jsonschema": [cjs, "--schemafile", schema, *specs],
            "yamllint": [yamllint, *names]}, max(3, args.rounds // 2))
        per_second = 2000 / (out["generated"]["speclint"]["median_ms"] / 1000)
        out["generated"]["speclint_files_per_second"] = per_second
        print(f"\nspeclint: {per_second:,.0f} files per second on the 2,000 files (whole process, all rules).")

        worst = Path(tmp) / "worst"
        worst.mkdir()
        large = generate.large_buildspec(worst / "buildspec.yml")
        cases = {
            "5 MB buildspec (default size limit: reported, not parsed)": (large, []),
            "5 MB buildspec, parsed (--max-file-size 10000000)": (large, ["--max-file-size", "10000000"]),
            "5,000-deep nesting": (generate.deep_nesting(worst / "deep.yml"), ["--kind", "buildspec"]),
            "alias bomb (9 levels of 9)": (generate.alias_bomb(worst / "bomb.yml"), ["--kind", "buildspec"]),
        }
        print("\n### (d) worst cases (speclint, one process each)\n")
        print("| case | wall | peak RSS | exit | first finding |")
        print("|---|---|---|---|---|")
        out["worst"] = {}
        for label, (path, extra) in cases.items():
            wall, rss, code = measure([speclint_bin, "--format", "concise", *extra, str(path)])
            first = subprocess.run([speclint_bin, "--format", "concise", *extra, str(path)], capture_output=True,
                                   text=True).stdout.splitlines()[:1]
            finding = first[0].split(": ", 1)[1][:90] if first and ": " in first[0] else "(none)"
            out["worst"][label] = {"wall_ms": wall * 1000, "rss_mb": rss, "exit": code, "finding": finding}
            print(f"| {label} | {wall * 1000:.0f} ms | {rss:.0f} MB | {code} | {finding} |")

        out["stages_generated"] = stages(files, "the 2,000 generated files")

        # (e) buildspecs where they live: a CloudFormation template, side by side with cfn-lint
        # (which checks the whole template and leaves BuildSpec strings alone).
        stack = generate.template(Path(tmp) / "pipeline.yaml")
        out["template"] = side_by_side("(e) a 2,000-line CloudFormation template with 10 inline buildspecs", {
            "speclint": [speclint_bin, str(stack)], "cfn-lint": [tool("cfn-lint"), str(stack)]}, args.rounds)
        ratio = out["template"]["speclint"]["median_ms"] / out["template"]["cfn-lint"]["median_ms"]
        print(f"\nspeclint takes {ratio:.2f} of cfn-lint's time on the template (the goal: at most 0.10).")
    if args.corpus:
        out["fix"] = fix_versus_check(speclint_bin, args.corpus, args.rounds)
        corpus_files = sorted(p for p in args.corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml", ".json"))
        out["stages_corpus"] = stages(corpus_files, "the corpus")
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak memory of the in-process runs: {peak:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
