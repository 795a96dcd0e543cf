"""`speclint lifecycle FILE`: read the file like the linter does, then draw its Timeline."""

from __future__ import annotations

import json
import os
import sys
from typing import Optional

from speclint.source import classify
from speclint.source.document import Document
from speclint.lint import Options, read
from speclint.source.loader import load
from speclint.source.nodes import MappingNode


def show(path: str, output_format: str, deployment: Optional[str], load_balancer: Optional[bool], kind: Optional[str],
         color: bool, stdout=None) -> int:
    from speclint import config
    from speclint.lifecycle import build

    stdout = stdout or sys.stdout
    from speclint.source.hosts.lint import embedded_document

    try:
        embedded = embedded_document(path)  # `template.yaml#BuildProject`: a buildspec inside a template
    except LookupError as exc:
        sys.stderr.write(f"speclint: {exc}\n")
        return 2
    if embedded is not None:
        data, problem, kind = embedded[0].text.encode("utf-8", "surrogatepass"), None, "buildspec"
    else:
        data, problem = read(path, Options())
    if data is None:
        sys.stderr.write(f"speclint: {problem.message}\n")
        return 2
    loaded = load(data)
    found = classify.classify(path, loaded.root, kind)
    if not isinstance(loaded.root, MappingNode) or found.kind is None:
        sys.stderr.write(f"speclint: {path} is not a readable buildspec or appspec; run `speclint {path}` to see why\n")
        return 1
    try:
        cfg = config.for_file(path.rpartition("#")[0] if embedded is not None else path)
    except config.ConfigError as exc:
        sys.stderr.write(f"speclint: {exc}\n")
        return 2
    doc = Document(path=path, text=loaded.text, root=loaded.root, kind=found.kind, variant=found.variant,
                   fs_path=os.path.abspath(path))
    if deployment is None:
        deployment = cfg.get("deployment")
    if load_balancer is None:
        load_balancer = cfg.get("load-balancer")
    timeline = build(doc, deployment=deployment, load_balancer=load_balancer)
    if embedded is not None:  # lines of the template, not of the buildspec text
        _lines_in_host(timeline, embedded[1], embedded[2])
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


def _lines_in_host(timeline, host_line, written) -> None:
    for lane in timeline.lanes:
        for step in lane.steps:
            for hook in step.hooks:
                hook.line, hook.text = host_line(hook.line), written(hook.text)
    timeline.never_run = [(name, host_line(line), why) for name, line, why in timeline.never_run]
