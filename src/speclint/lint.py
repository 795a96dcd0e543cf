"""The lint of one file: a short pipeline of stages, each returning findings.

    source.open_source   read -> load -> classify: the file's Documents (speclint/source/)
    per document:
      load_stage         the loader's findings, with their severity for this kind of file
      classify_stage     empty, not a mapping, kind mismatch, unrecognized, file name
      checked_stage      schema findings and rules' findings (a rule replaces the schema
                         finding at its path), containing faults: a rule that raises becomes
                         one internal-error finding and the others still run
      shell_stage        ShellCheck jobs (run later, for the whole run at once, when deferred)
                         and speclint's own findings about the shell
      suppress_stage     `# speclint:` comments, ONCE, after every producer (ShellCheck too)
      to_host            positions of an embedded document -> its host file's
    per file: the cap (cap.py)

A file whose ShellCheck work is deferred (Options.defer_shell, the runner) keeps its
documents in FileResult.pending; finish_shell() runs their jobs, then the suppress stage,
to_host and the cap, exactly as an undeferred lint does.
"""

from __future__ import annotations

import os
import time
import traceback
from functools import lru_cache
from typing import Callable, Optional

from speclint import run_scope, runtimes, selection, suppress
from speclint.codes import family_of
from speclint.cap import limit
from speclint.context import LintContext
from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.record import field, record, replace
from speclint.rules import core, registry
from speclint.rules.supersession import drop_superseded
from speclint.source import DEFAULT_MAX_FILE_SIZE, Problem, Source, open_source
from speclint.source import classify as classify_mod
from speclint.source.document import Document
from speclint.source.nodes import MappingNode


@record
class Options:
    kind: Optional[str] = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    select: tuple = ()
    ignore: tuple = ()
    extend_select: tuple = ()
    severity_overrides: dict = field(default_factory=dict)
    # What the file is linted under (speclint.context), built once by config.settings.Resolver.
    context: LintContext = field(default_factory=LintContext)
    # `--no-ignores`: inline suppression comments are not applied.
    no_ignores: bool = False
    # The runner collects ShellCheck work from all files and runs it once (finish_shell);
    # a single lint_file() call finishes its own.
    defer_shell: bool = False
    # Collect per-stage timings (bench/), off by default.
    timings: Optional[dict] = None


@record
class Part:
    """One document's findings (in its own positions) while they wait for ShellCheck: the
    document (without its node tree once deferred, so it crosses processes cheaply), the
    findings so far, its ShellCheck jobs, and whether ShellCheck was wanted but missing."""

    document: Document
    diagnostics: list
    shell_jobs: list = field(default_factory=list)
    shell_missing: bool = False

    @property
    def path(self) -> str:
        return self.document.path


@record
class FileResult:
    path: str
    kind: Optional[str]
    variant: Optional[str]
    diagnostics: list
    text: str = ""
    # ShellCheck work for the runner (shell/), done for the whole run at once; while there is
    # some, its documents wait in `pending` for the suppress stage (finish_shell).
    shell_jobs: list = field(default_factory=list)
    shell_missing: bool = False  # shell checks wanted, ShellCheck not installed
    missing: bool = False  # the path does not exist (F006): reported, but no file was checked
    pending: list = field(default_factory=list)  # Parts waiting for ShellCheck
    # A host (template, Terraform): the buildspec files its projects name, linted with their context.
    covers: list = field(default_factory=list)
    # Standard input's bytes (`-`): what --fix fixes, since standard input cannot be read twice.
    stdin_data: Optional[bytes] = None


rule_enabled = selection.rule_enabled

# The stage findings whose fixes speclint.fix.stages.attach makes (loader, schema).
STAGE_FIXES = frozenset({"Y002", "Y004", "S001"})


def _tick(options: Options, stage: str, start: float) -> float:
    now = time.perf_counter()
    if options.timings is not None:
        options.timings[stage] = options.timings.get(stage, 0.0) + (now - start)
    return now


def _stub(path: str) -> Document:
    return Document(path=path, text="", root=None, kind=None)


# --- the pipeline ----------------------------------------------------------------------

def lint_file(path: str, options: Options, display_path: Optional[str] = None) -> FileResult:
    """Lint the file at `path` (named `display_path` in findings, if given)."""
    with run_scope.run():  # one run of its own outside the runner's: what the disk says is read afresh
        start = time.perf_counter()
        source = open_source(path, shown=display_path, kind=options.kind, max_file_size=options.max_file_size)
        _tick(options, "source", start)
        return lint_source(source, options)


