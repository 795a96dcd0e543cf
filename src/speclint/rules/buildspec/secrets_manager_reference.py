from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at


class SecretsManagerReference(Rule):
    """A `secrets-manager` reference that does not have the documented shape.

    What it does:
    Checks each value `secret-id[:json-key[:version-stage[:version-id]]]`: a secret name takes
    at most 4 colon-separated fields, a full ARN (`arn:aws:secretsmanager:region:account:secret:name`)
    takes 7 before the optional ones; `version-stage` and `version-id` cannot both be given.

    Why it matters:
    A malformed reference fails the build in DOWNLOAD_SOURCE when CodeBuild resolves it.

    Example:
    ```yaml
    version: 0.2
    env:
      secrets-manager:
        TOKEN: prod/api:token:AWSCURRENT:v1:extra
    phases:
      build:
        commands:
          - ./deploy.sh
    ```

    Use instead:
    ```yaml
    secrets-manager:
      TOKEN: prod/api:token
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager
    - Inference: the shape is documented; the failure message for a malformed reference is not
      known, hence a warning.
    """

    code = "B006"
    name = "secrets-manager-reference"
    severity = Severity.WARNING
    summary = "a secrets-manager value that is not secret-id[:json-key[:version-stage[:version-id]]]"
    applies_to = BUILDSPEC

    def check(self, doc):
        refs = at(doc, "env", "secrets-manager")
        if not isinstance(refs, MappingNode):
            return
        for key, value in refs.entries():
            if not isinstance(value, ScalarNode) or not isinstance(value.value, str) or value.value.startswith("$"):
                continue
            parts = value.value.split(":")
            is_arn = parts[0] == "arn"
            base = 7 if is_arn else 1
            if is_arn and (len(parts) < 7 or parts[2] != "secretsmanager" or parts[5] != "secret"):
                message = f'secrets-manager value "{value.value}" is not a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)'
            elif len(parts) > base + 3:
                message = f'secrets-manager value "{value.value}" has {len(parts) - base} fields after the secret id; at most 3 (json-key, version-stage, version-id) are allowed'
            elif len(parts) == base + 3 and parts[base + 1] and parts[base + 2]:
                message = f'secrets-manager value "{value.value}" gives both a version-stage and a version-id; give one of them'
            else:
                continue
            yield self.report(doc, value, message, "write secret-id[:json-key[:version-stage[:version-id]]], e.g. prod/db:password",
                              path=("env", "secrets-manager", str(key.value)))
