import re

from speclint.diagnostics import Severity
from speclint.fix import UNSAFE, Fix, edit, line_index, newline, quoted
from speclint.shell.tokens import complete
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import phases


class CommandsBlockString(Rule):
    """`commands` written as one string instead of a list.

    What it does:
    Reports `commands: |` (or any string) where a list of commands is expected.

    Why it matters:
    CodeBuild documents `commands` as a list. Whether a single string runs as one script is
    not documented, and failures inside it are reported as one command.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands: |
          npm ci
          npm test
    ```

    Use instead:
    ```yaml
    commands:
      - npm ci
      - npm test
    ```

    Fix safety:
    Unsafe: the fix writes each line of the string as a list item. In version 0.2 the
    items run in one shell, one after another, but the first item that fails stops the
    phase, where inside one string a failing line may be followed by the next; so the build
    can stop where it went on before. There is no fix where a line is not a whole command
    on its own: a line that continues (a backslash, `&&` or `|` at its end), a compound command
    (`if … fi`, `for … done`, `case … esac`, `{ … }`, `( … )`), a here-document, an open
    quote, a `$( … )`, `( … )` or `arr=( … )` that spans lines (read with the shell
    tokenizer), or a comment line; nor for a string with a comment on its first line.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.phases.commands
    """

    code = "B011"
    name = "commands-block-string"
    severity = Severity.WARNING
    summary = "commands written as one string instead of a list"
    applies_to = BUILDSPEC
    fix_safety = "unsafe"

    def check(self, doc):
        for name, _, phase in phases(doc):
            if not isinstance(phase, MappingNode):
                continue
            for section in ("commands", "finally"):
                key = phase.get_key(section)
                node = phase.get(section)
                if isinstance(node, ScalarNode) and isinstance(node.value, str):
                    from speclint.schema import dash_message, dash_without_space

                    if dash_without_space(node):
                        message, hint = dash_message(node, f"{section} of phase {name}")
                        yield self.report(doc, node, message, hint, path=("phases", name, section))
                        continue
                    yield self.report(doc, node, f"{section} of phase {name} is a single string, not a list of commands",
                                      "write each command as a list item (- command), or one item holding a block scalar (- |)",
                                      path=("phases", name, section), fix=_fix(doc, key, node))


# A line that is not a whole command by itself: it continues on the next line, opens or
# closes a compound command, or starts a here-document.
_CONTINUES = re.compile(r"(\\|&&|\|\||\||\(|\{|;|\bdo|\bthen|\belse|\bin)\s*$")
_COMPOUND = re.compile(r"^\s*(if|then|elif|else|fi|for|while|until|do|done|case|esac|select|function|[{}()]|\w+\s*\(\s*\))(\s|$|;)")
_PLAIN = re.compile(r"^[A-Za-z0-9_./$~=+][^#:]*$")


def _whole_commands(value: str):
    """The lines of `value` when each is a whole command (see Fix safety), else None."""
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    if not lines:
        return None
    for line in lines:
        if (line.startswith("#") or _CONTINUES.search(line) or _COMPOUND.match(line) or "<<" in line
                or line.count("'") % 2 or line.replace('\\"', "").count('"') % 2 or "`" in line
                or not complete(line)):
            return None
    return lines


def _item(command: str) -> str:
    """The command as a YAML list item's text: plain where YAML reads it as that string."""
    from speclint.source.yaml11 import resolve_plain

    if _PLAIN.match(command) and not command.endswith(" ") and resolve_plain(command)[0] == "str":
        return command
    return quoted(command)


def _fix(doc, key, node):
    if key is None or node.tag or node.anchor or key.end_line != node.start_line:
        return None
    commands = _whole_commands(node.value)
    if commands is None:
        return None
    index = line_index(doc)
    header = doc.line_text(node.start_line)[node.start_column - 1:]
    if node.style in ("literal", "folded") and "#" in header:
        return None
    start = index.offset(node.start_line, node.start_column)
    while start > 0 and doc.text[start - 1] in " \t":
        start -= 1
    if node.style in ("literal", "folded"):
        last = node.end_line - 1 if node.end_column == 1 else node.end_line
        while last > node.start_line and not doc.line_text(last).strip():
            last -= 1
        end = index.offset(last, len(doc.line_text(last)) + 1)
    else:
        end = index.offset(node.end_line, node.end_column)
    indent = " " * (key.start_column - 1 + 2)
    nl = newline(doc)
    items = "".join(f"{nl}{indent}- {_item(c)}" for c in commands)
    return Fix.make(UNSAFE, "write the commands as a list", edit(doc, start, end, items))
