import re

from speclint import revision
from speclint.revision import files as revision_files
from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.rules.base import EC2, Rule

# Events whose scripts come from the previous revision: a failure there blocks every later deployment.
STOP_EVENTS = ("ApplicationStop", "BeforeBlockTraffic", "AfterBlockTraffic")
SET_E = re.compile(r"^-[a-zA-Z]*e")
SET_PLUS_E = re.compile(r"^\+[a-zA-Z]*e")
# A check that fails when nothing runs and guards what follows it with &&.
CHECKS = ("pgrep", "pidof")
OPENERS = {"if": "fi", "while": "done", "until": "done", "for": "done", "select": "done", "case": "esac", "{": "}"}


def _stopper(words) -> bool:
    """True for a command that exits non-zero when there is nothing to stop."""
    texts = [w.text for w in words]
    name = texts[0].rsplit("/", 1)[-1]
    args = texts[1:]
    if name in ("killall", "pkill"):
        return True
    if name == "kill":
        return any(a.startswith(("$", "`")) for a in args) and "-0" not in args and "-l" not in args
    if name == "xargs":
        options = [a for a in args if a.startswith("-")]
        rest = [a for a in args if not a.startswith("-")]
        return bool(rest) and rest[0] == "kill" and not any(o in ("-r", "--no-run-if-empty") or
                                                             (o.startswith("-") and not o.startswith("--") and "r" in o)
                                                             for o in options)
    if name == "docker" and args and args[0] in ("stop", "kill", "rm"):
        return not (args[0] == "rm" and any(a in ("-f", "--force") or (a.startswith("-") and "f" in a[1:] and not a.startswith("--"))
                                            for a in args[1:]))
    if name == "fuser":
        return any(a.startswith("-") and not a.startswith("--") and "k" in a for a in args)
    return False


def _check(words) -> bool:
    texts = [w.text for w in words]
    return texts[0] in CHECKS or (texts[0] == "kill" and "-0" in texts[1:])


class _Script:
    """The top-level structure of a script: lists of pipelines, functions, compounds skipped."""

    def __init__(self, text: str):
        from speclint.shell.tokens import commands, name_index

        self.text = text
        self.items = [c for c in commands(text) if c.depth == 0]
        self.name_index = name_index
        self.functions: dict = {}

    def line_column(self, offset: int) -> tuple:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


def _units(items: list, functions: dict) -> list:
    """The script as a sequence of units: ("cmd", command, words) for a simple command,
    ("compound", first command, None) for if/loops/case/braces/subshells (their status is not
    judged), function definitions stored in `functions` (name -> body items)."""
    from speclint.shell.tokens import name_index

    out: list = []
    i, n = 0, len(items)
    while i < n:
        command = items[i]
        words = command.words
        if not words:
            if command.after == "(":  # a subshell: skip to its )
                depth, j = 1, i + 1
                while j < n and depth:
                    depth += (items[j].after == "(") - (items[j].after == ")")
                    j += 1
                out.append(("compound", command, None, items[j - 1].after if j - 1 < n else ""))
                i = j
            else:
                i += 1
            continue
        texts = [w.text for w in words]
        fn = None
        if len(texts) >= 2 and texts[1] == "()":
            fn, rest = texts[0], 2
        elif texts[0] == "function" and len(texts) >= 2:
            fn, rest = texts[1].rstrip("()"), 2 + (len(texts) > 2 and texts[2] == "()")
        if fn is not None:
            # the body: from the { (this command or the next) to the matching }
            body_start = i + 1 if rest >= len(texts) else i
            j, depth, body = body_start, 0, []
            while j < n:
                t = [w.text for w in items[j].words]
                k = rest if j == i else 0
                if k < len(t) and t[k] == "{":
                    depth += 1
                    inner = items[j].words[k + 1:]
                    if inner:
                        body.append(items[j].__class__(inner, "", items[j].after, 0, items[j].redirects))
                elif t and t[0] == "}":
                    depth -= 1
                    if depth <= 0:
                        break
                elif depth:
                    body.append(items[j])
                j += 1
            functions[fn] = body
            i = j + 1
            continue
        index = name_index(words)
        lead = next((k for k, w in enumerate(words) if w.text not in ("!", "time")), 0)
        first = texts[lead]
        if not words[lead].quoted and first in OPENERS:
            closer = OPENERS[first]
            depth, j = 0, i
            while j < n:
                t = items[j].words
                for w in t:
                    if w.quoted:
                        continue
                    if w.text == first or (first == "while" and w.text == "until") or (first in ("until", "for", "select") and w.text in ("while", "until", "for", "select")):
                        depth += 1
                    elif w.text == closer:
                        depth -= 1
                j += 1
                if depth <= 0:
                    break
            out.append(("compound", command, None, items[j - 1].after if j - 1 < n else ""))
            i = j
            continue
        out.append(("cmd", command, words[index:] if index is not None else (), command.after))
        i += 1
    return out


