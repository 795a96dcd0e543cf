"""Linting a host file: every embedded buildspec through the whole pipeline, findings at host positions.

For each buildspec a host holds (speclint.source.hosts readers), the buildspec text is
linted as a buildspec with the project's context (its image, its platform), then every
finding is moved to the host: its span through the document's PositionMap (document
offset -> host offset), its path to the host's, the resource name in `extra["document"]`.
A finding that overlaps a template placeholder (`${AWS::Region}`, `${var.name}`) is dropped:
the value is only known at deploy time. Suppressions are the host's own `# speclint:`
comments (YAML and HCL hosts; JSON has no comments), applied once, after every producer.
"""

from __future__ import annotations

import os
from typing import Optional

from speclint.diagnostics import Diagnostic, Span
from speclint.record import replace
from speclint.source.document import Document
from speclint.source.hosts import Embedded, host_kind, intersects
from speclint.source.positions import LineIndex

# Loader problems that make a template unreadable: reported once, as for any file. The
# rest of a template (duplicate keys, CloudFormation's own tags) is not speclint's business.
_FATAL = ("yaml-syntax", "encoding", "document-too-complex")


def read(path: str, data: bytes, kind: str) -> tuple:
    """(host text, embedded buildspecs, loader problems that stop reading) of a host's bytes."""
    if kind == "terraform":
        from speclint.source.hosts import terraform

        return terraform.read(data)
    from speclint.source.hosts import cloudformation
    from speclint.source.loader import load

    loaded = load(data)
    problems = [p for p in loaded.problems if p.check in _FATAL]
    if problems or loaded.root is None:
        return loaded.text, [], problems
    json = path.lower().endswith(".json") or loaded.text.lstrip().startswith("{")
    return loaded.text, cloudformation.read(loaded.root, loaded.text, json), []


def documents(path: str, data: bytes) -> list:
    """(name, kind) of the documents inside a host, for --list-files: `BuildProject`,
    `BuildProject -> ci/buildspec.yml` for a path, or `BuildProject (not checked)`."""
    kind = host_kind(path, data)
    if kind is None:
        return []
    try:
        _text, found, _problems = read(path, data, kind)
    except Exception:  # noqa: BLE001 - listing must not fail; linting reports it
        return []
    out = []
    for embedded in found:
        if embedded.text is not None:
            out.append((embedded.name, "buildspec"))
        elif embedded.path is not None:
            out.append((embedded.name, f"buildspec in {embedded.path}" + (", by default" if embedded.implicit else "")))
        else:
            out.append((embedded.name, "not checked"))
    return out


def lint_host(path: str, data: bytes, options, kind: str, fs_path: Optional[str] = None):
    """The FileResult of a host file: its embedded buildspecs' findings at host positions."""
    from speclint import lint
    from speclint.cap import limit
    from speclint.rules import core

    text, found, problems = read(path, data, kind)
    host = Document(path=path, text=text, root=None, kind="buildspec", on_disk=fs_path is not None,
                    fs_path=fs_path, settings=dict(options.settings))
    diagnostics: list = []
    for p in problems:
        rule = core.LOADER_CHECKS.get(p.check, core.YamlSyntax)
        span = Span(p.line, p.column, p.end_line or p.line, p.end_column or p.column + 1)
        diagnostics.append(rule().report(host, None, p.message, p.hint, span=span))
    host_index = LineIndex(text)
    from speclint.report.sanitize import visible

    for embedded in found:  # a resource name is file content: shown safely wherever it goes
        embedded.name = visible(embedded.name)
    covered: list = []
    inline = [embedded for embedded in found if embedded.text is not None]
    results = [_lint_embedded(path, embedded, options) for embedded in inline]
    shell_ran = any(result.shell_jobs for result in results)
    if shell_ran:  # one ShellCheck run for every buildspec of the host
        from speclint.shell.phase import finish

        quiet = replace(options, no_ignores=True)  # suppressions are the host's, applied below
        results = finish(results, lambda _result: quiet)
    for embedded, result in zip(inline, results):
        diagnostics.extend(_to_host(result.diagnostics, embedded, result.path, path, host_index))
    for embedded in found:
        if embedded.text is not None:
            continue
        if embedded.path is not None:
            linted, real = _lint_named(path, fs_path, embedded, options)
            if linted is None and embedded.implicit:
                continue
            if linted is None:
                embedded.hint = ("check the path: CodeBuild reads it relative to the source root (CODEBUILD_SRC_DIR); "
                                 "nothing to do if the project builds another repository")
                diagnostics.append(_not_checked(host, embedded, _missing(embedded, fs_path or path)))
            else:
                covered.append(real)
                diagnostics.extend(replace(d, extra={"file": real, **d.extra, "document": embedded.name}
                                           if d.path == linted.path else {**d.extra, "document": embedded.name})
                                   for d in linted.diagnostics)
        else:
            diagnostics.append(_not_checked(host, embedded, embedded.note))
    diagnostics = lint._filter(list({(d.path, d.span, d.code, d.message): d for d in diagnostics}.values()), options)
    diagnostics = lint._inside(diagnostics, host)
    if not options.no_ignores and not path.lower().endswith(".json"):
        from speclint import suppress

        host.directives = suppress.parse(host.lines)
        host.settings["shell_ran"] = shell_ran
        diagnostics = lint.apply_suppressions(host, diagnostics, options)
    shown_kind = "buildspec" if inline else None  # the kind of what was checked inside
    return lint.FileResult(path, shown_kind, None, limit(sorted(diagnostics, key=Diagnostic.sort_key)), text, covers=covered)


