"""The files of a CodePipeline ECS deployment: appspec against task definition (A124, A125),
the image file a blue/green build uploads (B033), and the `ecs-*` configuration keys."""

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speclint import config as config_mod, ecs_pipeline
from speclint.context import LintContext
from speclint.lint import Options, lint_file
from speclint.config.settings import Flags, Resolver

APPSPEC = """\
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: {task}
        LoadBalancerInfo:
          ContainerName: {name}
          ContainerPort: {port}
"""


def taskdef(*containers) -> str:
    """containers: (name, [ports]) or (name, None) for a container without portMappings."""
    items = []
    for name, ports in containers:
        item = {"name": name, "image": "<IMAGE1_NAME>", "essential": True}
        if ports is not None:
            item["portMappings"] = [{"containerPort": p, "protocol": "tcp"} for p in ports]
        items.append(item)
    return json.dumps({"family": "shop", "networkMode": "awsvpc", "containerDefinitions": items}, indent=2)


def context_of(ecs_names=None, ecs_pipeline=None) -> LintContext:
    """A LintContext with these rule options set, as the configuration's `ecs-*` keys would."""
    values = dict(ecs_names or {})
    if ecs_pipeline is not None:
        values["ecs-pipeline"] = ecs_pipeline
    return LintContext().with_options(values)


def findings(path, codes=("A124", "A125"), **settings_):
    options = Options(context=context_of(**settings_))
    result = lint_file(str(path), options, display_path=str(path))
    return [d for d in result.diagnostics if d.code in codes]


def write_revision(folder: Path, name="web", port=80, task="<TASK_DEFINITION>", containers=(("web", [80]),),
                   taskdef_at="taskdef.json"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "appspec.yaml").write_text(APPSPEC.format(task=task, name=name, port=port))
    target = folder / taskdef_at
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(taskdef(*containers))
    return folder / "appspec.yaml"


# --- A124 / A125 -------------------------------------------------------------------------------

def test_container_name_not_in_task_definition_is_an_error_with_positions_in_both_files(tmp_path):
    appspec = write_revision(tmp_path, name="frontend", containers=(("web", [80]), ("sidecar", [9000])))
    (d,) = findings(appspec)
    assert (d.code, str(d.severity), d.line, d.column, d.span.end_column) == ("A124", "error", 8, 26, 34)
    assert d.path == str(appspec)
    text = (tmp_path / "taskdef.json").read_text().splitlines()
    line = next(i for i, t in enumerate(text, 1) if '"name": "web"' in t)
    column = text[line - 1].index('"web"') + 1
    assert f'"web" ({tmp_path}/taskdef.json:{line}:{column})' in d.message
    assert '"sidecar"' in d.message and 'ContainerName "frontend"' in d.message
    assert d.json_path == "Resources[0].TargetService.Properties.LoadBalancerInfo.ContainerName"


@pytest.mark.parametrize("name, containers, hint", [
    ("Web", (("web", [80]),), 'write "web"'),
    ("api-server", (("api", [80]), ("log-router", [2020])), 'write "api"'),
    ("frontend", (("web", [8080]), ("worker", [81])), 'use one of "web", "worker"'),
    # the container that maps ContainerPort (80) is the load balancer's target: before containment and spelling
    ("frontend", (("web", [80]), ("worker", [81])), 'write "web"'),
    ("api-server", (("api", [80]), ("api-sidecar", [9901])), 'write "api"'),
    ("envoy", (("app", [80]), ("envoy-proxy", [9901])), 'write "app"'),
    ("api-sidecar2", (("api", [80]), ("api-sidecar", [9901])), 'write "api"'),
    # no container maps the port: containment, then spelling
    ("api-server", (("api", [8080]), ("apx-server", [81])), 'write "api"'),
    ("webb", (("web", [8080]), ("worker", [81])), 'write "web"'),
])
def test_did_you_mean(tmp_path, name, containers, hint):
    appspec = write_revision(tmp_path, name=name, containers=containers)
    (d,) = findings(appspec)
    assert d.hint.startswith(hint)


def test_port_of_another_container_is_named(tmp_path):
    appspec = write_revision(tmp_path, name="web", port=9000, containers=(("web", [80, 443]), ("sidecar", [9000])))
    (d,) = findings(appspec)
    assert (d.code, d.line, d.column) == ("A125", 9, 26)
    assert 'container "sidecar"' in d.message and "ContainerPort 9000" in d.message
    assert "80 (" in d.message and "443 (" in d.message
    assert d.hint.startswith("use one of 80, 443")


def test_container_without_port_mappings_is_reported_in_the_task_definition(tmp_path):
    appspec = write_revision(tmp_path, name="web", port=8080, containers=(("web", None),))
    (d,) = findings(appspec)
    assert d.code == "A125" and d.path.endswith("taskdef.json")
    text = (tmp_path / "taskdef.json").read_text().splitlines()
    assert text[d.line - 1][d.column - 1:].startswith('"web"')
    assert f"{appspec}:9:26" in d.message
    assert '"containerPort": 8080' in d.hint


def test_matching_container_and_port_is_clean(tmp_path):
    appspec = write_revision(tmp_path, name="sidecar", port=9000, containers=(("web", [80]), ("sidecar", [9000, 9001])))
    assert findings(appspec) == []


