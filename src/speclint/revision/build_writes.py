"""What a buildspec's commands write: every path its commands - and the shell scripts and
Makefiles they run - create, copy, move, render, extract or fill, with the working folder and
the shell's variables followed.

CodeBuild runs a version 0.2 buildspec's commands, phase after phase (install, pre_build,
build, post_build; `commands`, then `finally`), in one shell, so a `cd deploy` or a
`FILE=x` in one command still holds in the next; version 0.1 runs every command in a shell of
its own, starting at the source root (`$CODEBUILD_SRC_DIR`) each time. The shell is read, not
run: words, quotes, `&&`/`||`/`;`/`|` lists, redirections and here documents are understood;
`cd`/`pushd`/`popd`, assignments (`FILE=x`, `export FILE=x`; `VAR=x cmd` holds for that
command only) and the buildspec's `env.variables` are followed; `$CODEBUILD_SRC_DIR`, `$PWD`
and `$(pwd)` are resolved. A part that comes from any other variable or a command
substitution is unknown (`*` in `Write.pattern`, None as `Write.path`), never guessed.

What counts as a write (`Write.how`):
- `redirect` (`> f`, `>> f`, `&> f`, `1> f`), `stderr` (`2> f`), `tee`, `touch`, `mkdir`;
- `copy`: `cp`/`mv`/`ln`/`rsync`/`install`/`scp` to their destination (into a folder,
  `folder/<name of each source>`), with `Write.source` the copied path;
- `extract` (`tar -x -C dir`, `unzip -d dir`; without a folder: anything in the working
  folder), `archive` (`tar -c -f file`, `zip file`, `jar cf file`), `clone` (`git clone`),
  `download` (`aws s3 cp|sync|mv` to a local path);
- `output`: the value of an output flag (`-o`, `--output`, `--output-file`, and the flags of
  the programs listed in `data/build_outputs.json`: `curl -o`, `dotnet publish -o out`,
  `aws cloudformation package --output-template-file`);
- `tool`: the output folders of the build tools listed there (`mvn package` -> `target/`,
  `npm run build` -> `dist/`, `build/`, ...), relative to the project folder the command
  names (`mvn -f api/pom.xml`, `npm --prefix web`);
- `edit`: a file given to a renderer or editor (`sed`, `envsubst`, `jq`, a Python or Node
  script), which may or may not write it (`Write.certain` is False).

Sources: https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-cmd.html
(0.1: "each command runs in a separate instance of the default shell"),
https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html
(`CODEBUILD_SRC_DIR`, the folder the build starts in),
https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html (env.variables),
and each build tool's documented default output folder (see the data file).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from typing import Iterable, Iterator, Optional

from speclint.data import load as _load_data
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode, key_text
from speclint.record import record

PHASES = ("install", "pre_build", "build", "post_build")
# Programs that render or edit a file they are given (a template engine, a JSON tool, an editor).
RENDERERS = {"sed", "envsubst", "jq", "yq", "python", "python3", "node", "perl", "ruby", "gomplate", "j2", "jinja2",
             "awk", "sponge", "mustache", "ytt", "kustomize", "dd"}
VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))")
_OPERATORS = ("&&", "||", ";;", ";", "|", "&", "(", ")")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_GENERIC_OUTPUT_FLAGS = ("-o", "--output", "--out", "--output-file", "--outfile")
_UNKNOWN = "*"
_SCRIPT_RUNNERS = {"sh", "bash", "source", ".", "zsh", "ksh", "dash"}
# Words before a command's name: `export`, and the shell's keywords (`if x; then cp a b; fi`).
_PREFIXES = {"export", "command", "builtin", "!", "if", "then", "else", "elif", "do", "while", "until", "{"}
_MAX_DEPTH = 3


@record
class Write:
    """A path a command writes.

    `path`: absolute and normalised, or None when a part of it is unknown (a variable the
    build does not set, an unknown working folder). `pattern`: posix, relative to the source
    root, `*` for an unknown part, "" for the whole source root; None outside the source root
    or when nothing is known about where it is. `written`: the word as the command gives it.
    `how`: see the module docstring. `folder`: everything under it counts as written too.
    `exact`: a command names this very path (not a folder a tool fills). `certain`: False for
    `edit` and for an output flag of a program speclint does not know. `reason`: how the build
    makes it, for messages (`buildspec.yml: \\`mkdir -p deploy/app\\` creates deploy/app/`).
    `node`: the buildspec's command scalar; `line`: the file's line of the command (exact inside
    a `|` block; for a script or Makefile, the line that runs it). `source`: the copied path
    of a `copy` (absolute, None when unknown). `script`: the script or Makefile (relative to
    the source root) the command is in, None for the buildspec's own commands."""

    path: Optional[str]
    written: str
    how: str
    node: Optional[ScalarNode]
    line: int
    source: Optional[str] = None
    pattern: Optional[str] = None
    folder: bool = False
    exact: bool = True
    certain: bool = True
    reason: str = ""
    script: Optional[str] = None

    def covers(self, rel: str) -> bool:
        """Whether the source-root-relative path `rel` is this write or (for a folder) inside it."""
        if self.pattern is None:
            return False
        if self.pattern == "":
            return True
        if _match(self.pattern, rel):
            return True
        if self.folder:
            parts = rel.split("/")
            return any(_match(self.pattern, "/".join(parts[:i])) for i in range(1, len(parts)))
        return False


