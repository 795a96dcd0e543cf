"""Findings about buildspecs embedded in CloudFormation, CDK and Terraform files (speclint.source.hosts)."""

from __future__ import annotations

from speclint.diagnostics import Severity
from speclint.rules.base import Rule


class EmbeddedNotChecked(Rule):
    """A CodeBuild project's buildspec that speclint could not read from the template.

    What it does:
    Reports, at the project's `BuildSpec` (CloudFormation, CDK) or `buildspec` (Terraform)
    value, a buildspec that exists only once the stack is deployed or the plan is applied:
    assembled with `Fn::Join`, chosen with `Fn::If`, a parameter (`!Ref`), an Amazon S3
    object, a Terraform expression (`local.spec`, `jsonencode(...)`); or a buildspec named
    by path that is not in this repository. It says why, so a clean run does not pretend
    that buildspec was checked.

    Why it matters:
    Nothing is wrong with these forms; the buildspec they produce is still unchecked.
    Write it as a literal string (`BuildSpec: |`, `!Sub |`, a heredoc) or keep it in a
    file of the repository to have it linted where it lives.

    Example:
    Fragment: the example is a template (`infra/pipeline.yaml`), which the docs test lints as a buildspec or appspec file.
    ```yaml
    Parameters:
      BuildSpecText:
        Type: String
    Resources:
      Build:
        Type: AWS::CodeBuild::Project
        Properties:
          Source:
            Type: CODEPIPELINE
            BuildSpec: !Ref BuildSpecText
    ```

    Use instead:
    ```yaml
    Resources:
      Build:
        Type: AWS::CodeBuild::Project
        Properties:
          Source:
            Type: CODEPIPELINE
            BuildSpec: |
              version: 0.2
              phases:
                build:
                  commands:
                    - make
    ```

    References:
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-source.html
      (BuildSpec: an inline buildspec, a path relative to the source root, or an S3 object)
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codebuild_project#buildspec
    """

    code = "F007"
    name = "embedded-not-checked"
    severity = Severity.INFO
    summary = "a project's buildspec in a template is computed, in Amazon S3 or not in the repository: not checked"
    stage = "hosts"