@pytest.mark.parametrize("name, port, containers", [
    ("<CONTAINER_NAME>", 80, (("web", [80]),)),          # appspec placeholder
    ("${CONTAINER}", 80, (("web", [80]),)),
    ("{{ container }}", 80, (("web", [80]),)),
    ("web", 80, (("${APP_NAME}", [80]),)),                 # task definition template
    ("web", 80, (("web", [80]), ("<SIDECAR>", [90]))),
])
def test_placeholders_are_not_judged(tmp_path, name, port, containers):
    appspec = write_revision(tmp_path, name=json.dumps(name) if name.startswith("{") else name, port=port,
                             containers=containers)
    assert findings(appspec) == []


def test_placeholder_port_in_task_definition_is_not_judged(tmp_path):
    appspec = write_revision(tmp_path, name="web", port=8080)
    (tmp_path / "taskdef.json").write_text('{"containerDefinitions": [{"name": "web", "portMappings": '
                                           '[{"containerPort": "${PORT}"}]}]}')
    assert findings(appspec) == []


@pytest.mark.parametrize("text", ['{"containerDefinitions": [{"name": "web",}', "not json at all: [", "",
                                  '{"ContainerDefinitions": []}', "\x00\x01"])
def test_unreadable_or_other_task_definitions_are_skipped(tmp_path, text):
    appspec = write_revision(tmp_path, name="nope", port=1)
    (tmp_path / "taskdef.json").write_text(text)
    assert findings(appspec) == []


def test_arn_task_definition_makes_it_a_warning_that_says_why(tmp_path):
    appspec = write_revision(tmp_path, name="api", task="arn:aws:ecs:us-east-1:111122223333:task-definition/shop:3")
    (d,) = findings(appspec)
    assert str(d.severity) == "warning"
    assert "the deployment fails if the task definition this appspec deploys" in d.message


def git_init(folder: Path) -> None:
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


SPEC = "version: 0.2\nphases:\n  build:\n    commands:\n{commands}{artifacts}"


def buildspec(folder: Path, *commands, artifacts="", name="buildspec.yml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SPEC.format(commands="".join(f"      - {c}\n" for c in commands), artifacts=artifacts))
    return path


@pytest.mark.parametrize("layout", [
    "templates/taskdef.json",          # a sibling of the appspec's folder
    "deploy/ecs/taskdef.json",         # a subfolder of the appspec's folder
    "examples/taskdef.json",           # an example one folder over
    "services/api/taskdef.json",       # another service's
])
def test_a_lone_task_definition_in_another_folder_is_not_taken(tmp_path, layout):
    git_init(tmp_path)
    appspec = write_revision(tmp_path / "deploy", name="api", taskdef_at="../" + layout)
    (tmp_path / "services" / "api").mkdir(parents=True, exist_ok=True)
    (tmp_path / "services" / "api" / "appspec.yaml").write_text(APPSPEC.format(task="<TASK_DEFINITION>", name="x", port=1))
    assert findings(appspec, ("A124", "A125", "A126")) == []


@pytest.mark.parametrize("spec_at, command, artifacts", [
    ("buildspec.yml", "cp templates/taskdef.json deploy/", ""),
    ("buildspec.yml", "cp templates/taskdef.json deploy/taskdef.json", ""),
    ("ci/release.yml", "cd deploy && cp ../templates/taskdef.json .", ""),
    ("buildspec.yml", "echo build",
     "artifacts:\n  files:\n    - deploy/appspec.yaml\n    - templates/taskdef.json\n  discard-paths: yes\n"),
    ("buildspec.yml", "echo build",
     "artifacts:\n  files: [appspec.yaml]\n  base-directory: deploy\n  secondary-artifacts:\n    x:\n      files: [x]\n"),
])
def test_a_task_definition_a_build_puts_beside_the_appspec_is_taken(tmp_path, spec_at, command, artifacts):
    git_init(tmp_path)
    appspec = write_revision(tmp_path / "deploy", name="api", taskdef_at="../templates/taskdef.json")
    buildspec(tmp_path, command, artifacts=artifacts, name=spec_at)
    found = findings(appspec)
    if "secondary" in artifacts:  # the artifact holds the appspec but no taskdef.json: nothing to take
        assert found == []
        return
    (d,) = found
    assert str(d.severity) == "warning" and "templates/taskdef.json" in d.message
    assert spec_at in d.message


def test_two_candidate_templates_are_ambiguous(tmp_path):
    git_init(tmp_path)
    appspec = write_revision(tmp_path / "deploy", name="api", taskdef_at="../a/taskdef.json")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "taskdef.json").write_text(taskdef(("api", [80])))
    buildspec(tmp_path, "cp a/taskdef.json deploy/", "cp b/taskdef.json deploy/")
    assert findings(appspec) == []


@pytest.mark.parametrize("spec_at, command", [
    ("buildspec.yml", "sed -i \"s/web/$NAME/\" taskdef.json"),
    ("build/buildspec.yml", "sed -i \"s/web/$NAME/\" deploy/taskdef.json"),
    ("ci/buildspec-release.yml", "aws ecs describe-task-definition --task-definition shop > deploy/taskdef.json"),
    ("codebuild/render.yml", "envsubst < templates/taskdef.tpl > deploy/taskdef.json"),
    ("ci/deploy.yaml", "python3 scripts/render.py --out deploy/taskdef.json"),
    ("ci/deploy.yaml", "jq '.family = \"x\"' t.json > $CODEBUILD_SRC_DIR/deploy/taskdef.json"),
    ("ci/deploy.yaml", "cd deploy && jq . ../t.json | tee taskdef.json"),
    ("ci/deploy.yaml", "python3 render.py ${OUT_DIR}/taskdef.json"),
])
def test_a_build_anywhere_in_the_repository_that_rewrites_the_task_definition_makes_it_a_warning(
        tmp_path, spec_at, command):
    git_init(tmp_path)
    appspec = write_revision(tmp_path / "deploy", name="api")
    assert str(findings(appspec)[0].severity) == "error"
    where = tmp_path / "deploy" if spec_at == "buildspec.yml" else tmp_path
    buildspec(where, "echo start", command, name=spec_at)
    (d,) = findings(appspec)
    assert str(d.severity) == "warning"
    assert f"{spec_at}:6 writes it" in d.message


