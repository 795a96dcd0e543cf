"""When things run: the lifecycle of an appspec or buildspec, with the user's own hooks placed on it.

`build(doc, deployment=, load_balancer=)` returns a Timeline: ordered lanes of steps, each
marked scriptable or not, with the user's hooks or commands, notes, and whether it runs
at all in the chosen set-up. The order and markings come from data/lifecycle.json
(CodeDeploy agent command_poller.rb and hook_executor.rb, the CodeDeploy and CodeBuild user guides); renderers (text, mermaid, json) only draw a Timeline.
"""

from __future__ import annotations

from typing import Optional

from speclint.data import load as load_data
from speclint.source.document import Document
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.record import asdict, field, record
from speclint.rules.helpers import ec2_hooks, phases, service_hooks, text_of
from speclint.words import plural

IN_PLACE, BLUE_GREEN = "in-place", "blue-green"


@record
class Hook:
    """One thing the user wrote for a step: a script, a Lambda function or a command."""

    text: str
    line: int
    details: list = field(default_factory=list)  # "timeout 300", "runas root", ...


@record
class Step:
    name: str
    scriptable: bool
    runs: bool = True
    hooks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    previous_revision: bool = False
    on_failure: Optional[str] = None  # buildspec: where a failure goes


@record
class Lane:
    title: str
    steps: list = field(default_factory=list)


@record
class Timeline:
    path: str
    kind: str
    variant: Optional[str]
    setup: str
    lanes: list = field(default_factory=list)
    never_run: list = field(default_factory=list)  # (hook name, line, why)
    notes: list = field(default_factory=list)
    graph: Optional[dict] = None  # batch builds: {"type", "nodes": [...], "edges": [[a, b], ...]}

    def to_dict(self) -> dict:
        data = asdict(self)
        data["never_run"] = [{"hook": name, "line": line, "why": why} for name, line, why in self.never_run]
        return data


def build(doc: Document, deployment: Optional[str] = None, load_balancer: Optional[bool] = None) -> Timeline:
    if doc.kind == "buildspec":
        return _buildspec(doc)
    if doc.variant == "ec2":
        return _ec2(doc, deployment or IN_PLACE, True if load_balancer is None else load_balancer)
    return _service(doc)


# -- CodeDeploy ----------------------------------------------------------------------------

def _ec2_user_hooks(doc: Document) -> dict:
    """event -> [Hook] from an EC2 appspec's hooks mapping."""
    out: dict = {}
    for event, key, value in ec2_hooks(doc):
        hooks = out.setdefault(event, [])
        if not isinstance(value, SequenceNode):
            continue
        for item in value.items:
            if not isinstance(item, MappingNode):
                continue
            location = text_of(item.get("location")) or "(no location)"
            details = []
            for name, label in (("timeout", "timeout {}s"), ("runas", "runas {}"), ("sudo", "sudo {}")):
                node = item.get(name)
                if isinstance(node, ScalarNode) and node.value is not None:
                    details.append(label.format(node.text))
            hooks.append(Hook(location, item.span.line, details))
        if not hooks:
            hooks.append(Hook("(empty: ignored by the agent)", key.span.line))
    return out