def settings_for(embedded: Embedded, settings: dict) -> dict:
    """The lint settings of one embedded buildspec: the run's, plus what its project says."""
    out = dict(settings)
    context = embedded.context
    project = embedded.name.split(".SecondarySources[")[0].split(".secondary_sources[")[0]
    where = f"{context.get('image_key', 'Environment.Image')} of {project}"
    if context.get("image_line"):
        where += f" (line {context['image_line']})"
    if context.get("image"):
        out["config_image"], out["config_image_where"] = context["image"], where
    environment_type = context.get("environment_type", "")
    if environment_type.startswith("WINDOWS"):
        out["platform"] = "windows"
    out["embedded"] = {"origin": embedded.origin, "batch": bool(context.get("batch")), "name": embedded.name}
    return out


def _lint_embedded(host_path: str, embedded: Embedded, options):
    from speclint import lint

    inner = replace(options, kind="buildspec", no_ignores=True, defer_shell=True,
                    settings=settings_for(embedded, options.settings))
    return lint.lint_bytes(f"{host_path}#{embedded.name}", embedded.text.encode("utf-8", "surrogatepass"), inner)


def _to_host(diagnostics: list, embedded: Embedded, doc_path: str, host_path: str, host_index: LineIndex) -> list:
    """The document's findings moved to the host: path, span (through the position map), resource name."""
    doc_index = LineIndex(embedded.text)
    pmap = embedded.position_map
    written = _as_written(embedded, host_index.text)
    out = []
    for d in diagnostics:
        if d.path != doc_path:
            out.append(replace(d, extra={**d.extra, "document": embedded.name}))
            continue
        if d.code in ("F003", "C002"):
            continue  # the embedded text has no file name; suppressions are the host's
        span = d.span
        start = doc_index.offset(span.line, span.column)
        end = max(doc_index.offset(span.end_line, span.end_column), start)
        if embedded.placeholders and _from_placeholder(embedded.placeholders, doc_index, start, end):
            continue
        host_start = pmap.to_host(start)
        # the end is where the next character is written (after an escape such as \" too)
        host_end = pmap.to_host(end) if start < end < len(embedded.text) else pmap.to_host(end - 1) + 1 if end > start else host_start
        line, column = host_index.position(host_start)
        end_line, end_column = host_index.position(max(host_end, host_start))
        if (end_line, end_column) <= (line, column):
            end_line, end_column = line, column + 1
        out.append(replace(d, path=host_path, span=Span(line, column, end_line, end_column), message=written(d.message),
                           hint=written(d.hint), extra={**d.extra, "document": embedded.name}))
    return out


def _as_written(embedded: Embedded, host_text: str):
    """A function putting each placeholder's template sequence back into a message or hint
    (`quote it: 'echo ${Bucket}'`, not the stand-in `__Bucket_`)."""
    pairs = []
    for start, end in embedded.placeholders:
        host = embedded.position_map.to_host(start)
        stand_in, original = embedded.text[start:end], host_text[host:host + end - start]
        if len(stand_in) >= 3 and stand_in != original:
            pairs.append((stand_in, original))
    pairs.sort(key=lambda pair: -len(pair[0]))

    def written(text):
        if not text or not pairs:
            return text
        for stand_in, original in pairs:
            text = text.replace(stand_in, original)
        return text
    return written


def _from_placeholder(holes: list, index: LineIndex, start: int, end: int) -> bool:
    """Whether a finding comes from a substituted value: its span overlaps a placeholder
    on its first line (a finding about a whole multi-line mapping is not about the value)."""
    line, _column = index.position(start)
    first_line_end = index.starts[line] - 1 if line < len(index.starts) else len(index.text)
    return intersects(holes, start, min(max(end, start + 1), max(first_line_end, start + 1)))


def _not_checked(host: Document, embedded: Embedded, note: str) -> Diagnostic:
    from speclint.rules.hosted import EmbeddedNotChecked

    line, column, end_line, end_column = embedded.span
    finding = EmbeddedNotChecked().report(
        host, None, note, embedded.hint or "write the buildspec as a literal string, or keep it in a file of the repository",
        span=Span(line, column, end_line, end_column))
    return replace(finding, extra={"document": embedded.name})


