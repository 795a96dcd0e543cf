import os
import re
from functools import lru_cache

from speclint import revision
from speclint.revision import files as revision_files
from speclint.diagnostics import Severity
from speclint.fix import UNSAFE, Fix, crlf_edits
from speclint.rules.base import EC2, Rule

SHEBANG = re.compile(rb"^#!\s*(\S+)")
SCRIPT_SUFFIXES = (".sh", ".bash", ".ksh", ".zsh", "")


class ScriptFormat(Rule):
    """A Linux hook script with Windows line endings, a bad `#!` line, or bash syntax without `#!`.

    What it does:
    For `os: linux` appspecs on disk, reads each hook script that exists in the revision and
    reports: CRLF line endings under a `#!` line (an error: the kernel looks for an
    interpreter named `/bin/bash\\r`); CRLF line endings without a `#!` line (a warning:
    /bin/sh then reads each `\\r` as part of a command, which breaks most commands); a `#!`
    line whose interpreter is not an absolute path (an error); and a script without a `#!`
    line that uses bash-only syntax (`[[`, arrays, `function`, `source`, ...; a warning,
    naming the line). A script without `#!` that /bin/sh runs fine is not reported: the
    agent executes the script file itself, and a file without `#!` is run by /bin/sh.
    Scripts that are not text (binaries) are left alone. The finding is placed on the hook's
    `location` in the appspec.

    Why it matters:
    These scripts exist and look fine in an editor, yet fail on the instance: `Errno::ENOENT
    ... No such file or directory` (the file does exist), `/bin/bash^M: bad interpreter`
    (exit 126), `cannot execute: required file not found` (exit 127), or, where /bin/sh is
    dash (Debian, Ubuntu), `[[: not found`.

    Example:
    A `scripts/start.sh` that starts with `#!/bin/bash`, saved on Windows with CRLF line
    endings.

    Fragment: the rule reads the hook script's bytes on disk.

    Use instead:
    LF line endings (`dos2unix scripts/*.sh`; `* text eol=lf` in `.gitattributes`) and a
    first line such as `#!/bin/bash`.

    Fix safety:
    Unsafe, for the CRLF findings only: the fix rewrites the hook script (not the appspec)
    with LF line endings, removing the CR of every CRLF and nothing else. The script then
    runs on the instance where it failed before, which changes what the deployment does;
    and a CR the script meant (inside a quoted string or a here-document) is removed too.
    The other findings (the `#!` line, bash syntax) need a person to choose the shell.

    References:
    - `/bin/bash^M: bad interpreter: No such file or directory` (exit code 126)
    - `failed with error Errno::ENOENT with message No such file or directory`
    - `Script at specified location: scripts/start.sh run as user root failed with exit code 126` (ScriptFailed:
      "the specified script failed to run as expected",
      https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Diagnostics.html; the message is
      the agent's, aws/aws-codedeploy-agent, hook_executor.rb), with exit code 126 when the
      interpreter named by `#!` cannot be run
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-deployments.html
    - how the agent runs a hook script (inference from its code, not documented): it passes
      the script's path to Ruby's `Open3.popen3` (with `sudo` or `su -c` for `runas`),
      which executes the file; a file without `#!` fails `execve` with ENOEXEC, and Ruby,
      sudo and su's shell then run it with /bin/sh:
      https://github.com/aws/aws-codedeploy-agent/blob/800eb2882ae1b0b0bf67ff56df5ae31eb013c782/lib/instance_agent/plugins/codedeploy/hook_executor.rb#L158-L174
      and https://github.com/aws/aws-codedeploy-agent/blob/800eb2882ae1b0b0bf67ff56df5ae31eb013c782/lib/instance_agent/platform/linux_util.rb#L11-L30
    - bash syntax that sh rejects: https://mywiki.wooledge.org/Bashism
    """

    code = "A118"
    name = "script-format"
    severity = Severity.ERROR
    summary = "a Linux hook script with CRLF line endings, a bad #! line, or bash syntax without #!"
    applies_to = EC2
    prevents = "/bin/bash^M: bad interpreter (exit 126) / Errno::ENOENT"
    fix_safety = "unsafe"

    def check(self, doc):
        root = revision.linux_root(doc)
        if root is None:
            return
        for event, index, node, location, path, data in revision_files.hook_scripts(doc, root):
            if os.path.splitext(path)[1] not in SCRIPT_SUFFIXES:
                continue
            json_path = ("hooks", event, index, "location")
            first = data.split(b"\n", 1)[0]
            has_shebang = first.startswith(b"#!")
            if b"\r\n" in data:
                fix = Fix.make(UNSAFE, f'convert "{location}" to LF line endings', *crlf_edits(path, data))
                if has_shebang:
                    yield self.report(doc, node, f'hook script "{location}" has Windows (CRLF) line endings; the kernel looks '
                                                 f'for the interpreter "{_interpreter(first)}\\r" and the script fails with '
                                                 '"bad interpreter" or "No such file or directory"',
                                      "convert it to LF line endings (dos2unix), and add `* text eol=lf` to .gitattributes",
                                      path=json_path, fix=fix)
                else:
                    yield self.report(doc, node, f'hook script "{location}" has Windows (CRLF) line endings; /bin/sh reads '
                                                 "each \\r as part of the command before it",
                                      "convert it to LF line endings (dos2unix), and add `* text eol=lf` to .gitattributes",
                                      severity=Severity.WARNING, path=json_path, fix=fix)
            match = SHEBANG.match(first)
            if not has_shebang:
                found = _bash_syntax(data)
                if found:
                    number, what = found
                    yield self.report(doc, node, f'hook script "{location}" has no #! line, so /bin/sh runs it (dash on '
                                                 f"Debian and Ubuntu), but line {number} uses bash syntax ({what})",
                                      "start it with #!/bin/bash", severity=Severity.WARNING, path=json_path)
            elif match and not match.group(1).rstrip(b"\r").startswith(b"/"):
                shown = match.group(1).rstrip(b"\r").decode("utf-8", "replace")
                yield self.report(doc, node, f'hook script "{location}" names the interpreter "{shown}", which is not an absolute path',
                                  f"write #!/bin/{shown if shown in ('bash', 'sh') else 'bash'} or #!/usr/bin/env {shown}",
                                  path=json_path)


def _interpreter(first: bytes) -> str:
    match = SHEBANG.match(first)
    return match.group(1).rstrip(b"\r").decode("utf-8", "replace") if match else ""


@lru_cache(maxsize=1)
def _bashisms() -> list:
    from speclint.data import load

    return [(re.compile(p), what) for p, what in load("bashisms.json")["patterns"]]


def _bash_syntax(data: bytes):
    """(line number, what) of the first bash-only construct in a script, or None."""
    from speclint.rules.appspec.background_without_redirect import _code_part

    patterns = _bashisms()
    for number, raw in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
        code = _code_part(raw.rstrip("\r")).strip()
        if not code:
            continue
        for pattern, what in patterns:
            if pattern.search(code):
                return number, what
    return None