def _ec2(doc: Document, deployment: str, load_balancer: bool) -> Timeline:
    data = load_data("lifecycle.json")["codedeploy"]["ec2"]
    user = _ec2_user_hooks(doc)
    lb_only = set(data["traffic_events"])
    previous = set(data["previous_revision"])
    scriptable = set(data["hooks"])
    notes = data.get("notes", {})
    if deployment == BLUE_GREEN:
        setup = "EC2/On-Premises blue/green deployment (always behind a load balancer)"
        lanes = [Lane("replacement instances", list(data["blue_green"]["replacement"])),
                 Lane("original instances", list(data["blue_green"]["original"]))]
        load_balancer = True
    else:
        setup = f"EC2/On-Premises in-place deployment, {'with' if load_balancer else 'without'} a load balancer"
        lanes = [Lane("each instance", list(data["order"]))]
    timeline = Timeline(doc.path, "appspec", "ec2", setup)
    for lane in lanes:
        steps = []
        for name in lane.steps:
            step = Step(name, scriptable=name in scriptable, previous_revision=name in previous)
            if name in data["not_scriptable"]:
                step.notes.append(data["not_scriptable"][name]["when"])
            if name in notes:
                step.notes.append(notes[name])
            if name in lb_only and not load_balancer:
                step.runs = False
                step.notes.append("skipped: the deployment group has no load balancer")
            if step.previous_revision:
                step.notes.append("runs the scripts of the last successful revision, not this one")
            step.hooks = user.get(name, [])
            steps.append(step)
        lane.steps = steps
    timeline.lanes = lanes
    known = {s.name: s for lane in lanes for s in lane.steps}
    for event, hooks in user.items():
        step = known.get(event)
        line = hooks[0].line if hooks else 1
        if step is None:
            timeline.never_run.append((event, line, "not a lifecycle event: the agent never runs it"))
        elif not step.scriptable:
            timeline.never_run.append((event, line, f"{event} cannot be scripted: {data['not_scriptable'][event]['instead']} instead"))
        elif not step.runs:
            timeline.never_run.append((event, line, "a traffic event: it runs only when the deployment group has a load balancer"))
    return timeline


def _service(doc: Document) -> Timeline:
    variant = doc.variant or "lambda"
    data = load_data("lifecycle.json")["codedeploy"][variant]
    user: dict = {}
    for _, event, key, value in service_hooks(doc):
        user.setdefault(event, []).append(Hook(text_of(value) or "(no function)", key.span.line, ["Lambda function"]))
    setup = {"lambda": "AWS Lambda deployment", "ecs": "Amazon ECS blue/green deployment"}[variant]
    timeline = Timeline(doc.path, "appspec", variant, setup)
    lane = Lane("deployment")
    by_lower = {h.lower(): h for h in data["hooks"]}
    placed = set()
    for name in data["order"]:
        step = Step(name, scriptable=name in data["hooks"])
        if name in data["not_scriptable"]:
            step.notes.append(data["not_scriptable"][name]["when"])
        if name in data.get("notes", {}):
            step.notes.append(data["notes"][name])
        for event, hooks in user.items():
            if by_lower.get(event.lower()) == name:  # service appspecs match hook names case-insensitively
                step.hooks.extend(hooks)
                placed.add(event)
        lane.steps.append(step)
    timeline.lanes = [lane]
    timeline.notes.append(load_data("lifecycle.json")["codedeploy"]["service_hook_limit"])
    for event, hooks in user.items():
        if event not in placed:
            why = (f"{event} cannot be scripted" if event in data["not_scriptable"]
                   else f"not a {variant} lifecycle hook (hooks: {', '.join(data['hooks'])})")
            timeline.never_run.append((event, hooks[0].line, why))
    return timeline


# -- CodeBuild -----------------------------------------------------------------------------

def _commands(node) -> list:
    out = []
    if isinstance(node, SequenceNode):
        for item in node.items:
            if isinstance(item, ScalarNode):
                first = str(item.value if item.value is not None else "").strip().splitlines() or [""]
                more = " …" if len(first) > 1 else ""
                out.append(Hook(first[0] + more, item.span.line))
            else:
                out.append(Hook("(not a string: see B001)", item.span.line))
    return out


