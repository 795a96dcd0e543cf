import re

from speclint import revision
from speclint.revision import files as revision_files
from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.rules.base import EC2, Rule

# A single `&` that sends a command to the background (not &&, >&, <&, &>, |&).
BACKGROUND = re.compile(r"(?<![&>|<])&(?![&>])")
STDOUT = re.compile(r"(?:^|\s)(?:1?>>?|&>>?)\s*\S")
STDERR = re.compile(r"(?:^|\s)(?:2>>?\s*\S|2>&1|&>>?\s*\S)")


def _code_part(line: str) -> str:
    """The line without its comment (a # outside quotes that starts a word)."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def _blank_quotes(code: str) -> str:
    """The line with the inside of its quoted strings blanked, positions kept: an `&` in
    `--query 'sort_by(a,& b)'` does not send anything to the background."""
    out, quote = [], None
    for char in code:
        if quote:
            if char == quote:
                quote = None
                out.append(char)
            else:
                out.append(" ")
        else:
            if char in "'\"":
                quote = char
            out.append(char)
    return "".join(out)


class BackgroundWithoutRedirect(Rule):
    """A hook script starts a background process that keeps the script's output open.

    What it does:
    In the shell hook scripts of an `os: linux` appspec on disk, reports commands sent to
    the background with `&` that do not redirect both stdout and stderr
    (`cmd > /dev/null 2>&1 &`; AWS also advises `< /dev/null`). An `&` inside quotes is not
    a background command. The finding is placed in the script itself.
    `nohup` alone is not enough: it redirects output only when it is a terminal, and the
    agent's is a pipe.

    Why it matters:
    The agent waits for the script's output to close. A background process that inherited
    it keeps the lifecycle event open until the timeout (default 3600 s), and the deployment
    fails with `Script at specified location: ... failed to close STDOUT` or a timeout.

    Example:
    ```bash
    #!/bin/bash
    node server.js &
    ```

    Fragment: the example is the hook script the rule reads, not the appspec.

    Use instead:
    ```bash
    #!/bin/bash
    node server.js > /var/log/app.log 2>&1 < /dev/null &
    ```
    or better, start the service with systemd.

    References:
    - `Script at specified location: scripts/start.sh failed to close STDOUT`
    - `Script at specified location: scripts/start.sh failed to complete in 3600 seconds`
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-deployments.html#troubleshooting-long-running-processes
    - the agent closes the script's stdin at once and waits for its stdout and stderr to
      close: https://github.com/aws/aws-codedeploy-agent/blob/800eb2882ae1b0b0bf67ff56df5ae31eb013c782/lib/instance_agent/plugins/codedeploy/hook_executor.rb#L174-L196
    """

    code = "A119"
    name = "background-without-redirect"
    severity = Severity.WARNING
    summary = "a hook script backgrounds a command without redirecting its stdout and stderr"
    applies_to = EC2
    prevents = "Script at specified location: <loc> failed to close STDOUT (or a timeout)"

    def check(self, doc):
        root = revision.linux_root(doc)
        if root is None:
            return
        for _event, _index, _node, _location, path, data in revision_files.hook_scripts(doc, root, unique=True):
            shown = revision_files.shown(doc, path)
            for number, raw in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
                line = raw.rstrip("\r")
                code = _code_part(line)
                for match in BACKGROUND.finditer(_blank_quotes(code)):
                    begin = 0  # where this command starts: after the last ; && || before the &
                    for separator in (";", "&&", "||"):
                        found = code.rfind(separator, 0, match.start())
                        if found >= 0:
                            begin = max(begin, found + len(separator))
                    command = code[begin:match.start()]
                    if not command.strip():
                        continue
                    if STDOUT.search(command) and STDERR.search(command):
                        continue  # the agent closes the script's stdin and waits only for stdout and stderr
                    column = begin + len(command) - len(command.lstrip()) + 1
                    yield Diagnostic(
                        path=shown, span=Span(number, column, number, match.end() + 1), code=self.code, name=self.name,
                        severity=self.severity,
                        message=f'background command "{command.strip()}" keeps the stdout or stderr of the hook open: '
                                "the lifecycle event waits for it until the timeout",
                        hint="redirect its output: `... > /var/log/app.log 2>&1 < /dev/null &` (or use a systemd service)",
                        extra={"file": path},
                    )
