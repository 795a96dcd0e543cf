import re

from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at

_NAME = re.compile(r"(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|APIKEY|ACCESS_KEY|CREDENTIAL)", re.IGNORECASE)
_VALUE = [
    (re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$"), "an AWS access key id"),
    (re.compile(r"^gh[pousr]_[A-Za-z0-9]{36,}$"), "a GitHub token"),
    (re.compile(r"^xox[baprs]-[A-Za-z0-9-]{10,}$"), "a Slack token"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
]
_HARMLESS = re.compile(r"^(\$|\{\{|<|arn:|/)|^(true|false|yes|no|none|null|)$", re.IGNORECASE)


class PlaintextSecret(Rule):
    """A secret written in plain text under `env.variables`.

    What it does:
    Reports variables whose name says secret (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*API_KEY*`
    ...) and whose value is a literal, and values that look like credentials (AWS access key
    ids, GitHub and Slack tokens, private keys) whatever the name.

    Why it matters:
    `env.variables` are shown in plain text in the console, the API and the build logs, and
    they live in your repository. Values from `parameter-store` and `secrets-manager` are masked.

    Example:
    ```yaml
    env:
      variables:
        DB_PASSWORD: hunter2
    ```

    Use instead:
    ```yaml
    env:
      secrets-manager:
        DB_PASSWORD: prod/db:password
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.variables
    """

    code = "B007"
    name = "plaintext-secret"
    severity = Severity.WARNING
    summary = "a password, token or key in plain-text env.variables"
    applies_to = BUILDSPEC

    def check(self, doc):
        variables = at(doc, "env", "variables")
        if not isinstance(variables, MappingNode):
            return
        for key, value in variables.entries():
            if not isinstance(value, ScalarNode) or not isinstance(value.value, str):
                continue
            name = str(key.value)
            kind = next((label for pattern, label in _VALUE if pattern.search(value.value)), None)
            if kind:
                message = f'env.variables "{name}" holds what looks like {kind} in plain text'
            elif _NAME.search(name) and not _HARMLESS.search(value.value.strip()):
                message = f'env.variables "{name}" looks like a secret and is stored in plain text'
            else:
                continue
            yield self.report(doc, value, message,
                              "move it to env.secrets-manager or env.parameter-store: those values are masked in logs",
                              path=("env", "variables", name))