def lint_bytes(path: str, data: bytes, options: Options, on_disk: bool = False, fs_path: Optional[str] = None) -> FileResult:
    """Lint `data` as the file named `path` (standard input, an editor's buffer)."""
    with run_scope.run():
        start = time.perf_counter()
        source = open_source(data, shown=path, fs_path=fs_path, on_disk=on_disk, kind=options.kind,
                             max_file_size=options.max_file_size)
        _tick(options, "source", start)
        return lint_source(source, options)


def lint_source(source: Source, options: Options) -> FileResult:
    """Every finding of an opened Source (see the module docstring for the stages). Outside the
    runner's run it is a run of its own (run_scope): what other files say is read afresh."""
    with run_scope.run():
        return _lint_source(source, options)


def _lint_source(source: Source, options: Options) -> FileResult:
    if source.problem is not None:
        return FileResult(source.shown, None, None, _filter([read_finding(source.shown, source.problem)], options),
                          missing=source.missing)
    parts = [lint_document(doc, options) for doc in source.documents]
    covers: list = []
    if source.host is not None:  # what a host says itself (unchecked buildspecs, the files it names), in host positions
        own, covers = _host_part(source, options)
        parts.append(own)
    first = source.documents[0] if source.documents else None
    result = FileResult(source.shown, first.kind if first else None, first.variant if first else None, [], source.text,
                        covers=covers)
    if any(part.shell_jobs for part in parts):
        if options.defer_shell:
            result.pending = [_deferred(part) for part in parts]
            result.shell_jobs = [job for part in parts for job in part.shell_jobs]
            result.shell_missing = any(part.shell_missing for part in parts)
            result.diagnostics = [d for part in parts for d in part.diagnostics]
            return result
        from speclint.shell.phase import run

        waiting = [part for part in parts if part.shell_jobs]
        found = iter(run(waiting, [options] * len(waiting)))
        parts = [complete(part, *next(found), options=options) if part.shell_jobs else part for part in parts]
    result.shell_missing = any(part.shell_missing for part in parts)
    result.diagnostics = limit(_merge(parts, source))
    return result


def _host_part(source: Source, options: Options) -> tuple:
    """(a Part with the host's own findings, already in host positions; the real paths of the
    buildspec files its projects name, linted here with the project's context)."""
    from speclint.rules.hosted import EmbeddedNotChecked
    from speclint.source.hosts.lint import host_findings

    notes, linted, covers = host_findings(source, options, _lint_named)
    host = Document(path=source.shown, text=source.text, root=None, kind=None, on_disk=source.on_disk,
                    fs_path=source.fs_path)
    found = [replace(core.LOADER_CHECKS.get(check, EmbeddedNotChecked)().report(host, None, message, hint, span=Span(*span)),
                     document=name) for check, span, message, hint, name in notes]
    return Part(host, _filter(found + linted, options)), covers


def _lint_named(real: str, shown: str, options: Options, template: Optional[tuple], state: dict) -> FileResult:
    """A buildspec file a template's project names, with what the project says about it
    (`state`, Document.state); `template` = (name, the file's text, the text rendered,
    position map, placeholders) for a file Terraform renders with templatefile(): the
    rendered text is linted, its findings land on the file's own lines."""
    if template is None:
        opened = open_source(real, shown=shown, kind="buildspec", max_file_size=options.max_file_size)
        for doc in opened.documents:
            doc.state.update(state)
        return lint_source(opened, options)
    name, text, rendered, position_map, holes = template
    opened = open_source(rendered.encode("utf-8", "surrogatepass"), shown=shown, fs_path=real, on_disk=True,
                         kind="buildspec", max_file_size=options.max_file_size)
    if opened.problem is not None or not opened.documents:
        return lint_file(real, options, display_path=shown)
    doc = replace(opened.documents[0], name=name, position_map=position_map)
    doc.state.update(state, placeholders=holes)
    return lint_source(Source(shown, real, opened.data, text, on_disk=True, documents=[doc]), options)


def read_finding(shown: str, problem: Problem) -> Diagnostic:
    """The finding for a file whose bytes could not be had (source.read's Problem)."""
    return core.LOADER_CHECKS[problem.check]().report(_stub(shown), None, problem.message, problem.hint)


