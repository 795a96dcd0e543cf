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

    A buildspec embedded as a JSON string in a template, as the AWS CDK writes
    `BuildSpec.fromObject` (`"version": "0.2"` is a string there), is reported only when the
    project runs batch builds (`BuildBatchConfig`, or a `batch` section): plain builds accept
    the string, batch builds were reported to fail on it.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-syntax
    - https://github.com/aws/aws-cdk/issues/22087 and https://github.com/aws/aws-cdk/issues/29592
      (batch builds: "cannot unmarshal !!str 0.2 into float64"; inferred from these reports)
    """

    code = "B009"
    name = "version-quoted"
    severity = Severity.WARNING
    summary = "the buildspec version is a quoted string"
    applies_to = BUILDSPEC

    def check(self, doc):
        root = doc.mapping
        node = root.get("version") if root else None
        if not (isinstance(node, ScalarNode) and node.is_quoted and node.value in ("0.1", "0.2")):
            return
        embedded = doc.state.get("embedded") or {}
        if embedded.get("origin") == "json":
            # A JSON buildspec string in a template (what CDK's BuildSpec.fromObject writes):
            # CodeBuild accepts the string for plain builds; batch builds fail on it.
            if embedded.get("batch") or "batch" in root:
                yield self.report(doc, node, f'version is the string "{node.value}": CodeBuild batch builds stop on it '
                                  "(\"cannot unmarshal !!str `0.2` into float64\", reported in aws-cdk#22087)",
                                  "write the number (CDK: override the BuildSpec property, or keep this batch "
                                  "buildspec in a file with BuildSpec.fromSourceFilename)", path=("version",))
        else:
            yield self.report(doc, node, f'version is the string "{node.value}"; CodeBuild documents it as a number',
                              f"write version: {node.value} without quotes", path=("version",))
