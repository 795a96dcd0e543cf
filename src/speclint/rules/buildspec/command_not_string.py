from speclint.diagnostics import Severity
from speclint.fix import SAFE, Fix, replace_node, source_of, value_start
from speclint.source.nodes import MappingNode, ScalarNode
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

    Fix safety:
    Safe, for a command on one line: the fix quotes the item exactly as written
    (`- 'echo Build started: $(date)'`), so the command is the text the author typed.
    CodeBuild rejects the file as it is, so no build depends on today's reading. A command
    that spans lines, or a mapping that is not one `key: value`, has no fix: where the
    command ends is a guess.

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
    fix_safety = "safe"

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
                _hint(doc, item), path=path, span=span, fix=_fix(doc, item),
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
    written = line[item.start_column - 1:item.end_column - 1].strip()
    key = item.pairs[0][0] if len(item.pairs) == 1 else None
    properties = ""
    if key is not None and key.start == item.start and (key.anchor or key.tag):
        # `&c echo a: b`: the anchor (or tag) stays outside the quotes, on the whole command
        properties = doc.text[item.start:value_start(doc, key)]
        written = written[len(properties):]
    quoted = properties + _quoted(written)
    if flow:
        return f"quote the whole command in the list: {quoted}"
    return f"quote the whole command: - {quoted}"


def _fix(doc, item):
    """Quote a one-line `key: value` item as written; None where that is not certain."""
    if item.flow or item.start_line != item.end_line or len(item.pairs) != 1:
        return None
    key, value = item.pairs[0]
    if not isinstance(key, ScalarNode) or key.style != "plain" or key.tag or key.anchor or item.anchor or item.tag:
        return None
    if not (isinstance(value, ScalarNode) and not value.tag and not value.anchor and value.style in ("plain", "single", "double")):
        return None
    source = source_of(doc, item)
    if "\t" in source or source != source.strip() or " #" in source:
        return None
    return Fix.make(SAFE, "quote the whole command", replace_node(doc, item, _quoted(source)))


def _quoted(source: str) -> str:
    """`source` as a YAML quoted scalar with the same text."""
    if "'" not in source:
        return f"'{source}'"
    if '"' not in source and "\\" not in source:
        return f'"{source}"'
    return "'" + source.replace("'", "''") + "'"
