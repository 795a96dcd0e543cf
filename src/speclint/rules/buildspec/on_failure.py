import re

from speclint.diagnostics import Severity
from speclint.fix import SAFE, Fix, edit, source_of, value_start
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import phases

_RETRY = re.compile(r"^RETRY-(\d+)(?:-(.*))?$", re.IGNORECASE)


class OnFailure(Rule):
    """`on-failure` values that CodeBuild rejects or may read differently.

    What it does:
    Reports a retry count above 100, a value not in upper case (the documented spelling), and
    a regex that starts with digits and `-`, which reads as a count.

    Why it matters:
    The count must be 0-100; `RETRY-5-...` is the count-and-regex form, so a regex such as
    `5-times` after `RETRY-` is taken as count 5.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        on-failure: RETRY-500
        commands:
          - make
    ```

    Use instead:
    ```yaml
    on-failure: RETRY-5
    ```

    Fix safety:
    Safe, for the spelling only: the fix writes the keyword in upper case (`retry-3` ->
    `RETRY-3`) and leaves a regex after it as it is. The docs' own examples write `Retry-3`
    and such builds run, so CodeBuild reads the keyword whatever its case (an inference);
    upper case is the documented spelling. A count over 100 has no fix: which count was
    meant is a guess.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.phases.on-failure
    - Inference: the documented forms are ABORT, CONTINUE, RETRY, RETRY-<count> and
      RETRY-<count>-<regex>; no failure message for other values is known, hence a warning.
    """

    code = "B005"
    name = "on-failure-value"
    severity = Severity.WARNING
    summary = "an on-failure retry count over 100, or an unusual spelling"
    applies_to = BUILDSPEC
    fix_safety = "safe"

    def check(self, doc):
        for name, _, phase in phases(doc):
            node = phase.get("on-failure") if isinstance(phase, MappingNode) else None
            if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
                continue
            value = node.value
            path = ("phases", name, "on-failure")
            match = _RETRY.match(value)
            if match and int(match.group(1)) > 100:
                yield self.report(doc, node, f'on-failure retry count {match.group(1)} is over the maximum 100',
                                  "use RETRY-<count> with a count from 0 to 100", path=path)
            elif value.split("-")[0] in ("abort", "continue", "retry", "Abort", "Continue", "Retry") or (
                    value.split("-")[0].upper() in ("ABORT", "CONTINUE", "RETRY") and value.split("-")[0] != value.split("-")[0].upper()):
                word = value.split("-")[0]
                yield self.report(doc, node, f'on-failure value "{value}" is not in upper case',
                                  f'write "{word.upper()}{value[len(word):]}" as documented',
                                  severity=Severity.WARNING, path=path, fix=_fix(doc, node, word))


def _fix(doc, node, word: str):
    """Upper-case the keyword where it is written as it reads (no escapes, no line break)."""
    skip = 1 if node.style in ("single", "double") else 0
    if node.style not in ("plain", "single", "double") or node.start_line != node.end_line:
        return None
    if source_of(doc, node)[skip:skip + len(word)] != word:
        return None
    start = value_start(doc, node) + skip
    return Fix.make(SAFE, f'write "{word.upper()}"', edit(doc, start, start + len(word), word.upper()))
