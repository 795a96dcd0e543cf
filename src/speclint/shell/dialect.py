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
    return tuple((m["dialect"], m["what"], re.compile(m["pattern"], re.MULTILINE)) for m in load("dialect.json")["content_markers"])


def from_content(commands) -> Optional[tuple]:
    """(dialect, what, text) of the first PowerShell or cmd mark in the commands, or None.
    A `pwsh ...` command is skipped: PowerShell code in its argument says nothing about the
    shell that starts it (Linux images ship pwsh)."""
    pwsh = re.compile(load("dialect.json")["pwsh_command"])
    for command in commands:
        if pwsh.match(command):
            continue
        for dialect, what, pattern in _markers():
            found = pattern.search(command)
            if found:
                return dialect, what, found.group(0).strip()
    return None


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
        return Dialect(dialect, f"command text: {what} ({text})", False)
    return Dialect("sh", "no env.shell and no image: /bin/sh of an unknown image", False)


def of_buildspec(doc, commands=()) -> Dialect:
    """The dialect of this buildspec: its env.shell, its image (--image, the image comment or
    the configuration), else its command text."""
    from speclint.nodes import MappingNode, ScalarNode
    from speclint.runtimes import image_of

    root = doc.mapping
    env = root.get("env") if isinstance(root, MappingNode) else None
    chosen = env.get("shell") if isinstance(env, MappingNode) else None
    env_shell = chosen.value if isinstance(chosen, ScalarNode) and isinstance(chosen.value, str) else None
    return decide(env_shell, image_of(doc), commands)
