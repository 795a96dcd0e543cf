"""Shell text split into commands and words, aware of quotes, comments, substitutions and here-documents.

The one tokenizer for every rule that looks for a command (B027 `aws ecr get-login`, A123
stop commands, the dialect marks): a word counts only where the shell reads it, so
`echo "aws ecr get-login"`, `# pkill x` and the body of a here-document are text, while
`$(aws ecr get-login)` and `` `kill $(cat pid)` `` are commands (nested, one level deeper).

`commands(text)` -> list of Command in source order (a substitution's commands follow the
command that contains them). Offsets are indices into `text`. Never raises: an unclosed
quote or substitution runs to the end of the text.
"""

from __future__ import annotations

import re
from typing import Optional

from speclint.record import record

OPERATORS = ("&&", "||", ";;", "|&", ";", "|", "&", "(", ")")
_BREAK = " \t\n;&|()<>"
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=")
# Words that may come before the command's name in command position.
KEYWORDS = frozenset(("if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"))
WRAPPERS = frozenset(("sudo", "exec", "command", "nohup", "env", "eval", "builtin", "nice", "timeout"))
_WRAPPER_VALUE = {"sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"}, "nice": {"-n"}, "env": {"-u", "-C"}}


@record(frozen=True)
class Word:
    """One shell word: text (quotes removed, substitutions kept as written), start/end offsets
    in the tokenized text (end exclusive), quoted (any part was quoted)."""

    text: str
    start: int
    end: int
    quoted: bool = False


@record(frozen=True)
class Command:
    """A simple command: its words (redirections and their targets left out), the operator
    before and after it ("" at the start/end of the text, "\\n" for a line break, ";", "&&",
    "||", "|", "&", "(", ")"), depth (0 at top level, +1 per enclosing $(...) or backticks)
    and redirects (the redirection operators written, e.g. ("2>",))."""

    words: tuple
    before: str
    after: str
    depth: int = 0
    redirects: tuple = ()

    @property
    def start(self) -> int:
        return self.words[0].start if self.words else -1


