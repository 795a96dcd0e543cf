"""`--fix`, `--unsafe-fixes` and `--diff` for one run: apply, lint again, repeat, write.

For each linted file with applicable fixes: choose the fixes that do not overlap
(speclint.fix.apply), apply them to the text, lint the new text, and repeat with the fixes
found then, at most MAX_ROUNDS times. A round that makes the file worse - it no longer
parses, or has more errors than before - is undone, and its fixes are tried one at a time;
a fix that still makes it worse is dropped. Edits of other files (a hook script's line
endings) are applied once to that file, whichever finding asked first.

`--fix` then writes every changed file atomically (speclint.fix.files) and the run reports
what remains; standard input is fixed to standard output (the report goes to standard
error), as ruff does. `--diff` prints the changes as a unified diff, writes nothing, and
exits 1 when there is something to fix.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Optional

from speclint.diagnostics import Severity
from speclint.fix import applicable
from speclint.fix.apply import apply_edits, choose, edit_key
from speclint.fix.files import Source, WriteError, document_source, script_source, write_atomic
from speclint.record import field, record

MAX_ROUNDS = 10
# A file that no longer loads after a fix: the fix is wrong, whatever else it repaired.
_BROKEN = {"Y001", "Y003", "Y005", "Y006", "Y009", "X001"}
# A duplicate key our own fixes made (two hooks renamed to one event): the next round's Y002
# fix would delete the first one's scripts, so the round is worse whatever the severity.
_NEVER_MORE = {"Y002"}


@record
class Fixing:
    """What a run's fixes did: counts for the summary, texts for the diff and the writes."""

    unsafe: bool = False
    fixed: int = 0
    # path -> [Source, new text]: the linted files and the hook scripts that changed
    changed: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    dropped: int = 0  # fixes undone because the file got worse with them
    dropped_where: list = field(default_factory=list)  # `B023 at x.yml:3:5`, one per dropped fix
    counts: dict = field(default_factory=dict)  # path -> fixes applied to that linted file
    failed: list = field(default_factory=list)  # files that could not be written (WriteError lines)
    unwritten: set = field(default_factory=set)  # their paths
    done: set = field(default_factory=set)  # edit keys applied to other files (hook scripts)
    stdin_text: Optional[str] = None  # the fixed standard input (`-` with --fix)


def fix_results(results: list, relint: Callable, unsafe: bool, stdin_name: Optional[str] = None,
                stdin_data: Optional[bytes] = None) -> tuple:
    """(results after fixing, Fixing). `relint(result, data)` lints `data` as the file of
    `result` again (ShellCheck deferred). Nothing is written here."""
    fixing = Fixing(unsafe=unsafe)
    done = fixing.done
    out = []
    for result in results:
        wanted = [d for d in result.diagnostics if d.path == result.path and applicable(d.fix, unsafe)]
        if not wanted or not result.text:
            out.append(result)
            continue
        stdin = stdin_name is not None and result.path == stdin_name
        if stdin and stdin_data is None:  # never the file on disk that --stdin-filename names
            fixing.notes.append(f"{result.path}: not fixed: standard input's text was not kept")
            out.append(result)
            continue
        data = stdin_data if stdin else _read(result.path)
        source = document_source(result.path, data, result.text) if data is not None else None
        if source is None:
            fixing.notes.append(f"{result.path}: not fixed: its bytes are not the UTF-8 text that was linted")
            out.append(result)
            continue
        try:
            out.append(_fix_file(result, source, relint, fixing, done, stdin))
        except Exception as exc:  # noqa: BLE001 - a bug in a fix must not cost the run
            fixing.changed.pop(result.path, None)
            fixing.fixed -= fixing.counts.pop(result.path, 0)
            fixing.notes.append(f"{result.path}: not fixed: internal error while fixing ({type(exc).__name__}: {exc}); "
                                "this is a bug in speclint, please report it with this file")
            out.append(result)
    return out, fixing


def _read(path: str) -> Optional[bytes]:
    from speclint.fix.files import read

    return read(path)


def _worse(before, after) -> bool:
    """Whether `after` has a load failure `before` did not have, more errors of some code, or
    more duplicate keys."""
    def errors(result) -> dict:
        counts: dict = {}
        for d in result.diagnostics:
            if d.path == result.path and (d.severity == Severity.ERROR or d.code in _BROKEN or d.code in _NEVER_MORE):
                counts[d.code] = counts.get(d.code, 0) + 1
        return counts

    old, new = errors(before), errors(after)
    return any(count > old.get(code, 0) for code, count in new.items())


