"""`speclint lifecycle`: event order and markings per variant and set-up, hook placement, outputs."""

import json
import re

import pytest
from click.testing import CliRunner

from speclint.source import classify
from speclint.cli import cli
from speclint.source.document import Document
from speclint.lifecycle import build
from speclint.lifecycle.mermaid import render as mermaid
from speclint.source.loader import load

EC2_APPSPEC = """\
version: 0.0
os: linux
files:
  - source: /
    destination: /srv/app
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 60
  AfterInstall:
    - location: scripts/migrate.sh
      runas: deploy
    - location: scripts/assets.sh
  BeforeAllowTraffic:
    - location: scripts/warm.sh
  Install:
    - location: scripts/nope.sh
"""
LAMBDA_APPSPEC = """\
version: 0.0
Resources:
  - api:
      Type: AWS::Lambda::Function
      Properties: {Name: api, Alias: live, CurrentVersion: "3", TargetVersion: "4"}
Hooks:
  - beforeAllowTraffic: smoke-test
  - AfterAllowTraffic: notify
"""
ECS_APPSPEC = """\
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7
        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}
Hooks:
  - AfterAllowTestTraffic: integration-tests
  - AllowTraffic: nope
"""
BUILDSPEC = """\
version: 0.2
phases:
  install:
    runtime-versions:
      python: "3.12"
    commands:
      - pip install -r requirements.txt
  build:
    on-failure: CONTINUE
    commands:
      - |
        pytest -q
        echo done
    finally:
      - echo cleanup
  post_build:
    commands:
      - echo "succeeded=$CODEBUILD_BUILD_SUCCEEDING"
batch:
  build-graph:
    - identifier: lint
    - identifier: test
      depend-on: [lint]
    - identifier: deploy
      depend-on: [lint, test]
"""


def timeline(text, name, **setup):
    loaded = load(text.encode())
    found = classify.classify(name, loaded.root, None)
    doc = Document(path=name, text=loaded.text, root=loaded.root, kind=found.kind, variant=found.variant)
    return build(doc, **setup)


def steps(tl, lane=0):
    return [(s.name, s.scriptable, s.runs) for s in tl.lanes[lane].steps]


EC2_ORDER = ["Start", "BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic", "ApplicationStop", "DownloadBundle",
             "BeforeInstall", "Install", "AfterInstall", "ApplicationStart", "ValidateService", "BeforeAllowTraffic",
             "AllowTraffic", "AfterAllowTraffic", "End"]
FIXED = {"Start", "BlockTraffic", "DownloadBundle", "Install", "AllowTraffic", "End"}
TRAFFIC = {"BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"}


def test_ec2_in_place_with_load_balancer():
    tl = timeline(EC2_APPSPEC, "appspec.yml")
    assert steps(tl) == [(n, n not in FIXED, True) for n in EC2_ORDER]
    by_name = {s.name: s for s in tl.lanes[0].steps}
    assert [(h.text, h.line, h.details) for h in by_name["AfterInstall"].hooks] == [
        ("scripts/migrate.sh", 11, ["runas deploy"]), ("scripts/assets.sh", 13, [])]
    assert [(h.text, h.details) for h in by_name["ApplicationStop"].hooks] == [("scripts/stop.sh", ["timeout 60s"])]
    assert {s.name for s in tl.lanes[0].steps if s.previous_revision} == {"ApplicationStop", "BeforeBlockTraffic",
                                                                           "AfterBlockTraffic"}
    assert [(n, line) for n, line, _ in tl.never_run] == [("Install", 17)]


def test_ec2_in_place_without_load_balancer_skips_traffic_events():
    tl = timeline(EC2_APPSPEC, "appspec.yml", deployment="in-place", load_balancer=False)
    assert steps(tl) == [(n, n not in FIXED, n not in TRAFFIC) for n in EC2_ORDER]
    assert [(n, line) for n, line, _ in tl.never_run] == [("BeforeAllowTraffic", 15), ("Install", 17)]
    assert "load balancer" in dict((n, why) for n, _, why in tl.never_run)["BeforeAllowTraffic"]


def test_ec2_blue_green_has_replacement_and_original_lanes():
    tl = timeline(EC2_APPSPEC, "appspec.yml", deployment="blue-green", load_balancer=False)
    assert [lane.title for lane in tl.lanes] == ["replacement instances", "original instances"]
    assert [n for n, _, _ in steps(tl, 0)] == ["Start", "ApplicationStop", "DownloadBundle", "BeforeInstall", "Install",
                                               "AfterInstall", "ApplicationStart", "ValidateService",
                                               "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"]
    assert steps(tl, 1) == [("BeforeBlockTraffic", True, True), ("BlockTraffic", False, True),
                            ("AfterBlockTraffic", True, True), ("End", False, True)]
    assert "blue/green" in tl.setup
    assert [n for n, _, _ in tl.never_run] == ["Install"]


