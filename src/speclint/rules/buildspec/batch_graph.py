from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at
from speclint.suggest import closest


class BatchGraph(Rule):
    """Batch tasks whose identifiers repeat, or whose `depend-on` names no task, a later task, itself, or forms a cycle.

    What it does:
    In `build-graph` and `build-list`, reports a repeated `identifier`; in `build-graph`, a
    `depend-on` entry that names no task (with did-you-mean), a task defined further down,
    the task itself, and dependency cycles. All are warnings: AWS documents no failure
    message for them, so that CodeBuild rejects them is an inference (see References).

    Why it matters:
    A task that waits for a task that does not exist, or for itself, or a cycle, can never
    start. An AWS maintainer reports that identifiers used in `depend-on` must be defined
    before they are used (aws/eks-anywhere-build-tooling#762), so a forward reference is
    reported too.

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
      (depend-on lists identifiers of other tasks; no failure message is documented: inference)
    - https://github.com/aws/eks-anywhere-build-tooling/pull/762 (review: "identifiers used in the
      `depend-on` section need to be defined before being used")
    """

    code = "B008"
    name = "batch-graph"
    severity = Severity.WARNING
    summary = "a batch task that depends on no task, a later task or itself, a dependency cycle, or a repeated identifier"
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
                    name = ident.text
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
                here = getattr(ident, "start_line", None)
                for j, dep in enumerate(deps.items):
                    if not isinstance(dep, ScalarNode):
                        continue
                    if dep.value is None:  # `- ` or `[null]`: YAML's null, not a task called "None"
                        yield self.report(doc, dep, "depend-on has an empty entry, which names no task in build-graph",
                                          f"write a task identifier ({', '.join(sorted(ids)) or 'none defined'}) or remove the entry",
                                          path=("batch", kind, i, "depend-on", j))
                        continue
                    target = dep.text
                    edges.setdefault(me, []).append((target, dep))
                    if target not in ids:
                        guess = suggest(target)
                        yield self.report(doc, dep, f'depend-on "{target}" names no task in build-graph' + (f' (did you mean "{guess}"?)' if guess else ""),
                                          f"valid identifiers: {_some(ids) or '(none)'}", path=("batch", kind, i, "depend-on", j))
                    elif target == me:
                        yield self.report(doc, dep, f'task "{me}" depends on itself', "remove it from its own depend-on",
                                          path=("batch", kind, i, "depend-on", j))
                    elif here is not None and ids[target].start_line > here:
                        yield self.report(doc, dep, f'depend-on "{target}" names a task defined further down (line {ids[target].start_line}); '
                                                    "identifiers used in depend-on must be defined before they are used",
                                          f'move the task "{target}" above "{me}"', path=("batch", kind, i, "depend-on", j))
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
