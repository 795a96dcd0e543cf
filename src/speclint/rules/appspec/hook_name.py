from speclint import data
from speclint.diagnostics import Severity
from speclint.fix import UNSAFE, Fix, replace_node
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

    Fix safety:
    Unsafe: where the name is one edit or two from exactly one event of this platform, and
    clearly closer to it than to any other (`AfterInstal`, `afterinstall`), the fix renames
    the hook to that event. The hook then runs where it never ran (or the deployment is
    accepted where it was rejected), and the event is a guess, however likely. There is no
    fix when the event already has a hook (it would become a duplicate key), when another
    unknown hook name is a near miss of the same event, or when the name
    belongs to another platform.

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
    fix_safety = "unsafe"

    def check(self, doc):
        variant = doc.variant
        own = lifecycle(variant)
        entries = hook_entries(doc)
        present = {name for name, _, _ in entries}
        for name, key, path in entries:
            fix = None
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
                fix = _fix(doc, key, name, valid, present, entries)
            elif variant == "ec2":
                message = (f'"{name}" is not a CodeDeploy lifecycle event; only codedeploy-local runs custom events, '
                           "a real deployment fails with 'unknown lifecycle events'")
                hint = f"valid hooks: {listed}"
                severity = Severity.WARNING
            else:
                message = f'unknown lifecycle event "{name}"; valid hooks for {PLATFORM[variant]}: {listed}'
                hint = f"use one of {listed}"
                severity = None
            yield self.report(doc, key, message, hint, severity=severity, path=path,
                              fix=fix if suggestion and not others else None)


def _fix(doc, key, name: str, valid, present: set, entries):
    """Rename to the one event that is near: case aside, at most 2 edits (a swap of two
    neighbouring letters is one), and 2 edits nearer than any other event; never to an event
    that has a hook or that another unknown hook name would be renamed to (two renames to
    one event make a duplicate key, and the first hook's scripts are lost)."""
    from speclint.source.nodes import ScalarNode

    if not isinstance(key, ScalarNode) or key.style not in ("plain", "single", "double") or key.start_line != key.end_line:
        return None
    event = _target(name, valid)
    if event is None or event in present:
        return None
    if any(other != name and other not in valid and _target(other, valid) == event for other, _, _ in entries):
        return None
    if sum(1 for other, _, _ in entries if other == name) > 1:
        return None
    return Fix.make(UNSAFE, f'rename the hook to "{event}"', replace_node(doc, key, event))


def _target(name: str, valid):
    """The one event `name` is a near miss of (see _fix), or None."""
    ranked = sorted((_distance(name.lower(), event.lower()), event) for event in valid)
    best, event = ranked[0]
    if best > 2 or (len(ranked) > 1 and ranked[1][0] < best + 2):
        return None
    return event


def _distance(a: str, b: str) -> int:
    """Edits from `a` to `b`: insert, delete, replace, or swap two neighbours (OSA distance)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
