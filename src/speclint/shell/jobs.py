"""What to give ShellCheck for one document, and how to map its answers back.

A buildspec (version 0.2) becomes one script: CodeBuild runs all commands of a build in
one shell, so a variable exported in `install` is set in `build`. The script starts with
a ShellCheck directive (the dialect's shell, and the codes never reported in buildspecs) and an `export` of every
variable the buildspec defines, so those count as assigned. Version 0.1 runs each command
in its own shell: one script per command. Each script line remembers the YAML position of
each of its characters (source/scalar_map.py). An EC2 appspec's hook scripts are checked as
the files they are, when the revision is on disk.

The dialect comes from shell/dialect.py: commands that PowerShell or cmd runs are never
given to ShellCheck. Template code ({{ x }}, {% if %}, {# #}, also across lines) is filled
in before the file is used, so ShellCheck sees a neutral word of the same length instead.
"""

from __future__ import annotations

import re

from speclint.data import load
from speclint.source.nodes import FOLDED, LITERAL, MappingNode, ScalarNode, SequenceNode, key_text
from speclint.record import field, record
from speclint.source.scalar_map import build as build_map

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Template code (Jinja, Handlebars, Mustache, Go templates): `{{ x }}`, `{% tag %}`, `{# note #}`,
# also spanning lines. Each is replaced by X of the same length (line breaks kept), so every
# other position stays put. The opener of each pair and its closer (blank_templates).
TEMPLATE_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
SHELLS = {"bash": "bash", "/bin/bash": "bash", "/usr/bin/bash": "bash", "sh": "sh", "/bin/sh": "sh", "/usr/bin/sh": "sh"}
SHEBANG_SHELL = re.compile(r"^#!\s*(?:/usr)?/bin/(?:env\s+)?(bash|sh|dash|ksh)\b")
SECONDARY_SOURCE = re.compile(r"\bCODEBUILD_SRC_DIR_[A-Za-z0-9_]+")


def blank_templates(text: str) -> str:
    r"""`text` with template code (`{{ x }}`, `{% tag %}`, `{# note #}`, also across lines)
    replaced by X of the same length, line breaks kept: what the regex
    `\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}` (DOTALL) would blank, in one linear pass.

    The regex rescans the rest of the text from every opener that has no closer (40,000
    unclosed `{{` took 45 s); here each kind's next closer is found once and reused while it
    lies ahead, so the searches cover the text once per kind.
    """
    if "{" not in text:
        return text
    out: list = []
    done = 0  # text[:done] is in `out`
    position = 0
    next_close: dict = {}  # opener -> first closer at or after its last search (-1: none is left)
    while True:
        start = text.find("{", position)
        if start < 0:
            break
        opener = text[start:start + 2]
        closer = TEMPLATE_PAIRS.get(opener)
        close = next_close.get(opener)
        if closer is not None and (close is None or 0 <= close < start + 2):
            close = next_close[opener] = text.find(closer, start + 2)
        if closer is None or close < 0:
            position = start + 1
            continue
        out.append(text[done:start])
        out.append("".join("\n" if c == "\n" else "X" for c in text[start:close + 2]))
        done = position = close + 2
    out.append(text[done:])
    return "".join(out)


@record
class ShellJob:
    path: str  # where findings are reported (the YAML file, or the hook script)
    script: str  # the text ShellCheck reads
    # For each script line (0-based): None for lines speclint added (the directive and the
    # exports; findings there are dropped), (map index, offset of the line in that scalar's
    # value) for command text, or (-1, line) for a hook script's own line.
    lines: list = field(default_factory=list)
    maps: list = field(default_factory=list)  # SourceMap per command scalar
    # Per command scalar: (its first line, the line after whose end a comment is outside it -
    # None for a `|`/`>` block, whose every line is text), for the suppression hint.
    bounds: list = field(default_factory=list)
    # Codes with these prefixes are information here (POSIX-sh notes when the shell is unknown).
    demote: tuple = ()
    # Code prefixes that are off by default in this context (shell/defaults.py).
    off: tuple = ()
    # Where the dash that runs these commands comes from, for SC3xxx messages ("" when not dash).
    dash_from: str = ""
    # True when a POSIX shell surely runs this text (a `#!` sh/bash hook script; commands whose
    # shell env.shell or the image decides): its syntax errors then fail the run (defaults.severity).
    certain: bool = False

    def position(self, script_line: int, column: int):
        """(line, column) in `path` of a 1-based ShellCheck position, or None on an added line."""
        if not 1 <= script_line <= len(self.lines) or self.lines[script_line - 1] is None:
            return None
        which, start = self.lines[script_line - 1]
        if which < 0:
            return start, column
        return self.maps[which].at(start + column - 1)

    def silence(self, script_line: int, line: int, code: str) -> str:
        """How to silence `code` found on `line` (of `path`) from `script_line`: a comment
        after the line only where it is outside the command's YAML value (inside a `|` or `>`
        block, or a string going on to the next line, it would become part of the command)."""
        which = self.lines[script_line - 1][0] if 1 <= script_line <= len(self.lines) and self.lines[script_line - 1] else -1
        if which < 0 or self.bounds[which][1] == line:
            return f"silence it with `# speclint: ignore[{code}]`"
        inside = "a comment after this line would be part of the command's text"
        if self.bounds[which][1] is not None and self.bounds[which][0] == line:
            return f"silence it with `# speclint: ignore-next-line[{code}]` on its own line above ({inside})"
        return f"silence it with `# speclint: ignore-file[{code}]` ({inside})"


