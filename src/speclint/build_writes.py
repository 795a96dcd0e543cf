"""Which files a buildspec's commands write, with the working directory tracked.

CodeBuild runs a version 0.2 buildspec's commands, phase after phase, in one shell, so a
`cd deploy` in one command still holds in the next; version 0.1 runs every command in a
shell of its own, starting at the source root (`$CODEBUILD_SRC_DIR`) each time. Sources:
https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-cmd.html (0.1: "each
command runs in a separate instance of the default shell"; use 0.2 instead) and
https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html
(`CODEBUILD_SRC_DIR`, the folder the build starts in).

The shell is read, not run: words, quotes, `&&`/`||`/`;`/`|` lists, redirections and here
documents are understood; `$CODEBUILD_SRC_DIR` and `$PWD` are resolved, and a path with any
other variable is unknown (None), never guessed.
"""

from __future__ import annotations

import os
import re
from typing import Iterator, Optional

from speclint.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.record import record

PHASES = ("install", "pre_build", "build", "post_build")
_SRC_DIR = re.compile(r"\$\{CODEBUILD_SRC_DIR\}|\$CODEBUILD_SRC_DIR(?![A-Za-z0-9_])")
_PWD = re.compile(r"\$\{PWD\}|\$PWD(?![A-Za-z0-9_])|\$\(pwd\)|`pwd`")
_OPERATORS = ("&&", "||", ";;", ";", "|", "&", "(", ")")
# Programs that render or edit a file they are given (a template engine, a JSON tool, an editor).
RENDERERS = {"sed", "envsubst", "jq", "yq", "python", "python3", "node", "perl", "ruby", "gomplate", "j2", "jinja2",
             "awk", "sponge", "mustache", "ytt", "kustomize", "dd"}


@record
class Write:
    """A file a command writes. `path` is absolute and normalised, or None when it depends on a
    variable or an unknown working directory; `how`: redirect, tee, output, copy, edit (a
    renderer or editor given the path, which may or may not write it). `line` is the file's
    line of the command, also inside a `|` block; `source` is the copied file for `cp`/`mv`."""

    path: Optional[str]
    written: str
    how: str
    node: ScalarNode
    line: int
    source: Optional[str] = None


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


def writes(root, text: str, source_root: str) -> list:
    """Every Write of the buildspec whose tree is `root` and whose file text is `text`, with the
    build starting in `source_root` (an absolute folder)."""
    version = root.get("version") if isinstance(root, MappingNode) else None
    one_shell = not (isinstance(version, ScalarNode) and str(version.value).strip() == "0.1")
    from speclint.shell.sourcemap import LineIndex, build

    index = LineIndex(text) if text else None
    state = _State(os.path.normpath(source_root))
    out: list = []
    for node in phase_commands(root):
        if not one_shell:
            state = _State(state.root)
        where = build(node, index) if index is not None else None
        for words in simple_commands(node.value):
            line = where.at(words[0][1])[0] if where is not None and words else node.start_line
            out.extend(state.run(words, node, line))
    return out


def simple_commands(script: str) -> Iterator[list]:
    """The simple commands of a shell text, each as [(word, index in the text)], quotes removed;
    operators (`&&`, `|`, `;`, `(`) end a command, redirections are words of their own (`>`,
    `>>`), here-document bodies are skipped."""
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
        operator = next((op for op in _OPERATORS if script.startswith(op, i)), None)
        if operator:
            if words:
                yield words
                words = []
            i += len(operator)
            continue
        redirect = re.match(r"(?:[0-9]|&)?(?:>>|>\||>&|>)|<<-?|<<<|<", script[i:])
        if redirect:
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
        start = i
        word, i = _word(script, i)
        words.append((word, start))
    if words:
        yield words


def _word(script: str, i: int) -> tuple:
    """(word without quotes, index after it) for the word starting at i; `$(...)` stays whole."""
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


class _State:
    """The shell's working directory (None when unknown) and its pushd stack."""

    def __init__(self, root: str):
        self.root = root
        self.cwd: Optional[str] = root
        self.stack: list = []

    def resolve(self, word: str) -> Optional[str]:
        word = _SRC_DIR.sub(lambda _: self.root, word)
        if self.cwd is not None:
            word = _PWD.sub(lambda _: self.cwd, word)
        if "$" in word or "`" in word or word.startswith("~") or not word:
            return None
        if os.path.isabs(word):
            return os.path.normpath(word)
        return os.path.normpath(os.path.join(self.cwd, word)) if self.cwd is not None else None

    def run(self, words: list, node: ScalarNode, line: int) -> list:
        plain = [w for w, _ in words]
        while plain and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", plain[0]):  # VAR=value command
            plain = plain[1:]
        while plain and plain[0] in ("sudo", "exec", "time", "command", "!"):
            plain = plain[1:]
        if not plain:
            return []
        program = os.path.basename(plain[0])
        if program in ("cd", "pushd"):
            target = plain[1] if len(plain) > 1 else None
            if program == "pushd":
                self.stack.append(self.cwd)
            self.cwd = self.resolve(target) if target and target != "-" else None
            return []
        if program == "popd":
            self.cwd = self.stack.pop() if self.stack else None
            return []
        found: list = []
        args = []
        skip = False
        for k, word in enumerate(plain):
            if skip:
                skip = False
                continue
            if re.fullmatch(r"(?:1|&)?(?:>>|>\||>)", word) and k + 1 < len(plain):
                found.append(self._write(plain[k + 1], "redirect", node, line))
                skip = True
            elif re.fullmatch(r"[0-9]?(?:<<-?|<<<|<|>&)|2>>?", word):
                skip = True
            else:
                args.append(word)
        if program == "tee":
            found += [self._write(w, "tee", node, line) for w in args[1:] if not w.startswith("-")]
        elif program in ("cp", "mv", "install") and len(args) >= 3:
            operands = [w for w in args[1:] if not w.startswith("-")]
            if len(operands) >= 2:
                destination = operands[-1]
                for source in operands[:-1]:
                    target = destination
                    resolved = self.resolve(destination)
                    if destination.endswith("/") or destination in (".", "..") or (resolved and os.path.isdir(resolved)):
                        target = destination.rstrip("/") + "/" + os.path.basename(source.rstrip("/"))
                    write = self._write(target, "copy", node, line)
                    write.source = self.resolve(source)
                    found.append(write)
        for k, word in enumerate(args):
            value = None
            if word in ("-o", "--output", "--out", "--output-file", "--outfile") and k + 1 < len(args):
                value = args[k + 1]
            elif re.match(r"--(?:output|out|output-file|outfile)=", word):
                value = word.split("=", 1)[1]
            if value is not None:
                found.append(self._write(value, "output", node, line))
        if program in RENDERERS or program.startswith("python"):
            found += [self._write(w, "edit", node, line) for w in args[1:] if not w.startswith("-")]
        return found

    def _write(self, written: str, how: str, node: ScalarNode, line: int) -> Write:
        return Write(self.resolve(written), written, how, node, line)
