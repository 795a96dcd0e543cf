"""What a build writes: the paths a buildspec's commands create, copy, move, render or
extract, and the folders its build tools fill.

A revision assembled by CodeBuild contains files that a clean checkout does not have
(`target/app.war`, `dist/`, a `deploy/` folder made with `mkdir -p`). `outputs()` reads the
commands of a buildspec - and of the shell scripts and Makefiles they run - in order,
following `cd`, and returns an `Output` for each path it sees written:

- redirections (`> file`, `>> file`, `&> file`), `tee`, `touch`;
- `mkdir`, `cp`/`mv`/`ln`/`rsync`/`install` (their destination; into an existing folder,
  `folder/<name of each source>`), `aws s3 cp|sync|mv` to a local path, `git clone`;
- `tar -x -C dir`, `unzip -d dir` (without a folder: anything in the working folder),
  `tar -c -f file`, `zip file`, `jar cf file`;
- the `-o`-style flags of the programs listed in `data/build_outputs.json` (`dotnet publish
  -o out`, `curl -o`, `aws cloudformation package --output-template-file`), and the output
  folders of the build tools listed there (`mvn package` -> `target/`, `npm run build` ->
  `dist/`, `build/`, `gradle build` -> `build/`, `dotnet publish` -> `bin/`, ...), relative
  to the project folder the command names (`mvn -f api/pom.xml`, `npm --prefix web`).

Paths are posix, relative to the source root (where CodeBuild starts every build:
`CODEBUILD_SRC_DIR`). A part that comes from a variable the buildspec does not define is a
`*`. Paths outside the source root (`/tmp`, `$HOME`) are left out. Globs in the artifacts'
`files` are not outputs: they select files, they do not make them.

Sources: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html (commands
run from the source root; in version 0.2 the commands of a build share one shell, so `cd`
carries over) and each build tool's documented default output folder (see the data file).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from typing import Iterable, Iterator, Optional

from speclint.data import load as _load_data
from speclint.revision_files import read_text

_SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "\n", "{", "}", "|&", ";;"}
_REDIRECT_WRITE = {">", ">>", "&>", "&>>", ">|"}
_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))")
_UNKNOWN = "*"
_SCRIPT_RUNNERS = {"sh", "bash", "source", ".", "zsh", "ksh", "dash"}
_MAX_DEPTH = 3


class Output:
    """One path a build writes. `pattern`: posix, relative to the source root, `*` for an
    unknown part; "" is the whole source root. `folder`: everything under it counts as
    written too. `exact`: a command names this very path (not a folder a tool fills).
    `reason`: how the build makes it, for messages (`mkdir -p deploy/app`)."""

    __slots__ = ("pattern", "folder", "exact", "reason")

    def __init__(self, pattern: str, folder: bool, exact: bool, reason: str):
        self.pattern, self.folder, self.exact, self.reason = pattern, folder, exact, reason

    def covers(self, rel: str) -> bool:
        """Whether the source-root-relative path `rel` is this output or (for a folder) inside it."""
        if self.pattern == "":
            return True
        if _match(self.pattern, rel):
            return True
        if self.folder:
            parts = rel.split("/")
            return any(_match(self.pattern, "/".join(parts[:i])) for i in range(1, len(parts)))
        return False

    def __repr__(self) -> str:
        return f"Output({self.pattern!r}, folder={self.folder}, exact={self.exact}, {self.reason!r})"


def _match(pattern: str, rel: str) -> bool:
    if "*" in pattern or "?" in pattern or "[" in pattern:
        return pattern.count("/") == rel.count("/") and fnmatch.fnmatchcase(rel, pattern)
    return pattern == rel


def _tables() -> dict:
    return _load_data("build_outputs.json")


def tool_folders_for_build_files(folder: str) -> list:
    """(tool name, output folder names) of the build tools whose build file is in `folder`
    (`pom.xml` -> Maven, `target`)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for tool in _tables()["tools"]:
        for build_file in tool.get("build_files", ()):
            hit = any(n.endswith(build_file[1:]) for n in names) if build_file.startswith("*") else build_file in names
            if hit and tool["outputs"]:
                found.append((tool["tool"], tool["outputs"]))
                break
    return found