@pytest.mark.parametrize("command", [
    "cat deploy/taskdef.json",                        # reads it
    "sed -i s/a/b/ other/taskdef.json",               # another file of that name
    "cd other && sed -i s/a/b/ taskdef.json",         # relative to another folder
    "cp deploy/taskdef.json out/",                    # copies it away
])
def test_a_build_that_only_reads_or_writes_another_file_keeps_the_error(tmp_path, command):
    git_init(tmp_path)
    appspec = write_revision(tmp_path / "deploy", name="api")
    buildspec(tmp_path / "ci", command, name="buildspec.yml")
    (d,) = findings(appspec)
    assert str(d.severity) == "error"


def test_a_git_ignored_task_definition_is_a_local_copy(tmp_path):
    git_init(tmp_path)
    appspec = write_revision(tmp_path, name="api")
    (d,) = findings(appspec)
    assert str(d.severity) == "error"
    (tmp_path / ".gitignore").write_text("/taskdef.json\n")
    (d,) = findings(appspec)
    assert str(d.severity) == "warning"
    assert "local copy, which git ignores" in d.message


def test_a_tracked_task_definition_that_matches_an_ignore_pattern_is_the_revisions(tmp_path):
    import subprocess

    git_init(tmp_path)
    appspec = write_revision(tmp_path, name="api")
    subprocess.run(["git", "-C", str(tmp_path), "add", "taskdef.json"], check=True)
    (tmp_path / ".gitignore").write_text("*.json\n")
    (d,) = findings(appspec)
    assert str(d.severity) == "error"


def test_renamed_task_definition_via_configuration(tmp_path):
    appspec = write_revision(tmp_path, name="api", taskdef_at="ecs/taskdef-prod.json")
    assert findings(appspec) == []  # not where the default name points
    (d,) = findings(appspec, ecs_names={"ecs-task-definition-path": "ecs/taskdef-prod.json"})
    assert str(d.severity) == "error" and "ecs/taskdef-prod.json" in d.message


def test_appspec_path_configured_in_a_subfolder_finds_the_artifact_root(tmp_path):
    appspec = write_revision(tmp_path / "aws", name="api", taskdef_at="../taskdef.json")
    (d,) = findings(appspec, ecs_names={"ecs-appspec-path": "aws/appspec.yaml"})
    assert str(d.severity) == "error"


def test_no_pipeline_mode_is_a_warning(tmp_path):
    appspec = write_revision(tmp_path, name="api")
    (d,) = findings(appspec, ecs_pipeline=False)
    assert str(d.severity) == "warning"


