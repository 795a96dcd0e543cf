from speclint.diagnostics import Severity
from speclint.fix import UNSAFE, Fix, replace_node
from speclint.source.nodes import ScalarNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import permissions


class ModeOctal(Rule):
    """A permission `mode` that YAML reads as an octal number.

    What it does:
    Reports an unquoted `mode` with a leading zero (`0644`, `0755`), and numbers whose digits
    are not octal.

    Why it matters:
    YAML 1.1 reads `0644` as the octal number 420 and the agent applies mode 420 silently;
    `0755` becomes 493 and fails with `the permissions mode (493) ... contains an invalid
    character (9)`.

    Example:
    ```yaml
    permissions:
      - object: /var/www
        mode: 0755
    ```

    Use instead:
    ```yaml
        mode: "0755"
    ```

    Fix safety:
    Unsafe: quotes the mode as written (`mode: "0644"`). The agent then applies mode 0644
    instead of the 420 it applies today (or, for `0755`, deploys instead of failing), which
    is what the author meant but changes what the deployment does. Numbers that are not
    octal at all (`mode: 999`) have no fix.

    References:
    - `The deployment failed because the permissions mode (493) in the application specification file contains an invalid character (9).`
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-permissions.html
    """

    code = "A103"
    name = "mode-octal"
    severity = Severity.ERROR
    summary = "a permission mode that YAML reads as an octal number"
    applies_to = EC2
    prevents = "the permissions mode (493) ... contains an invalid character (9)"
    fix_safety = "unsafe"

    def check(self, doc):
        for i, perm in permissions(doc):
            mode = perm.get("mode")
            if not isinstance(mode, ScalarNode) or mode.style != "plain" or not isinstance(mode.value, int):
                continue
            text = mode.text
            if text.startswith("0") and len(text) > 1:
                outcome = (f"the agent applies mode {mode.value} instead" if set(str(mode.value)) <= set("01234567")
                           else f"the deployment fails: mode {mode.value} has a non-octal digit")
                yield self.report(doc, mode, f"mode {text} is read by YAML as the octal number {mode.value}; {outcome}",
                                  f'quote it: mode: "{text}"', path=("permissions", i, "mode"),
                                  fix=Fix.make(UNSAFE, f'quote the mode: "{text}"', replace_node(doc, mode, f'"{text}"')))
            elif not set(text) <= set("01234567") or len(text) > 4:
                yield self.report(doc, mode, f"mode {text} is not 1-4 octal digits (0-7)", 'write e.g. mode: "644"',
                                  path=("permissions", i, "mode"))
