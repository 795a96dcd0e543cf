from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import phases


class CommandsBlockString(Rule):
    """`commands` written as one string instead of a list.

    What it does:
    Reports `commands: |` (or any string) where a list of commands is expected.

    Why it matters:
    CodeBuild documents `commands` as a list. Whether a single string runs as one script is
    not documented, and failures inside it are reported as one command.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands: |
          npm ci
          npm test
    ```

    Use instead:
    ```yaml
    commands:
      - npm ci
      - npm test
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.phases.commands
    """

    code = "B011"
    name = "commands-block-string"
    severity = Severity.WARNING
    summary = "commands written as one string instead of a list"
    applies_to = BUILDSPEC

    def check(self, doc):
        for name, _, phase in phases(doc):
            if not isinstance(phase, MappingNode):
                continue
            for section in ("commands", "finally"):
                node = phase.get(section)
                if isinstance(node, ScalarNode) and isinstance(node.value, str):
                    from speclint.schema import dash_message, dash_without_space

                    if dash_without_space(node):
                        message, hint = dash_message(node, f"{section} of phase {name}")
                        yield self.report(doc, node, message, hint, path=("phases", name, section))
                        continue
                    yield self.report(doc, node, f"{section} of phase {name} is a single string, not a list of commands",
                                      "write each command as a list item (- command), or one item holding a block scalar (- |)",
                                      path=("phases", name, section))
