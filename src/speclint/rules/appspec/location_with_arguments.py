import re

from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import ec2_scripts

_WITH_ARGS = re.compile(r"^\S+\.(sh|bash|py|rb|pl|ps1|bat|cmd|exe)\s+\S")


class LocationWithArguments(Rule):
    """A hook `location` that is a command with arguments, not a file.

    What it does:
    Reports `location` values with a script followed by arguments (`scripts/run.sh start`),
    and commands such as `bash scripts/run.sh`.

    Why it matters:
    The agent looks for a file with exactly that name (spaces included) in the revision and
    fails with ScriptMissing: `Script does not exist at specified location`.

    Example:
    ```yaml
    version: 0.0
    os: linux
    hooks:
      ApplicationStart:
        - location: scripts/service.sh start
    ```

    Use instead:
    A script per action (`scripts/start.sh`), or read `$LIFECYCLE_EVENT` inside one script.

    References:
    - `Script does not exist at specified location: .../deployment-archive/scripts/service.sh start`
    """

    code = "A105"
    name = "location-with-arguments"
    severity = Severity.ERROR
    summary = "a hook location with arguments: the agent looks for a file of that name"
    applies_to = EC2
    prevents = "ScriptMissing"

    def check(self, doc):
        for event, i, script in ec2_scripts(doc):
            node = script.get("location")
            if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
                continue
            value = node.value.strip()
            first = value.split(" ")[0]
            if _WITH_ARGS.match(value) or first in ("bash", "sh", "python", "python3", "sudo", "powershell", "powershell.exe", "cmd", "/bin/bash", "/bin/sh"):
                yield self.report(doc, node, f'location "{node.value}" is a command with arguments; the agent looks for a file with exactly this name and fails with ScriptMissing',
                                  "point location at the script file only; pass settings through files or $LIFECYCLE_EVENT",
                                  path=("hooks", event, i, "location"))
