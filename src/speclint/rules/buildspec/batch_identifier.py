import re

from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode, key_text
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at

# The batch types whose tasks carry an `identifier` (build-matrix and build-fanout have none).
TASK_LISTS = ("build-graph", "build-list")
VALID = re.compile(r"[A-Za-z0-9_]+")
MAX_LENGTH = 127  # "less than 128 characters"


class BatchIdentifier(Rule):
    """A batch task identifier with characters other than letters, digits and underscores, or 128+ long.

    What it does:
    Checks every `identifier` of a `build-graph` and a `build-list` task (the batch types
    whose tasks have identifiers; `build-matrix` and `build-fanout` have none): only ASCII
    letters, digits and underscores, fewer than 128 characters. The hint gives the name with
    each other character replaced by `_`; rename the `depend-on` entries that use it too.

    Why it matters:
    CodeBuild refuses to start the batch: `BATCH_SPEC_VALIDATION_ERROR: BatchSpec has invalid
    values.. Build Identifiers customized-env,multi-env-app must contain only alphanumeric
    characters and underscores and be less than 128 characters in length.` A hyphen, the usual
    word separator elsewhere, is the common case.

    Example:
    ```yaml
    batch:
      build-graph:
        - identifier: unit-tests
    ```

    Use instead:
    ```yaml
    batch:
      build-graph:
        - identifier: unit_tests
    ```

    References:
    - https://github.com/aws/copilot-cli/pull/1673 (the BATCH_SPEC_VALIDATION_ERROR message)
    - https://github.com/aws/eks-anywhere-build-tooling/pull/762 ("Identifier names cannot have dashes")
    - https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html
    """

    code = "B031"
    name = "batch-identifier"
    severity = Severity.ERROR
    summary = "a batch task identifier that is not letters, digits and underscores under 128 characters"
    applies_to = BUILDSPEC
    prevents = ("BATCH_SPEC_VALIDATION_ERROR: Build Identifiers ... must contain only alphanumeric characters and underscores "
                "and be less than 128 characters in length")

    def check(self, doc):
        batch = at(doc, "batch")
        if not isinstance(batch, MappingNode):
            return
        for kind in TASK_LISTS:
            tasks = batch.get(kind)
            if not isinstance(tasks, SequenceNode):
                continue
            for i, task in enumerate(tasks.items):
                ident = task.get("identifier") if isinstance(task, MappingNode) else None
                if not isinstance(ident, ScalarNode) or ident.value is None or ident.value == "":
                    continue  # missing or empty: the schema reports it
                text = key_text(ident)  # the written text: `identifier: 0755` is "0755", not 493
                problem = _problem(text)
                if problem:
                    fixed = re.sub(r"[^A-Za-z0-9_]", "_", text)[:MAX_LENGTH]
                    yield self.report(doc, ident, f'batch identifier "{_shown(text)}" {problem}: CodeBuild accepts only letters, digits '
                                                  "and underscores, fewer than 128 characters, and rejects the batch",
                                      f'write "{_shown(fixed)}" (and use that name in every depend-on)',
                                      path=("batch", kind, i, "identifier"))


def _problem(text: str) -> str:
    bad = sorted({c for c in text if not VALID.fullmatch(c)})
    if bad:
        return "contains " + ", ".join(repr(c) for c in bad)
    if len(text) > MAX_LENGTH:
        return f"is {len(text)} characters long"
    return ""


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
