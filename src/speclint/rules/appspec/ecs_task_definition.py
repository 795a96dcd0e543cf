import re

from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode
from speclint.rules.base import ECS, Rule
from speclint.rules.helpers import ci_get, resource_properties

_ARN = re.compile(r"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition/[A-Za-z0-9_-]+(:\d+)?$")
_PLACEHOLDER = "<TASK_DEFINITION>"


class EcsTaskDefinition(Rule):
    """An ECS `TaskDefinition` that is neither a task-definition ARN nor the pipeline placeholder.

    What it does:
    Accepts `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>` and, in a
    CodePipeline "Amazon ECS (Blue/Green)" action, the literal `<TASK_DEFINITION>`, which the
    action replaces (reported only with `--no-ecs-pipeline`). Other values get a warning.

    Why it matters:
    Outside CodePipeline, CodeDeploy needs the ARN of a registered task definition; a family
    name or a placeholder that nothing replaces fails the deployment.

    Example:
    ```yaml
    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: web
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80
    ```

    Use instead:
    ```yaml
    TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:12
    ```

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
    """

    code = "A111"
    name = "ecs-task-definition"
    severity = Severity.WARNING
    summary = "TaskDefinition is not a task-definition ARN"
    applies_to = ECS
    options = {"ecs-pipeline": ecs_pipeline.ECS_PIPELINE}

    def check(self, doc):
        for i, name, props in resource_properties(doc):
            _, node = ci_get(props, "TaskDefinition")
            if not isinstance(node, ScalarNode) or not isinstance(node.value, str) or not node.value:
                continue
            value = node.value.strip()
            path = ("Resources", i, name, "Properties", "TaskDefinition")
            if value == _PLACEHOLDER:
                if self.option(doc, "ecs-pipeline") is False:
                    yield self.report(doc, node, "TaskDefinition is the CodePipeline placeholder <TASK_DEFINITION>, but --no-ecs-pipeline says no pipeline action fills it in",
                                      "use the task definition's ARN", path=path)
            elif not _ARN.match(value) and not value.startswith(("$", "{{", "<", "#{")) and not re.match(r"^[A-Z0-9_]+$", value):
                yield self.report(doc, node, f'TaskDefinition "{value}" is not a task-definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>)',
                                  "use the full ARN, or <TASK_DEFINITION> in a CodePipeline ECS blue/green action", path=path)
