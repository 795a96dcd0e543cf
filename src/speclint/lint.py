"""The path of one file: read -> load -> classify -> schema -> rules -> filter.

Each stage lives in its own module; this one only strings them together and contains
faults: a rule that raises becomes one internal-error finding and the others still run.
"""

from __future__ import annotations

import os
import stat
import time
import traceback
from functools import lru_cache
from typing import Optional

from speclint.source import classify as classify_mod
from speclint import runtimes, selection, suppress
from speclint.codes import family_of
from speclint.source import safe_open
from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.cap import limit
from speclint.source.document import Document
from speclint.source.loader import DEFAULT_MAX_FILE_SIZE, load
from speclint.source.nodes import MappingNode
from speclint.record import field, record, replace
from speclint.rules import core, registry
from speclint.rules.supersession import drop_superseded


@record
class Options:
    kind: Optional[str] = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    select: tuple = ()
    ignore: tuple = ()
    extend_select: tuple = ()
    severity_overrides: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    # `--no-ignores`: inline suppression comments are not applied.
    no_ignores: bool = False
    # The runner collects ShellCheck work from all files and runs it once (shell/phase.py);
    # a single lint_file() call finishes its own.
    defer_shell: bool = False
    # Collect per-stage timings (bench/), off by default.
    timings: Optional[dict] = None


@record
class FileResult:
    path: str
    kind: Optional[str]
    variant: Optional[str]
    diagnostics: list
    text: str = ""
    # ShellCheck work for the runner (shell/), done for the whole run at once; while there is
    # some, suppressions wait for its findings.
    shell_jobs: list = field(default_factory=list)
    shell_missing: bool = False  # shell checks wanted, ShellCheck not installed
    missing: bool = False  # the path does not exist (F006): reported, but no file was checked


rule_enabled = selection.rule_enabled


def _tick(options: Options, stage: str, start: float) -> float:
    now = time.perf_counter()
    if options.timings is not None:
        options.timings[stage] = options.timings.get(stage, 0.0) + (now - start)
    return now


def read(path: str, options: Options, shown: Optional[str] = None) -> tuple[Optional[bytes], Optional[Diagnostic]]:
    """The file's bytes, or a finding (on the shown path) that says why they could not be had."""
    shown = shown or path
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO would wait forever, a device could stream forever.
            kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
            message = f"is {kind}, not a regular file; it was not read"
            return None, core.Encoding().report(_stub(shown), None, f"{shown} {message}", "pass the path of a buildspec or appspec file")
        size = info.st_size
        if size > options.max_file_size:
            return None, core.FileTooLarge().report(
                _stub(shown), None,
                f"file is {size:,} bytes, over the {options.max_file_size:,}-byte limit; it was not checked",
                "a real buildspec or appspec is a few KB: check this is the right file, or raise --max-file-size",
            )
        return safe_open.read_regular(path, options.max_file_size + 1), None
    except safe_open.NotRegularFile as exc:  # swapped after the stat: checked again on the open file
        return None, core.Encoding().report(_stub(shown), None, f"{shown} {exc.strerror}; it was not read",
                                            "pass the path of a buildspec or appspec file")
    except IsADirectoryError:
        message = "is a directory, not a file"
    except PermissionError:
        message = "cannot be read: permission denied"
    except FileNotFoundError:
        if os.path.islink(path):
            message = f"{shown} is a symbolic link to {os.readlink(path)}, which does not exist"
        else:
            message = f"{shown} does not exist"
        return None, core.PathNotFound().report(_stub(shown), None, message, "check the spelling of the path")
    except OSError as exc:
        message = f"cannot be read: {exc.strerror or exc}"
    return None, core.Encoding().report(_stub(shown), None, f"{shown} {message}", "check the path and its permissions")


def _stub(path: str) -> Document:
    return Document(path=path, text="", root=None, kind=None)


def lint_file(path: str, options: Options, display_path: Optional[str] = None) -> FileResult:
    start = time.perf_counter()
    data, problem = read(path, options, display_path)
    start = _tick(options, "read", start)
    if data is None:
        return FileResult(display_path or path, None, None, _filter([problem], options),
                          missing=problem.code == core.PathNotFound.code)
    return lint_bytes(display_path or path, data, options, on_disk=True, start=start, fs_path=path)


