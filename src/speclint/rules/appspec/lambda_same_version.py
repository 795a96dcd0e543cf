from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import LAMBDA, Rule
from speclint.rules.helpers import ci_get, resource_properties


class LambdaSameVersion(Rule):
    """`CurrentVersion` equal to `TargetVersion` in a Lambda appspec.

    What it does:
    Reports a TargetVersion that is the same as the CurrentVersion.

    Why it matters:
    There is no traffic to shift; CodeDeploy fails the deployment with
    `INVALID_LAMBDA_CONFIGURATION`. It usually means the step that publishes a new version
    did not run, or the template was filled with the wrong value.

    Example:
    ```yaml
    version: 0.0
    Resources:
      - checkout:
          Type: AWS::Lambda::Function
          Properties:
            Name: checkout
            Alias: live
            CurrentVersion: "8"
            TargetVersion: "8"
    ```

    Use instead:
    ```yaml
    CurrentVersion: "8"
    TargetVersion: "9"
    ```

    References:
    - `The AppSpec file that specifies the AWS Lambda deployment configuration is missing or has an invalid configuration. (Error code: INVALID_LAMBDA_CONFIGURATION)`
    """

    code = "A109"
    name = "lambda-same-version"
    severity = Severity.ERROR
    summary = "TargetVersion equals CurrentVersion: nothing to deploy"
    applies_to = LAMBDA
    prevents = "INVALID_LAMBDA_CONFIGURATION"

    def check(self, doc):
        for i, name, props in resource_properties(doc):
            _, current = ci_get(props, "CurrentVersion")
            tkey, target = ci_get(props, "TargetVersion")
            if isinstance(current, ScalarNode) and isinstance(target, ScalarNode) and str(current.value).strip().isdigit() \
                    and str(current.value).strip() == str(target.value).strip():
                yield self.report(doc, target, f'TargetVersion "{target.value}" is the same as CurrentVersion (line {current.start_line}); there is no traffic to shift',
                                  "set TargetVersion to the newly published version", path=("Resources", i, name, "Properties", "TargetVersion"))
