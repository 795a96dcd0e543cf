#!/usr/bin/env python3
"""What speclint's schema engine earns, in process: its two answers against jsonschema's.

For the corpus (a folder, default ../shared/corpus) and 2,000 generated files
(bench/generate.py), each document is loaded and turned into plain data once; then, median
of --rounds rounds, milliseconds for the whole batch:
- valid documents, "valid?": the compiled yes/no closures (`Validator.is_valid`) against
  stopping the error walk at its first error (what an engine without the closures does);
- invalid documents, every error: the engine's walk against jsonschema's iter_errors
  (jsonschema's import excluded; it is measured on its own, in fresh processes).
jsonschema is a test dependency: `pip install -e '.[test]'` (or bench/requirements.txt).

    python bench/schema_engine.py [CORPUS] [--rounds 15]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from speclint import schema  # noqa: E402
from speclint.source import classify  # noqa: E402
from speclint.source.document import Document  # noqa: E402
from speclint.source.loader import load  # noqa: E402
from speclint.source.nodes import MappingNode  # noqa: E402


def instances(paths):
    """(schema name, plain data) of every schema-checked document among the paths."""
    out = []
    for path in paths:
        loaded = load(path.read_bytes())
        found = classify.classify(path.name, loaded.root, None)
        if not isinstance(loaded.root, MappingNode) or found.kind is None:
            continue
        doc = Document(path=path.name, text=loaded.text, root=loaded.root, kind=found.kind, variant=found.variant)
        name = schema.schema_name(doc)
        canonical = schema._canonical_keys(name) if schema.load_schema(name).get("x-case-insensitive-keys") else None
        out.append((name, schema.to_instance(loaded.root, canonical)[0]))
    return out


def median_ms(work, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(HERE.parent.parent / "shared" / "corpus"))
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    from jsonschema import Draft202012Validator

    reference = {name: Draft202012Validator(schema.load_schema(name)) for name in schema.SCHEMA_FILES}
    corpus = [p for p in Path(args.corpus).rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml", ".json")]
    generated = generate.project(Path(tempfile.mkdtemp()), 2000, seed=7)
    for label, paths in (("corpus", corpus), ("generated", generated)):
        items = instances(paths)
        valid = [(n, i) for n, i in items if schema.validator(n).is_valid(i)]
        invalid = [(n, i) for n, i in items if not schema.validator(n).is_valid(i)]
        print(f"{label}: {len(items)} documents, {len(valid)} valid, {len(invalid)} invalid")
        closures = median_ms(lambda: [schema.validator(n).is_valid(i) for n, i in valid], args.rounds)
        first = median_ms(lambda: [next(iter(schema.validator(n).iter_errors(i)), None) for n, i in valid], args.rounds)
        print(f"  valid, 'valid?':  closures {closures:.1f} ms, error walk to its first error {first:.1f} ms")
        own = median_ms(lambda: [list(schema.validator(n).iter_errors(i)) for n, i in invalid], args.rounds)
        ref = median_ms(lambda: [list(reference[n].iter_errors(i)) for n, i in invalid], args.rounds)
        print(f"  invalid, errors:  engine {own:.1f} ms, jsonschema {ref:.1f} ms (import excluded)")
    code = "import time; s = time.perf_counter(); from jsonschema import Draft202012Validator; print(time.perf_counter() - s)"
    imports = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(9)]
    print(f"import jsonschema, fresh process, median of 9: {statistics.median(imports) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