def _buildspec(doc: Document) -> Timeline:
    data = load_data("lifecycle.json")["codebuild"]
    version = str(doc.version) if doc.version is not None else "0.2"
    timeline = Timeline(doc.path, "buildspec", None, f"CodeBuild build (buildspec version {version})")
    user = {name: phase for name, _, phase in phases(doc)}
    root_run_as = text_of(doc.mapping.get("run-as")) if doc.mapping else None
    lane = Lane("build")
    for upper in data["order"]:
        name = upper.lower()
        step = Step(upper, scriptable=name in data["scriptable"])
        info = data["not_scriptable"].get(name)
        if info:
            step.notes.append(info["when"])
        phase = user.get(name)
        if isinstance(phase, MappingNode):
            step.hooks = _commands(phase.get("commands"))
            for item in _commands(phase.get("finally")):
                item.details.append("finally: runs even when a command failed")
                step.hooks.append(item)
            run_as = text_of(phase.get("run-as")) or root_run_as
            if run_as:
                step.notes.append(f"run-as {run_as}")
            if name == "install" and phase.get("runtime-versions") is not None:
                runtimes = phase.get("runtime-versions")
                if isinstance(runtimes, MappingNode):
                    pairs = ", ".join(f"{text_of(k)} {text_of(v) or ''}".strip() for k, v in runtimes.entries())
                    step.notes.append(f"runtime-versions: {pairs}")
            custom = text_of(phase.get("on-failure"))
            if custom:
                word = custom.upper().split("-")[0]
                step.on_failure = f"on-failure {custom}: {data['on_failure_values'].get(word, 'retry the build')}"
        elif name in user:
            step.notes.append("declared but empty")
        if step.scriptable and not step.on_failure:
            rule = data["on_failure"][name]
            step.on_failure = f"on failure → {rule['to']} ({rule['basis']})"
        if name == "post_build":
            step.notes.append("runs even when BUILD failed; CODEBUILD_BUILD_SUCCEEDING is 0 then")
        if name == "upload_artifacts":
            step.notes.append("always attempted, even if BUILD fails")
        lane.steps.append(step)
    timeline.lanes = [lane]
    if version == "0.1":
        timeline.notes.append("version 0.1: each command runs in its own shell; cd and export do not carry over")
    else:
        timeline.notes.append("version 0.2: all commands of the build run in one shell, in this order")
    for name in user:
        if name not in data["scriptable"]:
            timeline.never_run.append((name, user[name].span.line if user[name] is not None else 1,
                                       f"not a build phase: CodeBuild rejects it ({', '.join(data['scriptable'])})"))
    timeline.graph = _batch_graph(doc)
    return timeline


def _batch_graph(doc: Document) -> Optional[dict]:
    batch = doc.mapping.get("batch") if doc.mapping else None
    if not isinstance(batch, MappingNode):
        return None
    for kind in ("build-graph", "build-list", "build-fanout", "build-matrix"):
        node = batch.get(kind)
        if node is None:
            continue
        graph: dict = {"type": kind, "nodes": [], "edges": []}
        if isinstance(node, SequenceNode):
            for item in node.items:
                if not isinstance(item, MappingNode):
                    continue
                ident = text_of(item.get("identifier")) or f"task{len(graph['nodes']) + 1}"
                graph["nodes"].append(ident)
                depends = item.get("depend-on")
                if isinstance(depends, SequenceNode):
                    for dep in depends.items:
                        if text_of(dep):
                            graph["edges"].append([text_of(dep), ident])
        elif isinstance(node, MappingNode):  # build-matrix / build-fanout: combinations
            dynamic = node.get("dynamic")
            count = 1
            dims = []
            if isinstance(dynamic, MappingNode):
                for key, value in dynamic.entries():
                    if isinstance(value, SequenceNode):
                        count *= max(1, len(value.items))
                        dims.append(f"{text_of(key) or key.span.line}×{len(value.items)}")
                    elif isinstance(value, MappingNode):
                        for k2, v2 in value.entries():
                            if isinstance(v2, SequenceNode):
                                count *= max(1, len(v2.items))
                                dims.append(f"{text_of(k2)}×{len(v2.items)}")
            graph["nodes"] = [f"{plural(count, 'build')}: {' · '.join(dims) or 'static'}"]
        return graph
    return None
