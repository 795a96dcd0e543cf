"""No import circles among speclint's modules.

Every `import` and `from ... import` statement of every module under src/speclint is read
with ast - at module level and inside functions alike: an import inside a function is
still a dependency, only a later one, and a circle through it is the same tangle (the two
modules cannot be understood, tested or moved apart). `from package import name` is an
edge to the submodule `package.name` when there is one, else to `package`. The implicit
import of a parent package (importing `speclint.source.loader` first runs
`speclint/source/__init__.py`) is not an edge: it is not written anywhere, and a package
that re-exports its submodules would otherwise be a circle with each of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import speclint

ROOT = Path(speclint.__file__).parent


def modules() -> dict:
    """module name -> path of every module of the package."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict) -> set:
    """The speclint modules `name` (at `path`) imports anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != name}


def graph() -> dict:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict) -> list:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        work = [(v, iter(sorted(edges[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_finder_sees_a_circle_through_a_function_level_import():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]
    source = "def f():\n    from speclint.lint import Options\n"
    tree_edges = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            tree_edges.add(node.module)
    assert tree_edges == {"speclint.lint"}


def test_the_finder_resolves_submodules_and_relative_imports(tmp_path):
    known = {"speclint.source": None, "speclint.source.loader": None, "speclint.lint": None}
    module = tmp_path / "x.py"
    module.write_text("from speclint.source import loader\nfrom . import lint\nimport speclint.lint\n")
    assert imports_of("speclint.other", module, known) == {"speclint.source.loader", "speclint.lint"}


# Circles being taken apart on other branches of issue 15 this session; remove an entry when
# its branch is merged (a circle that reaches outside its entry's modules fails regardless).
BEING_REMOVED = {
}


def test_no_import_circles():
    found = [c for c in cycles(graph()) if not any(set(c) <= group for group in BEING_REMOVED)]
    if found:
        pytest.fail("import circles: " + "; ".join(" <-> ".join(c) for c in found))


# Modules that load YAML that is not a buildspec or appspec being linted: task definitions
# and the pipeline's other buildspecs, which ecs_pipeline reads by its own rules (a `phases`
# key, a sniff of the first bytes) and never classifies.
LOADS_OTHER_YAML = {"speclint.ecs_pipeline"}


def test_read_load_classify_exists_once():
    """Only the source layer (speclint.source, open_source) loads and classifies the files
    speclint lints; check, lifecycle, --list-files and the revision checks all go through it."""
    known = modules()
    loaders, classifiers = set(), set()
    for name, path in known.items():
        if name == "speclint.source" or name.startswith("speclint.source."):
            continue  # the source layer itself
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "speclint.source.loader" \
                    and any(alias.name == "load" for alias in node.names):
                loaders.add(name)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "classify" \
                    and getattr(node.func.value, "id", "") in ("classify", "classify_mod"):
                classifiers.add(name)
    assert loaders == LOADS_OTHER_YAML
    assert classifiers == set()
