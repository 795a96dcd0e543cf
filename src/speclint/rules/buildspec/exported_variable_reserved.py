from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at


class ExportedVariableReserved(Rule):
    """`exported-variables` names that cannot be exported.

    What it does:
    Reports exported variable names that start with `AWS_`, and names that are defined in
    `parameter-store` or `secrets-manager` of the same buildspec.

    Why it matters:
    CodeBuild refuses to export reserved `AWS_` names and secret values; the next pipeline
    stage does not get them.

    Example:
    ```yaml
    env:
      exported-variables: [AWS_REGION]
    ```

    Use instead:
    ```yaml
    env:
      exported-variables: [DEPLOY_REGION]
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.exported-variables
    - Inference: the docs say these names are not exported; the build itself does not fail,
      hence a warning.
    """

    code = "B013"
    name = "exported-variable-reserved"
    severity = Severity.WARNING
    summary = "an exported variable name that CodeBuild will not export"
    applies_to = BUILDSPEC

    def check(self, doc):
        env = at(doc, "env")
        if not isinstance(env, MappingNode):
            return
        names = env.get("exported-variables")
        if not isinstance(names, SequenceNode):
            return
        secret = set()
        for section in ("parameter-store", "secrets-manager"):
            block = env.get(section)
            if isinstance(block, MappingNode):
                secret |= set(block.keys())
        for i, item in enumerate(names.items):
            if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                continue
            if item.value.startswith("AWS_"):
                yield self.report(doc, item, f'exported variable "{item.value}" starts with AWS_, which CodeBuild does not export',
                                  "copy the value into a variable with another name and export that", path=("env", "exported-variables", i))
            elif item.value in secret:
                yield self.report(doc, item, f'exported variable "{item.value}" comes from parameter-store or secrets-manager and cannot be exported',
                                  "do not pass secrets between pipeline stages; read them again where needed", path=("env", "exported-variables", i))
