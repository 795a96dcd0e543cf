from speclint.diagnostics import Severity
from speclint.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at
from speclint.suggest import closest


class BatchGraph(Rule):
    """Batch tasks whose identifiers repeat, or whose `depend-on` names no task or forms a cycle.

    What it does:
    In `build-graph` and `build-list`, reports a repeated `identifier`; in `build-graph`, a
    `depend-on` entry that names no task (error, with did-you-mean) and dependency cycles.

    Why it matters:
    CodeBuild cannot start a batch whose graph refers to a missing task; a cycle can never
    start at all.

    Example:
    ```yaml
    batch:
      build-graph:
        - identifier: build
        - identifier: test
          depend-on: [biuld]
    ```

    Use instead:
    ```yaml
          depend-on: [build]
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html#build-spec.batch.build-graph
    """

    code = "B008"
    name = "batch-graph"
    severity = Severity.ERROR
    summary = "a batch task that depends on no task, a dependency cycle, or a repeated identifier"
    applies_to = BUILDSPEC

    def check(self, doc):
        batch = at(doc, "batch")
        if not isinstance(batch, MappingNode):
            return
        for kind in ("build-graph", "build-list"):
            tasks = batch.get(kind)
            if not isinstance(tasks, SequenceNode):
                continue
            ids: dict = {}
            for i, task in enumerate(tasks.items):
                ident = task.get("identifier") if isinstance(task, MappingNode) else None
                if isinstance(ident, ScalarNode) and ident.value is not None:
                    name = str(ident.value)
                    if name in ids:
                        yield self.report(doc, ident, f'batch identifier "{name}" is used twice (first at line {ids[name].start_line}); identifiers must be unique',
                                          "rename one of the tasks", severity=Severity.WARNING, path=("batch", kind, i, "identifier"))
                    else:
                        ids[name] = ident
            if kind != "build-graph":
                continue
            edges: dict = {}
            suggest = _Suggestions(list(ids))
            for i, task in enumerate(tasks.items):
                if not isinstance(task, MappingNode):
                    continue
                ident = task.get("identifier")
                deps = task.get("depend-on")
                if not isinstance(deps, SequenceNode):
                    continue
                me = str(getattr(ident, "value", ""))
                for j, dep in enumerate(deps.items):
                    if not isinstance(dep, ScalarNode):
                        continue
                    target = str(dep.value)
                    edges.setdefault(me, []).append((target, dep))
                    if target not in ids:
                        guess = suggest(target)
                        yield self.report(doc, dep, f'depend-on "{target}" names no task in build-graph' + (f' (did you mean "{guess}"?)' if guess else ""),
                                          f"valid identifiers: {_some(ids) or '(none)'}", path=("batch", kind, i, "depend-on", j))
                    elif target == me:
                        yield self.report(doc, dep, f'task "{me}" depends on itself', "remove it from its own depend-on",
                                          path=("batch", kind, i, "depend-on", j))
            yield from self._cycles(doc, edges)

    def _cycles(self, doc, edges):
        state: dict = {}
        reported = set()
        for start in list(edges):
            stack = [(start, iter(edges.get(start, [])))]
            trail = [start]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    stack.pop()
                    trail.pop()
                    continue
                target, dep_node = child
                if target == node:
                    continue
                if state.get(target) == 1 and target in trail:
                    cycle = trail[trail.index(target):] + [target]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        yield self.report(doc, dep_node, f"build-graph dependencies form a cycle: {' -> '.join(cycle)}",
                                          "remove one depend-on entry of the cycle: no task in it can ever start",
                                          severity=Severity.WARNING)
                elif state.get(target) is None and target in edges:
                    state[target] = 1
                    trail.append(target)
                    stack.append((target, iter(edges[target])))


class _Suggestions:
    """did-you-mean for misspelt depend-on entries, bounded: each distinct name is looked up
    once, and only the first LIMIT distinct names are (each lookup compares against every
    task; 2,000 typos among 2,000 tasks took 136 s and listed every task in every hint)."""

    LIMIT = 20

    def __init__(self, identifiers: list):
        self.identifiers = identifiers
        self.found: dict = {}

    def __call__(self, target: str):
        if target not in self.found:
            self.found[target] = closest(target, self.identifiers) if len(self.found) < self.LIMIT else None
        return self.found[target]


def _some(identifiers, limit: int = 12) -> str:
    """The first `limit` identifiers, sorted: a hint stays short however many tasks there are."""
    names = sorted(identifiers)
    return ", ".join(names[:limit]) + (f", … ({len(names)} in all)" if len(names) > limit else "")