def test_json_appspec(tmp_path):
    write_revision(tmp_path)
    (tmp_path / "appspec.json").write_text(json.dumps({"version": 0.0, "Resources": [{"TargetService": {
        "Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "<TASK_DEFINITION>",
                                                    "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 81}}}}]},
        indent=2))
    (d,) = findings(tmp_path / "appspec.json")
    lines = (tmp_path / "appspec.json").read_text().splitlines()
    line = next(i for i, t in enumerate(lines, 1) if '"ContainerPort"' in t)
    assert (d.code, d.line, d.column) == ("A125", line, lines[line - 1].index("81") + 1)


def test_stdin_appspec_is_not_checked():
    from speclint.lint import lint_bytes

    result = lint_bytes("appspec.yaml", APPSPEC.format(task="<TASK_DEFINITION>", name="x", port=1).encode(), Options())
    assert [d for d in result.diagnostics if d.code in ("A124", "A125")] == []


NAMES = st.sampled_from(["web", "api", "worker", "Web", "web-1", "log_router", "proxy"])
PORTS = st.sampled_from([80, 443, 3000, 8080, 9000])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(containers=st.lists(st.tuples(NAMES, st.lists(PORTS, max_size=3)), min_size=1, max_size=4,
                           unique_by=lambda c: c[0]),
       name=NAMES, port=PORTS)
def test_property_finding_iff_mismatch(containers, name, port):
    with tempfile.TemporaryDirectory() as folder:
        appspec = write_revision(Path(folder), name=name, port=port, containers=containers)
        codes = sorted(d.code for d in findings(appspec))
    ports = dict(containers)
    expected = []
    if name not in ports:
        expected.append("A124")
    elif port not in ports[name]:
        expected.append("A125")
    assert codes == expected


# --- B033 --------------------------------------------------------------------------------------

BUILD = """\
version: 0.2
phases:
  post_build:
    commands:
      - printf '[{{"name":"web","imageUri":"%s"}}]' "$IMAGE" > {written}
artifacts:
{artifacts}
"""


def blue_green(folder: Path, written="imagedefinitions.json", artifacts="  files:\n    - '**/*'",
               placeholder="<IMAGE1_NAME>", taskdef_name="taskdef.json"):
    write_revision(folder, taskdef_at=taskdef_name)
    (folder / taskdef_name).write_text((folder / taskdef_name).read_text().replace("<IMAGE1_NAME>", placeholder))
    (folder / "buildspec.yml").write_text(BUILD.format(written=written, artifacts=artifacts))
    return folder / "buildspec.yml"


def b033(path, **settings_):
    return [(d.line, d.column, str(d.severity), d.json_path) for d in findings(path, ("B033",), **settings_)]


def test_b033_imagedefinitions_instead_of_image_detail(tmp_path):
    build = blue_green(tmp_path)
    (d,) = findings(build, ("B033",))
    assert (d.line, d.column, str(d.severity)) == (8, 7, "warning")
    assert "standard Amazon ECS deploy action" in d.message and "Amazon ECS (Blue/Green) action" in d.message
    assert "imageDetail.json" in d.message and "<IMAGE1_NAME>" in d.message


@pytest.mark.parametrize("written, artifacts, expected", [
    # explicit names
    ("imagedefinitions.json", "  files:\n    - imagedefinitions.json\n    - appspec.yaml", [(8, 7, "warning", "artifacts.files[0]")]),
    # the image detail file is written and uploaded: nothing
    ("imageDetail.json", "  files:\n    - imageDetail.json", []),
    # imagedefinitions.json written but not uploaded (another name listed): no evidence
    ("imagedefinitions.json", "  files:\n    - appspec.yaml", []),
    # base-directory: written inside it and uploaded from there
    ("dist/imagedefinitions.json", "  base-directory: dist\n  files:\n    - '*.json'", [(9, 7, "warning", "artifacts.files[0]")]),
    # base-directory: written outside it, so not uploaded
    ("imagedefinitions.json", "  base-directory: dist\n  files:\n    - '**/*'", []),
    # a glob that stays in one folder does not reach a subfolder
    ("out/imagedefinitions.json", "  files:\n    - '*.json'", []),
    ("out/imagedefinitions.json", "  files:\n    - 'out/*'", [(8, 7, "warning", "artifacts.files[0]")]),
    # discard-paths changes where the file lands, not whether it is uploaded
    ("out/imagedefinitions.json", "  discard-paths: yes\n  files:\n    - 'out/**/*'", [(9, 7, "warning", "artifacts.files[0]")]),
    # a secondary artifact carries the image detail: nothing
    ("imagedefinitions.json imageDetail.json", "  files:\n    - imagedefinitions.json\n  secondary-artifacts:\n"
     "    image:\n      files:\n        - imageDetail.json", []),
    # only a secondary artifact uploads imagedefinitions.json
    ("imagedefinitions.json", "  files:\n    - appspec.yaml\n  secondary-artifacts:\n    image:\n      files:\n"
     "        - imagedefinitions.json", [(12, 11, "warning", "artifacts.secondary-artifacts.image.files[0]")]),
    # a variable in the pattern is not judged
    ("imagedefinitions.json", "  files:\n    - $OUT/*", []),
])
def test_b033_what_uploads_means(tmp_path, written, artifacts, expected):
    build = blue_green(tmp_path, written=written.split()[0], artifacts=artifacts)
    if len(written.split()) > 1:
        text = build.read_text().replace("> imagedefinitions.json", "> imagedefinitions.json\n      - cp x imageDetail.json")
        build.write_text(text)
    assert b033(build) == expected


def test_b033_listed_but_never_written(tmp_path):
    build = blue_green(tmp_path, artifacts="  files:\n    - imagedefinitions.json\n    - imageDetail.json")
    (d,) = findings(build, ("B033",))
    assert "is listed in files and no command writes it" in d.message


def test_b033_image_detail_in_the_source_counts(tmp_path):
    build = blue_green(tmp_path)
    (tmp_path / "imageDetail.json").write_text('{"ImageURI": "x"}')
    assert b033(build) == []


def test_b033_needs_the_blue_green_files(tmp_path):
    build = blue_green(tmp_path, placeholder="123.dkr.ecr.us-east-1.amazonaws.com/web:1")
    assert b033(build) == []  # no image placeholder: the task definition is not a blue/green template
    build = blue_green(tmp_path / "two")
    (tmp_path / "two" / "appspec.yaml").write_text("version: 0.0\nos: linux\n")
    assert b033(build) == []  # an EC2 appspec


def test_b033_renamed_files_and_placeholder_via_configuration(tmp_path):
    build = blue_green(tmp_path, written="image-defs.json", placeholder="<APP_IMAGE>", taskdef_name="taskdef-prod.json")
    assert b033(build) == []
    names = {"ecs-task-definition-path": "taskdef-prod.json", "ecs-image-placeholder": "<APP_IMAGE>",
             "ecs-image-definitions-file": "image-defs.json"}
    (d,) = findings(build, ("B033",), ecs_names=names)
    assert "image-defs.json" in d.message and "<APP_IMAGE>" in d.message and "taskdef-prod.json" in d.message


# --- configuration -----------------------------------------------------------------------------

def test_configuration_keys_reach_the_rules(tmp_path):
    (tmp_path / ".speclint.toml").write_text('ecs-task-definition-path = "deploy/td.json"\n'
                                             'ecs-image-placeholder = "<IMG>"\n')
    options = Resolver(Flags()).options_for(str(tmp_path / "appspec.yaml"))
    assert dict(options.context.options) == {"ecs-task-definition-path": "deploy/td.json", "ecs-image-placeholder": "<IMG>"}
    assert ecs_pipeline.names(options.context)["ecs-task-definition-path"] == "deploy/td.json"
    assert ecs_pipeline.names(options.context)["ecs-appspec-path"] == "appspec.yaml"  # the declared default


@pytest.mark.parametrize("line, message", [
    ('ecs-task-definition-path = "/abs/taskdef.json"', "must be a file path inside the artifact"),
    ('ecs-appspec-path = "../appspec.yaml"', "must be a file path inside the artifact"),
    ('ecs-image-detail-file = ""', "must not be empty"),
    ("ecs-image-placeholder = 3", "must be a string"),
    ('ecs-image-definition-file = "x.json"', 'did you mean "ecs-image-definitions-file"'),
])
def test_configuration_keys_are_validated(tmp_path, line, message):
    path = tmp_path / ".speclint.toml"
    path.write_text(f'fail-on = "error"\n{line}\n')
    with pytest.raises(config_mod.ConfigError) as info:
        config_mod.load(str(path))
    assert message in str(info.value) and ":2:1:" in str(info.value)


# --- A126 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, column, message", [
    ('{\n  "family": "a",\n  "containerDefinitions": []\n,}\n', 4, 1, "a comma after the last item"),
    ('{"containerDefinitions": [{"name": "web"},]}', 1, 42, "a comma after the last item"),
    ('{\n  // exported by hand\n  "family": "a"\n}', 2, 3, "JSON has no comments"),
    ('{\n  "family": "a" # note\n}', 2, 17, "JSON has no comments"),
    ("{'family': 'a'}", 1, 2, "not a string in double quotes"),
    ('{"family": a}', 1, 12, "a is not a JSON value"),
    ('{"essential": True}', 1, 15, "True is not a JSON value"),
    ('{"cpu": 0x10}', 1, 9, "0x10 is not a JSON value"),
    ("family: a\ncontainerDefinitions: []\n", 1, 1, "the file is YAML, not JSON"),
    ('{"family": "a"', 1, 15, "not valid JSON here"),
])
def test_task_definition_that_is_not_json(tmp_path, text, line, column, message):
    appspec = write_revision(tmp_path)
    (tmp_path / "taskdef.json").write_text(text)
    (d,) = findings(appspec, ("A126",))
    assert (d.path, d.line, d.column, str(d.severity)) == (f"{tmp_path}/taskdef.json", line, column, "warning")
    assert message in d.message


def test_utf16_task_definition(tmp_path):
    appspec = write_revision(tmp_path)
    (tmp_path / "taskdef.json").write_bytes(taskdef(("web", [80])).encode("utf-16"))
    (d,) = findings(appspec, ("A126",))
    assert "not UTF-8" in d.message and (d.line, d.column) == (1, 1)


@pytest.mark.parametrize("text", [
    taskdef(("web", [80]), ("side", None)),
    '{\n\t"family": "tabs",\n\t"containerDefinitions": [\n\t\t{"name": "web", "cpu": -1.5e3, "x": null}\n\t]\n}',
    '{"family": "a // not a comment # either", "escaped": "say \\"hi\\" # no"}',
])
def test_strict_json_is_clean(tmp_path, text):
    appspec = write_revision(tmp_path)
    (tmp_path / "taskdef.json").write_text(text)
    assert findings(appspec, ("A126",)) == []


@settings(max_examples=40, deadline=None)
@given(containers=st.lists(st.tuples(NAMES, st.lists(PORTS, max_size=2)), min_size=1, max_size=3,
                           unique_by=lambda c: c[0]), data=st.data())
def test_property_a_trailing_comma_anywhere_is_found_where_it_is(containers, data):
    """Insert one comma before any closing bracket of a valid task definition: A126 points at it."""
    text = taskdef(*containers)
    closers = [i for i, c in enumerate(text) if c in "]}"]
    at = data.draw(st.sampled_from(closers))
    before = text[:at].rstrip()
    if before.endswith(("[", "{")):  # an empty list: a lone comma there is not a trailing one
        return
    mutated = before + "," + text[len(before):]
    with tempfile.TemporaryDirectory() as folder:
        appspec = write_revision(Path(folder), containers=containers)
        (Path(folder) / "taskdef.json").write_text(mutated)
        (d,) = findings(appspec, ("A126",))
    line = mutated.count("\n", 0, len(before)) + 1
    column = len(before) - (mutated.rfind("\n", 0, len(before)) + 1) + 1
    assert (d.line, d.column) == (line, column)


# --- B034 --------------------------------------------------------------------------------------

def b034(tmp_path, write, artifacts, beside=False, **settings_):
    if beside:
        write_revision(tmp_path)
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.2\nphases:\n  post_build:\n    commands:\n"
        f"      - printf '{{\"ImageURI\":\"%s\"}}' \"$IMAGE\" {write}\nartifacts:\n{artifacts}\n")
    return [(d.line, d.column, d.json_path, d.message.split(": ", 1)[1], d.hint)
            for d in findings(tmp_path / "buildspec.yml", ("B034",), **settings_)]


@pytest.mark.parametrize("write, artifacts, expected", [
    ("> imageDetail.json", "  base-directory: out\n  files:\n    - '**/*'",
     [(7, 19, "artifacts.base-directory", 'imageDetail.json is outside base-directory "out"', "write it to out/imageDetail.json")]),
    ("> out/imageDetail.json", "  base-directory: out\n  files:\n    - '**/*'", []),
    ("| tee out/imageDetail.json", "  base-directory: out\n  files:\n    - '*.json'", []),
    ("> out/sub/imageDetail.json", "  base-directory: out\n  files:\n    - '*.json'",
     [(8, 3, "artifacts.files", "no files pattern of any artifact matches out/sub/imageDetail.json", "add sub/imageDetail.json to artifacts.files")]),
    ("> build/imageDetail.json", "  files:\n    - 'dist/**/*'",
     [(7, 3, "artifacts.files", "no files pattern of any artifact matches build/imageDetail.json", "add build/imageDetail.json to artifacts.files")]),
    ("> imageDetail.json", "  files:\n    - app.zip\n  secondary-artifacts:\n    image:\n      files:\n        - imageDetail.json", []),
    ("> $CODEBUILD_SRC_DIR/imageDetail.json", "  files:\n    - imageDetail.json", []),
    ("-o imageDetail.json", "  files:\n    - '*.zip'",
     [(7, 3, "artifacts.files", "no files pattern of any artifact matches imageDetail.json", "add imageDetail.json to artifacts.files")]),
])
def test_b034_written_but_not_uploaded(tmp_path, write, artifacts, expected):
    assert b034(tmp_path, write, artifacts) == expected


def test_b034_and_b025_never_report_the_same_file(tmp_path):
    # appspec.yaml and taskdef.json beside the buildspec: B025 asks for them, B034 for the written image file
    found = findings_of(tmp_path, "> imageDetail.json", "  files:\n    - appspec.yaml", beside=True)
    assert [(code, message.split(": ")[0]) for code, message in found] == [
        ("B025", "the artifact leaves out taskdef.json, which the ECS blue/green deploy action reads"),
        ("B034", "line 5 writes imageDetail.json, the image file of the Amazon ECS (Blue/Green) action, but no artifact uploads it"),
    ]


def findings_of(tmp_path, write, artifacts, beside=False, **settings_):
    b034(tmp_path, write, artifacts, beside=beside)
    return [(d.code, d.message) for d in findings(tmp_path / "buildspec.yml", ("B025", "B034"), **settings_)]


@pytest.mark.parametrize("commands, uploaded", [
    # the working directory follows cd, in the same command and in later ones (one shell in 0.2)
    (["cd deploy", "printf x > imageDetail.json"], True),
    (["cd deploy && printf x > imageDetail.json"], True),
    (["cd deploy; printf x | tee imageDetail.json"], True),
    (["cd deploy", "cd ..", "printf x > imageDetail.json"], False),
    (["pushd deploy", "popd", "printf x > imageDetail.json"], False),
    (['printf x > "$CODEBUILD_SRC_DIR/deploy/imageDetail.json"'], True),
    (["printf x > ${CODEBUILD_SRC_DIR}/deploy/imageDetail.json"], True),
    (["cd /tmp", "printf x > $CODEBUILD_SRC_DIR/deploy/imageDetail.json"], True),
    (["cd $CODEBUILD_SRC_DIR/deploy", "printf x > imageDetail.json"], True),
    (["printf x > imageDetail.json", "mv imageDetail.json deploy/"], True),
    (["|\n        cd deploy\n        printf x > imageDetail.json"], True),
    (["|\n        cat > deploy/imageDetail.json <<EOF\n        {}\n        EOF"], True),
    # another variable, or a working directory that depends on one: not judged
    (["printf x > $OUT/imageDetail.json"], True),
    (["cd $SERVICE", "printf x > imageDetail.json"], True),
    (["printf x > imageDetail.json"], False),
    (["cd out && printf x > imageDetail.json"], False),
])
def test_b034_follows_the_working_directory(tmp_path, commands, uploaded):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.2\nphases:\n  post_build:\n    commands:\n"
        + "".join(f"      - {c}\n" for c in commands)
        + "artifacts:\n  base-directory: deploy\n  files:\n    - '**/*'\n")
    found = findings(tmp_path / "buildspec.yml", ("B034",))
    assert (found == []) == uploaded