def lint_document(doc: Document, options: Options) -> Part:
    """One document through the stages up to ShellCheck; suppressed already unless it waits for ShellCheck."""
    prepare(doc, options)
    if doc.template is not None:  # not YAML until rendered: the one notice, nothing else
        return Part(doc, _filter([_template_notice(doc, *doc.template)], options))
    start = time.perf_counter()
    found = load_stage(doc) + classify_stage(doc)
    start = _tick(options, "classify", start)
    if isinstance(doc.root, MappingNode) and doc.kind is not None:
        found += checked_stage(doc, options)
    start = time.perf_counter()
    if any(d.code in STAGE_FIXES for d in found):  # most files have none: the fix module stays unloaded
        from speclint.fix.stages import attach as attach_fixes

        found = attach_fixes(doc, found)
    found = _inside(_filter(found, options), doc)
    jobs, missing, own = shell_stage(doc, options)
    found.extend(own)
    part = Part(doc, found, jobs, missing)
    if not jobs:
        part = complete(part, [], (), options=options, shell_ran=False)
    _tick(options, "filter", start)
    return part


def prepare(doc: Document, options: Options) -> None:
    """The context rules read (the file's, with what a host says about this document over it)
    and the document's `# speclint:` comments, with the image it runs on (runtimes.choose_image
    is the one place that decides)."""
    doc.context = replace(options.context, **doc.host_context) if doc.host_context else options.context
    doc.directives = suppress.parse(doc.lines)
    choice = runtimes.choose_image(doc.context, doc.directives.settings.get("image"), doc.directives.positions.get("image"))
    if choice is not None:
        doc.context = replace(doc.context, image_choice=choice)


def load_stage(doc: Document) -> list:
    """The loader's findings, with the severity this kind of file gives them: a BOM stops the
    CodeDeploy agent on EC2 (an error); UTF-16/32 is known to fail only for appspecs."""
    found = []
    for p in doc.problems:
        rule = core.LOADER_CHECKS[p.check]
        severity = None
        if rule is core.ByteOrderMark and doc.tag == "appspec:ec2":
            severity = Severity.ERROR
        elif rule is core.Encoding and doc.encoding in ("utf-16", "utf-32") and doc.kind != "appspec":
            severity = Severity.WARNING  # the agent's failure is known (Y003's References); CodeBuild's is inferred
        span = Span(p.line, p.column, p.end_line or p.line, p.end_column or p.column + 1)
        found.append(rule().report(doc, None, p.message, p.hint, severity=severity, span=span))
    return found


def classify_stage(doc: Document) -> list:
    """What the file is as a whole: empty, not a mapping, named like the other kind, another
    tool's file, not recognized, or named almost like the file AWS reads."""
    found = []
    root, c = doc.root, doc.classification
    parsed_ok = not any(p.check in ("yaml-syntax", "encoding", "document-too-complex") for p in doc.problems)
    if root is None and parsed_ok:
        found.append(core.EmptyFile().report(doc, None, "file is empty: it has no YAML content",
                                             _empty_hint(doc.kind, doc.variant)))
    elif root is not None and not isinstance(root, MappingNode):
        what = {"SequenceNode": "a list", "ScalarNode": "a single value"}.get(type(root).__name__, "not a mapping")
        if getattr(root, "yaml_type", None) == "null":
            found.append(core.EmptyFile().report(doc, root, "file is empty: its only document is null",
                                                 _empty_hint(doc.kind, doc.variant)))
        else:
            found.append(core.NotAMapping().report(doc, root, f"the top level must be a mapping of keys, not {what}",
                                                   "write the file as `key: value` lines, starting with `version:`"))
    if c is not None and c.misnamed_as:
        named = c.misnamed_as
        found.append(core.KindMismatch().report(
            doc, None, f"file is named like {_a(named)} but contains {_a(doc.kind)}; it was checked as {_a(doc.kind)}",
            f"rename the file, or replace its content with {_a(named)}",
        ))
    if c is not None and c.foreign_to:
        keys = "phases, env, artifacts" if c.foreign_to == "buildspec" else "os, files, hooks, Resources"
        found.append(core.UnrecognizedFile().report(
            doc, None, f"file is named like {_a(c.foreign_to)} but has none of its top-level keys ({keys}); "
                       "it looks like another tool's file and was not checked",
            f"nothing to do if it belongs to another tool; pass --kind {c.foreign_to} to check it anyway",
        ))
    elif isinstance(root, MappingNode) and doc.kind is None:
        found.append(core.UnrecognizedFile().report(
            doc, None, "cannot tell whether this file is a buildspec or an appspec; it was not checked",
            "name it buildspec.yml / appspec.yml, or pass --kind buildspec|appspec", severity=Severity.WARNING,
        ))
    right_name = _read_name(doc.path, doc) if doc.name is None else None  # an embedded document has no file name
    if right_name:
        found.append(core.SpecFileName().report(doc, None, *right_name))
    return found


