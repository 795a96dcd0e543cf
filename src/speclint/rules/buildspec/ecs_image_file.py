import os

from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import commands


class EcsImageFile(Rule):
    """A build for the Amazon ECS (Blue/Green) action that uploads the standard ECS action's image file instead of its own.

    What it does:
    For a buildspec on disk next to the files of a CodePipeline "Amazon ECS (Blue/Green)"
    deployment - an ECS appspec at `ecs-appspec-path` (default `appspec.yaml`) and a task
    definition at `ecs-task-definition-path` (default `taskdef.json`) that contains the image
    placeholder `ecs-image-placeholder` (default `<IMAGE1_NAME>`) - reports an artifact that
    uploads `imagedefinitions.json` when no artifact uploads `imageDetail.json`. A file is
    uploaded when a command writes it or it is in the source, and a `files` pattern of the
    primary or a secondary artifact matches it relative to that artifact's `base-directory`.
    A build that uploads neither file is not reported: an Amazon ECR source action can
    provide `imageDetail.json`.

    A warning: the pipeline definition is not in the files, and the image may reach the
    Blue/Green action from elsewhere; but a task definition with an image placeholder is
    only filled in by the Blue/Green action, and it reads `imageDetail.json`.

    Why it matters:
    The two ECS deploy actions read different files: the standard action reads
    `imagedefinitions.json` (`[{"name": ..., "imageUri": ...}]`), the Blue/Green action
    (`CodeDeployToECS`) reads `imageDetail.json` (`{"ImageURI": ...}`). Given only the
    first, the Blue/Green action has no image file to read and the deployment fails after
    the build (its exact message is not documented).

    Example:
    ```yaml
    version: 0.2
    phases:
      post_build:
        commands:
          - printf '[{"name":"web","imageUri":"%s"}]' $IMAGE > imagedefinitions.json
    artifacts:
      files:
        - imagedefinitions.json
        - appspec.yaml
        - taskdef.json
    ```
    beside these files of the Blue/Green action (the default `ecs-*` paths):
    ```yaml appspec.yaml
    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: <TASK_DEFINITION>
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80
    ```
    ```json taskdef.json
    {"family": "web", "containerDefinitions": [{"name": "web", "image": "<IMAGE1_NAME>",
      "portMappings": [{"containerPort": 80}]}]}
    ```

    Use instead:
    ```yaml
    version: 0.2
    phases:
      post_build:
        commands:
          - printf '{"ImageURI":"%s"}' $IMAGE > imageDetail.json
    artifacts:
      files:
        - imageDetail.json
        - appspec.yaml
        - taskdef.json
    ```

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html
      (imagedefinitions.json for the standard action; imageDetail.json for blue/green)
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
      (the `CodeDeployToECS` action "looks for an `imageDetail.json` file")
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
      (`<IMAGE1_NAME>` in `taskdef.json`)
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.artifacts.files
    """

    code = "B033"
    name = "ecs-image-file"
    severity = Severity.WARNING
    summary = "an ECS blue/green build that uploads imagedefinitions.json but no imageDetail.json"
    applies_to = BUILDSPEC
    options = dict(ecs_pipeline.NAME_OPTIONS)

    def check(self, doc):
        artifacts = ecs_pipeline.artifacts(doc)
        if not artifacts:
            return
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        configured = ecs_pipeline.names(doc.context)
        bases = [""] + [a.base for a in artifacts if a.base and "$" not in a.base]
        placeholder = configured["ecs-image-placeholder"]
        taskdef = ecs_pipeline.first_file(folder, bases, configured["ecs-task-definition-path"])
        appspec = ecs_pipeline.first_file(folder, bases, configured["ecs-appspec-path"])
        if not taskdef or not appspec or placeholder not in ecs_pipeline.head_text(taskdef) or "aws::ecs::service" not in ecs_pipeline.head_text(appspec).lower():
            return
        text = "\n".join(str(n.value) for _, n in commands(doc) if isinstance(n, ScalarNode))
        detail = configured["ecs-image-detail-file"]
        definitions = configured["ecs-image-definitions-file"]
        if ecs_pipeline.uploaded(folder, artifacts, text, detail):
            return
        found = ecs_pipeline.uploaded(folder, artifacts, text, definitions)
        if found is None:
            return
        artifact, (index, node) = found
        shown_taskdef = os.path.relpath(taskdef, folder).replace(os.sep, "/")
        listed = any(os.path.basename(n.value.strip()) == detail for a in artifacts for _, n in a.patterns)
        blue_green = "the image file of the Amazon ECS (Blue/Green) action"
        why = (f"{detail}, {blue_green}, is listed in files and no command writes it" if listed
               else f"no artifact uploads {detail}, {blue_green}")
        yield self.report(
            doc, node,
            f"this artifact uploads {definitions}, the image file of the standard Amazon ECS deploy action, but {why}; "
            f"{shown_taskdef} has the image placeholder {placeholder}, which only the Blue/Green action fills in",
            f"write the image URI as {{\"ImageURI\": \"...\"}} to {detail} and upload it, or give the Blue/Green action "
            f"an Amazon ECR source action's output",
            path=(*artifact.json_path, "files", index),
        )