def test_b034_version_0_1_starts_every_command_at_the_source_root(tmp_path):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.1\nphases:\n  build:\n    commands:\n      - cd deploy\n      - printf x > imageDetail.json\n"
        "artifacts:\n  base-directory: deploy\n  files:\n    - '**/*'\n")
    (d,) = findings(tmp_path / "buildspec.yml", ("B034",))
    assert "line 6 writes" in d.message


def test_b034_line_is_the_line_inside_a_block(tmp_path):
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo one\n        echo two\n"
        "        printf x > imageDetail.json\nartifacts:\n  base-directory: out\n  files:\n    - '**/*'\n")
    (d,) = findings(tmp_path / "buildspec.yml", ("B034",))
    assert d.message.startswith("line 8 writes imageDetail.json")


def test_b034_each_write_must_be_uploaded(tmp_path):
    # two services' image files, only one reaches an artifact
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.2\nphases:\n  post_build:\n    commands:\n"
        "      - printf a > services/api/imageDetail.json\n"
        "      - printf w > services/web/out/imageDetail.json\n"
        "artifacts:\n  base-directory: services/api\n  files: ['**/*']\n  secondary-artifacts:\n"
        "    web:\n      base-directory: services/web\n      files: [appspec.yaml, imageDetail.json]\n")
    (d,) = findings(tmp_path / "buildspec.yml", ("B034",))
    assert d.message.startswith("line 6 writes") and "services/web/out/imageDetail.json" in d.message


