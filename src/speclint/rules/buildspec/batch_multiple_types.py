from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at

TYPES = ("build-list", "build-graph", "build-matrix", "build-fanout")


class BatchMultipleTypes(Rule):
    """A `batch` section with more than one batch type.

    What it does:
    Reports a second `build-list`, `build-graph`, `build-matrix` or `build-fanout` in one batch.

    Why it matters:
    A batch build runs as one type; the docs describe the batch content per type, so only one
    of them is used.

    Example:
    ```yaml
    batch:
      build-list: [...]
      build-graph: [...]
    ```

    Use instead:
    One batch type per buildspec.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html
    """

    code = "B014"
    name = "batch-multiple-types"
    severity = Severity.WARNING
    summary = "more than one batch type in one batch section"
    applies_to = BUILDSPEC

    def check(self, doc):
        batch = at(doc, "batch")
        if not isinstance(batch, MappingNode):
            return
        present = [t for t in TYPES if t in batch]
        for extra in present[1:]:
            yield self.report(doc, batch.get_key(extra), f'batch has both "{present[0]}" and "{extra}"; a batch build uses one type',
                              "keep one of build-list, build-graph, build-matrix or build-fanout", path=("batch", extra))