def _fix_file(result, source: Source, relint: Callable, fixing: Fixing, done: set, stdin: bool):
    text = source.text
    current = result
    counted: set = set()  # fixes of other files already counted for this file
    dropped: set = set()  # fixes that made the file worse
    for _round in range(MAX_ROUNDS):
        fixes = [d.fix for d in current.diagnostics
                 if d.path == result.path and applicable(d.fix, fixing.unsafe) and _what(d.fix) not in dropped]
        chosen, edits = choose(fixes, frozenset(done))
        fresh = [f for f in chosen if _key(f) not in counted]
        if not fresh:
            break
        accepted, text, current = _try(fresh, edits, text, current, source, relint, fixing, done, result, dropped)
        if not accepted:
            break
        for fix in accepted:
            if all(e.path is not None for e in fix.edits):
                counted.add(_key(fix))
        fixing.fixed += len(accepted)
        fixing.counts[result.path] = fixing.counts.get(result.path, 0) + len(accepted)
    if text != source.text:
        if stdin:
            fixing.stdin_text = text
        fixing.changed[result.path] = [source, text]
    return current


def _key(fix) -> tuple:
    return tuple(edit_key(e) for e in fix.edits)


def _what(fix) -> tuple:
    """A fix by what it does, not where: a dropped fix found again after a kept fix moved
    its offsets is still dropped."""
    return (fix.message,) + tuple((e.path, e.old, e.text) for e in fix.edits)


def _try(fixes, edits, text, current, source, relint, fixing, done, result, dropped):
    """Apply `fixes` (their `edits`); undo and go one by one when the file gets worse.

    Returns (fixes applied, new text, its lint result)."""
    outcome = _apply(edits, text, current, source, relint, fixing, done, result)
    if outcome is not None:
        return fixes, outcome[0], outcome[1]
    accepted = []
    found = current  # the findings the fixes came from
    kept: list = []  # own edits kept so far, in the offsets of the text the fixes were computed on
    for fix in fixes:
        mine = [e for e in fix.edits if edit_key(e) not in done and (e.path is not None or edit_key(e) not in kept)]
        # the fixes were computed on the round's text: after a kept fix, move their offsets
        # by exactly what it inserted or removed before them (they never overlap it)
        outcome = _apply([_moved(e, kept) for e in mine], text, current, source, relint, fixing, done, result)
        if outcome is None:
            dropped.add(_what(fix))
            fixing.dropped += 1
            fixing.dropped_where.append(_where(fix, found, result.path))
            continue
        accepted.append(fix)
        kept.extend(edit_key(e) for e in mine if e.path is None)
        text, current = outcome
    return accepted, text, current


def _moved(e, kept: list):
    """Edit `e` (own document) moved past the kept edits (edit keys) that end at or before it."""
    if e.path is not None or not kept:
        return e
    from speclint.record import replace

    delta = sum(len(text) - (end - start) for _path, start, end, text in kept
                if end <= e.start and not (start == end == e.start and e.start == e.end))
    return replace(e, start=e.start + delta, end=e.end + delta) if delta else e


def _where(fix, found, path: str) -> str:
    """`B023 at x.yml:3:5` for a dropped fix (its first edit in the linted file)."""
    own = [e for e in fix.edits if e.path is None] or list(fix.edits)
    first = min(own, key=lambda e: (e.line, e.column))
    code = next((d.code for d in found.diagnostics if d.fix is fix), None)
    return f"{code + ' at ' if code else ''}{first.path or path}:{first.line}:{first.column}"


def _apply(edits, text, current, source, relint, fixing, done, result):
    """(new text, new result) after `edits`, or None when the file got worse (nothing kept)."""
    own = [e for e in edits if e.path is None]
    other = [e for e in edits if e.path is not None and edit_key(e) not in done]
    # document offsets leave a byte-order mark out: shift by it while the text still has it
    # (a fix of an earlier round may have removed it)
    new_text = apply_edits(text, own, 1 if text.startswith("\ufeff") else 0) if own else text
    if own:
        relinted = relint(result, source.encode(new_text))
        if _worse(current, relinted):
            return None
    else:
        relinted = current
    for path in sorted({e.path for e in other}):
        entry = fixing.changed.get(path)
        if entry is None:
            script = script_source(path)
            if script is None:
                continue
            entry = fixing.changed[path] = [script, script.text]
        mine = [e for e in other if e.path == path]
        entry[1] = apply_edits(entry[1], mine)
        done.update(edit_key(e) for e in mine)
    return new_text, relinted


