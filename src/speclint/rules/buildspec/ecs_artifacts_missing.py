import os

from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule

# The files of the Blue/Green action, by their configuration key: the AppSpec file, the task definition, the image file.
ECS_KEYS = ("ecs-appspec-path", "ecs-task-definition-path", "ecs-image-detail-file")


class EcsArtifactsMissing(Rule):
    """An ECS blue/green build whose artifacts leave out appspec.yaml, taskdef.json or imageDetail.json.

    What it does:
    For a buildspec on disk with an artifact whose root folder (`base-directory`, else the
    source root) holds the AppSpec file and the task definition of a CodePipeline "Amazon
    ECS (Blue/Green)" deployment (`ecs-appspec-path` and `ecs-task-definition-path`, default
    `appspec.yaml` and `taskdef.json`), checks that an artifact - the primary or a
    secondary one - uploads each of them, and the image file (`ecs-image-detail-file`,
    default `imageDetail.json`) when it is in the source. An image file that a command
    writes is checked by B034, at the path it is written to.

    Why it matters:
    The deploy action reads these files from the build artifact; when one is missing it
    fails after the build, e.g. `Exception while trying to read the task definition
    artifact file from: SourceArtifact`.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - make image
    artifacts:
      files:
        - imageDetail.json
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
    artifacts:
      files:
        - imageDetail.json
        - appspec.yaml
        - taskdef.json
    ```

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
    """

    code = "B025"
    name = "ecs-artifacts-missing"
    severity = Severity.WARNING
    summary = "an ECS blue/green build whose artifacts lack appspec.yaml, taskdef.json or imageDetail.json"
    applies_to = BUILDSPEC
    options = {key: ecs_pipeline.NAME_OPTIONS[key] for key in ECS_KEYS}

    def check(self, doc):
        for artifact, missing in _missing(doc):
            section = _section(doc, artifact.json_path)
            where = ".".join(str(p) for p in artifact.json_path)
            yield self.report(doc, section.get_key("files") or section,
                              f"the artifact leaves out {', '.join(missing)}, which the ECS blue/green deploy action reads",
                              f"add {', '.join(missing)} to {where}.files", path=(*artifact.json_path, "files"))


def _missing(doc) -> list:
    """(artifact, [names]) for each artifact whose root folder holds the Blue/Green action's
    AppSpec file and task definition (names from the `ecs-*` configuration) and its image
    file if that is in the source, when no artifact (primary or secondary) uploads them.
    Image files that a command writes are B034's."""
    artifacts = ecs_pipeline.artifacts(doc)
    configured = ecs_pipeline.names(doc.context)
    folder = os.path.dirname(os.path.abspath(doc.fs_path or "."))
    out, seen = [], set()
    for artifact in artifacts:
        if "$" in artifact.base or artifact.base in seen:
            continue
        seen.add(artifact.base)
        root = os.path.join(folder, artifact.base)
        files = [configured[key].strip().lstrip("/") for key in ECS_KEYS]
        present = [name for name in files if os.path.isfile(os.path.join(root, name))]
        if not all(name in present for name in files[:2]):
            continue
        if files[2] in present and _written(doc, os.path.basename(files[2])):
            present.remove(files[2])
        relative = [("/".join(p for p in (artifact.base, name) if p)) for name in present]
        missing = [name for name, rel in zip(present, relative) if not any(ecs_pipeline.uploads(a, rel) for a in artifacts)]
        if missing:
            out.append((artifact, missing))
    return out


def _written(doc, name: str) -> bool:
    from speclint.source.nodes import ScalarNode
    from speclint.rules.helpers import commands

    return any(isinstance(n, ScalarNode) and name in str(n.value) for _, n in commands(doc))


def _section(doc, json_path: tuple):
    node = doc.mapping
    for key in json_path:
        node = node.get(key)
    return node