def tokenize(line: str) -> list:
    """Shell words and operators of one logical line; quotes removed, `$VAR` kept."""
    import shlex

    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = []
    try:
        for token in lexer:
            tokens.append(token)
    except ValueError:  # an unbalanced quote: the plain words are good enough
        return line.split()
    return tokens


def _logical_lines(text: str) -> Iterator[str]:
    """Lines of a command or script, with backslash-continued lines joined and heredoc bodies skipped."""
    pending = ""
    heredoc = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        line = pending + raw
        pending = ""
        match = re.search(r"<<-?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)", line)
        if match:
            heredoc = match.group(1)
        yield line
    if pending:
        yield pending


class _Walker:
    """Reads commands in order, tracking the working folder and assignments."""

    def __init__(self, source_root: str, variables: dict, label: str):
        self.root = source_root
        self.variables = dict(variables)
        self.label = label
        self.cwd: Optional[str] = ""  # None: somewhere outside the source root or unknown
        self.stack: list = []
        self.found: list = []
        self.depth = 0
        self.seen_scripts: set = set()

    # -- paths -------------------------------------------------------------------------------
    def expand(self, word: str) -> str:
        def value(match):
            name = match.group(1) or match.group(2)
            if name == "CODEBUILD_SRC_DIR" or name.startswith("CODEBUILD_SRC_DIR_"):
                return "\0"
            if name in ("PWD",):
                return "\1"
            known = self.variables.get(name)
            return known if isinstance(known, str) and "$" not in known else _UNKNOWN

        text = _VARIABLE.sub(value, word)
        return re.sub(r"\$\([^)]*\)|`[^`]*`", _UNKNOWN, text)

    def relative(self, word: str) -> Optional[str]:
        """A word as a path relative to the source root, or None when it is outside or unknowable."""
        text = self.expand(word)
        if not text or text.startswith("-"):
            return None
        if text.startswith("\0"):
            base, text = "", text[1:].lstrip("/")
        elif text.startswith("\1"):
            base, text = self.cwd, text[1:].lstrip("/")
        elif text.startswith(("/", "~")) or "://" in text:
            return None
        else:
            base = self.cwd
        if base is None or "\0" in text or "\1" in text:
            return None
        path = posixpath.normpath(posixpath.join(base, text)) if text else (base or ".")
        if path == ".":
            return ""
        if path.startswith("..") or path.split("/")[0] == _UNKNOWN and path.count("/") == 0:
            return None
        if path.split("/")[0].strip("*") == "":
            return None  # nothing known about where it is
        return path

    def add(self, word: str, folder: bool, exact: bool, reason: str) -> None:
        rel = self.relative(word)
        if rel is not None:
            self.found.append(Output(rel, folder, exact, f"{self.label}: {reason}"))

    def add_rel(self, rel: Optional[str], folder: bool, exact: bool, reason: str) -> None:
        if rel is not None:
            self.found.append(Output(rel, folder, exact, f"{self.label}: {reason}"))

    def is_dir(self, rel: Optional[str]) -> bool:
        return rel is not None and "*" not in rel and os.path.isdir(os.path.join(self.root, rel))

    # -- commands ----------------------------------------------------------------------------
    def run_text(self, text: str) -> None:
        relevant = _relevant()
        for line in _logical_lines(text):
            if not relevant.search(line):
                continue  # nothing here writes, moves the working folder or sets a variable
            tokens = tokenize(line)
            simple: list = []
            for token in tokens + [";"]:
                if token in _SEPARATORS:
                    if simple:
                        self.simple_command(simple)
                    simple = []
                else:
                    simple.append(token)

    def simple_command(self, words: list) -> None:
        # redirections first: `> file` writes the file whatever the command is
        plain: list = []
        i = 0
        while i < len(words):
            word = words[i]
            if word in _REDIRECT_WRITE or (word.endswith(tuple(_REDIRECT_WRITE)) and word.rstrip("&>|").isdigit()):
                if i + 1 < len(words):
                    self.add(words[i + 1], False, True, f"`{_shown(words)}` writes {words[i + 1]}")
                i += 2
                continue
            if word in ("<", ">&", "<&", "<<", "<<<", "<>", "<<-") or (word.endswith((">&", "<")) and word[:-2].isdigit()):
                i += 2
                continue
            plain.append(word)
            i += 1
        while plain and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", plain[0]):
            name, _, value = plain.pop(0).partition("=")
            self.variables[name] = self.expand(value) if "$" in value else value
        if not plain:
            return
        runners = set(_tables()["runners"])
        while plain and (os.path.basename(plain[0]) in runners or plain[0] in ("export", "command", "builtin")):
            head = plain.pop(0)
            if head == "export":
                for word in plain:
                    if "=" in word:
                        name, _, value = word.partition("=")
                        self.variables[name] = self.expand(value) if "$" in value else value
                return
            while plain and (plain[0].startswith("-") or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", plain[0])):
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
        self.tools(program, args, plain)

    def run_script(self, word: str) -> None:
        rel = self.relative(word)
        if rel is None or self.depth >= _MAX_DEPTH or rel in self.seen_scripts:
            return
        path = os.path.join(self.root, rel)
        text = read_text(path)
        if text is None:
            return
        self.seen_scripts.add(rel)
        self.depth += 1
        saved_cwd, saved_label = self.cwd, self.label
        self.label = f"{saved_label} -> {rel}"
        try:
            self.run_text(text)
        finally:
            self.depth -= 1
            self.cwd, self.label = saved_cwd, saved_label

    def run_makefile(self, folder: Optional[str]) -> None:
        if folder is None or self.depth >= _MAX_DEPTH:
            return
        for name in ("GNUmakefile", "makefile", "Makefile"):
            rel = posixpath.join(folder, name) if folder else name
            text = read_text(os.path.join(self.root, rel))
            if text is None or rel in self.seen_scripts:
                continue
            self.seen_scripts.add(rel)
            recipes = "\n".join(line[1:] for line in text.split("\n") if line.startswith("\t"))
            recipes = re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", r"${\1}", recipes).replace("$$", "$")
            saved_cwd, saved_label = self.cwd, self.label
            self.cwd, self.label, self.depth = folder, f"{saved_label} -> {rel}", self.depth + 1
            try:
                self.run_text(recipes.replace("\n", "\n"))
            finally:
                self.cwd, self.label, self.depth = saved_cwd, saved_label, self.depth - 1
            return

    def tools(self, program: str, args: list, words: list) -> None:
        name = program[:-4] if program.endswith((".cmd", ".bat", ".exe")) else program
        for tool in _tables()["tools"]:
            if name not in tool["programs"]:
                continue
            if tool["subcommands"] and not any(a in tool["subcommands"] for a in args):
                continue
            project = self.cwd
            for flag in tool.get("project_flags", ()):
                value = _flag_value(args, flag)
                if value is not None:
                    rel = self.relative(value)
                    if rel is not None and (posixpath.splitext(rel)[1] or os.path.isfile(os.path.join(self.root, rel))):
                        rel = posixpath.dirname(rel)
                    project = rel
            if tool.get("project_positional"):
                for arg in args:
                    if arg.endswith(("proj", ".sln")) and not arg.startswith("-"):
                        rel = self.relative(arg)
                        project = posixpath.dirname(rel) if rel is not None else None
                        break
            for flag in tool.get("output_flags", ()):
                value = _flag_value(args, flag)
                if value is not None:
                    self.add(value, True, True, f"`{_shown(words)}` writes {value}")
            if project is None:
                continue
            for folder in tool["outputs"]:
                rel = posixpath.join(project, folder) if project else folder
                self.add_rel(rel, True, False, f"{tool['tool']} (`{_shown(words)}`) writes {rel}/")
        for flag in _tables()["output_flags"].get(name, ()):
            value = _flag_value(args, flag)
            if value is not None:
                folder = flag in ("-P", "--directory-prefix", "-d", "--destination", "--output-dir")
                self.add(value, folder, True, f"`{_shown(words)}` writes {value}")
        if name in ("make", "gmake"):
            directory = _flag_value(args, "-C")
            self.run_makefile(self.relative(directory) if directory else self.cwd)


_RELEVANT: list = []


def _relevant() -> "re.Pattern[str]":
    """Lines worth tokenizing: a redirection, an assignment, a script, or a word that names a
    handled command or a build tool (tokenizing every `echo` costs more than the rest)."""
    if not _RELEVANT:
        tables = _tables()
        words = set(_HANDLERS) | _SCRIPT_RUNNERS | set(tables["runners"]) | set(tables["output_flags"])
        for tool in tables["tools"]:
            words |= set(tool["programs"])
        names = "|".join(sorted((re.escape(w) for w in words if w != "."), key=len, reverse=True))
        _RELEVANT.append(re.compile(rf"[>=]|\.sh\b|(?:^|[\s;&|(/])\.\s|(?:^|[\s;&|(/]|\./)(?:{names})(?:$|[\s;&|)])"))
    return _RELEVANT[0]


def _shown(words: list, limit: int = 60) -> str:
    text = " ".join(words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flag_value(args: list, flag: str) -> Optional[str]:
    """The value of `flag` in `args` (`-o out`, `--output=out`, `-oout` for one-letter flags)."""
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


# -- command handlers ----------------------------------------------------------------------
def _cd(w: _Walker, program: str, args: list, words: list) -> None:
    target = next((a for a in args if not a.startswith("-")), None)
    if program == "popd":
        w.cwd = w.stack.pop() if w.stack else w.cwd
        return
    if program == "pushd":
        w.stack.append(w.cwd)
    if target is None:
        w.cwd = None  # $HOME
        return
    text = w.expand(target)
    w.cwd = w.relative(target) if not text.startswith(("/", "~")) or text.startswith("\0") else None
    if w.cwd is None and text.strip("\0/") == "":
        w.cwd = ""


def _mkdir(w: _Walker, program: str, args: list, words: list) -> None:
    for arg in _positionals(args, ("-m", "--mode")):
        w.add(arg, True, True, f"`{_shown(words)}` creates {arg}/")


def _touch(w: _Walker, program: str, args: list, words: list) -> None:
    for arg in _positionals(args, ("-d", "-r", "-t")):
        w.add(arg, False, True, f"`{_shown(words)}` creates {arg}")


def _tee(w: _Walker, program: str, args: list, words: list) -> None:
    for arg in _positionals(args):
        w.add(arg, False, True, f"`{_shown(words)}` writes {arg}")


def _copy(w: _Walker, program: str, args: list, words: list, sources: Optional[list] = None, dest: Optional[str] = None) -> None:
    target = _flag_value(args, "-t") or _flag_value(args, "--target-directory")
    if sources is None:
        positions = _positionals(args, ("-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "-g",
                                        "--owner", "--group", "-e", "--exclude", "--include", "--chmod", "-f", "--filter"))
        if target is not None:
            sources, dest, into = positions, target, True
        elif len(positions) >= 2:
            sources, dest, into = positions[:-1], positions[-1], False
        else:
            return
    else:
        into = False
    rel_dest = w.relative(dest)
    if rel_dest is None:
        return
    if into or w.is_dir(rel_dest) or dest.endswith("/") and w.is_dir(rel_dest):
        for source in sources:
            if source.endswith(("/", "/.", "/*")) or program == "rsync" and source.endswith("/"):
                w.add_rel(rel_dest, True, True, f"`{_shown(words)}` copies into {dest}")
                continue
            name = posixpath.basename(w.expand(source).rstrip("/"))
            if not name or "\0" in name or "\1" in name:
                continue
            rel = posixpath.join(rel_dest, name) if rel_dest else name
            w.add_rel(rel, True, True, f"`{_shown(words)}` puts {name} into {dest}")
    else:
        w.add_rel(rel_dest, True, True, f"`{_shown(words)}` writes {dest}")


def _tar(w: _Walker, program: str, args: list, words: list) -> None:
    first = args[0] if args else ""
    letters = first.lstrip("-") if first and not first.startswith("--") else ""
    extract = "-x" in args or "--extract" in args or "--get" in args or ("x" in letters and letters.isalpha())
    extract = extract or any(a.startswith("-") and not a.startswith("--") and "x" in a and a[1:].isalpha() for a in args)
    if extract:
        folder = _flag_value(args, "-C") or _flag_value(args, "--directory")
        if folder is None:
            w.add_rel(w.cwd, True, False, f"`{_shown(words)}` extracts an archive into the working folder")
        else:
            w.add(folder, True, True, f"`{_shown(words)}` extracts into {folder}")
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
            w.add(name, False, True, f"`{_shown(words)}` writes {name}")


def _unzip(w: _Walker, program: str, args: list, words: list) -> None:
    folder = _flag_value(args, "-d")
    if folder is None:
        w.add_rel(w.cwd, True, False, f"`{_shown(words)}` extracts an archive into the working folder")
    else:
        w.add(folder, True, True, f"`{_shown(words)}` extracts into {folder}")


def _zip(w: _Walker, program: str, args: list, words: list) -> None:
    positions = _positionals(args, ("-x", "-i", "-b", "-n", "-t", "-tt", "-P"))
    if program == "jar":
        positions = positions[1:] if positions and not positions[0].endswith(".jar") else positions
    if positions:
        name = positions[0]
        if program == "zip" and not posixpath.splitext(name)[1]:
            name += ".zip"
        w.add(name, False, True, f"`{_shown(words)}` writes {name}")


def _git(w: _Walker, program: str, args: list, words: list) -> None:
    if not args or args[0] != "clone":
        return
    positions = _positionals(args[1:], ("-b", "--branch", "--depth", "-o", "--origin", "-c", "--config"))
    if len(positions) >= 2:
        w.add(positions[1], True, True, f"`{_shown(words)}` clones into {positions[1]}")
    elif positions:
        name = posixpath.basename(positions[0].rstrip("/"))
        name = name[:-4] if name.endswith(".git") else name
        if name:
            w.add(name, True, True, f"`{_shown(words)}` clones into {name}")


def _aws(w: _Walker, program: str, args: list, words: list) -> None:
    if len(args) >= 2 and args[0] == "s3" and args[1] in ("cp", "mv", "sync"):
        positions = _positionals(args[2:], ("--exclude", "--include", "--region", "--profile", "--acl", "--sse",
                                            "--storage-class", "--expected-size", "--endpoint-url"))
        if len(positions) >= 2 and not positions[-1].startswith("s3://"):
            folder = args[1] == "sync" or "--recursive" in args
            rel = w.relative(positions[-1])
            if rel is not None and not folder and (w.is_dir(rel) or positions[-1].endswith("/")):
                name = posixpath.basename(positions[0].rstrip("/"))
                rel = posixpath.join(rel, name) if rel else name
            w.add_rel(rel, True, True, f"`{_shown(words)}` downloads {positions[-1]}")


_HANDLERS: dict = {
    "cd": _cd, "pushd": _cd, "popd": _cd,
    "mkdir": _mkdir, "touch": _touch, "tee": _tee,
    "cp": _copy, "mv": _copy, "ln": _copy, "rsync": _copy, "install": _copy, "scp": _copy,
    "tar": _tar, "unzip": _unzip, "zip": _zip, "jar": _zip, "git": _git, "aws": _aws,
}


def outputs(commands: Iterable[str], source_root: str, label: str, variables: Optional[dict] = None) -> list:
    """The `Output`s of a list of command texts run in order from `source_root` (one shell,
    as in buildspec version 0.2). `label` names the buildspec in each output's reason;
    `variables`: the buildspec's `env.variables` (name -> value)."""
    walker = _Walker(source_root, variables or {}, label)
    for text in commands:
        walker.run_text(text)
    return walker.found


def explain(found: list, rel: str, exact_only: bool = False) -> Optional[Output]:
    """The output that makes the source-root-relative path `rel`: first one a command names
    exactly, else (unless `exact_only`) the first that covers it (a folder it is inside)."""
    for output in found:
        if output.exact and output.pattern and _match(output.pattern, rel):
            return output
    if exact_only:
        return None
    return next((output for output in found if output.covers(rel)), None)