_SCHEMA_RULES = (core.UnknownKey, core.MissingKey, core.WrongType, core.InvalidValue, core.OutOfRange,
                 core.ConflictingKeys)


def checked_stage(doc: Document, options: Options) -> list:
    """Schema findings and rules' findings; a rule's finding replaces the schema findings it
    declares it supersedes at its json_path (rules/supersession.py)."""
    from speclint import schema

    start = time.perf_counter()
    if any(rule_enabled(r, options) for r in _SCHEMA_RULES):
        try:
            schema_found = schema.check(doc)
        except Exception as exc:  # noqa: BLE001 - contain a bug, keep linting
            schema_found = [_internal_error(doc, "schema", exc)]
    else:
        schema_found = []
    start = _tick(options, "schema", start)
    rule_found = run_rules(doc, options)
    _tick(options, "rules", start)
    return drop_superseded(schema_found, rule_found) + rule_found


def shell_stage(doc: Document, options: Options) -> tuple[list, bool, list]:
    """(ShellCheck jobs, whether ShellCheck was wanted but is missing, speclint's own shell findings)."""
    if not isinstance(doc.root, MappingNode) or not doc.kind:
        return [], False, []
    jobs, missing = _shell_jobs(doc, options)
    own: list = []
    if doc.kind == "buildspec" and shell_wanted(options) and doc.context.shell_checks:
        from speclint.shell.jobs import dialect_findings

        own = dialect_findings(doc, shellcheck_skipped=not jobs)
    return jobs, missing, own


def complete(part: Part, shell_found: list, shell_off=(), options: Optional[Options] = None,
             shell_ran: bool = True) -> Part:
    """The suppress stage, once per document after every producer: ShellCheck's findings
    (`shell_found`, `shell_off` the codes off by default in its jobs) pass the selection,
    then `# speclint:` comments apply to all the document's findings."""
    found = part.diagnostics
    if shell_ran:
        # A command checked again after a syntax error can be reported twice: one finding each.
        unique = list({(d.path, d.span, d.code, d.message): d for d in shell_found}.values())
        found = found + _filter(unique, options)
    if not options.no_ignores:
        doc = part.document
        if doc.directives is None:
            doc.directives = suppress.parse(doc.lines)
        if shell_ran:
            doc.state["shell_ran"] = True
            doc.state["shell_off"] = tuple(shell_off)
        found = apply_suppressions(doc, found, options)
    elif shell_ran:
        found = sorted(found, key=Diagnostic.sort_key)
    return replace(part, diagnostics=found, shell_jobs=[])


def _deferred(part: Part) -> Part:
    """The part as it waits for the run's ShellCheck: its document without the node tree."""
    doc = part.document
    light = Document(path=doc.path, text=doc.text, root=None, kind=doc.kind, variant=doc.variant, bom=doc.bom,
                     on_disk=doc.on_disk, fs_path=doc.fs_path, name=doc.name, position_map=doc.position_map,
                     state={key: doc.state[key] for key in ("placeholders", "image", "generated") if doc.state.get(key)})
    return replace(part, document=light)


def finish_shell(results: list, options_for: Callable, on_progress: Optional[Callable] = None) -> list:
    """Finish the results that wait for ShellCheck: run every job at once (shell/phase.py),
    then the suppress stage, to_host and the cap of each. `options_for(result)` gives a
    result's Options."""
    if not any(r.pending for r in results):
        return results
    from speclint.shell.phase import run

    options = {i: options_for(r) for i, r in enumerate(results) if r.pending}
    where = [(i, k) for i in options for k, part in enumerate(results[i].pending) if part.shell_jobs]
    parts = [results[i].pending[k] for i, k in where]
    shell = dict(zip(where, run(parts, [options[i] for i, _ in where], on_progress)))
    out = list(results)
    for i in options:
        result = results[i]
        done = [complete(part, *shell[(i, k)], options=options[i]) if (i, k) in shell else part
                for k, part in enumerate(result.pending)]
        out[i] = replace(result, diagnostics=limit(_merge(done, Source(result.path, text=result.text))),
                         shell_jobs=[], pending=[])
    return out