def _match(pattern: str, rel: str) -> bool:
    if "*" in pattern or "?" in pattern or "[" in pattern:
        return pattern.count("/") == rel.count("/") and fnmatch.fnmatchcase(rel, pattern)
    return pattern == rel


def _tables() -> dict:
    return _load_data("build_outputs.json")


# --- the API ----------------------------------------------------------------------------------

def phase_commands(root) -> Iterator[ScalarNode]:
    """The command scalars of a buildspec mapping, in the order CodeBuild runs them."""
    phases = root.get("phases") if isinstance(root, MappingNode) else None
    if not isinstance(phases, MappingNode):
        return
    for name in PHASES:
        phase = phases.get(name)
        if not isinstance(phase, MappingNode):
            continue
        for section in ("commands", "finally"):
            items = phase.get(section)
            if isinstance(items, SequenceNode):
                for item in items.items:
                    if isinstance(item, ScalarNode) and isinstance(item.value, str):
                        yield item


def env_variables(root) -> dict:
    """A buildspec's `env.variables` as name -> string value."""
    env = root.get("env") if isinstance(root, MappingNode) else None
    variables = env.get("variables") if isinstance(env, MappingNode) else None
    out = {}
    if isinstance(variables, MappingNode):
        for key, value in variables.entries():
            if isinstance(value, ScalarNode) and value.value is not None:
                out[key_text(key)] = str(value.value)
    return out


def writes(root, text: str, source_root: str, label: str = "") -> list:
    """Every Write of the buildspec whose tree is `root` and whose file text is `text` ("" when
    unknown: lines are then those of the command scalars' first lines), with the build starting
    in `source_root` (a folder; made absolute). `label` names the buildspec in each reason."""
    version = root.get("version") if isinstance(root, MappingNode) else None
    one_shell = not (isinstance(version, ScalarNode) and str(version.value).strip() == "0.1")
    variables = env_variables(root)
    index = None
    if text:
        from speclint.source.positions import LineIndex

        index = LineIndex(text)
    shell = _Shell(os.path.abspath(source_root), variables, label)
    for node in phase_commands(root):
        if not one_shell:
            shell = _Shell(shell.root, variables, label, shell.found)
        shell.run_node(node, index)
    return shell.found


