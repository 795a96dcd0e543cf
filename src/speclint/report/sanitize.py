"""Untrusted text (file content, file names) made safe for terminals, CI logs and parsers.

Every reporter passes messages, hints, source lines and paths through here, so a YAML key
cannot retitle a terminal, clear the screen, reorder text with bidi controls, forge a
GitHub workflow command, or make an XML report unparseable.

- `visible(text)`: control characters (all of C0, DEL, C1), Unicode bidi controls,
  line/paragraph separators, lone surrogates (undecodable bytes of a file name) and the
  non-characters U+FFFE/U+FFFF become visible escapes: `\\x1b` below 0x80, `\\u0085`,
  `\\u202e` above; an undecodable byte 0xff of a file name becomes `\\xff`. The result is valid in XML 1.0 and JSON, and
  has no line breaks.
- `path(text)`: a file name shown lossless and safe, in git's quoting style: names that
  need escaping are written in double quotes with `\\\\`, `\\"` and the escapes above, so
  `"a\\xffb.yml"` can be decoded back to its bytes; other names are shown as they are.
  A name that would start a line with `::` or `##[` (a CI log command) gets `./` in front.
- `starts_command(line)`: whether a CI runner would read the line as a workflow command.
"""

from __future__ import annotations

import re

# What is never written raw: C0 controls (tab and newline too: they break lines and
# columns), DEL, C1 controls (NEL, CSI), bidi embeddings/overrides/isolates and marks,
# line/paragraph separators, surrogates (raw bytes of a file name), U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_QUOTE = re.compile('[\\\\"]')
_COMMANDS = ("::", "##[")


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every unsafe character written as a visible escape (see the module doc)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def path(text: str) -> str:
    """A file name for any report: unchanged when safe, else quoted with escapes (lossless)."""
    if _UNSAFE.search(text) or text.startswith('"'):
        shown = '"' + _UNSAFE.sub(_escape, _QUOTE.sub(lambda m: "\\" + m.group(0), text)) + '"'
    else:
        shown = text
    return "./" + shown if starts_command(shown) else shown


def starts_command(line: str) -> bool:
    """Whether a CI runner (GitHub Actions trims leading blanks) reads `line` as a command."""
    return line.lstrip().startswith(_COMMANDS)


def unquote_path(shown: str) -> str:
    """The file name `path()` showed (the inverse, for tools and tests)."""
    if shown.startswith("./") and starts_command(shown[2:]):
        shown = shown[2:]
    if not (len(shown) >= 2 and shown.startswith('"') and shown.endswith('"')):
        return shown
    body, out, i = shown[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
        elif body[i + 1] in '\\"':
            out.append(body[i + 1])
            i += 2
        elif body[i + 1] == "x":
            code = int(body[i + 2:i + 4], 16)
            out.append(chr(code) if code < 0x80 else chr(0xDC00 + code))
            i += 4
        else:  # \uNNNN
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
    return "".join(out)


def diagnostic(d):
    """A finding with every field that can carry file content or a file name made safe."""
    from speclint.record import replace

    shown = path(d.path)
    message, hint = visible(d.message), visible(d.hint) if d.hint else d.hint
    json_path = visible(d.json_path) if d.json_path else d.json_path
    document = visible(d.document) if d.document else d.document  # a template's resource name
    if (shown, message, hint, json_path, document) == (d.path, d.message, d.hint, d.json_path, d.document):
        return d
    return replace(d, path=shown, message=message, hint=hint, json_path=json_path, document=document)


def located_message(d) -> str:
    """The message as the line formats print it (text, concise, github, rdjson): prefixed with
    the embedded document it is in (`in BuildProject: ...`, a template's resource), so
    `path:line:col` stays the real file, clickable in editors and terminals."""
    return f"in {d.document}: {d.message}" if d.document is not None else d.message
