from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import BUILDSPEC, Rule


class VersionQuoted(Rule):
    """`version` written as a string (`"0.2"`) instead of a number.

    What it does:
    Reports a quoted buildspec version.

    Why it matters:
    Every real-world buildspec writes `version: 0.2` unquoted; how CodeBuild treats the
    string is not documented, so the safe spelling is the number.

    Example:
    ```yaml
    version: "0.2"
    ```

    Use instead:
    ```yaml
    version: 0.2
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-syntax
    """

    code = "B009"
    name = "version-quoted"
    severity = Severity.WARNING
    summary = "the buildspec version is a quoted string"
    applies_to = BUILDSPEC

    def check(self, doc):
        root = doc.mapping
        node = root.get("version") if root else None
        if isinstance(node, ScalarNode) and node.is_quoted and node.value in ("0.1", "0.2"):
            yield self.report(doc, node, f'version is the string "{node.value}"; CodeBuild documents it as a number',
                              f"write version: {node.value} without quotes", path=("version",))