def explain(found: Iterable[Write], rel: str, exact_only: bool = False) -> Optional[Write]:
    """The certain write that makes the source-root-relative path `rel`: first one a command
    names exactly, else (unless `exact_only`) the first that covers it (a folder it is inside)."""
    made = [w for w in found if w.certain and w.pattern is not None]
    for write in made:
        if write.exact and write.pattern and _match(write.pattern, rel):
            return write
    if exact_only:
        return None
    return next((write for write in made if write.covers(rel)), None)


def expand(text: str, variables: dict) -> Optional[str]:
    """`text` with its `$VAR`/`${VAR}` replaced from `variables`; None when one is not there."""
    value = VARIABLE.sub(lambda m: variables.get(m.group(1) or m.group(2), "\0"), text)
    return None if "\0" in value or "$" in value else value


def tool_folders_for_build_files(folder: str, listings: Optional[dict] = None) -> list:
    """(tool name, output folder names) of the build tools whose build file is in `folder`
    (`pom.xml` -> Maven, `target`). `listings`: a dict that keeps each folder's listing
    across calls (revision_files.folder_names)."""
    from speclint.revision.files import folder_names

    names = sorted(folder_names(folder, listings))
    if not names:
        return []
    found = []
    for tool in _tables()["tools"]:
        for build_file in tool.get("build_files", ()):
            hit = any(n.endswith(build_file[1:]) for n in names) if build_file.startswith("*") else build_file in names
            if hit and tool["outputs"]:
                found.append((tool["tool"], tool["outputs"]))
                break
    return found


# --- reading the shell --------------------------------------------------------------------------

def simple_commands(script: str) -> Iterator[list]:
    """The simple commands of a shell text, each as [(word, index in the text)], quotes removed;
    operators (`&&`, `|`, `;`, `(`) end a command, redirections are words of their own (`>`,
    `>>`, `2>`, `&>`), here-document bodies are skipped, `\\`-newline joins lines."""
    words: list = []
    i, n = 0, len(script)
    pending_heredocs: list = []
    while i < n:
        char = script[i]
        if char == "\n":
            if words:
                yield words
                words = []
            i += 1
            for delimiter in pending_heredocs:
                i = _skip_heredoc(script, i, delimiter)
            pending_heredocs = []
            continue
        if char in " \t\r":
            i += 1
            continue
        if char == "#" and (i == 0 or script[i - 1] in " \t\n;&|"):
            newline = script.find("\n", i)
            i = n if newline == -1 else newline
            continue
        if char == "\\" and i + 1 < n and script[i + 1] == "\n":
            i += 2
            continue
        redirect = re.match(r"(?:[0-9]|&)?(?:>>|>\||>&|>)|<<-?|<<<|<", script[i:i + 4])
        if redirect and not (char == "&" and script.startswith("&&", i)):
            token = redirect.group(0)
            words.append((token, i))
            i += len(token)
            if token.startswith("<<") and token != "<<<":
                while i < n and script[i] in " \t":
                    i += 1
                delimiter, i = _word(script, i)
                pending_heredocs.append(delimiter)
                words.append((delimiter, i))
            continue
        operator = next((op for op in _OPERATORS if script.startswith(op, i)), None)
        if operator:
            if words:
                yield words
                words = []
            i += len(operator)
            continue
        start = i
        word, i = _word(script, i)
        words.append((word, start))
    if words:
        yield words


def _word(script: str, i: int) -> tuple:
    """(word without quotes, index after it) for the word starting at i; `$(...)` and a
    backquoted command stay whole."""
    out, n = [], len(script)
    while i < n:
        char = script[i]
        if char in " \t\r\n;&|<>()" and not (char == "(" and out and out[-1] == "$"):
            break
        if char == "'":
            end = script.find("'", i + 1)
            end = n if end == -1 else end
            out.append(script[i + 1:end])
            i = end + 1
        elif char == '"':
            j = i + 1
            while j < n and script[j] != '"':
                j += 2 if script[j] == "\\" else 1
            out.append(script[i + 1:min(j, n)].replace('\\"', '"'))
            i = j + 1
        elif char == "\\" and i + 1 < n:
            out.append(script[i + 1])
            i += 2
        elif char == "`":
            end = script.find("`", i + 1)
            end = n - 1 if end == -1 else end
            out.append(script[i:end + 1])
            i = end + 1
        elif char == "$" and script.startswith("$(", i):
            depth, j = 0, i + 1
            while j < n:
                depth += {"(": 1, ")": -1}.get(script[j], 0)
                j += 1
                if depth == 0:
                    break
            out.append(script[i:j])
            i = j
        else:
            out.append(char)
            i += 1
    return "".join(out), i


