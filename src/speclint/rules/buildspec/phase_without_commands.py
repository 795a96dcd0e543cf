from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import phases


class PhaseWithoutCommands(Rule):
    """A `pre_build`, `build` or `post_build` phase without `commands`.

    What it does:
    Reports these phases when they have no `commands` key (an info when they have `finally`).

    Why it matters:
    The docs make `commands` required in these phases; a phase left with only `run-as` or
    `on-failure` usually means the commands were indented wrongly or deleted.

    Example:
    ```yaml
    phases:
      build:
        on-failure: ABORT
    ```

    Use instead:
    ```yaml
    phases:
      build:
        on-failure: ABORT
        commands:
          - make
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.phases
    """

    code = "B015"
    name = "phase-without-commands"
    severity = Severity.WARNING
    summary = "a pre_build, build or post_build phase without commands"
    applies_to = BUILDSPEC

    def check(self, doc):
        for name, key, phase in phases(doc):
            if name not in ("pre_build", "build", "post_build"):
                continue
            if isinstance(phase, MappingNode) and "commands" not in phase:
                if "finally" in phase:
                    yield self.report(doc, key, f"phase {name} has finally but no commands", "add commands, or keep finally alone if that is intended",
                                      severity=Severity.INFO, path=("phases", name, "commands"))
                else:
                    yield self.report(doc, key, f"phase {name} has no commands", f"add commands to {name}, or remove the phase",
                                      path=("phases", name, "commands"))
