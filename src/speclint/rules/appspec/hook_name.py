from speclint import data
from speclint.diagnostics import Severity
from speclint.rules.base import APPSPEC, Rule
from speclint.rules.helpers import hook_entries
from speclint.suggest import closest

PLATFORM = {"ec2": "EC2/On-Premises", "lambda": "AWS Lambda", "ecs": "Amazon ECS"}


def lifecycle(variant):
    return data.load("lifecycle.json")["codedeploy"][variant]


class HookName(Rule):
    """A hook name that is not a lifecycle event of this kind of deployment.

    What it does:
    Checks every hook name against the events of the appspec's platform - EC2/On-Premises:
    ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService,
    Before/AfterBlockTraffic, Before/AfterAllowTraffic; Lambda: BeforeAllowTraffic,
    AfterAllowTraffic; ECS: BeforeInstall, AfterInstall, AfterAllowTestTraffic,
    Before/AfterAllowTraffic - in exact case, with did-you-mean, and says when a name belongs
    to another platform. Events that exist but cannot be scripted are `non-scriptable-event`.

    Why it matters:
    The CodeDeploy agent fails with `appspec.yml file contains unknown lifecycle events`, or
    the hook silently never runs; Lambda and ECS deployments reject the appspec.

    Example:
    ```yaml
    hooks:
      AfterInstal:
        - location: scripts/migrate.sh
    ```

    Use instead:
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
    ```

    References:
    - `appspec.yml file contains unknown lifecycle events: [...]`
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
    """

    code = "A101"
    name = "hook-name"
    severity = Severity.ERROR
    summary = "a hook name that is not a lifecycle event of this platform"
    applies_to = APPSPEC
    prevents = "appspec.yml file contains unknown lifecycle events"

    def check(self, doc):
        variant = doc.variant
        own = lifecycle(variant)
        for name, key, path in hook_entries(doc):
            if name in own["hooks"] or name in own["not_scriptable"]:
                continue
            valid = own["hooks"]
            listed = ", ".join(valid)
            others = [v for v in ("ec2", "lambda", "ecs") if v != variant and name in lifecycle(v)["hooks"]]
            suggestion = closest(name, valid)
            if others:
                where = " and ".join(PLATFORM[v] for v in others)
                message = f'"{name}" is a lifecycle event of {where} deployments, not of {PLATFORM[variant]}; valid hooks here: {listed}'
                hint = f'use one of {listed}' + (f' (closest: "{suggestion}")' if suggestion else "")
                severity = None
            elif suggestion:
                case_only = suggestion.lower() == name.lower()
                message = (f'unknown lifecycle event "{name}" (did you mean "{suggestion}"?)'
                           + ("; event names are case-sensitive" if case_only else ""))
                hint = f'write "{suggestion}"'
                severity = None
            elif variant == "ec2":
                message = (f'"{name}" is not a CodeDeploy lifecycle event; only codedeploy-local runs custom events, '
                           "a real deployment fails with 'unknown lifecycle events'")
                hint = f"valid hooks: {listed}"
                severity = Severity.WARNING
            else:
                message = f'unknown lifecycle event "{name}"; valid hooks for {PLATFORM[variant]}: {listed}'
                hint = f"use one of {listed}"
                severity = None
            yield self.report(doc, key, message, hint, severity=severity, path=path)
