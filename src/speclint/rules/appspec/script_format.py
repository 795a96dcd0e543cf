import os
import re

from speclint import revision_files
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule

SHEBANG = re.compile(rb"^#!\s*(\S+)")
SCRIPT_SUFFIXES = (".sh", ".bash", ".ksh", ".zsh", "")


class ScriptFormat(Rule):
    """A Linux hook script with Windows line endings or a bad `#!` line.

    What it does:
    For `os: linux` appspecs on disk, reads each hook script that exists in the revision and
    reports: CRLF line endings (an error: the kernel looks for an interpreter named
    `/bin/bash\\r`), a `#!` line whose interpreter is not an absolute path (an error), and a
    script without any `#!` line (a warning: the agent runs it with /bin/sh, so bash syntax
    breaks). Scripts that are not text (binaries) are left alone. The finding is placed on
    the hook's `location` in the appspec.

    Why it matters:
    These scripts exist and look fine in an editor, yet fail on the instance: `Errno::ENOENT
    ... No such file or directory` (the file does exist), `/bin/bash^M: bad interpreter`
    (exit 126) or `cannot execute: required file not found` (exit 127).

    Example:
    A `scripts/start.sh` saved on Windows with CRLF line endings.

    Use instead:
    LF line endings (`dos2unix scripts/*.sh`; `* text eol=lf` in `.gitattributes`) and a
    first line such as `#!/bin/bash`.

    References:
    - `/bin/bash^M: bad interpreter: No such file or directory` (exit code 126)
    - `failed with error Errno::ENOENT with message No such file or directory`
    - CodeDeploy agent: hook scripts are executed directly, without a shell
      (https://github.com/aws/aws-codedeploy-agent/blob/master/lib/instance_agent/plugins/codedeploy/hook_executor.rb)
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-deployments.html
    """

    code = "A118"
    name = "script-format"
    severity = Severity.ERROR
    summary = "a Linux hook script with CRLF line endings or a missing or bad #! line"
    applies_to = EC2
    prevents = "/bin/bash^M: bad interpreter (exit 126) / Errno::ENOENT"

    def check(self, doc):
        root = revision_files.linux_root(doc)
        if root is None:
            return
        for event, index, node, location, path, data in revision_files.hook_scripts(doc, root):
            if os.path.splitext(path)[1] not in SCRIPT_SUFFIXES:
                continue
            json_path = ("hooks", event, index, "location")
            first = data.split(b"\n", 1)[0]
            if b"\r\n" in data:
                yield self.report(doc, node, f'hook script "{location}" has Windows (CRLF) line endings; on Linux it fails with '
                                             '"bad interpreter" or "No such file or directory"',
                                  "convert it to LF line endings (dos2unix), and add `* text eol=lf` to .gitattributes",
                                  path=json_path)
            match = SHEBANG.match(first)
            if not first.startswith(b"#!"):
                yield self.report(doc, node, f'hook script "{location}" has no #! line; the agent runs it with /bin/sh',
                                  "start it with #!/bin/bash (or the interpreter it is written for)",
                                  severity=Severity.WARNING, path=json_path)
            elif match and not match.group(1).rstrip(b"\r").startswith(b"/"):
                shown = match.group(1).rstrip(b"\r").decode("utf-8", "replace")
                yield self.report(doc, node, f'hook script "{location}" names the interpreter "{shown}", which is not an absolute path',
                                  f"write #!/bin/{shown if shown in ('bash', 'sh') else 'bash'} or #!/usr/bin/env {shown}",
                                  path=json_path)