def _skip_heredoc(script: str, i: int, delimiter: str) -> int:
    while i < len(script):
        newline = script.find("\n", i)
        line = script[i:] if newline == -1 else script[i:newline]
        i = len(script) if newline == -1 else newline + 1
        if line.strip() == delimiter:
            break
    return i


_RELEVANT: list = []


def _relevant() -> "re.Pattern[str]":
    """Texts worth reading: a redirection, an assignment, an output flag, a script, or a word
    that names a handled command, a renderer or a build tool."""
    if not _RELEVANT:
        tables = _tables()
        words = set(_HANDLERS) | _SCRIPT_RUNNERS | set(tables["runners"]) | set(tables["output_flags"]) | RENDERERS
        for tool in tables["tools"]:
            words |= set(tool["programs"])
        names = "|".join(sorted((re.escape(w) for w in words if w != "."), key=len, reverse=True))
        _RELEVANT.append(re.compile(rf"[>=]|\s-o|--out|python|\.sh\b|(?:^|[\s;&|(/])\.\s|(?:^|[\s;&|(/]|\./)(?:{names})(?:$|[\s;&|)])"))
    return _RELEVANT[0]


def _shown(words: list, limit: int = 60) -> str:
    text = " ".join(words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flag_value(args: list, flag: str) -> Optional[str]:
    """The value of `flag` in `args` (`-o out`, `--output=out`)."""
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return args[i + 1]
        if flag.startswith("--") and arg.startswith(flag + "="):
            return arg[len(flag) + 1:]
    return None


def _positionals(args: list, with_value: Iterable[str] = ()) -> list:
    out, skip = [], False
    takes = set(with_value)
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in takes:
            skip = True
            continue
        if arg.startswith("-") and arg != "-":
            continue
        out.append(arg)
    return out


class _Shell:
    """One shell reading commands in order: its working folder (absolute, `*` for an unknown
    part, None when unknown), pushd stack and variables."""

    def __init__(self, root: str, variables: dict, label: str, found: Optional[list] = None):
        self.root = os.path.normpath(root)
        self.variables = dict(variables)
        self.label = label
        self.cwd: Optional[str] = self.root
        self.stack: list = []
        self.found: list = found if found is not None else []
        self.depth = 0
        self.seen_scripts: set = set()
        self.node: Optional[ScalarNode] = None
        self.line = 0
        self.script: Optional[str] = None

    # -- paths -------------------------------------------------------------------------------
    def expand(self, word: str) -> str:
        """`word` with known variables replaced, `$CODEBUILD_SRC_DIR` and `$PWD` as "\\0" and
        "\\1" (resolved by `resolve`), anything unknown as `*`."""
        def value(match):
            name = match.group(1) or match.group(2)
            if name == "CODEBUILD_SRC_DIR":
                return "\0"
            if name == "PWD":
                return "\1"
            known = self.variables.get(name)
            return known if isinstance(known, str) and "$" not in known else _UNKNOWN

        text = re.sub(r"\$\(\s*pwd\s*\)|`\s*pwd\s*`", "\1", word)
        text = VARIABLE.sub(value, text)
        return re.sub(r"\$\([^)]*\)?|`[^`]*`?", _UNKNOWN, text)  # a substitution, also one cut off by a space

    def resolve(self, word: Optional[str]) -> Optional[str]:
        """A word as an absolute, normalised path (`*` for an unknown part), or None when
        nothing is known about where it is."""
        if word is None:
            return None
        text = self.expand(word)
        if not text or text.startswith("-") or text.startswith("~") or "://" in text:
            return None
        if text.startswith("\0"):
            base, text = self.root, text[1:].lstrip("/")
        elif text.startswith("\1"):
            base, text = self.cwd, text[1:].lstrip("/")
        elif text.startswith("/"):
            base = "/"
        else:
            base = self.cwd
        if base is None or "\0" in text or "\1" in text:
            return None
        return posixpath.normpath(posixpath.join(base, text)) if text else base

    def pattern(self, path: Optional[str]) -> Optional[str]:
        if path is None:
            return None
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        if rel == ".":
            return ""
        if rel == ".." or rel.startswith("../") or rel.split("/")[0].strip("*") == "":
            return None  # outside, or `$DIR/x`: nothing known about where it is
        return rel

    def is_dir(self, path: Optional[str]) -> bool:
        return path is not None and "*" not in path and os.path.isdir(path)

    def add_path(self, path: Optional[str], written: str, how: str, words: list, reason: str, folder: bool = False,
                 exact: bool = True, certain: bool = True, source: Optional[str] = None) -> None:
        known = path if path is not None and "*" not in path else None
        self.found.append(Write(known, written, how, self.node, self.line, source, self.pattern(path), folder, exact,
                                certain, f"{self.label}: {reason}" if self.label else reason, self.script))

    def add(self, word: str, how: str, words: list, reason: str, folder: bool = False, certain: bool = True) -> None:
        self.add_path(self.resolve(word), word, how, words, reason, folder, True, certain)

    # -- commands ----------------------------------------------------------------------------
    def run_node(self, node: ScalarNode, index) -> None:
        self.node, self.line, self.script = node, node.start_line, None
        if not _relevant().search(node.value):
            return
        where = None
        if index is not None:
            from speclint.source.scalar_map import build

            where = build(node, index)
        for words in simple_commands(node.value):
            self.line = where.at(words[0][1])[0] if where is not None else node.start_line
            self.simple_command([w for w, _ in words])

    def run_text(self, text: str) -> None:
        if _relevant().search(text):
            for words in simple_commands(text):
                self.simple_command([w for w, _ in words])

    def simple_command(self, words: list) -> None:
        plain: list = []
        i = 0
        while i < len(words):  # redirections first: `> file` writes the file whatever the command is
            word = words[i]
            if re.fullmatch(r"(?:1|&)?(?:>>|>\||>)", word) and i + 1 < len(words):
                self.add(words[i + 1], "redirect", words, f"`{_shown(words)}` writes {words[i + 1]}")
                i += 2
            elif re.fullmatch(r"[02-9](?:>>|>\||>)", word) and i + 1 < len(words):
                self.add(words[i + 1], "stderr", words, f"`{_shown(words)}` writes {words[i + 1]}")
                i += 2
            elif re.fullmatch(r"[0-9&]?(?:<<-?|<<<|<|>&)", word):
                i += 2
            else:
                plain.append(word)
                i += 1
        assigned = []
        while plain and _ASSIGNMENT.match(plain[0]):
            assigned.append(plain.pop(0))
        saved = dict(self.variables) if plain and assigned else None  # `VAR=x cmd`: for that command only
        for word in assigned:
            self.assign(word)
        try:
            self.run_program(plain, words)
        finally:
            if saved is not None:
                self.variables = saved

    def assign(self, word: str) -> None:
        name, _, value = word.partition("=")
        if "$" in value or "`" in value:
            value = self.expand(value)
            if "\1" in value:  # `HERE=$(pwd)`: the working folder now, not when $HERE is read
                value = value.replace("\1", self.cwd) if self.cwd is not None else _UNKNOWN
        self.variables[name] = value

    def run_program(self, plain: list, words: list) -> None:
        runners = set(_tables()["runners"])
        while plain and (os.path.basename(plain[0]) in runners or plain[0] in _PREFIXES):
            head = plain.pop(0)
            if head == "export":
                for word in plain:
                    if _ASSIGNMENT.match(word):
                        self.assign(word)
                return
            while plain and (plain[0].startswith("-") or _ASSIGNMENT.match(plain[0])):
                plain.pop(0)
        if not plain:
            return
        program = os.path.basename(plain[0])
        args = plain[1:]
        handler = _HANDLERS.get(program)
        if handler:
            handler(self, program, args, plain)
        if program in _SCRIPT_RUNNERS and args:
            self.run_script(next((a for a in args if not a.startswith("-")), ""))
        elif plain[0].startswith(("./", "../")) or (plain[0].endswith(".sh") and "/" in plain[0]):
            self.run_script(plain[0])
        self.outputs(program, args, plain)
        if program in RENDERERS or program.startswith("python"):
            for arg in args:
                if not arg.startswith("-"):
                    self.add(arg, "edit", plain, f"`{_shown(plain)}` may write {arg}", certain=False)

    def enter(self, rel: str, text: str, cwd: Optional[str]) -> None:
        self.seen_scripts.add(rel)
        saved = (self.cwd, self.stack, self.label, self.script)
        self.depth += 1
        self.cwd, self.stack = cwd, []
        self.label, self.script = f"{self.label} -> {rel}" if self.label else rel, rel
        try:
            self.run_text(text)
        finally:
            self.depth -= 1
            self.cwd, self.stack, self.label, self.script = saved

    def run_script(self, word: str) -> None:
        from speclint.revision.files import escapes, read_text

        path = self.resolve(word)
        rel = self.pattern(path)
        if rel is None or "*" in rel or self.depth >= _MAX_DEPTH or rel in self.seen_scripts:
            return
        if escapes(self.root, path):
            return  # a symlink out of the source tree is never read
        text = read_text(path)
        if text is not None:
            self.enter(rel, text, self.cwd)

    def run_makefile(self, folder: Optional[str]) -> None:
        from speclint.revision.files import escapes, read_text

        if folder is None or "*" in folder or self.depth >= _MAX_DEPTH:
            return
        for name in ("GNUmakefile", "makefile", "Makefile"):
            path = os.path.join(folder, name)
            rel = self.pattern(path)
            text = read_text(path) if rel is not None and not escapes(self.root, path) else None
            if text is None or rel in self.seen_scripts:
                continue
            recipes = "\n".join(line[1:] for line in text.split("\n") if line.startswith("\t"))
            recipes = re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", r"${\1}", recipes).replace("$$", "$")
            self.enter(rel, recipes, folder)
            return

    def outputs(self, program: str, args: list, words: list) -> None:
        """The output flags and the folders of the build tools of data/build_outputs.json."""
        name = program[:-4] if program.endswith((".cmd", ".bat", ".exe")) else program
        flagged: set = set()
        for tool in _tables()["tools"]:
            if name not in tool["programs"]:
                continue
            if tool["subcommands"] and not any(a in tool["subcommands"] for a in args):
                continue
            project = self.cwd
            for flag in tool.get("project_flags", ()):
                value = _flag_value(args, flag)
                if value is not None:
                    path = self.resolve(value)
                    if path is not None and (posixpath.splitext(path)[1] or os.path.isfile(path)):
                        path = posixpath.dirname(path)
                    project = path
            if tool.get("project_positional"):
                for arg in args:
                    if arg.endswith(("proj", ".sln")) and not arg.startswith("-"):
                        path = self.resolve(arg)
                        project = posixpath.dirname(path) if path is not None else None
                        break
            for flag in tool.get("output_flags", ()):
                value = _flag_value(args, flag)
                if value is not None:
                    flagged.add(flag)
                    self.add(value, "output", words, f"`{_shown(words)}` writes {value}", folder=True)
            if project is None:
                continue
            for folder in tool["outputs"]:
                path = posixpath.join(project, folder)
                rel = self.pattern(path)
                self.add_path(path, folder, "tool", words, f"{tool['tool']} (`{_shown(words)}`) writes {rel}/",
                              folder=True, exact=False)
        for flag in _tables()["output_flags"].get(name, ()):
            value = _flag_value(args, flag)
            if value is not None:
                flagged.add(flag)
                folder = flag in ("-P", "--directory-prefix", "-d", "--destination", "--output-dir")
                self.add(value, "output", words, f"`{_shown(words)}` writes {value}", folder=folder)
        for k, word in enumerate(args):  # any program's output flag: likely, not known
            value = flag = None
            if word in _GENERIC_OUTPUT_FLAGS and k + 1 < len(args):
                value, flag = args[k + 1], word
            elif re.match(r"--(?:output|out|output-file|outfile)=", word):
                flag, _, value = word.partition("=")
            if value is not None and flag not in flagged:
                self.add(value, "output", words, f"`{_shown(words)}` may write {value}", certain=False)
        if name in ("make", "gmake"):
            directory = _flag_value(args, "-C")
            self.run_makefile(self.resolve(directory) if directory else self.cwd)


# --- command handlers ---------------------------------------------------------------------------

def _cd(s: _Shell, program: str, args: list, words: list) -> None:
    if program == "popd":
        s.cwd = s.stack.pop() if s.stack else s.cwd
        return
    target = next((a for a in args if not a.startswith("-")), None)
    if program == "pushd":
        s.stack.append(s.cwd)
    s.cwd = s.resolve(target) if target is not None else None  # `cd`, `cd -`: $HOME, the last folder


def _mkdir(s: _Shell, program: str, args: list, words: list) -> None:
    for arg in _positionals(args, ("-m", "--mode")):
        s.add(arg, "mkdir", words, f"`{_shown(words)}` creates {arg}/", folder=True)


def _touch(s: _Shell, program: str, args: list, words: list) -> None:
    for arg in _positionals(args, ("-d", "-r", "-t")):
        s.add(arg, "touch", words, f"`{_shown(words)}` creates {arg}")


def _tee(s: _Shell, program: str, args: list, words: list) -> None:
    for arg in _positionals(args):
        s.add(arg, "tee", words, f"`{_shown(words)}` writes {arg}")


def _copy(s: _Shell, program: str, args: list, words: list) -> None:
    target = _flag_value(args, "-t") or _flag_value(args, "--target-directory")
    positions = _positionals(args, ("-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "-g",
                                    "--owner", "--group", "-e", "--exclude", "--include", "--chmod", "-f", "--filter"))
    if target is not None:
        sources, dest, into = positions, target, True
    elif len(positions) >= 2:
        sources, dest, into = positions[:-1], positions[-1], False
    else:
        return
    path = s.resolve(dest)
    if path is None:
        s.add_path(None, dest, "copy", words, "", folder=True)  # a copy to an unknown place (`cp a $DIR/b`)
        return
    if into or s.is_dir(path) or dest.endswith("/") or dest in (".", "..") or dest.endswith(("/.", "/..")):
        for source in sources:
            if source.endswith(("/", "/.", "/*")):
                s.add_path(path, dest, "copy", words, f"`{_shown(words)}` copies into {dest}", folder=True,
                           source=s.resolve(source))
                continue
            name = posixpath.basename(s.expand(source).rstrip("/"))
            if not name or "\0" in name or "\1" in name:
                continue
            s.add_path(posixpath.join(path, name), posixpath.join(dest.rstrip("/"), name), "copy", words,
                       f"`{_shown(words)}` puts {name} into {dest}", folder=True, source=s.resolve(source))
    else:
        for source in sources:
            s.add_path(path, dest, "copy", words, f"`{_shown(words)}` writes {dest}", folder=True,
                       source=s.resolve(source))


def _tar(s: _Shell, program: str, args: list, words: list) -> None:
    first = args[0] if args else ""
    letters = first.lstrip("-") if first and not first.startswith("--") else ""
    extract = "-x" in args or "--extract" in args or "--get" in args or ("x" in letters and letters.isalpha())
    extract = extract or any(a.startswith("-") and not a.startswith("--") and "x" in a and a[1:].isalpha() for a in args)
    if extract:
        folder = _flag_value(args, "-C") or _flag_value(args, "--directory")
        if folder is None:
            s.add_path(s.cwd, ".", "extract", words, f"`{_shown(words)}` extracts an archive into the working folder",
                       folder=True, exact=False)
        else:
            s.add(folder, "extract", words, f"`{_shown(words)}` extracts into {folder}", folder=True)
        return
    create = "-c" in args or "--create" in args or ("c" in letters and letters.isalpha())
    if create:
        name = _flag_value(args, "-f") or _flag_value(args, "--file")
        if name is None and "f" in letters:
            rest = _positionals(args[1:])
            name = rest[0] if rest else None
        if name is None:
            bundled = next((a for a in args if a.startswith("-") and not a.startswith("--") and a.endswith("f")), None)
            if bundled and args.index(bundled) + 1 < len(args):
                name = args[args.index(bundled) + 1]
        if name:
            s.add(name, "archive", words, f"`{_shown(words)}` writes {name}")


def _unzip(s: _Shell, program: str, args: list, words: list) -> None:
    folder = _flag_value(args, "-d")
    if folder is None:
        s.add_path(s.cwd, ".", "extract", words, f"`{_shown(words)}` extracts an archive into the working folder",
                   folder=True, exact=False)
    else:
        s.add(folder, "extract", words, f"`{_shown(words)}` extracts into {folder}", folder=True)


def _zip(s: _Shell, program: str, args: list, words: list) -> None:
    positions = _positionals(args, ("-x", "-i", "-b", "-n", "-t", "-tt", "-P"))
    if program == "jar":
        positions = positions[1:] if positions and not positions[0].endswith(".jar") else positions
    if positions:
        name = positions[0]
        if program == "zip" and not posixpath.splitext(name)[1]:
            name += ".zip"
        s.add(name, "archive", words, f"`{_shown(words)}` writes {name}")


def _git(s: _Shell, program: str, args: list, words: list) -> None:
    if not args or args[0] != "clone":
        return
    positions = _positionals(args[1:], ("-b", "--branch", "--depth", "-o", "--origin", "-c", "--config"))
    if len(positions) >= 2:
        s.add(positions[1], "clone", words, f"`{_shown(words)}` clones into {positions[1]}", folder=True)
    elif positions:
        name = posixpath.basename(positions[0].rstrip("/"))
        name = name[:-4] if name.endswith(".git") else name
        if name:
            s.add(name, "clone", words, f"`{_shown(words)}` clones into {name}", folder=True)


def _aws(s: _Shell, program: str, args: list, words: list) -> None:
    if len(args) >= 2 and args[0] == "s3" and args[1] in ("cp", "mv", "sync"):
        positions = _positionals(args[2:], ("--exclude", "--include", "--region", "--profile", "--acl", "--sse",
                                            "--storage-class", "--expected-size", "--endpoint-url"))
        if len(positions) >= 2 and not positions[-1].startswith("s3://"):
            folder = args[1] == "sync" or "--recursive" in args
            path = s.resolve(positions[-1])
            if path is not None and not folder and (s.is_dir(path) or positions[-1].endswith("/")):
                path = posixpath.join(path, posixpath.basename(positions[0].rstrip("/")))
            s.add_path(path, positions[-1], "download", words, f"`{_shown(words)}` downloads {positions[-1]}",
                       folder=True)


_HANDLERS: dict = {
    "cd": _cd, "pushd": _cd, "popd": _cd,
    "mkdir": _mkdir, "touch": _touch, "tee": _tee,
    "cp": _copy, "mv": _copy, "ln": _copy, "rsync": _copy, "install": _copy, "scp": _copy,
    "tar": _tar, "unzip": _unzip, "zip": _zip, "jar": _zip, "git": _git, "aws": _aws,
}