def lint_bytes(path: str, data: bytes, options: Options, on_disk: bool = False, start: Optional[float] = None,
               fs_path: Optional[str] = None) -> FileResult:
    start = start or time.perf_counter()
    if len(data) > options.max_file_size:
        diag = core.FileTooLarge().report(_stub(path), None, f"input is over the {options.max_file_size:,}-byte limit; it was not checked",
                                          "raise --max-file-size if this really is a buildspec or appspec")
        return FileResult(path, None, None, _filter([diag], options))
    loaded = load(data)
    start = _tick(options, "parse", start)
    template = _template(loaded.text)
    doc = Document(path=path, text=loaded.text, root=loaded.root, kind=None, bom=loaded.bom, on_disk=on_disk,
                   settings=dict(options.settings), fs_path=fs_path or (path if on_disk else None))
    doc.directives = suppress.parse(doc.lines)
    # The image a buildspec runs on, and why (runtimes.choose_image is the one place that decides).
    choice = runtimes.choose_image(options.settings, doc.directives.settings.get("image"), doc.directives.positions.get("image"))
    if choice is not None:
        doc.settings.update(image=choice.name, image_choice=choice, image_origin=choice.origin)
    found = classify_mod.classify(path, loaded.root, options.kind)
    doc.kind, doc.variant = found.kind, found.variant
    start = _tick(options, "classify", start)
    if template is not None:
        return FileResult(path, doc.kind, doc.variant, _filter([_template_notice(doc, *template)], options), loaded.text)

    diagnostics: list = []
    for p in loaded.problems:
        rule = core.LOADER_CHECKS[p.check]
        severity = None
        if rule is core.ByteOrderMark and doc.tag == "appspec:ec2":
            severity = Severity.ERROR
        elif rule is core.Encoding and loaded.encoding in ("utf-16", "utf-32") and doc.kind != "appspec":
            severity = Severity.WARNING  # the agent's failure is known (Y003's References); CodeBuild's is inferred
        span = Span(p.line, p.column, p.end_line or p.line, p.end_column or p.column + 1)
        diagnostics.append(rule().report(doc, None, p.message, p.hint, severity=severity, span=span))

    parsed_ok = not any(p.check in ("yaml-syntax", "encoding", "document-too-complex") for p in loaded.problems)
    if loaded.root is None and parsed_ok:
        diagnostics.append(core.EmptyFile().report(doc, None, "file is empty: it has no YAML content",
                                                   _empty_hint(doc.kind, doc.variant)))
    elif loaded.root is not None and not isinstance(loaded.root, MappingNode):
        what = {"SequenceNode": "a list", "ScalarNode": "a single value"}.get(type(loaded.root).__name__, "not a mapping")
        if getattr(loaded.root, "yaml_type", None) == "null":
            diagnostics.append(core.EmptyFile().report(doc, loaded.root, "file is empty: its only document is null",
                                                       _empty_hint(doc.kind, doc.variant)))
        else:
            diagnostics.append(core.NotAMapping().report(doc, loaded.root, f"the top level must be a mapping of keys, not {what}",
                                                         "write the file as `key: value` lines, starting with `version:`"))
    if found.misnamed_as:
        named = found.misnamed_as
        diagnostics.append(core.KindMismatch().report(
            doc, None, f"file is named like {_a(named)} but contains {_a(doc.kind)}; it was checked as {_a(doc.kind)}",
            f"rename the file, or replace its content with {_a(named)}",
        ))
    if found.foreign_to:
        keys = "phases, env, artifacts" if found.foreign_to == "buildspec" else "os, files, hooks, Resources"
        diagnostics.append(core.UnrecognizedFile().report(
            doc, None, f"file is named like {_a(found.foreign_to)} but has none of its top-level keys ({keys}); "
                       "it looks like another tool's file and was not checked",
            f"nothing to do if it belongs to another tool; pass --kind {found.foreign_to} to check it anyway",
        ))
    elif isinstance(loaded.root, MappingNode) and doc.kind is None:
        diagnostics.append(core.UnrecognizedFile().report(
            doc, None, "cannot tell whether this file is a buildspec or an appspec; it was not checked",
            "name it buildspec.yml / appspec.yml, or pass --kind buildspec|appspec", severity=Severity.WARNING,
        ))
    right_name = _read_name(path, doc)
    if right_name:
        diagnostics.append(core.SpecFileName().report(doc, None, *right_name))

    if isinstance(doc.root, MappingNode) and doc.kind is not None:
        from speclint import schema

        schema_rules = {core.UnknownKey, core.MissingKey, core.WrongType, core.InvalidValue,
                        core.OutOfRange, core.ConflictingKeys}
        if any(rule_enabled(r, options) for r in schema_rules):
            try:
                schema_found = schema.check(doc)
            except Exception as exc:  # noqa: BLE001 - contain a bug, keep linting
                schema_found = [_internal_error(doc, "schema", exc)]
        else:
            schema_found = []
        start = _tick(options, "schema", start)
        rule_found = run_rules(doc, options)
        start = _tick(options, "rules", start)
        diagnostics.extend(drop_superseded(schema_found, rule_found))
        diagnostics.extend(rule_found)

    result = _inside(_filter(diagnostics, options), doc)
    jobs, missing = _shell_jobs(doc, options) if isinstance(doc.root, MappingNode) and doc.kind else ([], False)
    if doc.kind == "buildspec" and isinstance(doc.root, MappingNode) and shell_wanted(options) \
            and doc.settings.get("shell_checks", True):
        from speclint.shell.jobs import dialect_findings

        result.extend(dialect_findings(doc, shellcheck_skipped=not jobs))
    if not options.no_ignores and not jobs:
        result = apply_suppressions(doc, result, options)
    if not jobs:  # else after ShellCheck, when suppressions are applied (runner.shell_phase)
        result = limit(result)
    _tick(options, "filter", start)
    finished = FileResult(path, doc.kind, doc.variant, result, loaded.text, jobs, missing)
    if jobs and not options.defer_shell:
        from speclint.shell.phase import finish

        finished = finish([finished], lambda _result: options)[0]
        finished.diagnostics = limit(finished.diagnostics)
    return finished


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

    if not doc.settings.get("shell_checks", True) or not shell_wanted(options):
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


def _template(text: str) -> Optional[tuple]:
    """The template syntax of a template source (speclint.source.templates), else None (cheaply, for most files)."""
    if not text or ("{{" not in text and "{%" not in text and "<%" not in text and "{#" not in text and "%{" not in text):
        return None
    from speclint.source.templates import template_syntax

    return template_syntax(text)


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
    if not (doc.settings.get("shell_ran") and shell_code_enabled(code, options)):
        return False
    from speclint.shell.defaults import on_by_default

    # Off by default, or of unknown level: a suppression of it is not called unused.
    return selection.explicitly(code, options) or bool(on_by_default(code, None, doc.settings.get("shell_off", ())))


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
