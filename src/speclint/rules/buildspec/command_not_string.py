from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import commands


class CommandNotString(Rule):
    """A command that YAML read as a mapping because of an unquoted `: `.

    What it does:
    Reports each `commands`/`finally` item that is a mapping, pointing at the `: ` (colon and
    space) that made it one.

    Why it matters:
    CodeBuild fails the build in DOWNLOAD_SOURCE with `Expected Commands[N] to be of string
    type: found subkeys instead`. It is the most common buildspec mistake: `echo "a: b"`
    written bare, `curl -H Content-Type: application/json`, or a multi-line `if` not written
    as a block scalar.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - echo Build started: $(date)
    ```

    Use instead:
    ```yaml
    commands:
      - 'echo Build started: $(date)'
    ```

    References:
    - `YAML_FILE_ERROR Message: Expected Commands[0] to be of string type: found subkeys instead at line 6, value of the key tag on line 5 might be empty`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
    """

    code = "B001"
    name = "command-not-a-string"
    severity = Severity.ERROR
    supersedes = frozenset({"S004"})
    summary = "a command that YAML read as a mapping (an unquoted ': ')"
    applies_to = BUILDSPEC
    prevents = "Expected Commands[N] to be of string type: found subkeys instead"

    def check(self, doc):
        for path, item in commands(doc):
            if not isinstance(item, MappingNode) or not item.pairs:
                continue
            key, _ = item.pairs[0]
            line = doc.line_text(key.end_line)
            col = key.end_column
            colon = line.find(":", col - 1)
            span = None
            if colon >= 0:
                from speclint.diagnostics import Span

                span = Span(key.end_line, colon + 1, key.end_line, colon + 2)
            yield self.report(
                doc, item,
                f"{path[2]} item {path[3] + 1} of phase {path[1]} is read as a mapping because of the ': ' in it, not as a command",
                _hint(doc, item), path=path, span=span,
            )


def _hint(doc, item) -> str:
    """The fix for `item`, in the syntax of its list: `- 'cmd'` in a block list, `'cmd'` in a
    flow list ([a, b]); the quoted text is exactly the item's (never a comment, a `,` or `]`)."""
    line = doc.line_text(item.start_line)
    before = line[:item.start_column - 1].rstrip()
    flow = not before.endswith("-")  # a block item follows its `- `; a flow item follows `[` or `,`
    if item.end_line != item.start_line or item.end_column - item.start_column >= 100:
        if flow:
            return "quote the whole command, or write the list as a block sequence with `- |` for a long or multi-line command"
        return "quote the whole command, or write it as a block scalar (- |)"
    quoted = _quoted(line[item.start_column - 1:item.end_column - 1].strip())
    if flow:
        return f"quote the whole command in the list: {quoted}"
    return f"quote the whole command: - {quoted}"


def _quoted(source: str) -> str:
    """`source` as a YAML quoted scalar with the same text."""
    if "'" not in source:
        return f"'{source}'"
    if '"' not in source and "\\" not in source:
        return f'"{source}"'
    return "'" + source.replace("'", "''") + "'"