def _defined_variables(root: MappingNode, commands: list) -> list:
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
    # Secondary sources: CODEBUILD_SRC_DIR_<sourceIdentifier>, identifiers in any case.
    for node in commands:
        names.extend(SECONDARY_SOURCE.findall(node.value))
    table = load("shell.json")
    return sorted({n for n in names + table["codebuild_variables"] if IDENTIFIER.match(n)})


def commands_of(root: MappingNode) -> list:
    """Command scalars in the order CodeBuild runs them (build_writes.phase_commands), blank ones left out."""
    from speclint.revision.build_writes import phase_commands

    return [item for item in phase_commands(root) if item.value.strip()]


def buildspec_jobs(doc) -> list:
    root = doc.mapping
    if root is None:
        return []
    from speclint.shell.defaults import context_off
    from speclint.shell.dialect import of_buildspec

    commands = commands_of(root)
    if not commands:
        return []
    dialect = of_buildspec(doc, [node.value for node in commands])
    shell = dialect.shellcheck
    if shell is None:
        return []  # PowerShell, cmd or an unknown shell: not ShellCheck's language
    excluded = ",".join(load("shell.json")["buildspec_excluded_codes"])
    header = [f"# shellcheck shell={shell} disable={excluded}", "export " + " ".join(_defined_variables(root, commands))]
    # When nobody says what sh is (dash on Ubuntu, bash on Amazon Linux), POSIX notes are off, and information when selected.
    demote = ("SC3",) if dialect.sh_unknown else ()
    off = context_off(True, dialect.sh_unknown, as_root=not _run_as(root))
    dash_from = dialect.why if dialect.name == "dash" else ""
    certain = dialect.documented and dialect.why.startswith(("env.shell", "image"))
    if str(doc.version) == "0.1":
        return [_job(doc, header, [node], demote, off, dash_from, certain) for node in commands]
    return [_job(doc, header, commands, demote, off, dash_from, certain)]


def dialect_findings(doc, shellcheck_skipped: bool) -> list:
    """speclint's own findings about the shell of a buildspec's commands (B026): the note
    that ShellCheck was skipped because the text reads as PowerShell or cmd, and
    `set -o pipefail` where dash runs the commands."""
    out = []
    if shellcheck_skipped:
        note = dialect_note(doc)
        if note is not None:
            out.append(note)
    out.extend(pipefail_on_dash(doc))
    return out


def pipefail_on_dash(doc) -> list:
    """`set -o pipefail` (also `set -euo pipefail`) where the commands run with dash: dash
    before 0.5.13 (every Ubuntu image) stops with `set: Illegal option -o pipefail`, and
    ShellCheck's dash mode does not say so. An error when the image decides (it runs /bin/sh,
    aws/aws-codebuild-docker-images#388, and its /bin/sh is dash, from its Dockerfile), a
    warning when only env.shell names dash."""
    from speclint.diagnostics import Diagnostic, Severity, Span
    from speclint.shell.dialect import of_buildspec
    from speclint.source.scalar_map import build
    from speclint.shell.tokens import command_words, commands

    root = doc.mapping
    if root is None:
        return []
    nodes = commands_of(root)
    dialect = of_buildspec(doc, [n.value for n in nodes])
    if dialect.name != "dash":
        return []
    from_image = dialect.why.startswith("image") or "which is dash on" in dialect.why
    out = []
    for node in nodes:
        for command in commands(node.value):
            words = command_words(command)
            if not words or words[0].text != "set":
                continue
            for k, word in enumerate(words[1:-1], 1):
                if word.text.startswith("-") and "o" in word.text[1:] and words[k + 1].text == "pipefail":
                    source = build(node)
                    start, end = source.at(word.start), source.at(words[k + 1].end - 1)
                    span = Span(start[0], start[1], end[0], end[1] + 1) if end >= start else node.span
                    out.append(Diagnostic(
                        path=doc.path, span=span, code="B026", name="shellcheck",
                        severity=Severity.ERROR if from_image else Severity.WARNING,
                        message=f"`set {word.text} pipefail` stops the build on dash (`set: Illegal option -o pipefail`): "
                                f"the commands run with dash ({dialect.why})",
                        hint="run the commands with bash: `env: shell: bash`; or drop pipefail",
                    ))
    return out