def fix_bytes(path: str, data: bytes, options, unsafe: bool = False) -> tuple:
    """(fixed bytes, Fixing, the fixed text's lint result) for one document in memory, as
    --fix would make it (edits of other files are in Fixing.changed, not written). For
    editors ("fix all") and tests; ShellCheck does not run."""
    from speclint.lint import lint_bytes
    from speclint.record import replace

    options = replace(_without_shellcheck(options), defer_shell=False)

    def relint(result, new: bytes):
        return lint_bytes(path, new, options, on_disk=False)

    first = relint(None, data)
    results, fixing = fix_results([first], relint, unsafe, stdin_name=path, stdin_data=data)
    entry = fixing.changed.get(path)
    return (entry[0].encode(entry[1]) if entry else data), fixing, results[0]


def _without_shellcheck(options):
    """`options` whose lint context turns the shell checks off (a copy: contexts are frozen)."""
    from speclint.record import replace

    return replace(options, context=replace(options.context, shell_checks=False))


# --- the run's end: write, diff, summary -------------------------------------------------------

def write(fixing: Fixing, stdin_name: Optional[str] = None) -> list:
    """Write every changed file (not standard input); return the problems, one line each.

    A file that could not be written is taken out of `changed` (it is reported as it is on
    disk), its fixes out of the count, and the problem goes into `failed`."""
    problems = []
    written: set = set()  # real paths: a file linted under two names (a link and its target) is written once
    for path, (source, text) in sorted(fixing.changed.items()):
        if stdin_name is not None and path == stdin_name and fixing.stdin_text is not None and not source.script:
            continue
        real = os.path.realpath(source.path)
        if real in written:
            continue
        written.add(real)
        try:
            write_atomic(source.path, source.encode(text), expected=source.data)
        except WriteError as exc:
            problems.append(str(exc))
            del fixing.changed[path]
            fixing.unwritten.add(path)
            fixing.fixed -= fixing.counts.pop(path, 0)
    fixing.failed.extend(problems)
    return problems


def diff(fixing: Fixing) -> bytes:
    from speclint.fix.diff import unified

    from speclint.fix.diff import shown_path

    parts, shown = [], set()
    for path, (source, text) in sorted(fixing.changed.items()):
        name = shown_path(path)
        if name not in shown:  # one file under two names (a link and its target): one diff
            shown.add(name)
            parts.append(unified(path, source.text, text))
    return "".join(parts).encode("utf-8", "surrogateescape")


def more_unsafe(results: list, unsafe: bool) -> int:
    """Findings that --unsafe-fixes would fix (0 when it is on)."""
    if unsafe:
        return 0
    return sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safety != "safe")


def summary(fixing: Fixing, remaining: int, unsafe_more: int, would: bool = False) -> str:
    """`Fixed 7 findings (3 remaining; 2 more fixable with --unsafe-fixes).`"""
    from speclint.words import plural

    verb = "Would fix" if would else "Fixed"
    parts = [] if would else [f"{remaining} remaining"]
    if unsafe_more:
        parts.append(f"{unsafe_more} more fixable with --unsafe-fixes")
    tail = f" ({'; '.join(parts)})" if parts else ""
    if not fixing.fixed:
        head = "No fixes available" if would else "Nothing fixed"
        return f"{head}{tail}."
    return f"{verb} {plural(fixing.fixed, 'finding')}{tail}."


