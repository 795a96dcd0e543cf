"""Hosts in the pipeline: the documents a host reader gives, and what the host says itself.

speclint.source.open_source asks the readers of this package (speclint.source.hosts.READERS)
whether they claim a file; a template or Terraform file is read here once:

- `documents(source)`: its inline buildspecs, each an Embedded (speclint.source.document)
  with its text, its PositionMap into the host, the resource's name, the project's image as
  context (LintContext fields) and what else the host says about it as state (platform,
  template placeholders, a JSON string) - linted like any buildspec, then moved to the host
  by lint.to_host;
- `host_part(source, options)`: the findings the host gives itself, in host positions: a
  template that does not parse (one finding, as any file), buildspecs that cannot be checked
  (F007, and why), and the buildspec files the projects name, linted with their context;
- `from_template(...)`: in lint.to_host, drops findings that come from a placeholder
  (`${AWS::Region}`, `${var.name}`: the value is only known at deploy time) and writes
  placeholders back as the template has them in messages and hints.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from speclint.record import replace
from speclint.source.hosts.base import Hosted, intersects
from speclint.source.positions import LineIndex

# Loader problems that make a template unreadable: reported once, as for any file. The
# rest of a template (duplicate keys, CloudFormation's own tags) is not speclint's business.
_FATAL = ("yaml-syntax", "encoding", "document-too-complex")


def read(path: str, data: bytes, kind: str, loaded=None) -> tuple:
    """(host text, embedded buildspecs, loader problems that stop reading) of a host's bytes
    (`loaded`: their loader result when the source layer has it already)."""
    if kind == "terraform":
        from speclint.source.hosts import terraform

        return terraform.read(data)
    from speclint.source.hosts import cloudformation
    from speclint.source.loader import load

    loaded = loaded or load(data)
    problems = [p for p in loaded.problems if p.check == "encoding"]
    if problems or loaded.text is None:
        return loaded.text or "", [], problems
    root, problems = cloudformation.parse(loaded.text, loaded.line_index)
    problems = [p for p in problems if p.check in _FATAL]
    if problems or root is None:
        return loaded.text, [], problems
    json = path.lower().endswith(".json") or loaded.text.lstrip().startswith("{")
    return loaded.text, cloudformation.read(root, loaded.text, json), []


def found_in(source) -> tuple:
    """(buildspecs, problems) of a claimed Source, read once per Source."""
    cached = getattr(source, "_hosted", None)
    if cached is None:
        from speclint.report.sanitize import visible

        _text, found, problems = read(source.shown, source.data or b"", source.host, getattr(source, "loaded", None))
        for hosted in found:  # a resource name is file content: shown safely wherever it goes
            hosted.name = visible(hosted.name)
        cached = source._hosted = (found, problems)
    return cached


def documents(source) -> list:
    """The inline buildspecs of a claimed Source, as Embedded documents for open_source."""
    from speclint.source.document import Embedded

    found, _problems = found_in(source)
    generated = "cdk.out" in source.shown.replace("\\", "/").split("/")
    return [Embedded(text=hosted.text, position_map=hosted.position_map, name=hosted.name, kind="buildspec",
                     context=context_of(hosted), state={**inline_state(hosted), **({"generated": True} if generated else {})})
            for hosted in found if hosted.text is not None]


# Style that generated output (cdk.out: `cdk synth` writes it, nobody edits it) is not told about:
# CDK writes `"commands": "..."` for a one-command list given as a string (B011).
GENERATED_STYLE = ("B011",)


def not_generated_style(diagnostics: list, doc) -> list:
    """`diagnostics` without the style findings of a buildspec in generated output (cdk.out)."""
    if not doc.state.get("generated"):
        return diagnostics
    return [d for d in diagnostics if d.path != doc.path or d.code not in GENERATED_STYLE]


def context_of(hosted: Hosted) -> dict:
    """The LintContext fields the project sets for its buildspec: its image, and where it says so."""
    context = hosted.context
    if not context.get("image"):
        return {}
    project = hosted.name.split(".SecondarySources[")[0].split(".secondary_sources[")[0]
    where = f"{context.get('image_key', 'Environment.Image')} of {project}"
    if context.get("image_line"):
        host = "configuration" if context.get("image_key") == "environment.image" else "template"  # Terraform's or not
        where += f" ({host} line {context['image_line']})"  # a host line: host_lines leaves it as it is
    return {"config_image": context["image"], "config_image_where": where}


def state_of(hosted: Hosted) -> dict:
    """What the host says about the buildspec itself (Document.state): Windows (PowerShell),
    batch builds and a JSON string (B009), its template placeholders (lint.to_host)."""
    out: dict = {"embedded": {"origin": hosted.origin, "batch": bool(hosted.context.get("batch")), "name": hosted.name}}
    if hosted.context.get("environment_type", "").startswith("WINDOWS"):
        out["platform"] = "windows"
    if hosted.placeholders:
        out["placeholders"] = list(hosted.placeholders)
    return out


def inline_state(hosted: Hosted) -> dict:
    """state_of an inline buildspec, which also knows where the project's image is written in
    the host (a named file is another file: its image findings stay in it)."""
    out = state_of(hosted)
    if hosted.context.get("image_span"):
        out["image"] = {"span": hosted.context["image_span"], "where": context_of(hosted)["config_image_where"]}
    return out


# Findings about the image itself: on the project's image value in the host, not on the buildspec.
IMAGE_CODES = ("B021", "B022")


def image_span(diagnostic, doc) -> Optional[tuple]:
    """(line, column, end line, end column) in the host of the project's image value, for a
    finding about that image (B021, B022 naming where the image comes from), else None."""
    image = doc.state.get("image")
    if image is None or diagnostic.code not in IMAGE_CODES or f"(from {image['where']})" not in diagnostic.message:
        return None
    return tuple(image["span"])


def host_findings(source, options, lint_named) -> tuple:
    """What a host says itself: (notes, findings of the buildspec files its projects name,
    the real paths of those files). A note is (loader check or "embedded-not-checked", span,
    message, hint, resource name), in host positions: the template does not parse, or a
    buildspec cannot be checked (and why). `lint_named(real, shown, options, template)` lints a
    named file with a project's context and state (lint.py gives it: this module does not
    import the pipeline it plugs into); `template` is (name, text, rendered text, position
    map, placeholders) for a templatefile()."""
    found, problems = found_in(source)
    notes = [(p.check, (p.line, p.column, p.end_line or p.line, p.end_column or p.column + 1), p.message, p.hint, None)
             for p in problems]
    linted_found: list = []
    covers: list = []
    for hosted in found:
        if hosted.text is not None:
            continue
        if hosted.path is None:
            notes.append(_not_checked(hosted, hosted.note))
            continue
        linted, real = _lint_named(source.shown, source.fs_path, hosted, options, lint_named)
        if linted is None and hosted.implicit:
            continue
        if linted is None:
            hosted.hint = ("check the path: CodeBuild reads it relative to the source root (CODEBUILD_SRC_DIR); "
                           "nothing to do if the project builds another repository")
            notes.append(_not_checked(hosted, _missing(hosted, source.fs_path or source.shown)))
            continue
        covers.append(real)
        linted_found.extend(replace(d, document=hosted.name, extra={"file": real, **d.extra} if d.path == linted.path else d.extra)
                            for d in linted.diagnostics)
    # two projects naming one file with the same context: its findings once
    unique = list({(d.path, d.span, d.code, d.message): d for d in linted_found}.values())
    return notes, unique, covers


def from_template(diagnostics: list, doc, inner: LineIndex, host_text: str) -> list:
    """`diagnostics` of an embedded document without those that come from a template
    placeholder, and with the placeholders in messages and hints written as in the host."""
    holes = doc.state.get("placeholders") or ()
    written = as_written(doc.text, holes, doc.position_map, host_text)
    out = []
    for d in diagnostics:
        if d.path == doc.path:
            start = inner.offset(d.span.line, d.span.column)
            end = max(inner.offset(d.span.end_line, d.span.end_column), start)
            if _from_placeholder(holes, inner, start, end):
                continue
            d = replace(d, message=written(d.message), hint=written(d.hint))
        out.append(d)
    return out


# "line N" and "line N, col M" in a message of the embedded document (a syntax error's "started
# at line 4, col 4", a suppression's "on line 5", a tab's "line 7"); "template line N" and
# "configuration line N" (context_of) are the host's already.
_LINE = re.compile(r"(?<!template )(?<!configuration )\bline (\d+)(?:, col (\d+))?")


def host_lines(message: Optional[str], inner: LineIndex, host: LineIndex, position_map) -> Optional[str]:
    """`message` with every line (and column) of the embedded document written as the host
    line (and column) it is at, so that a message agrees with where its finding is shown."""
    if not message or "line " not in message:
        return message

    def moved(match) -> str:
        line = int(match.group(1))
        if not 1 <= line <= inner.line_count:
            return match.group(0)
        column = int(match.group(2) or 1)
        if match.group(2) is None:  # the line's first character that is written
            text = inner.text[inner.offset(line, 1):]
            column += len(text) - len(text.lstrip(" \t"))
        host_line, host_column = host.position(position_map.to_host(inner.offset(line, column)))
        return f"line {host_line}" + (f", col {host_column}" if match.group(2) is not None else "")
    return _LINE.sub(moved, message)


def listed(source) -> list:
    """(label, note) lines for --list-files: the buildspecs of a host that are not inline."""
    found, _problems = found_in(source)
    out = []
    for hosted in found:
        if hosted.text is not None:
            continue
        if hosted.path is not None:
            out.append(("buildspec", f"#{hosted.name} -> {hosted.path}" + (" (by default)" if hosted.implicit else "")))
        else:
            out.append(("not checked", f"#{hosted.name}"))
    if not found:
        out.append(("host", " (no CodeBuild project with a buildspec inside)"))
    return out


def as_written(text: str, holes, position_map, host_text: str):
    """A function putting each placeholder's template sequence back into a message or hint
    (`quote it: 'echo ${Bucket}'`, not the stand-in `__Bucket_`)."""
    pairs = []
    for start, end, *written in holes:  # (start, end[, the value as written: a Fn::Join token's `${Name}`])
        host = position_map.to_host(start)
        stand_in, original = text[start:end], written[0] if written else host_text[host:host + end - start]
        if len(stand_in) >= 3 and stand_in != original:
            pairs.append((stand_in, original))
    pairs.sort(key=lambda pair: -len(pair[0]))

    def written(message):
        if not message or not pairs:
            return message
        for stand_in, original in pairs:
            message = message.replace(stand_in, original)
        return message
    return written


def _from_placeholder(holes: list, index: LineIndex, start: int, end: int) -> bool:
    """Whether a finding comes from a substituted value: its span overlaps a placeholder
    on its first line (a finding about a whole multi-line mapping is not about the value)."""
    line, _column = index.position(start)
    first_line_end = index.starts[line] - 1 if line < len(index.starts) else len(index.text)
    return intersects(holes, start, min(max(end, start + 1), max(first_line_end, start + 1)))


def _not_checked(embedded: Hosted, note: str) -> tuple:
    hint = embedded.hint or "write the buildspec as a literal string, or keep it in a file of the repository"
    return "embedded-not-checked", embedded.span, note, hint, embedded.name


def source_root(host_fs_path: str) -> str:
    """Where a project's source starts, for a BuildSpec path: the repository root of the
    template (the folder with `.git`), else the template's folder."""
    from speclint.gitrun import repo_root

    folder = os.path.dirname(os.path.abspath(host_fs_path))
    return repo_root(folder) or folder


