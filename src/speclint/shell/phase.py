"""Finish files that wait for ShellCheck: run all their jobs at once, map, filter, suppress.

Each finding passes the curated default set and gets its speclint severity here
(shell/defaults.py): what is not on by default is dropped unless a selector names it.
"""

from __future__ import annotations

import sys
from typing import Callable

_NOTED = []  # the "ShellCheck is not installed" note is said once per process


def finish(results: list, options_for: Callable) -> list:
    if any(r.shell_missing for r in results) and not _NOTED:
        _NOTED.append(True)
        sys.stderr.write("speclint: shell checks are off: ShellCheck is not installed "
                         "(`pip install 'speclint[shell]'` turns them on; `--ignore shellcheck` hides this note)\n")
    waiting = [i for i, r in enumerate(results) if r.shell_jobs]
    if not waiting:
        return results
    from speclint import suppress
    from speclint.diagnostics import Diagnostic
    from speclint.document import Document
    from speclint.lint import _filter, apply_suppressions
    from speclint.record import replace
    from speclint.shell import check, defaults

    jobs = [(i, job) for i in waiting for job in results[i].shell_jobs]
    comments, problems = check.run([job for _, job in jobs])
    for problem in problems:
        sys.stderr.write(f"speclint: {problem}\n")
    found: dict = {}
    off: dict = {}  # per result: the code prefixes that are off by default in its own jobs
    for (i, job), job_comments in zip(jobs, comments):
        if job.path == results[i].path:
            off.setdefault(i, set()).update(job.off)
        options = options_for(results[i])
        diags = []
        for comment in defaults.one_parse_error_per_line(job_comments):
            code, level = f"SC{comment.get('code')}", comment.get("level")
            if defaults.literal_in_echo(code, job.script, comment.get("line") or 0, comment.get("column") or 0):
                continue
            if defaults.reported(code, level, job.off, options):
                severity = defaults.severity(code, level, job.demote)
                diags.extend(d.with_severity(severity) for d in check.to_diagnostics(job, [comment]))
        diags = check.one_per_bash_test(diags)
        if job.path != results[i].path:  # a hook script: its own `# speclint:` comments apply
            diags = suppress.drop_suppressed(job.script.split("\n"), diags)
        found.setdefault(i, []).extend(diags)
    out = list(results)
    for i in waiting:
        result = results[i]
        options = options_for(result)
        merged = result.diagnostics + _filter(found.get(i, []), options)
        if not options.no_ignores:
            doc = Document(path=result.path, text=result.text, root=None, kind=result.kind, variant=result.variant)
            doc.directives = suppress.parse(doc.lines)
            doc.settings["shell_ran"] = True
            doc.settings["shell_off"] = tuple(off.get(i, ()))
            merged = apply_suppressions(doc, merged, options)
        out[i] = replace(result, diagnostics=sorted(merged, key=Diagnostic.sort_key), shell_jobs=[])
    return out
