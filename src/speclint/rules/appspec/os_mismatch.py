from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import ec2_scripts

WINDOWS_ONLY = (".ps1", ".bat", ".cmd", ".exe")
LINUX_ONLY = (".sh", ".bash")


class OsMismatch(Rule):
    """Settings that do not work on the appspec's `os`.

    What it does:
    For `os: windows`: reports `permissions` (error), `runas` (warning, ignored) and `.sh`
    hooks (warning). For `os: linux`: reports `.ps1`, `.bat`, `.cmd` and `.exe` hooks (warning).

    Why it matters:
    A Windows deployment with permissions fails (`...specifiles file permissions, but the
    deployment is targeting one or more Windows Server instances`); a shell script cannot run
    on Windows and a PowerShell script cannot run on Linux.

    Example:
    ```yaml
    os: windows
    hooks:
      AfterInstall:
        - location: scripts/setup.sh
    ```

    Use instead:
    ```yaml
        - location: scripts/setup.ps1
    ```

    References:
    - `The deployment failed because the application specification file specifiles file permissions, but the deployment is targeting one or more Windows Server instances.`
    - Permissions on Windows: the agent's own message (aws/aws-codedeploy-agent,
      application_specification.rb parse_permissions). Script types: inference (the agent runs a
      hook through its #! line, so a .ps1 with `#!/usr/bin/env pwsh` can run on Linux), hence warnings.
    """

    code = "A106"
    name = "os-mismatch"
    severity = Severity.ERROR
    summary = "permissions, runas or a script type that does not work on this os"
    applies_to = EC2

    def check(self, doc):
        root = doc.mapping
        os_node = root.get("os") if root else None
        os_name = os_node.value if isinstance(os_node, ScalarNode) else None
        if os_name not in ("linux", "windows"):
            return
        if os_name == "windows" and "permissions" in root:
            yield self.report(doc, root.get_key("permissions"), "permissions are not supported on Windows; the deployment fails",
                              "remove the permissions section; set ACLs in a hook script instead", path=("permissions",))
        for event, i, script in ec2_scripts(doc):
            location = script.get("location")
            loc = location.value.lower() if isinstance(location, ScalarNode) and isinstance(location.value, str) else ""
            if os_name == "windows":
                if "runas" in script:
                    yield self.report(doc, script.get_key("runas"), "runas is ignored on Windows", "remove runas",
                                      severity=Severity.WARNING, path=("hooks", event, i, "runas"))
                if loc.endswith(LINUX_ONLY):
                    yield self.report(doc, location, f'"{location.value}" is a shell script, but os is windows',
                                      "use a .ps1, .bat or .cmd script", severity=Severity.WARNING, path=("hooks", event, i, "location"))
            elif loc.endswith(WINDOWS_ONLY):
                yield self.report(doc, location, f'"{location.value}" is a Windows script, but os is linux',
                                  "use a shell script with a #! line", severity=Severity.WARNING, path=("hooks", event, i, "location"))
