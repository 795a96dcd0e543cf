from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule


class LegacyVersion(Rule):
    """A buildspec still on `version: 0.1`.

    What it does:
    Reports `version: 0.1`.

    Why it matters:
    In version 0.1 each command runs in its own shell, so `cd` and `export` do not carry over
    to the next command, a classic source of "works locally, fails in CodeBuild". Later
    features (env, finally, on-failure, reports, batch, cache) are documented only for 0.2.

    Example:
    ```yaml
    version: 0.1
    ```

    Use instead:
    ```yaml
    version: 0.2
    env:
      variables: {}
    ```
    (rename `environment_variables.plaintext` to `env.variables`).

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-versions
    """

    code = "B004"
    name = "legacy-version"
    severity = Severity.WARNING
    summary = "version 0.1: each command runs in its own shell"
    applies_to = BUILDSPEC

    def check(self, doc):
        root = doc.mapping
        node = root.get("version") if root else None
        if node is not None and str(getattr(node, "value", "")) == "0.1":
            yield self.report(doc, node, "version 0.1 runs each command in its own shell, so cd and export do not carry over",
                              "use version: 0.2 (and env.variables instead of environment_variables.plaintext)",
                              path=("version",))
