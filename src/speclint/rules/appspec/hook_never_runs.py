from speclint.context import Option
from speclint.data import load
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import ec2_hooks


class HookNeverRuns(Rule):
    """A traffic hook in an in-place deployment whose group has no load balancer.

    What it does:
    When the configuration (or `--deployment in-place --no-load-balancer`) says how the
    appspec is deployed, reports hooks on BeforeBlockTraffic, AfterBlockTraffic,
    BeforeAllowTraffic and AfterAllowTraffic: without a load balancer CodeDeploy skips those
    events, so the scripts never run. Without that configuration nothing is reported,
    because the appspec alone does not say how it is deployed. `speclint lifecycle FILE`
    shows the same picture.

    Why it matters:
    "Why did my BeforeAllowTraffic script never run?" The deployment succeeds, and the
    health check or warm-up it was meant to do silently never happens.

    Example:
    ```yaml
    hooks:
      BeforeAllowTraffic:
        - location: scripts/warm_cache.sh
    ```
    with `deployment = "in-place"` and `load-balancer = false` in the configuration.

    Use instead:
    Run the script in ValidateService (the last event on an in-place deployment without a
    load balancer), or enable load balancing in the deployment group.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-server
    """

    code = "A115"
    name = "hook-never-runs"
    severity = Severity.WARNING
    summary = "a traffic hook that never runs: in-place deployment without a load balancer (when configured)"
    applies_to = EC2
    options = {
        "deployment": Option(str, "in-place", "EC2/On-Premises deployment type: `in-place` or `blue-green` "
                                              "(also `speclint lifecycle`).", choices=("in-place", "blue-green")),
        "load-balancer": Option(bool, None, "Whether the EC2/On-Premises deployment group has a load balancer "
                                            "(also `speclint lifecycle`)."),
    }

    def check(self, doc):
        if self.option(doc, "load-balancer") is not False or self.option(doc, "deployment") != "in-place":
            return
        traffic = set(load("lifecycle.json")["codedeploy"]["ec2"]["load_balancer_only"])
        for event, key, _ in ec2_hooks(doc):
            if event in traffic:
                yield self.report(
                    doc, key, f"{event} never runs: this in-place deployment group has no load balancer, so CodeDeploy skips the traffic events",
                    "move the scripts to ValidateService (or AfterInstall), or add a load balancer to the deployment group",
                    path=("hooks", event))
