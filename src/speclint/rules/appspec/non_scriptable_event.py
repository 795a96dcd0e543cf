from speclint.diagnostics import Severity
from speclint.rules.appspec.hook_name import PLATFORM, lifecycle
from speclint.rules.base import APPSPEC, Rule
from speclint.rules.helpers import hook_entries


class NonScriptableEvent(Rule):
    """A hook on a lifecycle event that CodeDeploy runs itself and that cannot be scripted.

    What it does:
    Reports hooks on `Start`, `DownloadBundle`, `Install`, `BlockTraffic`, `AllowTraffic`,
    `AllowTestTraffic` and `End`, explaining when that step runs and which neighbouring hook
    to use.

    Why it matters:
    These steps belong to the agent or the service; a script attached to them never runs (or
    the deployment fails with `unknown lifecycle events`).

    Example:
    ```yaml
    hooks:
      Install:
        - location: scripts/configure.sh
    ```

    Use instead:
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/configure.sh
    ```

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-server
    - Inference: AWS documents these events as not scriptable but no failure message for a hook on
      them is known (the hook may simply never run), hence a warning.
    """

    code = "A102"
    name = "non-scriptable-event"
    severity = Severity.WARNING
    summary = "a hook on a lifecycle event that cannot be scripted"
    applies_to = APPSPEC

    def check(self, doc):
        own = lifecycle(doc.variant)
        for name, key, path in hook_entries(doc):
            info = own["not_scriptable"].get(name)
            if info:
                yield self.report(doc, key,
                                  f'"{name}" cannot be scripted in {PLATFORM[doc.variant]} deployments: CodeDeploy runs it itself, when {info["when"]}',
                                  f"attach the script to {info['instead']}", path=path)