def run_step(found: list, results: list, resolver, output, stdout) -> tuple:
    """The runner's fix step, between linting and ShellCheck.

    Returns (results, Fixing, exit code or None, the stream the report goes to). With
    --diff the run ends here (the code is 1 when there is something to fix)."""
    from speclint.lint import lint_bytes

    # by path, not by position: a run may drop or add results (a template covers the files it names)
    targets = {target.path: target for target in found if target.path != "-"}
    stdin_name = stdin_data = None
    if any(target.path == "-" for target in found):
        stdin_name = output.stdin_filename or "<stdin>"
        targets[stdin_name] = next(target for target in found if target.path == "-")
        stdin_data = next((r.stdin_data for r in results if r.path == stdin_name), None)

    def relint(result, data: bytes, shell: bool = False):
        """Lint `data` as `result`'s file again; without `shell`, ShellCheck does not run
        (the rounds look for fixes, which ShellCheck's findings never carry) and the
        suppressions are applied at once."""
        target = targets.get(result.path)
        kind = target.kind if target is not None else None
        stdin = result.path == stdin_name
        options = resolver.options_for((output.stdin_filename or "-") if stdin else result.path, kind, stdin=stdin)
        options.defer_shell = shell
        if not shell:
            options = _without_shellcheck(options)
        if stdin:
            return lint_bytes(result.path, data, options, on_disk=False)
        return lint_bytes(result.path, data, options, on_disk=True, fs_path=result.path)

    unsafe = bool(output.unsafe_fixes)
    linted = results
    results, fixing = fix_results(results, relint, unsafe, stdin_name, stdin_data)
    for note in fixing.notes:
        _say(note)
    if fixing.dropped_where:
        from speclint.words import plural

        count = len(fixing.dropped_where)
        _say(f"{plural(count, 'fix')} not applied: {'it' if count == 1 else 'they'} made the file worse "
             f"({', '.join(fixing.dropped_where)})")
    if output.fix == "diff":
        _write_out(diff(fixing), output, stdout)
        _say(summary(fixing, 0, more_unsafe(results, unsafe), would=True))
        return results, fixing, (1 if fixing.changed and not output.exit_zero else 0), stdout
    for problem in write(fixing, stdin_name):
        _say(problem)
    # a file that could not be written is reported as it is on disk
    results = [before if before.path in fixing.unwritten else after for before, after in zip(linted, results)]
    for result in results:  # a finding fixed in another file (a hook script) that was written is gone
        result.diagnostics = [d for d in result.diagnostics if d.fix is None or not _applied_elsewhere(d.fix, fixing)]
    results = _final(results, fixing, relint, resolver)
    if stdin_name is not None:  # the fixed text on standard output, as ruff does; the report on standard error
        text = fixing.stdin_text
        if text is None and stdin_data is not None:
            text = stdin_data.decode("utf-8", "surrogateescape")
        _write_out((text or "").encode("utf-8", "surrogateescape"), output, stdout, force_stdout=True)
        return results, fixing, None, sys.stderr
    return results, fixing, None, stdout


def _final(results: list, fixing: Fixing, relint: Callable, resolver) -> list:
    """The changed files linted once more as a check does (ShellCheck included), for the report."""
    from speclint.lint import finish_shell

    changed = [i for i, r in enumerate(results) if r.path in fixing.changed]
    if not changed:
        return results
    final = []
    for i in changed:
        source, text = fixing.changed[results[i].path]
        final.append(relint(results[i], source.encode(text), shell=True))
    final = finish_shell(final, lambda result: resolver.options_for(result.path))
    results = list(results)
    for i, result in zip(changed, final):
        results[i] = result
    return results


def _applied_elsewhere(fix, fixing: Fixing) -> bool:
    """Whether every edit of `fix` went into another file that was written."""
    return all(e.path is not None and edit_key(e) in fixing.done and e.path not in fixing.unwritten
               for e in fix.edits)


def finish(fixing: Fixing, results: list, minimum) -> bool:
    """The summary line on standard error, after the report; True when a fixed file could not
    be written (the run then exits 2, as for a report that could not be written)."""
    remaining = sum(1 for r in results for d in r.diagnostics if d.severity >= minimum)
    _say(summary(fixing, remaining, more_unsafe(results, fixing.unsafe)))
    return bool(fixing.failed)


def _say(text: str) -> None:
    from speclint.report.sanitize import visible

    if sys.stderr is not None:
        sys.stderr.write(visible(text) + "\n")
        sys.stderr.flush()


def _write_out(data: bytes, output, stdout, force_stdout: bool = False) -> None:
    """Bytes to -o FILE (the diff) or standard output, whatever their encoding."""
    from speclint.report import OutputError, failure

    if output.output_file and not force_stdout:
        try:
            with open(output.output_file, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(failure(output.output_file, exc, "the diff")) from None
        return
    if stdout is None:
        raise OutputError("standard output is closed; the diff was not written (use -o FILE)")
    stdout.flush()
    buffer = getattr(stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stdout.write(data.decode("utf-8", "surrogateescape"))
