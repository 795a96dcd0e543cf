"""`speclint lifecycle FILE`: open the file through the linter's front end (source.open_source), then draw its Timeline."""

from __future__ import annotations

import json
import os
import sys
from typing import Optional

from speclint.record import replace
from speclint.source import STDIN, open_source


def show(path: str, output_format: str, deployment: Optional[str], load_balancer: Optional[bool], kind: Optional[str],
         color: bool, stdout=None, stdin_filename: Optional[str] = None) -> int:
    """Draw the Timeline of `path` (a file, `template.yaml#Resource`, or `-`: standard input,
    named `stdin_filename` for its kind and configuration, as check reads it)."""
    from speclint import config
    from speclint.lifecycle import build

    stdout = stdout or sys.stdout
    file, name = path, None
    if "#" in path and not os.path.exists(path):  # `template.yaml#BuildProject`: a buildspec inside a template
        file, _, name = path.rpartition("#")
    stdin = file == STDIN
    source = open_source(file, shown=(stdin_filename or "<stdin>") if stdin else None, kind=kind)
    if source.problem is not None:
        sys.stderr.write(f"speclint: {source.problem.message}\n")
        return 2
    doc = source.documents[0] if source.documents else None
    if name is not None:
        doc = next((d for d in source.documents if d.name == name), None)
        if doc is None:
            names = ", ".join(d.name for d in source.documents if d.name) or "none"
            sys.stderr.write(f"speclint: {file} has no inline buildspec named {name} (inline buildspecs: {names})\n")
            return 2
    if doc is None or doc.mapping is None or doc.kind is None:
        sys.stderr.write(f"speclint: {path} is not a readable buildspec or appspec; run `speclint {path}` to see why\n")
        return 1
    try:
        cfg = config.for_file(os.path.join(os.getcwd(), stdin_filename or "-") if stdin else file)
    except config.ConfigError as exc:
        sys.stderr.write(f"speclint: {exc}\n")
        return 2
    doc = replace(doc, fs_path=None if stdin else os.path.abspath(file))
    if deployment is None:
        deployment = cfg.get("deployment")
    if load_balancer is None:
        load_balancer = cfg.get("load-balancer")
    timeline = build(doc, deployment=deployment, load_balancer=load_balancer)
    if not doc.position_map.identity:  # lines of the template, placeholders as it writes them
        _in_host(timeline, doc, source)
    if output_format == "json":
        json.dump(timeline.to_dict(), stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
    elif output_format == "mermaid":
        from speclint.lifecycle.mermaid import render

        stdout.write(render(timeline))
    else:
        from rich.console import Console

        from speclint.lifecycle.text import render

        console = Console(file=stdout, force_terminal=color, no_color=not color, highlight=False,
                          width=None if color else 120)
        render(timeline, console)
    stdout.flush()
    return 0


def _in_host(timeline, doc, source) -> None:
    from speclint.source.hosts.lint import as_written
    from speclint.source.positions import LineIndex

    inner = LineIndex(doc.text)
    written = as_written(doc.text, doc.state.get("placeholders") or (), doc.position_map, source.text)

    def host_line(line: int) -> int:
        return source.line_index.position(doc.position_map.to_host(inner.offset(line, 1)))[0]

    timeline.path = f"{timeline.path}#{doc.name}"
    for lane in timeline.lanes:
        for step in lane.steps:
            for hook in step.hooks:
                hook.line, hook.text = host_line(hook.line), written(hook.text)
    timeline.never_run = [(name, host_line(line), why) for name, line, why in timeline.never_run]
