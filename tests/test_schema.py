"""Schema findings: one stable code per kind of failure, at the right node, with our messages."""

import json
from pathlib import Path

import pytest
from conftest import brief, lint_text
from jsonschema import Draft202012Validator

from speclint.schema import SCHEMA_FILES, schema_dir

SCHEMAS = sorted(SCHEMA_FILES)


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_2020_12(name):
    schema = json.loads((schema_dir() / SCHEMA_FILES[name]).read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(SCHEMA_FILES[name])
    assert schema["title"] and schema["description"]


def _properties(schema, root):
    """Every (path, property schema) in the schema, with $refs to $defs resolved."""
    stack = [("", schema)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                yield f"{path}/{key}", sub
            for key, sub in node.items():
                if isinstance(sub, (dict, list)) and key != "properties":
                    stack.append((f"{path}/{key}", sub))
            for key, sub in node.get("properties", {}).items():
                stack.append((f"{path}/{key}", sub))
        elif isinstance(node, list):
            stack.extend((path, item) for item in node)


def _resolve(root, sub):
    while isinstance(sub, dict) and "$ref" in sub and "description" not in sub:
        parts = sub["$ref"].lstrip("#/").split("/")
        target = root
        for part in parts:
            target = target[part]
        sub = target
    return sub


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_property_is_described(name):
    schema = json.loads((schema_dir() / SCHEMA_FILES[name]).read_text())
    missing = [path for path, sub in _properties(schema, schema) if not _resolve(schema, sub).get("description")]
    assert missing == []


def test_schemas_ship_with_the_package():
    assert (Path(schema_dir()) / "buildspec-0.2.schema.json").is_file()


STUDY_NOTES = """
version: 0.2

phases:
  install:
    runtime-versions:
      nodejs: 10
    commands:
      - echo Installing app dependencies...
      - yarn install
  build:
    commands:
      - echo Building static site...
      - yarn build
      - echo Run tests...
      - CI=true yarn test

artifacts:
  type: zip
  paths:
    - './build/**/*'
    - './cicd/**/*'

cache:
  paths:
    - './node_modules/**/*'
"""


def test_study_notes_buildspec():
    found = [d for d in lint_text(STUDY_NOTES) if d.code.startswith("S")]
    assert brief(found) == [("S003", 17, 1), ("S001", 18, 3), ("S001", 19, 3)]
    missing, type_key, paths = found
    assert missing.message == 'missing required key "files" in "artifacts"'
    assert 'version 0.1 key' in type_key.message and '"type"' in type_key.message
    assert paths.message.startswith('unknown key "paths" in "artifacts"')
    assert paths.message.endswith('(did you mean "files"?)')


def test_study_notes_appspecs_pass():
    ec2 = """
    version: 0.0
    os: linux
    files:
      - source: /index.html
        destination: /var/www/html/
    hooks:
      BeforeInstall:
        - location: scripts/install_dependencies
          timeout: 300
          runas: root
        - location: scripts/start_server
          timeout: 300
          runas: root
      ApplicationStop:
        - location: scripts/stop_server
          timeout: 300
          runas: root
    """
    lam = """
    version: 0.0
    Resources:
      - myLambdaFunction:
          Type: AWS::Lambda::Function
          Properties:
            Name: "myLambdaFunction"
            Alias: "myLambdaFunctionAlias"
            CurrentVersion: "1"
            TargetVersion: "2"
    Hooks:
      - BeforeAllowTraffic: "LambdaFunctionToValidateBeforeTrafficShift"
      - AfterAllowTraffic: "LambdaFunctionToValidateAfterTrafficShift"
    """
    assert [d for d in lint_text(ec2, name="appspec.yml") if d.severity >= 2] == []
    assert [d for d in lint_text(lam, name="appspec.yaml") if d.severity >= 2] == []


def test_unknown_key_with_valid_keys_in_hint():
    found = lint_text("""
        version: 0.2
        phases:
          build:
            comands: [make]
        """)
    d = [x for x in found if x.code == "S001"][0]
    assert (d.line, d.column, str(d.severity)) == (4, 5, "warning")
    assert d.message == 'unknown key "comands" in "build" (did you mean "commands"?)'
    assert '"commands"' in d.hint and '"finally"' in d.hint


def test_case_only_key_mismatch_in_ec2_says_what_is_lost():
    found = lint_text("version: 0.0\nos: linux\nHooks:\n  AfterInstall:\n    - location: a.sh\n", name="appspec.yml")
    assert brief(found) == [("S001", 3, 1)]
    assert str(found[0].severity) == "warning"  # the agent accepts the file and runs no hook: not a rejection
    assert found[0].message == ('unknown key "Hooks" at the top level: keys are case-sensitive, so this one is ignored '
                                '(did you mean "hooks"?); without "hooks" no hook script runs')


def test_case_insensitive_keys_warn_in_lambda():
    found = lint_text("""
        version: 0.0
        resources:
          - fn:
              type: AWS::Lambda::Function
              properties:
                name: f
                alias: live
                currentversion: "1"
                targetversion: "2"
        """, name="appspec.yml")
    assert {d.code for d in found} == {"S001"} and all(str(d.severity) == "warning" for d in found)
    assert found[0].message == 'key "resources" is not in its canonical case "Resources"'


def test_missing_key_points_at_parent_key():
    found = lint_text("version: 0.2\nphases:\n  build:\n    commands: [make]\ncache:\n  key: x\n")
    assert brief(found) == [("S003", 5, 1)]
    assert found[0].message == 'missing required key "paths" in "cache"'


def test_missing_top_level_key_points_at_first_key():
    found = lint_text("os: linux\n", name="appspec.yml")
    assert brief(found) == [("S003", 1, 1)]
    assert found[0].message == 'missing required key "version" in the top level'


def test_wrong_type_names_both_types():
    found = lint_text("""
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            location: scripts/a.sh
        """, name="appspec.yml")
    assert brief(found) == [("S004", 5, 5)]
    assert found[0].message == "hooks.AfterInstall must be a list or empty, not a mapping"
    assert found[0].hint == "write the event's scripts as a list: each entry starts with '- location:'"


def test_command_read_as_mapping_is_wrong_type():
    found = lint_text("""
        version: 0.2
        phases:
          build:
            commands:
              - echo Status: done
        """)
    codes = [(d.code, d.line) for d in found]
    assert ("S004", 5) in codes or ("B001", 5) in codes


def test_invalid_value_lists_valid_ones_and_suggests():
    found = lint_text("version: 0.0\nos: Linux\n", name="appspec.yml")
    assert brief(found) == [("S005", 2, 5)]
    assert found[0].message == 'invalid value "Linux" for os: expected one of "linux", "windows" (did you mean "linux"?)'


def test_quoted_version_in_ec2_is_wrong_type_with_hint():
    found = lint_text("version: '0.0'\nos: linux\n", name="appspec.yml")
    assert brief(found) == [("S004", 1, 10)]
    assert found[0].message == 'version must be a number, not "0.0"'
    assert found[0].hint == "write `version: 0.0` without quotes"


def test_buildspec_version_invalid():
    found = lint_text("version: 1.0\nphases:\n  build:\n    commands: [make]\n")
    assert brief(found) == [("S005", 1, 10)]
    assert found[0].message == 'invalid value 1.0 (read by YAML as a number) for version: expected one of "0.1", "0.2"'


def test_out_of_range_numbers_and_counts():
    found = lint_text("""
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            - location: a.sh
              timeout: 0
        """, name="appspec.yml")
    assert brief(found) == [("S006", 6, 16)]
    assert found[0].message == "hooks.AfterInstall[0].timeout is 0, less than the minimum 1: expected a whole number of seconds from 1 to 3600"
    found = lint_text("""
        version: 0.2
        phases:
          build:
            commands: [make]
        cache:
          paths: [x]
          key: k
          fallback-keys: [a, b, c, d, e, f]
        """)
    assert brief(found) == [("S006", 8, 18)]
    assert found[0].message == "cache.fallback-keys has 6 items; at most 5 are allowed"


def test_timeout_over_an_hour_is_a_warning():
    found = lint_text("""
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            - location: a.sh
              timeout: 7200
        """, name="appspec.yml")
    assert [(d.code, str(d.severity)) for d in found] == [("S006", "warning")]


def test_conflicting_keys_and_reserved_names():
    found = lint_text("""
        version: 0.2
        env:
          variables:
            CODEBUILD_X: "1"
        batch:
          build-list:
            - identifier: a
              env:
                compute-type: BUILD_GENERAL1_SMALL
                fleet: f
        phases:
          build:
            commands: [make]
        """)
    assert brief(found) == [("S007", 4, 5), ("S007", 8, 7)]
    assert found[0].message == 'variable name "CODEBUILD_X" starts with the reserved prefix CODEBUILD_'
    assert found[1].message == "compute-type and fleet cannot both be set in one task"


def test_placeholders_are_noted_not_errors():
    found = lint_text("""
        version: 0.0
        Resources:
          - fn:
              Type: AWS::Lambda::Function
              Properties:
                Name: f
                Alias: "{{ alias }}"
                CurrentVersion: "1"
                TargetVersion: "${TARGET}"
        """, name="appspec.yml")
    assert [(d.code, str(d.severity), d.line) for d in found] == [("S008", "info", 7), ("S008", "info", 9)]


def test_empty_section_is_a_warning():
    found = lint_text("version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n")
    assert [(d.code, str(d.severity), d.line) for d in found] == [("S004", "warning", 5)]
    assert found[0].message.startswith("artifacts is empty; AWS reads it as if it were absent")


def test_batch_buildspec_needs_no_phases():
    found = lint_text("""
        version: 0.2
        batch:
          fast-fail: false
          build-list:
            - identifier: linux
              buildspec: ci/linux.yml
        """)
    assert found == []


def test_phases_required_without_batch():
    found = lint_text("version: 0.2\nartifacts:\n  files: ['**/*']\n")
    assert brief(found) == [("S003", 1, 1)]
    assert found[0].message == 'missing required key "phases" in the top level'


def test_ecs_load_balancer_info_as_list():
    found = lint_text("""
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
                LoadBalancerInfo:
                  - ContainerName: web
                    ContainerPort: 80
        """, name="appspec.yaml")
    assert brief(found) == [("S004", 8, 11)]
    assert found[0].hint == "LoadBalancerInfo is a mapping: remove the '- ' before ContainerName"


# -- an explicitly quoted empty value in a Lambda or ECS appspec is a slot the pipeline fills ----

LAMBDA_SLOTS = ("version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties:\n"
                "        Name: {q}{q}\n        Alias: {q}{q}\n        CurrentVersion: {q}{q}\n        TargetVersion: {q}{q}\n")
ECS_SLOTS = ("version: 0.0\nResources:\n  - svc:\n      Type: AWS::ECS::Service\n      Properties:\n"
             "        TaskDefinition: {q}{q}\n        LoadBalancerInfo:\n          ContainerName: {q}{q}\n"
             "          ContainerPort: 80\n")


@pytest.mark.parametrize("quote", ['"', "'"])
@pytest.mark.parametrize("template,lines", [(LAMBDA_SLOTS, [6, 7, 8, 9]), (ECS_SLOTS, [6, 8])])
def test_quoted_empty_values_in_lambda_and_ecs_appspecs_are_template_slots(template, lines, quote):
    found = lint_text(template.format(q=quote), "appspec.yml")
    assert [(d.code, d.severity.name, d.line) for d in found] == [("S008", "INFO", line) for line in lines]
    assert all("template placeholder" in d.message for d in found)


def test_an_empty_value_is_still_reported_where_nothing_fills_it_in():
    # EC2/On-Premises appspecs go to the agent as they are; a Lambda value left out entirely is a mistake.
    ec2 = lint_text('version: 0.0\nos: linux\nfiles:\n  - source: ""\n    destination: /srv\n', "appspec.yml")
    assert "S008" not in [d.code for d in ec2]
    lam = lint_text(LAMBDA_SLOTS.format(q='"').replace('        TargetVersion: ""\n', ""), "appspec.yml")
    assert ("S003", 5) in [(d.code, d.line) for d in lam]
