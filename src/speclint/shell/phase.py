"""Finish files that wait for ShellCheck: run all their jobs at once, map, filter, suppress.

Each finding passes the curated default set and gets its speclint severity here
(shell/defaults.py): what is not on by default is dropped unless a selector names it.
"""

from __future__ import annotations

import sys
from typing import Callable, Optional

_NOTED = []  # the "ShellCheck is not installed" note is said once per process


MAX_RECHECKS = 50  # syntax errors re-checked per run; the rest of a file past that is not checked


def _command_of(job, line: int):
    entry = job.lines[line - 1] if 1 <= line <= len(job.lines) else None
    return None if entry is None or entry[0] < 0 else entry[0]


def after_parse_error(job, comments: list):
    """(comments to keep, job of the commands after the broken one) when ShellCheck stopped
    at a syntax error in a buildspec (an error-level SC1xxx, SC1072/SC1073, or the SC1009
    that marks where the broken construct starts), else None. The broken command is the
    earliest one any of them names: an unclosed quote or `if` is reported where it starts
    and again at the end of the script, and only the first is its cause. Comments in later
    commands are dropped (they come from reading them as part of the broken construct); the
    new job checks those commands on their own, with the same header and exact positions."""
    from speclint.record import replace

    stops = [c.get("line") or 0 for c in comments
             if c.get("code") in (1009, 1072, 1073) or (c.get("level") == "error" and 1000 <= (c.get("code") or 0) < 2000)]
    broken = [k for k in (_command_of(job, line) for line in stops) if k is not None]
    if not broken:
        return None
    first = min(broken)
    keep = [n for n, e in enumerate(job.lines) if e is None or e[0] > first]
    if all(job.lines[n] is None for n in keep):
        after = None
    else:
        text = job.script.split("\n")
        after = replace(job, script="\n".join(text[n] for n in keep) + "\n", lines=[job.lines[n] for n in keep])
    kept = [c for c in comments if (_command_of(job, c.get("line") or 0) or 0) <= first]
    return kept, after


def finish(results: list, options_for: Callable, on_progress: Optional[Callable] = None) -> list:
    if any(r.shell_missing for r in results) and not _NOTED:
        _NOTED.append(True)
        sys.stderr.write("speclint: shell checks are off: ShellCheck is not installed "
                         "(`pip install 'speclint[shell]'` turns them on; `--ignore shellcheck` hides this note)\n")
    waiting = [i for i, r in enumerate(results) if r.shell_jobs]
    if not waiting:
        return results
    from speclint import suppress
    from speclint.diagnostics import Diagnostic
    from speclint.source.document import Document
    from speclint.lint import _filter, apply_suppressions
    from speclint.record import replace
    from speclint.shell import check, defaults

    jobs = [(i, job) for i in waiting for job in results[i].shell_jobs]
    comments, failures = check.run([job for _, job in jobs], on_progress)
    # ShellCheck stops at a syntax error: the commands after it are checked again on their own.
    todo = list(range(len(jobs)))
    for _round in range(MAX_RECHECKS):
        again = []
        for k in todo:
            split = after_parse_error(jobs[k][1], comments[k])
            if split is not None:
                comments[k] = split[0]
                if split[1] is not None:
                    again.append((jobs[k][0], split[1]))
        if not again:
            break
        more, more_failures = check.run([job for _, job in again], on_progress)
        todo = list(range(len(jobs), len(jobs) + len(again)))
        jobs += again
        comments += more
        failures += more_failures
    found: dict = {}
    off: dict = {}  # per result: the code prefixes that are off by default in its own jobs
    for (i, job), job_comments, failure in zip(jobs, comments, failures):
        if job.path == results[i].path:
            off.setdefault(i, set()).update(job.off)
        options = options_for(results[i])
        diags = check.to_diagnostics(job, [], failure)
        for comment in defaults.one_parse_error_per_line(job_comments):
            code, level = f"SC{comment.get('code')}", comment.get("level")
            if defaults.literal_in_echo(code, job.script, comment.get("line") or 0, comment.get("column") or 0):
                continue
            if defaults.reported(code, level, job.off, options):
                severity = defaults.severity(code, level, job.demote, job.certain)
                diags.extend(d.with_severity(severity) for d in check.to_diagnostics(job, [comment]))
        diags = check.one_per_bash_test(diags)
        if job.path != results[i].path:  # a hook script: its own `# speclint:` comments apply
            diags = suppress.drop_suppressed(job.script.split("\n"), diags)
        found.setdefault(i, []).extend(diags)
    out = list(results)
    for i in waiting:
        result = results[i]
        options = options_for(result)
        # A command checked again after a syntax error can be reported twice: one finding each.
        unique = list({(d.path, d.span, d.code, d.message): d for d in found.get(i, [])}.values())
        merged = result.diagnostics + _filter(unique, options)
        if not options.no_ignores:
            doc = Document(path=result.path, text=result.text, root=None, kind=result.kind, variant=result.variant)
            doc.directives = suppress.parse(doc.lines)
            doc.state["shell_ran"] = True
            doc.state["shell_off"] = tuple(off.get(i, ()))
            merged = apply_suppressions(doc, merged, options)
        out[i] = replace(result, diagnostics=sorted(merged, key=Diagnostic.sort_key), shell_jobs=[])
    return out
