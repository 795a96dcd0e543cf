"""`speclint lifecycle` in the terminal: a table per lane, colour only on a terminal.

Everything from the file (commands, hook locations, task names, the path) is rich Text,
never markup, and made visible by report.sanitize: `echo '[info] x'` shows as written,
`[link=...]` is no hyperlink, and no control character reaches the terminal.
"""

from __future__ import annotations

from speclint.lifecycle import Timeline
from speclint.report.sanitize import path as safe_path
from speclint.report.sanitize import visible


def render(timeline: Timeline, console) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"{safe_path(timeline.path)}: {visible(timeline.setup)}", style="bold"), soft_wrap=True)
    for lane in timeline.lanes:
        table = Table(title=Text(visible(lane.title)) if len(timeline.lanes) > 1 else None, show_lines=False, expand=False)
        table.add_column("#", justify="right", style="dim")
        table.add_column("step")
        table.add_column("your hooks" if timeline.kind == "appspec" else "your commands")
        table.add_column("notes", style="dim")
        for i, step in enumerate(lane.steps, 1):
            if not step.runs:
                name = Text(f"{visible(step.name)}\n(skipped)", style="dim strike")
            elif step.scriptable:
                name = Text(f"{visible(step.name)}\nscriptable", style="green")
            else:
                name = Text(f"{visible(step.name)}\nnot scriptable", style="red")
            hooks = "\n".join(visible(f"L{h.line}: {h.text}" + (f" ({', '.join(h.details)})" if h.details else ""))
                              for h in step.hooks)
            notes = list(step.notes)
            if step.on_failure:
                notes.append(step.on_failure)
            table.add_row(str(i), name, Text(hooks or ("—" if step.scriptable else "")),
                          Text("\n".join(visible(n) for n in notes)))
        console.print(table)
    if timeline.graph:
        graph = timeline.graph
        console.print(Text(visible(f"batch ({graph['type']}):"), style="bold"))
        for node in graph["nodes"]:
            deps = [a for a, b in graph["edges"] if b == node]
            console.print(Text(visible(f"  {node}" + (f"  ← after {', '.join(deps)}" if deps else ""))))
    for note in timeline.notes:
        console.print(Text(f"note: {visible(note)}", style="dim"), soft_wrap=True)
    for name, line, why in timeline.never_run:
        console.print(Text(visible(f"never runs: {name} (line {line}): {why}"), style="bold red"), soft_wrap=True)