def source_root(host_fs_path: str) -> str:
    """Where a project's source starts, for a BuildSpec path: the repository root of the
    template (the folder with `.git`), else the template's folder."""
    folder = os.path.dirname(os.path.abspath(host_fs_path))
    probe = folder
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return folder
        probe = parent


def _candidates(host_path: str, fs_path: Optional[str], named: str) -> list:
    if named.startswith(("/", "\\")) or ".." in named.replace("\\", "/").split("/"):
        return []
    real = fs_path or host_path
    root = source_root(real)
    shown_root = os.path.relpath(root) if not os.path.isabs(host_path) else root
    return [(os.path.join(root, named), os.path.normpath(os.path.join(shown_root, named))),
            (os.path.join(os.path.dirname(os.path.abspath(real)), named),
             os.path.normpath(os.path.join(os.path.dirname(host_path), named)))]


def _lint_named(host_path: str, fs_path: Optional[str], embedded: Embedded, options):
    """A buildspec named by path, linted with the project's context; None when it is not there."""
    from speclint import lint

    if fs_path is None and not os.path.exists(host_path):
        return None, None
    candidates = _candidates(host_path, fs_path, embedded.path)
    if embedded.context.get("relative_to") == "host":  # Terraform: relative to the module's folder
        candidates.reverse()
    for real, shown in candidates:
        if os.path.isfile(real):
            if embedded.context.get("template"):
                return _lint_template_file(real, shown, embedded, options), os.path.realpath(real)
            inner = replace(options, kind="buildspec", defer_shell=False, settings=settings_for(embedded, options.settings))
            return lint.lint_file(real, inner, display_path=shown), os.path.realpath(real)
    return None, None


def _lint_template_file(real: str, shown: str, embedded: Embedded, options):
    """A file Terraform renders with templatefile(): linted with its `${...}` and `%{...}`
    as placeholders, findings at the file's own lines (the template's suppressions apply)."""
    from speclint import lint
    from speclint.source.hosts import map_from_offsets
    from speclint.source.hosts.terraform import template_file
    from speclint.source.loader import decode

    data, problem = lint.read(real, options, shown)
    if data is None:
        return lint.FileResult(shown, None, None, [problem])
    text, _problems, _bom, _encoding = decode(data)
    if text is None:
        return lint.lint_file(real, replace(options, kind="buildspec"), display_path=shown)
    rendered, offsets, exact, holes = template_file(text)
    inside = Embedded(embedded.name, embedded.span, rendered, map_from_offsets(offsets, exact), holes,
                      context=embedded.context, origin="yaml")
    result = _lint_embedded(shown, inside, options)
    if result.shell_jobs:
        from speclint.shell.phase import finish

        result = finish([result], lambda _result: replace(options, no_ignores=True))[0]
    found = _to_host(result.diagnostics, inside, result.path, shown, LineIndex(text))
    file_doc = Document(path=shown, text=text, root=None, kind="buildspec", fs_path=real)
    if not options.no_ignores:
        from speclint import suppress

        file_doc.directives = suppress.parse(file_doc.lines)
        file_doc.settings["shell_ran"] = True
        found = lint.apply_suppressions(file_doc, found, options)
    return lint.FileResult(shown, "buildspec", None, found, text)


def _missing(embedded: Embedded, host_path: str) -> str:
    return (f"the buildspec of {embedded.name} is the file {embedded.path}, which is not in this repository "
            f"(looked under {os.path.relpath(source_root(host_path))}); it was not checked")


def embedded_document(spec: str) -> Optional[tuple]:
    """`FILE#Resource` -> (the Embedded buildspec, a function from its line numbers to the
    host's, a function writing its placeholders back as the template has them), for
    `speclint lifecycle`; None when `spec` does not name one (a plain path)."""
    if "#" not in spec or os.path.exists(spec):
        return None
    file, _, name = spec.rpartition("#")
    if not os.path.isfile(file):
        return None
    from speclint.source import safe_open
    from speclint.source.loader import DEFAULT_MAX_FILE_SIZE

    try:
        data = safe_open.read_regular(file, DEFAULT_MAX_FILE_SIZE)
    except OSError as exc:
        raise LookupError(f"{file} cannot be read: {exc.strerror or exc}") from None
    kind = host_kind(file, data)
    if kind is None:
        return None
    text, found, _problems = read(file, data, kind)
    for embedded in found:
        if embedded.name == name and embedded.text is not None:
            doc_index, host_index = LineIndex(embedded.text), LineIndex(text)

            def host_line(line: int) -> int:
                return host_index.position(embedded.position_map.to_host(doc_index.offset(line, 1)))[0]
            return embedded, host_line, _as_written(embedded, text)
    names = ", ".join(e.name for e in found if e.text is not None) or "none"
    raise LookupError(f"{file} has no inline buildspec named {name} (inline buildspecs: {names})")
