"""Run the ShellCheck jobs of every document that waits for them at once, and map the output.

Each finding passes the curated default set and gets its speclint severity here
(shell/defaults.py): what is not on by default is dropped unless a selector names it. The
selection, suppression and cap are the linter's own stages (lint.complete), run after this.
"""

from __future__ import annotations

from typing import Callable, Optional

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


def run(parts: list, options: list, on_progress: Optional[Callable] = None) -> list:
    """ShellCheck's findings for documents waiting for it (lint.Part: `.path`, `.shell_jobs`),
    all their jobs in one run: for each part, in order, (findings, the code prefixes off by
    default in its own jobs). `options[k]` is part k's lint.Options. The selection of codes
    (lint._filter), the suppressions and the cap are the linter's stages, applied after."""
    from speclint import suppress
    from speclint.shell import check, defaults

    jobs = [(i, job) for i, part in enumerate(parts) for job in part.shell_jobs]
    if not jobs:
        return [([], ()) for _ in parts]
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
    found: list = [[] for _ in parts]
    off: list = [set() for _ in parts]  # per part: the code prefixes that are off by default in its own jobs
    for (i, job), job_comments, failure in zip(jobs, comments, failures):
        if job.path == parts[i].path:
            off[i].update(job.off)
        diags = check.to_diagnostics(job, [], failure)
        for comment in defaults.one_parse_error_per_line(job_comments):
            code, level = f"SC{comment.get('code')}", comment.get("level")
            if defaults.literal_in_echo(code, job.script, comment.get("line") or 0, comment.get("column") or 0):
                continue
            if defaults.reported(code, level, job.off, options[i]):
                severity = defaults.severity(code, level, job.demote, job.certain)
                diags.extend(d.with_severity(severity) for d in check.to_diagnostics(job, [comment]))
        diags = check.one_per_bash_test(diags)
        if job.path != parts[i].path:  # a hook script: its own `# speclint:` comments apply
            diags = suppress.drop_suppressed(job.script.split("\n"), diags)
        found[i].extend(diags)
    return [(found[i], tuple(off[i])) for i in range(len(parts))]