def _run(units: list, functions: dict, errexit: bool) -> tuple:
    """Simulate the units when nothing is running: (exit status failed?, (command words, why) blamed).

    A stop command fails; a check (pgrep, kill -0) fails and skips what follows its &&; every
    other command succeeds. Under errexit the script stops at a failing pipeline that is not
    followed by && or || (POSIX: the shell does not exit for those)."""
    failed, blame = False, None
    skip_and, skip_or = False, False
    for kind, command, words, after in units:
        before = command.before
        if before == "&&" and skip_and or before == "||" and skip_or:
            # skipped: the status stays; skipping continues through the same operator
            continue
        skip_and = skip_or = False
        if kind == "compound" or not words:
            status, culprit = False, None
        else:
            name = words[0].text
            if name == "exit":
                code = words[1].text if len(words) > 1 else "$?"
                if code == "$?":
                    return failed, ((blame, "before exit $?") if blame is not None else None)
                return code != "0", None
            if name in ("set",):
                for w in words[1:]:
                    if SET_E.match(w.text):
                        errexit = True
                    elif SET_PLUS_E.match(w.text):
                        errexit = False
                    elif w.text == "errexit":
                        errexit = words[1].text == "-o"
            if name == "trap" and len(words) >= 3 and re.search(r"\bexit\s+0\b", words[1].text) and \
                    any(w.text in ("EXIT", "0", "ERR") for w in words[2:]):
                return False, None
            if name in functions:
                inner_errexit = errexit and after not in ("&&", "||")
                status, inner = _run(_units(functions[name], functions), functions, inner_errexit)
                culprit = inner[0] if status and inner else None
                if status and inner and inner[1] == "under set -e":
                    return True, (culprit, f"under set -e, in function {name}")
            elif _stopper(words):
                status, culprit = True, words
            elif _check(words):
                status, culprit = True, words
            else:
                status, culprit = False, None
        if after == "|":
            continue  # a pipeline's status is its last command's
        if after == "&":
            status, culprit = False, None  # a background job: the shell goes on with status 0
        failed = status
        blame = culprit if status else None
        if status and after == "&&":
            skip_and = True
        if not status and after == "||":
            skip_or = True
        if status and errexit and after not in ("&&", "||") and culprit is not None and not _check(culprit):
            return True, (culprit, "under set -e")
    return failed, (blame, "as the last command") if blame is not None else None


def failing_stops(text: str) -> list:
    """(line, column, command, why) of the command that makes the script exit non-zero when
    nothing is running: the stop command (killall, pkill, kill $(...), xargs kill without -r,
    docker stop/kill/rm, fuser -k) that ends the script's last list, or the one that stops
    it under `set -e`; guarded forms (`|| ...`, `; exit 0`, a later command, `trap 'exit 0'
    EXIT`, `kill -0 ... &&`, `pgrep ... &&`, inside if/loops) are fine. At most one finding."""
    functions: dict = {}
    script = _Script(text)
    first = text.split("\n", 1)[0]
    errexit = bool(re.match(r"#!\S+(?:\s+\S*bash|\s+\S*sh)?\s+-[a-zA-Z]*e", first))
    failed, blamed = _run(_units(script.items, functions), functions, errexit)
    if not failed or not blamed or not blamed[0]:
        return []
    words, why = blamed
    line, column = script.line_column(words[0].start)
    command = script.text[words[0].start:words[-1].end]
    return [(line, column, command, why)]


class StopHookFails(Rule):
    """A stop script fails when nothing is running, and blocks every later deployment.

    What it does:
    In the hook scripts of ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic
    (os: linux, revision on disk), reports the command that makes the script exit non-zero
    when there is nothing to stop - `killall node`, `pkill -f app`, `pgrep x | xargs kill`
    (xargs without -r), `kill $(cat app.pid)`, `docker stop web` / `docker rm web` (not
    `rm -f`), `fuser -k 8080/tcp` - where it decides the script's exit status: it ends the
    last list (also `pkill x && echo done`, or before `exit $?`), or stops the script under
    `set -e` (also inside a function that is called). The script is read with the shell
    tokenizer (speclint.shell.tokens), so comments, quoted text and here-documents are not
    commands. Guarded forms are fine: `|| ...`, a later command on the same line or the next
    (`; exit 0`, `; echo stopped`), a background `&`, `kill -0 ... &&` or `pgrep ... &&`
    before it, inside if/while/for/case, and `trap 'exit 0' EXIT`.

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

    Fragment: the example is the hook script the rule reads, not the appspec.

    Use instead:
    ```bash
    #!/bin/bash
    killall node || true
    ```

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#reference-appspec-file-structure-hooks-list (ApplicationStop runs the previous revision's scripts)
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-deployments.html#troubleshooting-deployments-lifecycle-event-failures
    - https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html (ignoreApplicationStopFailures)
    - `Script at specified location: scripts/stop.sh run as user root failed with exit code 1` (ScriptFailed:
      "the specified script failed to run as expected",
      https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Diagnostics.html; the message is
      the agent's, aws/aws-codedeploy-agent, hook_executor.rb): `killall` and `pkill` exit with 1
      when nothing matches
    """

    code = "A123"
    name = "stop-hook-fails"
    severity = Severity.WARNING
    summary = "an ApplicationStop or BlockTraffic script that fails when nothing runs (killall, pkill, kill $(...) unguarded)"
    applies_to = EC2
    prevents = "LifecycleEvent - ApplicationStop: Script at specified location ... run as user root failed with exit code 1"

    def check(self, doc):
        root = revision.linux_root(doc)
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
                quote = "'" if "`" in command else "`"
                yield Diagnostic(
                    path=shown, span=Span(line, column, line, column + len(command)), code=self.code, name=self.name,
                    severity=self.severity,
                    message=f"{quote}{command}{quote} fails when nothing is running, and decides the exit status of this {stops[0]} "
                            f"script ({why}): {stops[0]} runs the previous revision's scripts, so the failure blocks "
                            "this and every later deployment",
                    hint=f"guard it: `{command} || true`, or check first (`if pgrep ...; then ...; fi`)",
                )
