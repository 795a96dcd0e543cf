from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode, SequenceNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import permissions


class OverlappingPermissions(Rule):
    """Two `permissions` entries that cover the same installed path.

    What it does:
    Reports a permission whose `object` lies inside another entry's `object` when both apply
    to everything below (`pattern` left at `**`) and to overlapping types.

    Why it matters:
    The agent refuses to set permissions twice: `The deployment failed because the
    permissions setting for (<path>) is specified more than once`.

    Example:
    ```yaml
    permissions:
      - object: /var/www
        owner: www-data
      - object: /var/www/html
        mode: "755"
    ```

    Use instead:
    Use `pattern`/`except` to split the tree, or one entry per disjoint folder.

    References:
    - `The deployment failed because the permissions setting for (X) is specified more than once in the application specification file.`
    """

    code = "A108"
    name = "overlapping-permissions"
    severity = Severity.WARNING
    summary = "two permission entries cover the same path"
    applies_to = EC2

    def check(self, doc):
        entries = []
        for i, perm in permissions(doc):
            obj, pattern, types = perm.get("object"), perm.get("pattern"), perm.get("type")
            if not isinstance(obj, ScalarNode) or not isinstance(obj.value, str):
                continue
            pat = pattern.value if isinstance(pattern, ScalarNode) else "**"
            kinds = {t.value for t in types.items if isinstance(t, ScalarNode)} if isinstance(types, SequenceNode) else {"file", "directory"}
            entries.append((i, obj, obj.value.rstrip("/") or "/", pat, kinds, "except" in perm))
        # Entries that cover everything below their object, by path: the first of each set of
        # types is enough (it has the lowest index). Each entry is then reported once, against
        # the first entry covering it, found by walking up its own path: linear in the
        # number of entries times the depth, where comparing every pair was quadratic (1,000
        # identical entries were 499,500 findings).
        covering: dict = {}
        for a, (i, obj_a, path_a, pat_a, kinds_a, exc_a) in enumerate(entries):
            if pat_a == "**" and not exc_a:
                by_kinds = covering.setdefault(path_a, {})
                by_kinds.setdefault(frozenset(kinds_a), (a, obj_a, path_a))
        for b, (j, obj_b, path_b, _, kinds_b, _) in enumerate(entries):
            first = None
            for folder in _ancestors(path_b):
                for a, obj_a, path_a in covering.get(folder, {}).values():
                    if a == b or (path_a == path_b and a > b) or not (entries[a][4] & kinds_b):
                        continue
                    if first is None or a < first[0]:
                        first = (a, obj_a, path_a)
            if first is not None:
                _, obj_a, path_a = first
                yield self.report(doc, obj_b, f'permissions for "{path_b}" overlap the entry for "{path_a}" (line {obj_a.start_line}); the agent fails when two entries match the same path',
                                  "narrow the first entry with pattern/except or type, or merge the two", path=("permissions", j, "object"))


def _ancestors(path: str):
    """`path` and each folder above it: /a/b, /a, / (a relative path stops at its first part)."""
    yield path
    while True:
        cut = path.rfind("/")
        if cut < 0:
            return
        parent = path[:cut] or "/"
        if parent == path:
            return
        yield parent
        path = parent
