"""Finish files that wait for ShellCheck: run all their jobs at once, map, filter, suppress."""

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
    from speclint.shell import check

    jobs = [(i, job) for i in waiting for job in results[i].shell_jobs]
    comments, failures = check.run([job for _, job in jobs])
    found: dict = {}
    for (i, job), job_comments, failure in zip(jobs, comments, failures):
        diags = check.to_diagnostics(job, job_comments, failure)
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
            merged = apply_suppressions(doc, merged, options)
        out[i] = replace(result, diagnostics=sorted(merged, key=Diagnostic.sort_key), shell_jobs=[])
    return out