def test_lambda_order_and_case_insensitive_hooks():
    tl = timeline(LAMBDA_APPSPEC, "appspec.yml")
    assert steps(tl) == [("Start", False, True), ("BeforeAllowTraffic", True, True), ("AllowTraffic", False, True),
                         ("AfterAllowTraffic", True, True), ("End", False, True)]
    placed = {s.name: [h.text for h in s.hooks] for s in tl.lanes[0].steps}
    assert placed["BeforeAllowTraffic"] == ["smoke-test"] and placed["AfterAllowTraffic"] == ["notify"]
    assert tl.never_run == []


def test_ecs_order_and_a_hook_on_a_fixed_event():
    tl = timeline(ECS_APPSPEC, "appspec.yaml")
    assert [n for n, _, _ in steps(tl)] == ["Start", "BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic",
                                            "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic",
                                            "AfterAllowTraffic", "End"]
    assert {n for n, scriptable, _ in steps(tl) if not scriptable} == {"Start", "Install", "AllowTestTraffic",
                                                                       "AllowTraffic", "End"}
    assert [(n, line) for n, line, _ in tl.never_run] == [("AllowTraffic", 10)]


def test_buildspec_phases_commands_finally_and_failure_paths():
    tl = timeline(BUILDSPEC, "buildspec.yml")
    names = [n for n, _, _ in steps(tl)]
    assert names == ["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD",
                     "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"]
    by_name = {s.name: s for s in tl.lanes[0].steps}
    assert {n for n, scriptable, _ in steps(tl) if scriptable} == {"INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD"}
    assert [(h.text, h.line) for h in by_name["BUILD"].hooks] == [("pytest -q …", 11), ("echo cleanup", 15)]
    assert by_name["BUILD"].hooks[1].details == ["finally: runs even when a command failed"]
    assert by_name["BUILD"].on_failure.startswith("on-failure CONTINUE: go on to the next phase")
    assert by_name["INSTALL"].on_failure.startswith("on failure → FINALIZING")
    assert "runtime-versions: python 3.12" in by_name["INSTALL"].notes
    assert any("even when BUILD failed" in n for n in by_name["POST_BUILD"].notes)
    assert tl.graph == {"type": "build-graph", "nodes": ["lint", "test", "deploy"],
                        "edges": [["lint", "test"], ["lint", "deploy"], ["test", "deploy"]]}


NODE = re.compile(r'^(?P<id>[A-Za-z][\w]*)\["(?P<label>[^"]*)"\](?::::(?P<cls>\w+))?$')
EDGE = re.compile(r"^(?P<a>[A-Za-z]\w*) (?:-->|-\.-) (?P<b>[A-Za-z]\w*)$")
SUBGRAPH = re.compile(r'^subgraph (?P<id>\w+)\["[^"]*"\]$')
CLASSDEF = re.compile(r"^classDef (?P<name>\w+) [\w:#,.\- ]+$")


def parse_mermaid(text):
    """A structural parse of the flowchart subset speclint writes; fails on anything else."""
    lines = [line.strip() for line in text.strip().splitlines()]
    assert lines[0] == "flowchart TD"
    nodes, edges, classes, used, depth = {}, [], set(), set(), 0
    for line in lines[1:]:
        if m := NODE.match(line):
            assert m.group("id") not in nodes, f"node defined twice: {line}"
            nodes[m.group("id")] = m.group("label")
            if m.group("cls"):
                used.add(m.group("cls"))
        elif m := EDGE.match(line):
            edges.append((m.group("a"), m.group("b")))
        elif SUBGRAPH.match(line):
            depth += 1
        elif line == "end":
            depth -= 1
            assert depth >= 0
        elif m := CLASSDEF.match(line):
            classes.add(m.group("name"))
        else:
            raise AssertionError(f"not valid in speclint's Mermaid subset: {line!r}")
    assert depth == 0, "unbalanced subgraph/end"
    assert all(a in nodes and b in nodes for a, b in edges), "an edge to an undefined node"
    assert used <= classes, f"classes used but not defined: {used - classes}"
    return nodes, edges


