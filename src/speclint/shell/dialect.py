"""The shell dialect of a buildspec: the one place that decides which shell runs its commands.

CodeBuild runs the commands with `env.shell` when the buildspec names one (documented:
`bash` and `/bin/sh` on Linux, `powershell.exe` and `cmd.exe` on Windows), else with the
image's default: PowerShell on Windows images, `/bin/sh` on Linux images, which is dash on
the Ubuntu images and bash on the Amazon Linux ones (the runtime table's per-image `sh`).
When neither the buildspec nor the image says, the commands themselves are read: PowerShell
and cmd have marks no sh script has (`$Env:X`, `Write-Host`, `%VAR%`...; data/dialect.json).

`decide()` takes its inputs as plain values, so a later source of the image (a CodeBuild
project definition next to the buildspec) only has to be passed in; `of_buildspec()`
gathers them from a document. ShellCheck is given only the POSIX dialects.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from speclint.data import load
from speclint.record import record

POSIX = ("bash", "dash", "sh", "ksh")


@record(frozen=True)
class Dialect:
    """What runs the commands.

    name: "bash", "dash", "ksh", "sh" (a POSIX sh that the image decides), "powershell",
    "cmd", or "unknown" (an env.shell speclint does not know). shellcheck: the `shell=`
    value for ShellCheck, None when ShellCheck must not read the commands. why: the source
    of the decision, for messages (`env.shell`, `image aws/codebuild/standard:7.0`,
    `command text: $Env:NAME`). documented: True when AWS documents it, False for an inference.
    """

    name: str
    why: str
    documented: bool = True

    @property
    def shellcheck(self) -> Optional[str]:
        return self.name if self.name in POSIX else None

    @property
    def sh_unknown(self) -> bool:
        """A POSIX sh whose implementation (dash or bash) nobody said."""
        return self.name == "sh"


@lru_cache(maxsize=1)
def _markers() -> tuple:
    return tuple((m["dialect"], m["what"], re.compile(m["pattern"], re.MULTILINE), bool(m.get("in_quotes")))
                 for m in load("dialect.json")["content_markers"])


@lru_cache(maxsize=1)
def _sh_markers() -> tuple:
    return tuple(re.compile(m["pattern"], re.MULTILINE) for m in load("dialect.json")["sh_markers"])


def code_only(command: str, keep_quoted: bool = False) -> str:
    """The command with the inside of quoted strings and comments blanked to spaces (line
    breaks kept), so a mark inside `sed "s%A%B%g"` or `# C:\\x` does not count; keep_quoted
    blanks only the comments. Same length."""
    out = list(command)
    quote = None
    i, n = 0, len(command)
    while i < n:
        c = command[i]
        if quote:
            if c == "\\" and quote == '"' and i + 1 < n:
                if not keep_quoted:
                    out[i] = " "
                    out[i + 1] = " " if command[i + 1] != "\n" else "\n"
                i += 2
                continue
            if c == quote:
                quote = None
            elif c != "\n" and not keep_quoted:
                out[i] = " "
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or command[i - 1] in " \t\n;"):
            j = command.find("\n", i)
            j = n if j == -1 else j
            out[i:j] = " " * (j - i)
            i = j
            continue
        i += 1
    return "".join(out)


def _first_mark(command: str) -> Optional[tuple]:
    blanked, uncommented = code_only(command), code_only(command, keep_quoted=True)
    for dialect, what, pattern, in_quotes in _markers():
        found = pattern.search(uncommented if in_quotes else blanked)
        if found:
            end = found.end()
            while end < len(command) and (command[end].isalnum() or command[end] == "_") and command[end - 1] not in " =(":
                end += 1
            start = found.start()
            while start < end and command[start] in " \t;|&{(\"'=":
                start += 1  # the mark's own text, not the separator before it
            return dialect, what, command[start:end].strip(), start
    return None


def content_evidence(commands) -> Optional[tuple]:
    """(dialect, what, text, command index, offset, marked, sh_marked) when the commands read as
    PowerShell or cmd by weight of evidence, else None.

    A command counts for PowerShell/cmd when it has one of their marks (outside quoted text,
    except marks such as `$Env:X` that are PowerShell inside quotes too), for sh when it has a
    sh mark (data/dialect.json sh_markers: `export X=`, `[ ... ]`, `then`/`fi`, `${X}`,
    apt-get, /dev/null...). PowerShell or cmd wins only with more marked commands than sh
    ones: one `%` in a sed expression does not turn a Linux buildspec into cmd. A `pwsh ...`
    command counts for neither (Linux images ship pwsh)."""
    pwsh = re.compile(load("dialect.json")["pwsh_command"])
    first = None
    votes: dict = {}
    sh = 0
    for number, command in enumerate(commands):
        if pwsh.match(command):
            continue
        mark = _first_mark(command)
        if mark:
            votes[mark[0]] = votes.get(mark[0], 0) + 1
            if first is None:
                first = (mark, number)
        blanked = code_only(command)
        if any(p.search(blanked) for p in _sh_markers()):
            sh += 1
    if first is None:
        return None
    marked = sum(votes.values())
    if marked <= sh:
        return None
    (dialect, what, text, offset), number = first
    dialect = max(votes, key=lambda name: (votes[name], name == dialect))
    return dialect, what, text, number, offset, marked, sh


def from_content(commands) -> Optional[tuple]:
    """(dialect, what, text) of the PowerShell or cmd evidence in the commands, or None
    (see content_evidence)."""
    found = content_evidence(commands)
    return found[:3] if found else None


def documented_instead(env_shell: str) -> Optional[str]:
    """The documented env.shell value that names the same shell as an undocumented one
    (`pwsh` -> `powershell.exe`, `dash` -> `/bin/sh`), or None (documented, or no counterpart).
    For the S005 message: `pwsh` is not a documented value; `powershell.exe` is."""
    text = env_shell.strip()
    if text in load("dialect.json")["documented_env_shell"]:
        return None
    table = load("dialect.json")["env_shell_instead"]
    return table.get(text) or table.get(text.lower())


def _image_is_windows(image) -> bool:
    return "windows" in image.name.lower()


def decide(env_shell: Optional[str], image=None, commands=()) -> Dialect:
    """The dialect from env.shell, else the image (a runtimes.Image or None), else the commands.

    Never raises: an env.shell that speclint does not know gives "unknown"."""
    table = load("dialect.json")
    image_sh = (image.info or {}).get("sh") if image is not None else None
    if env_shell is not None:
        text = env_shell.strip()
        named = table["env_shell"].get(text) or table["env_shell"].get(text.lower())
        documented = text in table["documented_env_shell"]
        if named is None:
            return Dialect("unknown", f"env.shell {text}", False)
        if named == "sh" and image_sh:
            return Dialect(image_sh, f"env.shell {text}, which is {image_sh} on {image.name}", documented)
        return Dialect(named, f"env.shell {text}", documented)
    if image is not None and _image_is_windows(image):
        return Dialect("powershell", f"image {image.name} (Windows images run commands in PowerShell)")
    if image_sh:
        return Dialect(image_sh, f"image {image.name}, whose /bin/sh is {image_sh}")
    marked = from_content(commands)
    if marked:
        dialect, what, text = marked
        return Dialect(dialect, f"command text: {what} (`{text}`)", False)
    return Dialect("sh", "no env.shell and no image: /bin/sh of an unknown image", False)


def of_buildspec(doc, commands=()) -> Dialect:
    """The dialect of this buildspec: its env.shell, its image (--image, the image comment or
    the configuration), else its command text."""
    from speclint.runtimes import image_of

    env_shell, image = env_shell_of(doc.mapping), image_of(doc)
    if env_shell is None and doc.state.get("platform") == "windows" and (image is None or not _image_is_windows(image)):
        # a template's project says Environment.Type WINDOWS_*, whatever its (custom) image is called
        return Dialect("powershell", "the project's Environment.Type (Windows containers run commands in PowerShell)")
    return decide(env_shell, image, commands)


def env_shell_of(root) -> Optional[str]:
    """The buildspec's env.shell text (root: its top-level MappingNode), or None."""
    from speclint.source.nodes import MappingNode, ScalarNode

    env = root.get("env") if isinstance(root, MappingNode) else None
    chosen = env.get("shell") if isinstance(env, MappingNode) else None
    return chosen.value if isinstance(chosen, ScalarNode) and isinstance(chosen.value, str) else None
