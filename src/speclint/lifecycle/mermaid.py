"""`speclint lifecycle --format mermaid`: a flowchart that renders on GitHub and in Markdown viewers.

Steps that cannot be scripted are outlined red, hook points green (as in the study notes'
diagrams), steps that do not run in the chosen set-up dashed grey; the user's hooks hang
off their step as notes.
"""

from __future__ import annotations

from speclint.lifecycle import Timeline

CLASSES = (
    "  classDef fixed stroke:#d00,stroke-width:2px",
    "  classDef hook stroke:#0a0,stroke-width:2px",
    "  classDef skipped stroke:#999,stroke-dasharray:5 5,color:#999",
    "  classDef user fill:#eef,stroke:#55a",
    "  classDef never fill:#fee,stroke:#d00,stroke-dasharray:3 3",
)


def label(text: str) -> str:
    """Text safe inside a quoted Mermaid label: line breaks become spaces, every other
    control character (ESC, CSI, OSC 8, C1, CR, bidi overrides) a visible escape (the
    reports' one sanitizer, report.sanitize.visible), then Mermaid's own entity codes for
    `#`, `&`, `"`, `<` and `>` (a `#...;` of the user's is not read as an entity)."""
    from speclint.report.sanitize import visible

    text = visible(text.replace("\r\n", " ").replace("\n", " "))
    return (text.replace("#", "#35;").replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;"))


def render(timeline: Timeline) -> str:
    out = ["flowchart TD"]
    previous = None
    for li, lane in enumerate(timeline.lanes):
        nested = len(timeline.lanes) > 1
        if nested:
            out.append(f'  subgraph lane{li}["{label(lane.title)}"]')
        for si, step in enumerate(lane.steps):
            node = f"s{li}_{si}"
            text = step.name + ("" if step.runs else " (skipped)") + (" ↺ previous revision" if step.previous_revision else "")
            css = "skipped" if not step.runs else ("hook" if step.scriptable else "fixed")
            out.append(f'  {node}["{label(text)}"]:::{css}')
            if previous:
                out.append(f"  {previous} --> {node}")
            previous = node
            for hi, hook in enumerate(step.hooks):
                hook_id = f"{node}_h{hi}"
                detail = f" ({', '.join(hook.details)})" if hook.details else ""
                out.append(f'  {hook_id}["{label(hook.text + detail)}"]:::user')
                out.append(f"  {node} -.- {hook_id}")
        if nested:
            out.append("  end")
    for ni, (name, line, why) in enumerate(timeline.never_run):
        out.append(f'  never{ni}["{label(f"{name} (line {line}) never runs: {why}")}"]:::never')
    if timeline.graph and timeline.graph["edges"] is not None:
        out.append(f'  subgraph batch["batch: {label(timeline.graph["type"])}"]')
        ids = {name: f"b{i}" for i, name in enumerate(timeline.graph["nodes"])}
        for name, ident in ids.items():
            out.append(f'    {ident}["{label(name)}"]')
        for a, b in timeline.graph["edges"]:
            if a in ids and b in ids:
                out.append(f"    {ids[a]} --> {ids[b]}")
        out.append("  end")
    out.extend(CLASSES)
    return "\n".join(out) + "\n"