def _matching_paren(text: str, i: int) -> int:
    """Index of the `)` closing the `(` at i - 1 (quotes and nesting respected), or len(text)."""
    depth, n = 1, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            j = text.find("'", i + 1)
            i = n if j == -1 else j + 1
            continue
        if c == '"':
            i = _end_of_double(text, i + 1)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _end_of_double(text: str, i: int) -> int:
    """Index after the `"` that closes a double-quoted string starting at i."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        if c == "$" and text[i + 1:i + 2] == "(":
            i = _matching_paren(text, i + 2) + 1
            continue
        if c == "`":
            j = text.find("`", i + 1)
            i = n if j == -1 else j + 1
            continue
        i += 1
    return n


class _Scanner:
    def __init__(self, text: str, base: int, depth: int):
        self.text, self.base, self.depth = text, base, depth
        self.out: list = []
        self.nested: list = []

    def sub(self, start: int, end: int) -> None:
        """Tokenize text[start:end] (a substitution's body) one level deeper."""
        inner = _Scanner(self.text[start:end], self.base + start, self.depth + 1)
        self.nested.extend(inner.run())

    def word(self, i: int) -> tuple:
        """(Word, next index) for the word starting at i."""
        text, n = self.text, len(self.text)
        parts: list = []
        quoted = False
        start = i
        while i < n:
            c = text[i]
            if c in _BREAK:
                break
            if c == "'":
                j = text.find("'", i + 1)
                j = n if j == -1 else j
                parts.append(text[i + 1:j])
                quoted, i = True, j + 1
            elif c == '"':
                j = _end_of_double(text, i + 1)
                body = text[i + 1:j - 1 if j <= n and text[j - 1:j] == '"' else j]
                self._subs_in(i + 1, i + 1 + len(body))
                parts.append(body)
                quoted, i = True, j
            elif c == "\\":
                if text[i + 1:i + 2] == "\n":
                    i += 2
                    continue
                parts.append(text[i + 1:i + 2])
                i += 2
            elif c == "$" and text[i + 1:i + 3] == "((":
                j = _matching_paren(text, i + 2)
                parts.append(text[i:j + 1])
                i = j + 1
            elif c == "$" and text[i + 1:i + 2] == "(":
                j = _matching_paren(text, i + 2)
                self.sub(i + 2, j)
                parts.append(text[i:j + 1])
                i = j + 1
            elif c == "`":
                j = text.find("`", i + 1)
                j = n if j == -1 else j
                self.sub(i + 1, j)
                parts.append(text[i:j + 1])
                i = j + 1
            elif c == "$" and text[i + 1:i + 2] == "{":
                j = text.find("}", i + 2)
                j = n - 1 if j == -1 else j
                parts.append(text[i:j + 1])
                i = j + 1
            else:
                parts.append(c)
                i += 1
        return Word("".join(parts), self.base + start, self.base + min(i, n), quoted), i

    def _subs_in(self, start: int, end: int) -> None:
        """Substitutions inside a double-quoted string are commands too."""
        text = self.text
        i = start
        while i < end:
            c = text[i]
            if c == "\\":
                i += 2
            elif c == "$" and text[i + 1:i + 3] == "((":
                i = _matching_paren(text, i + 2) + 1
            elif c == "$" and text[i + 1:i + 2] == "(":
                j = _matching_paren(text, i + 2)
                self.sub(i + 2, j)
                i = j + 1
            elif c == "`":
                j = text.find("`", i + 1)
                j = end if j == -1 else j
                self.sub(i + 1, j)
                i = j + 1
            else:
                i += 1

    def run(self) -> list:
        text, n = self.text, len(self.text)
        words: list = []
        redirects: list = []
        before = ""
        heredocs: list = []  # (delimiter, strip tabs)
        i = 0

        def finish(op: str) -> None:
            nonlocal words, redirects, before
            if words or op not in ("\n", ""):
                self.out.append(Command(tuple(words), before, op, self.depth, tuple(redirects)))
                self.out.extend(self.nested)
                self.nested.clear()
                before = op
            words, redirects = [], []

        while i < n:
            c = text[i]
            if c in " \t\r":
                i += 1
            elif c == "\\" and text[i + 1:i + 2] == "\n":
                i += 2
            elif c == "#":
                j = text.find("\n", i)
                i = n if j == -1 else j
            elif c == "\n":
                finish("\n") if words else None
                i += 1
                for delimiter, strip in heredocs:
                    while i < n:
                        j = text.find("\n", i)
                        line = text[i:n if j == -1 else j]
                        i = n if j == -1 else j + 1
                        if (line.lstrip("\t") if strip else line).rstrip("\r") == delimiter:
                            break
                heredocs = []
            elif c in "<>" or (c.isdigit() and re.match(r"\d+[<>]", text[i:i + 4])) or text.startswith("&>", i):
                found = re.match(r"\d*(?:<<<|<<-|<<|<>|>>|>&|<&|>\||&>>|&>|<|>)", text[i:])
                op = found.group(0)
                redirects.append(op)
                i += len(op)
                while i < n and text[i] in " \t":
                    i += 1
                if i < n and text[i] not in _BREAK:
                    target, i = self.word(i)
                    if op.endswith(("<<", "<<-")):
                        heredocs.append((target.text, op.endswith("-")))
            elif c == "(" and len(words) == 1 and re.match(r"\(\s*\)", text[i:]):
                found = re.match(r"\(\s*\)", text[i:])
                words.append(Word("()", self.base + i, self.base + i + found.end()))
                i += found.end()
            else:
                op = next((o for o in OPERATORS if text.startswith(o, i)), None)
                if op is not None:
                    finish(op)
                    i += len(op)
                else:
                    word, i = self.word(i)
                    words.append(word)
        finish("")
        return self.out


def commands(text: str) -> list:
    """Every simple command of a shell text (see the module docstring)."""
    return _Scanner(text, 0, 0).run()


def name_index(words) -> Optional[int]:
    """Index of the command's name: after assignments (X=1), keywords (if, then, do, !, {)
    and wrappers with their options (sudo -u app, env X=1, eval, exec, nohup, time); None
    when there is none."""
    i, n = 0, len(words)
    while i < n:
        text = words[i].text
        if words[i].quoted and text in KEYWORDS:
            return i
        if text in KEYWORDS or ASSIGNMENT.match(text):
            i += 1
            continue
        if text in WRAPPERS:
            takes = _WRAPPER_VALUE.get(text, set())
            i += 1
            while i < n and words[i].text.startswith("-") and words[i].text != "--":
                i += 2 if words[i].text in takes else 1
            if i < n and words[i].text == "--":
                i += 1
            if text == "timeout" and i < n:
                i += 1  # the duration
            continue
        return i
    return None


def command_words(command: Command) -> tuple:
    """The words from the command's name on (empty when there is no name)."""
    index = name_index(command.words)
    return () if index is None else command.words[index:]


def complete(text: str) -> bool:
    """Whether `text` is whole on its own: every quote, `$(...)`, `` `...` ``, `${...}` and
    parenthesis (`( ... )`, `arr=(a b)`) it opens is closed in it, nothing closes what it did
    not open, and it does not end in a backslash continuation or start a here-document.
    (Compound words such as `if ... fi` and operators at the end are the caller's to check.)"""
    n, i, depth = len(text), 0, 0
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 >= n or text[i + 1] in "\r\n":
                return False
            i += 2
        elif c == "'":
            j = text.find("'", i + 1)
            if j < 0:
                return False
            i = j + 1
        elif c == '"':
            j = _end_of_double(text, i + 1)
            if j > n or text[j - 1] != '"' or j == i + 1 or (j == n and not _closed_double(text, i + 1)):
                return False
            i = j
        elif c == "$" and text.startswith("(", i + 1):
            j = _matching_paren(text, i + 2)
            if j >= n:
                return False
            i = j + 1
        elif c == "$" and text.startswith("{", i + 1):
            j = text.find("}", i + 2)
            if j < 0:
                return False
            i = j + 1
        elif c == "`":
            j = text.find("`", i + 1)
            if j < 0:
                return False
            i = j + 1
        elif c == "#" and (i == 0 or text[i - 1] in " \t;&|("):
            break  # a comment: the rest of the line is text
        elif text.startswith("<<<", i):
            i += 3  # a here-string: its word is on this line
        elif text.startswith("<<", i):
            return False
        else:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth < 0:
                    return False
            i += 1
    return depth == 0


def _closed_double(text: str, i: int) -> bool:
    """Whether the double-quoted string whose body starts at i ends with its own `"` (and
    not with an escaped one at the very end)."""
    j = i
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == '"':
            return True
        if text[j] == "$" and text.startswith("(", j + 1):
            j = _matching_paren(text, j + 2) + 1
            continue
        if text[j] == "`":
            k = text.find("`", j + 1)
            if k < 0:
                return False
            j = k + 1
            continue
        j += 1
    return False