def dialect_note(doc):
    """An information Diagnostic (B026) when the commands are not given to ShellCheck because
    their text reads as PowerShell or cmd (no env.shell, no image), at the first mark, naming
    the evidence; None otherwise."""
    from speclint.diagnostics import Diagnostic, Severity, Span
    from speclint.shell.dialect import content_evidence, of_buildspec

    root = doc.mapping
    if root is None:
        return None
    nodes = commands_of(root)
    values = [node.value for node in nodes]
    dialect = of_buildspec(doc, values)
    if dialect.shellcheck is not None or not dialect.why.startswith("command text"):
        return None
    found = content_evidence(values)
    if found is None:
        return None
    name, what, text, number, offset, marked, sh = found
    from speclint.source.scalar_map import build

    source = build(nodes[number])
    line, column = source.at(offset)
    shown = {"powershell": "PowerShell", "cmd": "cmd"}.get(name, name)
    from speclint.words import plural

    return Diagnostic(
        path=doc.path, span=Span(line, column, line, column + max(1, len(text))), code="B026", name="shellcheck",
        severity=Severity.INFO,
        message=f"ShellCheck was not run: the commands read as {shown} ({what}: `{text}`; "
                f"{plural(marked, 'command')} with {shown} marks, {sh} with sh marks) and neither env.shell nor an image says otherwise",
        hint="if CodeBuild runs them with sh, say so: `env: shell: bash`, or name the image (`# speclint: image=aws/codebuild/standard:7.0`)",
    )


def _run_as(root: MappingNode) -> bool:
    """Whether the buildspec names a user to run as (top-level run-as or env.run-as) other than root."""
    from speclint.source.nodes import ScalarNode

    env = root.get("env")
    for node in (root.get("run-as"), env.get("run-as") if isinstance(env, MappingNode) else None):
        if isinstance(node, ScalarNode) and str(node.value).strip() not in ("", "root"):
            return True
    return False


def _job(doc, header: list, nodes: list, demote: tuple = (), off: tuple = (), dash_from: str = "",
         certain: bool = False) -> ShellJob:
    script: list = list(header)
    lines: list = [None] * len(header)
    maps: list = []
    bounds: list = []
    for node in nodes:
        maps.append(build_map(node))
        bounds.append((node.start_line, None if node.style in (LITERAL, FOLDED) else node.end_line))
        value = blank_templates(node.value)
        start = 0
        for part in value.split("\n"):
            script.append(part)
            lines.append((len(maps) - 1, start))
            start += len(part) + 1
    return ShellJob(doc.path, "\n".join(script) + "\n", lines, maps, bounds, demote, off, dash_from, certain)


def script_jobs(doc) -> list:
    """The EC2 appspec's hook scripts that are shell scripts in the revision (os: linux)."""
    from speclint import revision
    from speclint.revision import files as revision_files
    from speclint.shell.defaults import context_off

    root = revision.linux_root(doc)
    if root is None:
        return []
    jobs = []
    as_other: set = set()  # scripts that some hook runs as a user other than root (runas)
    for _event, _index, script, _node, location in revision_files.hook_locations(doc):
        runas = script.get("runas")
        if runas is not None and str(getattr(runas, "value", "")).strip() not in ("", "root"):
            as_other.add(revision_files.resolve(root, location))
    for _event, _index, _node, _location, path, data in revision_files.hook_scripts(doc, root, unique=True):
        text = data.decode("utf-8", "replace")
        first = text.split("\n", 1)[0]
        if not (SHEBANG_SHELL.match(first) or (path.endswith(".sh") and not first.startswith("#!"))):
            continue  # python, ruby, ...: not ShellCheck's business
        script = blank_templates(text.replace("\r\n", "\n"))
        added = 0 if first.startswith("#!") else 1
        if added:
            script = "# shellcheck shell=sh\n" + script
        lines = [None] * added + [(-1, n + 1) for n in range(text.count("\n") + 1)]
        # `#!/bin/sh` or no #!: the instance's sh decides (dash on Ubuntu, bash on Amazon Linux).
        shebang = SHEBANG_SHELL.match(first)
        sh_unknown = not shebang or shebang.group(1) == "sh"
        demote = ("SC3",) if sh_unknown else ()
        off = context_off(False, sh_unknown, as_root=path not in as_other)
        jobs.append(ShellJob(revision_files.shown(doc, path), script, lines, [], [], demote, off, certain=bool(shebang)))
    return jobs