def _candidates(host_path: str, fs_path: Optional[str], named: str) -> list:
    """(real path, shown path) where a named buildspec may be: at the source root (the
    repository's), then beside the host. Never outside the repository: an absolute path, or
    one that climbs out of it (`../../x.yml`; Terraform's `file("../ci/x.yml")` from a module
    folder stays inside), is not looked for."""
    if named.startswith(("/", "\\")):
        return []
    real = fs_path or host_path
    root = source_root(real)
    shown_root = os.path.relpath(root) if not os.path.isabs(host_path) else root
    pairs = [(os.path.join(root, named), os.path.normpath(os.path.join(shown_root, named))),
             (os.path.join(os.path.dirname(os.path.abspath(real)), named),
              os.path.normpath(os.path.join(os.path.dirname(host_path), named)))]
    inside = os.path.realpath(root) + os.sep
    return [(path, shown) for path, shown in pairs if os.path.realpath(path).startswith(inside)]


def _lint_named(host_path: str, fs_path: Optional[str], embedded: Hosted, options, lint_named):
    """A buildspec named by path, linted with the project's context; (None, None) when it is not there."""
    if fs_path is None and not os.path.exists(host_path):
        return None, None
    candidates = _candidates(host_path, fs_path, embedded.path)
    if embedded.context.get("relative_to") == "host":  # Terraform: relative to the module's folder
        candidates.reverse()
    inner = replace(options, kind="buildspec", defer_shell=False, context=replace(options.context, **context_of(embedded)))
    for real, shown in candidates:
        if os.path.isfile(real):
            template = _rendered(real, embedded, options) if embedded.context.get("template") else None
            return lint_named(real, shown, inner, template, state_of(embedded)), os.path.realpath(real)
    return None, None


def _rendered(real: str, embedded: Hosted, options) -> Optional[tuple]:
    """(name, text, rendered text, position map, placeholders) of a file read with templatefile():
    its `${...}` and `%{...}` as placeholders (speclint.source.hosts.terraform.template_file)."""
    from speclint.source import safe_open
    from speclint.source.hosts.base import map_from_offsets
    from speclint.source.hosts.terraform import template_file
    from speclint.source.loader import decode

    try:
        text, _problems, _bom, _encoding = decode(safe_open.read_regular(real, options.max_file_size + 1))
    except OSError:
        return None
    if text is None:
        return None
    rendered, offsets, exact, holes = template_file(text)
    return embedded.name, text, rendered, map_from_offsets(offsets, exact), holes


def _missing(embedded: Hosted, host_path: str) -> str:
    return (f"the buildspec of {embedded.name} is the file {embedded.path}, which is not in this repository "
            f"(looked under {os.path.relpath(source_root(host_path))}); it was not checked")