def test_b034_a_subfolder_write_is_not_the_listed_bare_name(tmp_path):
    write_revision(tmp_path)
    (tmp_path / "buildspec.yml").write_text(
        "version: 0.2\nphases:\n  post_build:\n    commands:\n      - mkdir -p out\n"
        "      - printf x > out/imageDetail.json\n"
        "artifacts:\n  files:\n    - appspec.yaml\n    - taskdef.json\n    - imageDetail.json\n")
    found = findings(tmp_path / "buildspec.yml", ("B025", "B034"))
    assert [(d.code, d.line) for d in found] == [("B034", 8)]
    assert "matches out/imageDetail.json" in found[0].message


# --- B025 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout, artifacts, settings_, expected", [
    # renamed files: the configured names are asked for, not the defaults
    ({"ecs/appspec-prod.yaml": "ecs", "ecs/td.json": "td"}, "  files: [ecs/appspec-prod.yaml]",
     {"ecs_names": {"ecs-appspec-path": "ecs/appspec-prod.yaml", "ecs-task-definition-path": "ecs/td.json"}},
     ["ecs/td.json"]),
    ({"ecs/appspec-prod.yaml": "ecs", "ecs/td.json": "td"}, "  files: ['ecs/*']",
     {"ecs_names": {"ecs-appspec-path": "ecs/appspec-prod.yaml", "ecs-task-definition-path": "ecs/td.json"}}, []),
    # the default names with files elsewhere: not B025's
    ({"appspec-prod.yaml": "ecs", "taskdef-prod.json": "td"}, "  files: [x]", {}, []),
    # a secondary artifact uploads them
    ({"appspec.yaml": "ecs", "taskdef.json": "td"},
     "  files: [app.zip]\n  secondary-artifacts:\n    deploy:\n      files: [appspec.yaml, taskdef.json]", {}, []),
    # a base-directory holds them
    ({"deploy/appspec.yaml": "ecs", "deploy/taskdef.json": "td"}, "  base-directory: deploy\n  files: [appspec.yaml]", {},
     ["taskdef.json"]),
    ({"deploy/appspec.yaml": "ecs", "deploy/taskdef.json": "td"}, "  base-directory: deploy\n  files: ['**/*']", {}, []),
    # an image file in the source that nothing uploads
    ({"appspec.yaml": "ecs", "taskdef.json": "td", "imageDetail.json": "{}"}, "  files: [appspec.yaml, taskdef.json]", {},
     ["imageDetail.json"]),
    ({"appspec.yaml": "ecs", "taskdef.json": "td", "image.json": "{}"}, "  files: [appspec.yaml, taskdef.json]",
     {"ecs_names": {"ecs-image-detail-file": "image.json"}}, ["image.json"]),
])
def test_b025_configured_names_and_every_artifact(tmp_path, layout, artifacts, settings_, expected):
    for name, text in layout.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"
                                            f"artifacts:\n{artifacts}\n")
    found = findings(tmp_path / "buildspec.yml", ("B025",), **settings_)
    assert [d.message.split("leaves out ")[1].split(", which")[0] for d in found] == ([", ".join(expected)] if expected else [])