def _merge(parts: list, source: Source) -> list:
    """Every document's findings in host positions (to_host), in one sorted list."""
    if len(parts) == 1 and parts[0].document.position_map.identity and parts[0].document.name is None:
        return parts[0].diagnostics
    found = [d for part in parts for d in to_host(part.diagnostics, part.document, source)]
    return sorted(found, key=Diagnostic.sort_key)


def to_host(diagnostics: list, doc: Document, source: Source) -> list:
    """Findings in an embedded document's positions -> the host file's positions (through
    the document's PositionMap and both texts' positions.LineIndex), each naming the
    document. Findings in other files (a hook script's) and those of a plain file pass as they are."""
    if doc.position_map.identity and doc.name is None:
        return diagnostics
    from speclint.fix import NOT_EXACT
    from speclint.fix import to_host as fix_to_host

    inner, host, mapping = doc.line_index, source.line_index, doc.position_map
    if doc.state.get("placeholders"):  # template placeholders: no finding comes from them
        from speclint.source.hosts.lint import from_template

        diagnostics = from_template(diagnostics, doc, inner, source.text)
    from speclint.source.hosts.lint import host_lines, image_span, not_generated_style

    diagnostics = not_generated_style(diagnostics, doc)

    out = []
    for d in diagnostics:
        if d.path != doc.path:
            out.append(d)
            continue
        span = d.span
        start = host.position(mapping.to_host(inner.offset(span.line, span.column)))
        end = host.position(mapping.to_host(inner.offset(span.end_line, span.end_column)))
        if end <= start:
            end = (start[0], start[1] + 1)
        at_image = image_span(d, doc)  # a finding about the project's image: on its value in the host
        if at_image:
            start, end = at_image[:2], at_image[2:]
        fix, hint = d.fix, host_lines(d.hint, inner, host, mapping)
        if fix is not None:  # a fix goes into the host where it is written there as it is
            fix = fix_to_host(fix, mapping, host, source.bom)
            if fix is None:
                hint = f"{hint}; {NOT_EXACT}" if hint else NOT_EXACT
        out.append(replace(d, span=Span(start[0], start[1], end[0], end[1]), document=doc.name, fix=fix, hint=hint,
                           message=host_lines(d.message, inner, host, mapping)))
    return out


def _inside(diagnostics: list, doc: Document) -> list:
    """Keep every position inside the file: an empty node at the very end of a file without a
    final newline is placed by the parser one line past it (found by fuzzing)."""
    if not doc.text:
        return diagnostics  # undecodable: positions were computed on the bytes
    lines = doc.lines
    last = (len(lines), len(lines[-1]) + 1)
    out = []
    for d in diagnostics:
        span = d.span
        if d.path == doc.path and (span.line > len(lines) or span.end_line > len(lines)):
            start = last if span.line > len(lines) else (span.line, span.column)
            end = (last[0], last[1] + 1) if span.end_line > len(lines) else (span.end_line, span.end_column)
            d = replace(d, span=Span(start[0], start[1], end[0], max(end[1], start[1] + 1) if end[0] == start[0] else end[1]))
        out.append(d)
    return out


def apply_suppressions(doc, diagnostics: list, options: Options) -> list:
    return sorted(suppress.apply(doc, diagnostics, lambda code: _code_enabled(code, doc, options)), key=Diagnostic.sort_key)


def _shell_jobs(doc: Document, options: Options) -> tuple[list, bool]:
    """(ShellCheck jobs for this document, whether they were wanted but ShellCheck is missing)."""

    if not doc.context.shell_checks or not shell_wanted(options):
        return [], False
    from speclint.shell import check

    shell_work = doc.kind == "buildspec" or (doc.tag == "appspec:ec2" and doc.on_disk)
    if not shell_work:
        return [], False
    if check.binary() is None:  # say so (once), but build nothing
        return [], ("commands" if doc.kind == "buildspec" else "location") in doc.text
    from speclint.shell import jobs

    return (jobs.buildspec_jobs(doc) if doc.kind == "buildspec" else jobs.script_jobs(doc)), False


def shell_wanted(options: Options) -> bool:
    """ShellCheck runs when the `shellcheck` rule (B026) is on, or a selector names SC codes."""
    from speclint.codes import family_named

    return selection.family_runs(family_named("SC"), options)


shell_code_enabled = selection.family_code_enabled


def _template_notice(doc: Document, syntax: str, line: int, column: int, end_column: int) -> Diagnostic:
    tag = doc.lines[line - 1][column - 1:end_column - 1].strip() if line <= len(doc.lines) else ""
    if len(tag) > 40:
        tag = tag[:39] + "…"
    return core.TemplateSource().report(
        doc, None, f"this is a {syntax} template (`{tag}` at line {line}): it is YAML only once rendered, so it was not checked",
        "lint the rendered file instead (render it, then run speclint on the output), or exclude the template",
        span=Span(line, column, line, max(end_column, column + 1)),
    )