@pytest.mark.parametrize("text, name, setup", [
    (EC2_APPSPEC, "appspec.yml", {}),
    (EC2_APPSPEC, "appspec.yml", {"deployment": "blue-green"}),
    (EC2_APPSPEC, "appspec.yml", {"load_balancer": False}),
    (LAMBDA_APPSPEC, "appspec.yml", {}),
    (ECS_APPSPEC, "appspec.yaml", {}),
    (BUILDSPEC, "buildspec.yml", {}),
])
def test_mermaid_output_parses_and_follows_the_order(text, name, setup):
    tl = timeline(text, name, **setup)
    nodes, edges = parse_mermaid(mermaid(tl))
    main = [s for lane in tl.lanes for s in lane.steps]
    chain = [f"s{li}_{si}" for li, lane in enumerate(tl.lanes) for si in range(len(lane.steps))]
    assert [nodes[n].split(" (")[0].split(" ↺")[0] for n in chain] == [s.name for s in main]
    assert list(zip(chain, chain[1:])) == [e for e in edges if e[0] in chain and e[1] in chain]


def test_mermaid_marks_fixed_hook_and_skipped_steps():
    out = mermaid(timeline(EC2_APPSPEC, "appspec.yml", load_balancer=False))
    assert 's0_2["BlockTraffic (skipped)"]:::skipped' in out
    assert 's0_0["Start"]:::fixed' in out
    assert 's0_4["ApplicationStop ↺ previous revision"]:::hook' in out
    assert 's0_8_h0["scripts/migrate.sh (runas deploy)"]:::user' in out and "s0_8 -.- s0_8_h0" in out


def test_mermaid_escapes_labels():
    tl = timeline(BUILDSPEC.replace('echo "succeeded=$CODEBUILD_BUILD_SUCCEEDING"', "echo \"a<b>&c\""), "buildspec.yml")
    out = mermaid(tl)
    assert "echo #quot;a#lt;b#gt;#amp;c#quot;" in out
    parse_mermaid(out)


HOSTILE = ["\x1b]0;T\x07\x1b[2J", "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\", "\x9b31m", "\x85", "a\rb",
           "\u202egnp.exe", "\x00", "&#35;quot;", "#9829;"]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("where", ["location", "runas"])
def test_mermaid_never_prints_control_characters_from_the_file(hostile, where):
    """Hook locations and runas reach Mermaid labels through the one sanitizer: no ESC,
    CSI, OSC 8, C1, CR, NUL or bidi override is printed raw, and Mermaid entities stay text."""
    import json as _json

    value = _json.dumps(hostile)  # a YAML double-quoted scalar with escapes
    text = ("version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: "
            + (value if where == "location" else "scripts/start.sh")
            + ("\n      runas: " + value if where == "runas" else "") + "\n")
    out = mermaid(timeline(text, "appspec.yml"))
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), repr(out)
    nodes, _edges = parse_mermaid(out)
    user = [label for label in nodes.values() if "#35;" in label or "\\x" in label or "\\u" in label]
    assert user, nodes


def test_cli_text_json_and_mermaid(tmp_path):
    (tmp_path / "appspec.yml").write_text(EC2_APPSPEC)
    (tmp_path / ".speclint.toml").write_text('deployment = "in-place"\nload-balancer = false\n')
    runner = CliRunner()
    path = str(tmp_path / "appspec.yml")
    text = runner.invoke(cli, ["lifecycle", path, "--color", "never"])
    assert text.exit_code == 0
    assert "in-place deployment, without a load balancer" in text.output
    assert "never runs: BeforeAllowTraffic (line 15)" in text.output
    assert "\x1b[" not in text.output
    data = json.loads(runner.invoke(cli, ["lifecycle", path, "--format", "json", "--load-balancer"]).output)
    assert data["variant"] == "ec2" and data["setup"].endswith("with a load balancer")
    assert [s["name"] for s in data["lanes"][0]["steps"]] == EC2_ORDER
    assert runner.invoke(cli, ["lifecycle", path, "--format", "mermaid"]).output.startswith("flowchart TD\n")
    # The lint rule says the same, because the set-up is configured.
    lint = json.loads(runner.invoke(cli, ["--format", "json", path]).output)
    assert [(d["code"], d["line"], d["column"]) for d in lint if d["code"] == "A115"] == [("A115", 14, 3)]
    not_spec = tmp_path / "notes.yml"
    not_spec.write_text("a: 1\n")
    assert runner.invoke(cli, ["lifecycle", str(not_spec)]).exit_code == 1
