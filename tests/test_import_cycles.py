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


# The one function outside the source layer that loads YAML: task definitions, JSON read for
# positions (never a file speclint lints, so never classified). The repository's buildspecs
# that ecs_pipeline reads go through source.open_source like every file speclint lints.
LOADS_OTHER_YAML = {("speclint.ecs_pipeline", "_task_definition_tree")}
_CLASSIFIERS = {"classify", "kind_from_content", "strong_kind_from_content", "appspec_variant"}


def _enclosing(tree: ast.AST):
    """(node, name of the innermost function around it, or None at module level) for every node."""
    stack = [(tree, None)]
    while stack:
        node, function = stack.pop()
        yield node, function
        inner = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def uses_of_the_front_end(name: str, tree: ast.AST) -> tuple:
    """({(module, function) that loads YAML}, {(module, function) that classifies}) in one module's tree."""
    loaders, classifiers = set(), set()
    for node, function in _enclosing(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("speclint.source.loader", "speclint.source"):
            if any(alias.name == "load" for alias in node.names):
                loaders.add((name, function))
        if isinstance(node, ast.ImportFrom) and node.module == "speclint.source.classify":
            if any(alias.name in _CLASSIFIERS for alias in node.names):
                classifiers.add((name, function))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = getattr(node.func.value, "id", "")
            if node.func.attr == "load" and owner == "loader":
                loaders.add((name, function))
            if node.func.attr in _CLASSIFIERS and owner in ("classify", "classify_mod"):
                classifiers.add((name, function))
    return loaders, classifiers


def test_read_load_classify_exists_once():
    """Only the source layer (speclint.source, open_source) loads and classifies the files
    speclint lints; check, lifecycle, --list-files, the revision checks and the ECS pipeline's
    buildspecs all go through it."""
    loaders, classifiers = set(), set()
    for name, path in modules().items():
        if name == "speclint.source" or name.startswith("speclint.source."):
            continue  # the source layer itself
        found = uses_of_the_front_end(name, ast.parse(path.read_text(encoding="utf-8")))
        loaders |= found[0]
        classifiers |= found[1]
    assert loaders == LOADS_OTHER_YAML
    assert classifiers == set()


@pytest.mark.parametrize("text, loads, classifies", [
    ("from speclint.source.loader import load\n", {None}, set()),
    ("def f(data):\n    from speclint.source import load\n    return load(data)\n", {"f"}, set()),
    ("from speclint.source import loader\ndef g(d):\n    return loader.load(d)\n", {"g"}, set()),
    ("from speclint.source import classify\ndef h(p, r):\n    return classify.kind_from_content(r)\n", set(), {"h"}),
    ("def k(p, r):\n    from speclint.source.classify import classify\n    return classify(p, r, None)\n", set(), {"k"}),
    ("from speclint.source import open_source\ndef m(p):\n    return open_source(p)\n", set(), set()),
])
def test_the_front_end_check_sees_each_way_of_loading_and_classifying(text, loads, classifies):
    loaders, classifiers = uses_of_the_front_end("speclint.other", ast.parse(text))
    assert {f for _, f in loaders} == loads
    assert {f for _, f in classifiers} == classifies
