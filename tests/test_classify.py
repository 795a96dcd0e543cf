"""Kind and variant from file name and content."""

import pytest

from speclint.source.classify import classify
from speclint.lint import Options, lint_bytes
from speclint.source.loader import load

EC2 = b"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n"
LAMBDA = b"version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties: {Name: f, Alias: live, CurrentVersion: '1', TargetVersion: '2'}\n"
ECS = b"version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:1\n        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}\n"
BUILDSPEC = b"version: 0.2\nphases:\n  build:\n    commands: [make]\n"
ECS_JSON = b'{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1", "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}]}'


@pytest.mark.parametrize("name,data,kind,variant", [
    ("appspec.yml", EC2, "appspec", "ec2"),
    ("appspec.yaml", LAMBDA, "appspec", "lambda"),
    ("appspec.yaml", ECS, "appspec", "ecs"),
    ("appspec.json", ECS_JSON, "appspec", "ecs"),
    ("AppSpec.yaml", LAMBDA, "appspec", "lambda"),
    ("buildspec.yml", BUILDSPEC, "buildspec", None),
    ("buildspec-release.yaml", BUILDSPEC, "buildspec", None),
    ("codebuild/deploy.yml", BUILDSPEC, "buildspec", None),
    ("deploy/lambda-appspec-template.yml", LAMBDA, "appspec", "lambda"),
    ("ci/ecs.yml", ECS, "appspec", "ecs"),
])
def test_kind_and_variant(name, data, kind, variant):
    result = lint_bytes(name, data, Options())
    assert (result.kind, result.variant) == (kind, variant)
    assert [d for d in result.diagnostics if d.severity >= 2] == []


def test_hooks_only_lambda_and_ecs_by_hook_names():
    data = b"version: 0.0\nHooks:\n  - AfterAllowTestTraffic: fn\n"
    assert classify("appspec.yml", load(data).root).variant == "ecs"
    data = b"version: 0.0\nHooks:\n  - BeforeAllowTraffic: fn\n"
    assert classify("appspec.yml", load(data).root).variant == "lambda"


def test_forced_kind_wins():
    result = lint_bytes("notes.yml", BUILDSPEC, Options(kind="buildspec"))
    assert result.kind == "buildspec"
    result = lint_bytes("buildspec.yml", EC2, Options(kind="appspec"))
    assert (result.kind, result.variant) == ("appspec", "ec2")


def test_unrecognized_file_gets_one_notice():
    result = lint_bytes("ci/pipeline.yml", b"steps:\n  - run: make\n", Options())
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("F001", 1, 1)]
    assert result.diagnostics[0].message == "cannot tell whether this file is a buildspec or an appspec; it was not checked"


def test_cloudformation_template_is_not_an_appspec():
    data = b"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
    result = lint_bytes("template.yml", data, Options())
    assert result.kind is None


def test_misnamed_file_is_checked_by_content():
    result = lint_bytes("appspec.yaml", BUILDSPEC, Options())
    assert result.kind == "buildspec"
    assert [(d.code, d.line) for d in result.diagnostics] == [("F002", 1)]
    assert result.diagnostics[0].message == "file is named like an appspec but contains a buildspec; it was checked as a buildspec"
