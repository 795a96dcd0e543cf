from speclint.diagnostics import Severity
from speclint.fix import SAFE, Fix, replace_node
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at


class RuntimeVersionFloat(Rule):
    """A runtime version that YAML reads as a different number (`python: 3.10` is 3.1).

    What it does:
    Reports unquoted runtime versions whose number differs from their text, such as `3.10`,
    `1.20` or `8.0`.

    Why it matters:
    A YAML 1.1 parser reads `3.10` as the float 3.1. The docs write these unquoted and
    CodeBuild probably keeps the text, but any tool that loads the file (and your reviewers)
    may see Python 3.1. Quoting makes the intent unambiguous.

    Example:
    ```yaml
    version: 0.2
    phases:
      install:
        runtime-versions:
          python: 3.10
      build:
        commands:
          - pytest
    ```

    Use instead:
    ```yaml
    runtime-versions:
      python: "3.10"
    ```

    Fix safety:
    Safe: quotes the version as written (`python: "3.10"`). The docs write runtime versions
    unquoted and such builds select Python 3.10, so CodeBuild reads the text as written
    (there is no runtime 3.1 it could pick instead); quoting keeps that reading and only
    removes the ambiguity for every other YAML reader.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html
    """

    code = "B010"
    name = "runtime-version-float"
    severity = Severity.WARNING
    summary = "an unquoted runtime version that YAML reads as another number"
    applies_to = BUILDSPEC
    fix_safety = "safe"

    def check(self, doc):
        runtimes = at(doc, "phases", "install", "runtime-versions")
        if not isinstance(runtimes, MappingNode):
            return
        for key, value in runtimes.entries():
            if isinstance(value, ScalarNode) and value.style == "plain" and isinstance(value.value, float) and repr(value.value) != value.text:
                yield self.report(doc, value, f'{key.value}: {value.text} is read by YAML as the number {value.value!r}, not "{value.text}"',
                                  f'quote it: {key.value}: "{value.text}"', path=("phases", "install", "runtime-versions", str(key.value)),
                                  fix=Fix.make(SAFE, f'quote "{value.text}"', replace_node(doc, value, f'"{value.text}"')))