def test_b034_renamed_image_detail_file(tmp_path):
    found = b034(tmp_path, "> image.json", "  base-directory: out\n  files:\n    - '**/*'",
                 ecs_names={"ecs-image-detail-file": "image.json"})
    assert [f[3] for f in found] == ['image.json is outside base-directory "out"']


# --- reading the task definition: escapes, templates, size, digits -------------------------------

@pytest.mark.parametrize("escape", ["\\ud83d\\ude80", "\\uD83D\\uDE80", "\\ud800", "\\\\\\ud83d", "\\u00e9\\n\\t"])
def test_valid_json_escapes_are_read_and_hide_nothing(tmp_path, escape):
    appspec = write_revision(tmp_path, port=8080)
    data = json.loads((tmp_path / "taskdef.json").read_text())
    data["containerDefinitions"][0]["command"] = ["PLACE"]
    (tmp_path / "taskdef.json").write_text(json.dumps(data, indent=2).replace("PLACE", escape))
    json.loads((tmp_path / "taskdef.json").read_text())  # the fixture is valid JSON
    assert [d.code for d in findings(appspec, ("A124", "A125", "A126"))] == ["A125"]


@pytest.mark.parametrize("hole", ["${CPU}", "{{ cpu }}", "__CPU__", "#{Cpu}"])
def test_template_placeholder_is_a_note_unless_a_build_renders_it(tmp_path, hole):
    import subprocess

    appspec = write_revision(tmp_path)
    text = (tmp_path / "taskdef.json").read_text().replace('"essential": true', f'"cpu": {hole}')
    (tmp_path / "taskdef.json").write_text(text)
    (d,) = findings(appspec, ("A124", "A125", "A126"))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if hole in t)
    assert (d.code, str(d.severity), d.line) == ("A126", "info", line)
    assert d.message.startswith(f"{hole} is a template placeholder")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    buildspec(tmp_path, "envsubst < taskdef.json > t.json && mv t.json taskdef.json")
    assert findings(appspec, ("A124", "A125", "A126")) == []


def test_a_template_still_gets_its_containers_checked(tmp_path):
    appspec = write_revision(tmp_path, name="api")
    text = (tmp_path / "taskdef.json").read_text().replace('"essential": true', '"cpu": ${CPU}')
    (tmp_path / "taskdef.json").write_text(text)
    assert [d.code for d in findings(appspec, ("A124", "A126"))] == ["A124", "A126"]


def test_a_task_definition_over_the_size_limit_is_one_note(tmp_path):
    appspec = write_revision(tmp_path, name="api")
    data = json.loads((tmp_path / "taskdef.json").read_text())
    data["padding"] = "x" * (1024 * 1024)
    (tmp_path / "taskdef.json").write_text(json.dumps(data))
    (d,) = findings(appspec, ("A124", "A125", "A126"))
    assert (d.code, str(d.severity), d.line, d.column) == ("A126", "info", 1, 1)
    assert "larger than 1 MiB and was not checked" in d.message


@pytest.mark.parametrize("text, number", [
    ('"\\u0668\\u0660"', None), ('"\\uff18\\uff10"', None), ('"8\\u0660"', None), ('"\\u00b2"', None),
    ('80', 80), ('"80"', 80), ('" 8080 "', 8080), ('true', None), ('8.0', None),
])
def test_only_ascii_digits_are_a_port(text, number):
    from speclint.ecs_pipeline import port_number
    from speclint.source.loader import load

    node = load(f'{{"containerPort": {text}}}'.encode()).root.get("containerPort")
    assert port_number(node) == number