def _read_name(path: str, doc: Document) -> Optional[tuple]:
    """(message, hint) when a buildspec or EC2 appspec is named almost like the file AWS reads (F003)."""
    if doc.kind is None or doc.tag in ("appspec:lambda", "appspec:ecs") or path == "<stdin>":
        return None
    right = classify_mod.near_miss(path, doc.kind)
    if right is None:
        return None
    name = os.path.basename(path.replace("\\", "/"))
    os_node = doc.root.get("os") if isinstance(doc.root, MappingNode) else None
    if doc.kind == "appspec" and name.lower() == right and str(getattr(os_node, "value", "")).lower() == "windows":
        return None  # only the case differs, and Windows finds files whatever their case
    if doc.kind == "appspec":
        return (f'the CodeDeploy agent reads appspec.yml or appspec.yaml at the root of the bundle, exactly so spelt; '
                f'"{name}" is not read', f"rename it to {right}")
    return (f'CodeBuild reads buildspec.yml at the source root unless the project names another file; "{name}" is read '
            "only if the project's buildspec setting names it",
            f"rename it to {right}, or set the project's buildspec (Source.BuildSpec) to this file's path")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _empty_hint(kind: Optional[str], variant: Optional[str]) -> str:
    if kind == "buildspec":
        return "a buildspec needs at least `version: 0.2` and `phases:`"
    if kind == "appspec" and variant in ("lambda", "ecs"):
        return "an appspec needs at least `version: 0.0` and `Resources:`"
    if kind == "appspec":
        return "an appspec needs at least `version: 0.0` and `os: linux` (or windows)"
    return "add content, or remove the file"


@lru_cache(maxsize=64)
def _active_rules(reg, tag: Optional[str], select: tuple, ignore: tuple, extend_select: tuple) -> tuple:
    """The rule instances that run on a document of this kind under this selection (computed once)."""
    options = Options(select=select, ignore=ignore, extend_select=extend_select)
    # A rule that supersedes schema codes runs unselected too: its finding still hides theirs (rules/supersession.py).
    return tuple(rule for rule in reg.instances() if tag in rule.applies_to and (rule_enabled(rule, options) or rule.supersedes))


def run_rules(doc: Document, options: Options) -> list:
    """Every active rule's findings, at most cap.RULE_CEILING from each (see cap.py)."""
    from speclint.cap import RULE_CEILING

    found: list = []
    rules = _active_rules(registry(), doc.tag, tuple(options.select), tuple(options.ignore), tuple(options.extend_select))
    for rule in rules:
        if not rule.applies(doc):
            continue
        taken = 0
        try:
            for diagnostic in rule.check(doc):
                if taken == RULE_CEILING:  # the rule's work stops here too: it is a generator
                    break
                found.append(diagnostic)
                taken += 1
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            found.append(_internal_error(doc, f"rule {rule.code} ({rule.name})", exc))
    return found


def _internal_error(doc: Document, where: str, exc: Exception) -> Diagnostic:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return core.InternalError().report(
        doc, None, f"internal error in {where}: {type(exc).__name__}: {exc}{at}",
        "this is a bug in speclint, please report it with this file; the other checks still ran",
    )


def _code_enabled(code: str, doc: Document, options: Options) -> bool:
    """Whether findings of `code` could have been reported for this file."""
    rule = registry().get(code)
    if rule is not None:
        return rule_enabled(rule, options) and (rule.stage != "rules" or rule().applies(doc))
    if not (doc.state.get("shell_ran") and shell_code_enabled(code, options)):
        return False
    from speclint.shell.defaults import on_by_default

    # Off by default, or of unknown level: a suppression of it is not called unused.
    return selection.explicitly(code, options) or bool(on_by_default(code, None, doc.state.get("shell_off", ())))


def _filter(diagnostics: list, options: Options) -> list:
    reg = registry()
    out = []
    for d in diagnostics:
        rule = reg.get(d.code)
        if rule is not None and not rule_enabled(rule, options):
            continue
        if rule is None and family_of(d.code) is not None and not shell_code_enabled(d.code, options):
            continue
        override = options.severity_overrides.get(d.code)
        if override:
            d = d.with_severity(override)
        out.append(d)
    return sorted(out, key=Diagnostic.sort_key)
