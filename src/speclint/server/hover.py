"""Hover: what the thing under the cursor is.

Shapes: `hover(path, text, found, line, column, context)` -> Markdown text or None, with
1-based code-point (line, column); `context` is the file's LintContext. In order of precedence:

- on a finding (`found`, the buffer's Diagnostics): its code, rule name and summary, the
  message, the fix hint and the rule's docs link (ShellCheck codes: the wiki summary and page);
- on a hook name (appspec) or a phase name (buildspec): where it runs in the lifecycle, as
  `speclint lifecycle` draws it for the configured set-up (`deployment`, `load-balancer`);
- on a key: the schema's title and description for that place.
"""

from __future__ import annotations

from typing import Optional

from speclint.source.nodes import MappingNode, Node, SequenceNode, key_text


def _inside(node: Node, line: int, column: int, inclusive_end: bool = False) -> bool:
    start = (node.start_line, node.start_column)
    end = (node.end_line, node.end_column)
    here = (line, column)
    return start <= here < end or (inclusive_end and here == end)


def locate(root: Optional[Node], line: int, column: int) -> tuple:
    """(path, node, is_key) of the innermost key or value at (line, column); ((), None, False) if none.
    Iterative (no recursion limit on deep documents)."""
    node, path = root, ()
    found: tuple = ((), None, False)
    for _ in range(10_000):
        if isinstance(node, MappingNode):
            for key, value in node.entries():
                if _inside(key, line, column, inclusive_end=True):
                    return path + (key_text(key),), key, True
                if value is not None and _inside(value, line, column):
                    node, path = value, path + (key_text(key),)
                    found = (path, value, False)
                    break
            else:
                return found
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.items):
                if _inside(item, line, column):
                    node, path = item, path + (i,)
                    found = (path, item, False)
                    break
            else:
                return found
        else:
            return found
    return found


def _finding_text(d) -> str:
    from speclint import data

    if d.code.startswith("SC"):
        summary = data.load("shellcheck_wiki.json").get(d.code, {})
        summary = summary.get("summary", "") if isinstance(summary, dict) else str(summary)
        head = f"**{d.code}** (ShellCheck) {summary}".rstrip()
    else:
        from speclint.rules import registry

        rule = registry().get(d.code)
        summary = getattr(rule, "summary", "") if rule else ""
        head = f"**{d.code}** `{d.name}`: {summary}".rstrip(": ")
    parts = [head, d.message]
    if d.hint:
        parts.append(f"help: {d.hint}")
    parts.append(f"[{d.code} documentation]({d.docs_url})")
    return "\n\n".join(parts)


def _lifecycle_text(doc, name: str, context) -> Optional[str]:
    from speclint import lifecycle

    configured = dict(getattr(context, "options", ()) or ())
    try:
        timeline = lifecycle.build(doc, configured.get("deployment"), configured.get("load-balancer"))
    except Exception:  # noqa: BLE001 - a half-typed file
        return None
    for lane in timeline.lanes:
        steps = lane.steps
        for number, step in enumerate(steps, 1):
            if step.name.lower() != name.lower():
                continue
            before = steps[number - 2].name if number > 1 else "the start"
            after = steps[number].name if number < len(steps) else "the end"
            lines = [f"**{step.name}**: step {number} of {len(steps)} of the {lane.title} ({timeline.setup}); "
                     f"after {before}, before {after}."]
            if not step.scriptable:
                lines.append("This event cannot be scripted.")
            if not step.runs:
                lines.append("It does not run in this set-up.")
            if step.previous_revision:
                lines.append("Its scripts come from the previous successful revision, not this one.")
            lines.extend(step.notes)
            if step.on_failure:
                lines.append(step.on_failure)
            return "\n\n".join(lines)
    for hook, _, why in timeline.never_run:
        if hook == name:
            return f"**{name}** never runs: {why}"
    return None


def hover(path: str, text: str, found: list, line: int, column: int, context=None) -> Optional[str]:
    here = (line, column)
    for d in found:
        span = d.span
        if (span.line, span.column) <= here <= (span.end_line, span.end_column):
            return _finding_text(d)
    from speclint.server.session import document

    doc = document(path, text, context)
    if doc is None or doc.kind is None:
        return None
    where, node, is_key = locate(doc.root, line, column)
    if not where or not is_key:
        return None
    name = where[-1]
    hook_place = (doc.kind == "appspec" and len(where) >= 2 and str(where[0]).lower() == "hooks") or \
                 (doc.kind == "buildspec" and len(where) == 2 and where[0] == "phases")
    if hook_place and isinstance(name, str):
        text_ = _lifecycle_text(doc, name, context)
        if text_:
            return text_
    from speclint.schema import schema_name
    from speclint.server.schema_at import subschema

    schema = schema_name(doc)
    if schema is None:
        return None
    sub = subschema(schema, where)
    title, description = sub.get("title"), sub.get("description")
    if not (title or description):
        return None
    return "\n\n".join(p for p in (f"**{title}**" if title else None, description) if p)
