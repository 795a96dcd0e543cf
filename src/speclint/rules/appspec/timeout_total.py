from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode, SequenceNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import ec2_hooks


class TimeoutTotal(Rule):
    """The scripts of one lifecycle event have timeouts that add up to more than 3600 seconds.

    What it does:
    Adds the `timeout` of every script of each event and reports events over one hour.

    Why it matters:
    The documented limit is 3600 seconds per event, and AWS's own appspec validator enforces
    it (`Total timeout for all scripts within a single LifecycleEvent added up must not
    exceed 3600 seconds`). The agent's parser does not, so this is a warning.

    Example:
    ```yaml
    version: 0.0
    os: linux
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
          timeout: 1800
        - location: scripts/warm_cache.sh
          timeout: 2400
    ```

    Use instead:
    Timeouts that add up to 3600 or less.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
    """

    code = "A104"
    name = "timeout-total"
    severity = Severity.WARNING
    summary = "the script timeouts of one event add up to more than 3600 seconds"
    applies_to = EC2

    def check(self, doc):
        for event, key, value in ec2_hooks(doc):
            if not isinstance(value, SequenceNode) or len(value.items) < 2:
                continue
            total = 0
            for item in value.items:
                timeout = item.get("timeout") if hasattr(item, "get") else None
                if isinstance(timeout, ScalarNode) and isinstance(timeout.value, int) and not isinstance(timeout.value, bool):
                    total += timeout.value
            if total > 3600:
                yield self.report(doc, key, f"the timeouts of the {len(value.items)} scripts of {event} add up to {total} seconds, over the 3600-second limit per event",
                                  "shorten the timeouts, or move scripts to another event")
