import re

from speclint import revision_files
from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.rules.appspec.background_without_redirect import _code_part
from speclint.rules.base import EC2, Rule

# Events whose scripts come from the previous revision: a failure there blocks every later deployment.
STOP_EVENTS = ("ApplicationStop", "BeforeBlockTraffic", "AfterBlockTraffic")
START = r"(?:^\s*|[;&|({]\s*|\b(?:then|do|else)\s+)(?:sudo\s+(?:-\S+\s+)*)?"
# Commands that fail (exit status not 0) when there is nothing to stop.
FAILS_WHEN_NOTHING_RUNS = re.compile(
    START + r"(?P<a>(?:killall|pkill)\b[^;&|]*)"                                   # killall node, pkill -f app
    r"|\|\s*(?P<b>(?:sudo\s+)?xargs\s+(?:-\S+\s+)*kill\b[^;&|]*)"                 # pgrep node | xargs kill
    + r"|" + START + r"(?P<c>kill\b[^;&|]*(?:\$\(|`|\$\{?[A-Za-z_])[^;&|]*)"     # kill $(cat app.pid), kill $PID
    + r"|" + START + r"(?P<d>docker\s+(?:stop|kill|rm)\b[^;&|]*\$\([^;&|]*)")     # docker stop $(docker ps -q)
GUARDED = re.compile(r"\|\|")  # cmd || true, || :, || echo ..., || exit 0
# A one-line if/loop decides for itself; a one-line function only defines.
COMPOUND = re.compile(r"\b(?:if|while|until|for|case)\b|\(\)\s*\{|^\s*function\s")
SET_E = re.compile(r"(?:^|[;&]\s*)set\s+(?:-[a-zA-Z]*e[a-zA-Z]*\b|-o\s+errexit\b)")
SET_PLUS_E = re.compile(r"(?:^|[;&]\s*)set\s+(?:\+[a-zA-Z]*e[a-zA-Z]*\b|\+o\s+errexit\b)")
OPEN = re.compile(r"^\s*(?:if|while|until|for|case)\b|\(\)\s*\{?\s*$|^\s*function\s")
CLOSE = re.compile(r"^\s*(?:fi|done|esac|\})\b")


def _logical_lines(text: str) -> list:
    """(first line number, code without comments) per logical line (backslash continuations joined)."""
    out, pending, first = [], "", 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = _code_part(raw.rstrip("\r"))
        if not pending:
            first = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        out.append((first, pending + line))
        pending = ""
    if pending:
        out.append((first, pending))
    return out


def failing_stops(text: str) -> list:
    """(line, column, command, why) of each command that decides a non-zero exit status of the
    script when nothing is running: the last command, or any command under `set -e`, that
    is not guarded (`|| ...`, inside if/while/for/case or a function)."""
    lines = _logical_lines(text)
    errexit = bool(re.match(r"#!\S+\s+-[a-zA-Z]*e", text.split("\n", 1)[0]))
    depth = 0
    commands = []  # (line, column, code, errexit, depth)
    for number, code in lines:
        stripped = code.strip()
        if not stripped or stripped.startswith("#!"):
            continue
        if CLOSE.match(stripped):
            depth = max(0, depth - 1)
        if SET_E.search(code):
            errexit = True
        if SET_PLUS_E.search(code):
            errexit = False
        commands.append((number, code, errexit, depth))
        if OPEN.search(stripped) and not re.search(r"\b(?:fi|done|esac)\s*;?\s*$|\}\s*$", stripped):
            depth += 1
    out = []
    for position, (number, code, errexit, depth) in enumerate(commands):
        last = position == len(commands) - 1
        if depth or not (errexit or last):
            continue
        for found in FAILS_WHEN_NOTHING_RUNS.finditer(code):
            group = next(name for name in "abcd" if found.group(name))
            if GUARDED.search(code, found.end()) or COMPOUND.search(code, 0, found.start(group)):
                continue
            command = found.group(group).strip()
            column = found.start(group) + 1
            why = "under set -e" if errexit else "as the last command"
            out.append((number, column, command, why))
    return out


class StopHookFails(Rule):
    """A stop script fails when nothing is running, and blocks every later deployment.

    What it does:
    In the hook scripts of ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic
    (os: linux, revision on disk), reports a command that exits non-zero when there is
    nothing to stop - `killall node`, `pkill -f app`, `pgrep x | xargs kill`,
    `kill $(cat app.pid)`, `docker stop $(docker ps -q)` - where it decides the script's exit
    status: as the last command, or anywhere under `set -e`. Guarded commands are fine:
    `|| true` (any `||`), inside `if pgrep ...; then ... fi` or a loop, or followed by
    other commands such as `exit 0`.

    Why it matters:
    These events run the scripts of the revision that was deployed before, on an instance
    where the application may not run at all (first deployment, a crash, a reboot). A
    script that fails there fails the deployment, and since the failing script belongs to
    the last successful revision, every following deployment fails the same way until the
    script is fixed on the instance or the deployment ignores stop failures
    (`--ignore-application-stop-failures`).

    Example:
    ```bash
    #!/bin/bash
    killall node
    ```

    Use instead:
    ```bash
    #!/bin/bash
    killall node || true
    ```

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#reference-appspec-file-structure-hooks-list (ApplicationStop runs the previous revision's scripts)
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-deployments.html#troubleshooting-deployments-lifecycle-event-failures
    - https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html (ignoreApplicationStopFailures)
    """

    code = "A123"
    name = "stop-hook-fails"
    severity = Severity.WARNING
    summary = "an ApplicationStop or BlockTraffic script that fails when nothing runs (killall, pkill, kill $(...) unguarded)"
    applies_to = EC2
    prevents = "LifecycleEvent - ApplicationStop: Script at specified location ... run as user root failed with exit code 1"

    def check(self, doc):
        root = revision_files.linux_root(doc)
        if root is None:
            return
        events: dict = {}
        data_of: dict = {}
        for event, _index, _node, _location, path, data in revision_files.hook_scripts(doc, root):
            events.setdefault(path, []).append(event)
            data_of[path] = data
        for path, names in events.items():
            stops = [e for e in STOP_EVENTS if e in names]
            if not stops:
                continue
            shown = revision_files.shown(doc, path)
            text = data_of[path].decode("utf-8", "replace")
            for line, column, command, why in failing_stops(text):
                yield Diagnostic(
                    path=shown, span=Span(line, column, line, column + len(command)), code=self.code, name=self.name,
                    severity=self.severity,
                    message=f'"{command}" fails when nothing is running, and decides the exit status of this {stops[0]} '
                            f"script ({why}): {stops[0]} runs the previous revision's scripts, so the failure blocks "
                            "this and every later deployment",
                    hint=f"guard it: `{command} || true`, or check first (`if pgrep ...; then ...; fi`)",
                )