@pytest.mark.parametrize("count, tail", [(10, '"c9" ({path}:{line}:15))'), (11, ", … and 1 more)"), (300, ", … and 290 more)")])
def test_a124_lists_at_most_ten_containers(tmp_path, count, tail):
    appspec = write_revision(tmp_path, name="zzz-nothing", port=1, containers=[(f"c{i}", [1000 + i]) for i in range(count)])
    (d,) = findings(appspec, ("A124",))
    line = next(i for i, t in enumerate((tmp_path / "taskdef.json").read_text().splitlines(), 1) if '"c9"' in t)
    assert d.message.count("taskdef.json:") == min(count, 10)
    assert d.message.endswith(tail.format(path=tmp_path / "taskdef.json", line=line))


@pytest.mark.parametrize("appspec_at, taskdef_at, shown", [
    ("deploy/appspec.yaml", "templates/taskdef.json", "templates/taskdef.json"),
    ("appspec.yaml", "taskdef.json", "taskdef.json"),
    ("a/b/appspec.yaml", "a/b/taskdef.json", "a/b/taskdef.json"),
])
def test_task_definition_paths_are_shown_like_the_appspecs(tmp_path, monkeypatch, appspec_at, taskdef_at, shown):
    git_init(tmp_path)
    appspec = tmp_path / appspec_at
    write_revision(appspec.parent, name="api", taskdef_at=os.path.relpath(tmp_path / taskdef_at, appspec.parent))
    text = (tmp_path / taskdef_at).read_text()
    (tmp_path / taskdef_at).write_text(text.rstrip()[:-1].rstrip() + ",\n}\n")  # a trailing comma: A126 there
    if "templates" in taskdef_at:
        buildspec(tmp_path, f"cp {taskdef_at} deploy/")
    monkeypatch.chdir(tmp_path)
    result = lint_file(appspec_at, Options(), display_path=appspec_at)
    paths = {d.code: d.path for d in result.diagnostics if d.code in ("A124", "A126")}
    assert paths == {"A124": appspec_at, "A126": shown}
    assert f"({shown}:" in next(d.message for d in result.diagnostics if d.code == "A124")
    result = lint_file(str(appspec), Options(), display_path=str(appspec))
    assert f"({tmp_path / taskdef_at}:" in next(d.message for d in result.diagnostics if d.code == "A124")


@pytest.mark.parametrize("in_git", [True, False])
def test_a_task_definition_symlinked_out_of_the_tree_is_never_read(tmp_path, in_git):
    """taskdef.json -> a file outside the repository (issue 20): not read, so nothing of it
    reaches a message; the same file inside the tree is read."""
    outside = tmp_path / "outside"
    write_revision(outside, name="frontend")  # a task definition whose container is "web"
    repo = tmp_path / "repo"
    if in_git:
        git_init(repo)
    appspec = write_revision(repo, name="frontend")
    assert [d.code for d in findings(appspec)] == ["A124"]
    (repo / "taskdef.json").unlink()
    os.symlink(outside / "taskdef.json", repo / "taskdef.json")
    assert findings(appspec) == []


# --- the repository's buildspecs are read by the source layer ----------------------------------
# ecs_pipeline once had its own name pattern, content sniff and loader call for the buildspecs
# of a repository, so a buildspec that `speclint --list-files FILE` called one (a BOM, quoted
# keys) was not seen writing the task definition and A124 stayed an error. Now a YAML file of
# the repository is a buildspec to the ECS checks exactly when source.open_source reads it as one.

RENDER = "envsubst < taskdef.tpl > deploy/taskdef.json"
RENDERING = SPEC.format(commands=f"      - {RENDER}\n", artifacts="")


@pytest.mark.parametrize("name, data", [
    ("ci/deploy.yml", b"\xef\xbb\xbf" + RENDERING.encode()),
    ("ci/deploy.yml", b"\xef\xbb\xbf" + RENDERING.replace("\n", "\r\n").encode()),
    ("ci/deploy.yml", RENDERING.replace("\n", "\r\n").encode()),
    ("ci/deploy.yaml", RENDERING.replace("version:", '"version":').replace("phases:", '"phases":').encode()),
    ("ci/deploy.yaml", RENDERING.replace("phases:", '"ph\\x61ses":').encode()),
    ("ci/deploy.yaml", RENDERING.replace("version:", "'version':").encode()),
    ("ci/deploy.yml", RENDERING.encode("utf-16")),
    ("codebuild/release.yml", ("# the release build\n---\n" + RENDERING).encode()),
    ("Buildspec-Deploy.YAML", RENDERING.encode()),
    ("ci/deploy.yml", (RENDERING + "x-anchors: 1\n.defaults: 2\n").encode()),
    ("ci/workflow.yml", f"name: ci\non: push\njobs:\n  build:\n    steps:\n      - run: {RENDER}\n".encode()),
])
def test_the_ecs_checks_read_a_buildspec_exactly_when_the_source_layer_does(tmp_path, name, data):
    from click.testing import CliRunner

    from speclint.cli import cli

    git_init(tmp_path)
    appspec = write_revision(tmp_path / "deploy", name="api")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(data)
    listed = CliRunner().invoke(cli, ["--list-files", str(tmp_path / name)]).output
    is_buildspec = listed.split()[0] == "buildspec"
    assert is_buildspec == ("workflow" not in name), listed
    (d,) = findings(appspec)
    if is_buildspec:
        assert str(d.severity) == "warning" and f"{name}:" in d.message and "writes it" in d.message, d.message
    else:
        assert str(d.severity) == "error", d.message
