"""What to give ShellCheck for one document, and how to map its answers back.

A buildspec (version 0.2) becomes one script: CodeBuild runs all commands of a build in
one shell, so a variable exported in `install` is set in `build`. The script starts with
a ShellCheck directive (the shell from `env.shell`, else sh) and an `export` of every
variable the buildspec defines, so those count as assigned. Version 0.1 runs each command
in its own shell: one script per command. Each script line remembers the YAML position of
each of its characters (shell/sourcemap.py). An EC2 appspec's hook scripts are checked as
the files they are, when the revision is on disk.
"""

from __future__ import annotations

import re
from typing import Optional

from speclint.data import load
from speclint.nodes import MappingNode, ScalarNode, SequenceNode, key_text
from speclint.record import field, record
from speclint.shell.sourcemap import build as build_map

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SHELLS = {"bash": "bash", "/bin/bash": "bash", "/usr/bin/bash": "bash", "sh": "sh", "/bin/sh": "sh", "/usr/bin/sh": "sh"}
SHEBANG_SHELL = re.compile(r"^#!\s*(?:/usr)?/bin/(?:env\s+)?(bash|sh|dash|ksh)\b")


@record
class ShellJob:
    path: str  # where findings are reported (the YAML file, or the hook script)
    script: str  # the text ShellCheck reads
    # For each script line (0-based): None for lines speclint added (the directive and the
    # exports; findings there are dropped), (map index, offset of the line in that scalar's
    # value) for command text, or (-1, line) for a hook script's own line.
    lines: list = field(default_factory=list)
    maps: list = field(default_factory=list)  # SourceMap per command scalar
    # Codes with these prefixes are information here (POSIX-sh notes when the shell is unknown).
    demote: tuple = ()

    def position(self, script_line: int, column: int):
        """(line, column) in `path` of a 1-based ShellCheck position, or None on an added line."""
        if not 1 <= script_line <= len(self.lines) or self.lines[script_line - 1] is None:
            return None
        which, start = self.lines[script_line - 1]
        if which < 0:
            return start, column
        return self.maps[which].at(start + column - 1)


def _defined_variables(root: MappingNode) -> list:
    names: list = []
    env = root.get("env")
    if isinstance(env, MappingNode):
        for section in ("variables", "parameter-store", "secrets-manager"):
            node = env.get(section)
            if isinstance(node, MappingNode):
                names.extend(key_text(k) for k, _ in node.entries())
        exported = env.get("exported-variables")
        if isinstance(exported, SequenceNode):
            names.extend(str(item.value) for item in exported.items if isinstance(item, ScalarNode) and item.value)
    table = load("shell.json")
    return sorted({n for n in names + table["codebuild_variables"] if IDENTIFIER.match(n)})


def _shell_of(root: MappingNode) -> tuple[Optional[str], bool]:
    """(ShellCheck dialect, whether the buildspec chose it); None for Windows shells."""
    env = root.get("env")
    chosen = env.get("shell") if isinstance(env, MappingNode) else None
    if isinstance(chosen, ScalarNode) and isinstance(chosen.value, str):
        return SHELLS.get(chosen.value.strip()), True
    return "sh", False


def _commands(root: MappingNode) -> list:
    """Command scalars in the order CodeBuild runs them."""
    phases = root.get("phases")
    out = []
    if not isinstance(phases, MappingNode):
        return out
    for phase in ("install", "pre_build", "build", "post_build"):
        body = phases.get(phase)
        if not isinstance(body, MappingNode):
            continue
        for section in ("commands", "finally"):
            items = body.get(section)
            if isinstance(items, SequenceNode):
                out.extend(item for item in items.items if isinstance(item, ScalarNode) and isinstance(item.value, str)
                           and item.value.strip())
    return out


def buildspec_jobs(doc) -> list:
    root = doc.mapping
    if root is None:
        return []
    shell, chosen = _shell_of(root)
    commands = _commands(root)
    if shell is None or not commands:
        return []
    excluded = ",".join(load("shell.json")["buildspec_excluded_codes"])
    header = [f"# shellcheck shell={shell} disable={excluded}", "export " + " ".join(_defined_variables(root))]
    # With no env.shell the image decides (sh is dash on Ubuntu, bash on Amazon Linux): POSIX notes are information.
    demote = () if chosen else ("SC3",)
    if str(doc.version) == "0.1":
        return [_job(doc, header, [node]) for node in commands]
    return [_job(doc, header, commands, demote)]


def blank_placeholders(text: str) -> str:
    """Template placeholders (`{{ target }}`, within one line) are filled in before the
    buildspec is used; ShellCheck sees a neutral word of the same length instead, so every
    other position stays put.

    One pass, linear in the text: the regex `\\{\\{.*?\\}\\}` rescanned the rest of the line
    from every `{{` (40,000 unclosed `{{` took 45 s). The next `}}` is found once and reused
    while it lies ahead; the newline search stops at it.
    """
    out: list = []
    done = 0  # text[:done] is in `out`
    close = -1  # the first "}}" at or after the last search position
    start = text.find("{{")
    while start >= 0:
        if close < start + 2:
            close = text.find("}}", start + 2)
            if close < 0:
                break  # nothing closes this or any later "{{"
        newline = text.find("\n", start + 2, close)
        if newline >= 0:  # a placeholder stays on its line
            start = text.find("{{", newline + 1)
            continue
        out.append(text[done:start])
        out.append("X" * (close + 2 - start))
        done = close + 2
        start = text.find("{{", done)
    out.append(text[done:])
    return "".join(out)


def _job(doc, header: list, nodes: list, demote: tuple = ()) -> ShellJob:
    from speclint.shell.sourcemap import LineIndex

    index = LineIndex(doc.text)
    script: list = list(header)
    lines: list = [None] * len(header)
    maps: list = []
    for node in nodes:
        maps.append(build_map(node, index))
        value = blank_placeholders(node.value)
        start = 0
        for part in value.split("\n"):
            script.append(part)
            lines.append((len(maps) - 1, start))
            start += len(part) + 1
    return ShellJob(doc.path, "\n".join(script) + "\n", lines, maps, demote)


def script_jobs(doc) -> list:
    """The EC2 appspec's hook scripts that are shell scripts in the revision (os: linux)."""
    from speclint import revision_files

    root = revision_files.linux_root(doc)
    if root is None:
        return []
    jobs = []
    for _event, _index, _node, _location, path, data in revision_files.hook_scripts(doc, root, unique=True):
        text = data.decode("utf-8", "replace")
        first = text.split("\n", 1)[0]
        if not (SHEBANG_SHELL.match(first) or (path.endswith(".sh") and not first.startswith("#!"))):
            continue  # python, ruby, ...: not ShellCheck's business
        script = text.replace("\r\n", "\n")
        added = 0 if first.startswith("#!") else 1
        if added:
            script = "# shellcheck shell=sh\n" + script
        lines = [None] * added + [(-1, n + 1) for n in range(text.count("\n") + 1)]
        jobs.append(ShellJob(revision_files.shown(doc, path), script, lines, []))
    return jobs
