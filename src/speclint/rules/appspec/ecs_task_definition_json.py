import os

from speclint import ecs_pipeline
from speclint.diagnostics import Diagnostic, Severity, Span
from speclint.rules.base import ECS, Rule


class EcsTaskDefinitionJson(Rule):
    """The task definition beside an ECS appspec is not strict JSON.

    What it does:
    For an ECS appspec on disk, finds its task definition as A124 does and reports the first
    thing in it that a JSON parser rejects: a trailing comma, a comment, single quotes, an
    unquoted string or a literal JSON does not have (`True`, `0x1F`, `.5`), YAML instead of
    JSON, text that is not UTF-8. The finding is placed in the task definition, at the
    problem. The file is read with speclint's position-exact loader, which also reads JSON.

    A warning: the Amazon ECS (Blue/Green) action reads the task definition as JSON, and
    `aws ecs register-task-definition --cli-input-json` needs JSON, but the action's own
    message for a malformed file is not documented.

    Why it matters:
    Exported task definitions are often edited by hand (a field removed, a trailing comma
    left behind); the pipeline then fails when it registers the task definition, after the
    build, and the message does not name the line.

    Example:
    ```json
    {
      "family": "shop",
      "containerDefinitions": [ { "name": "web", "image": "<IMAGE1_NAME>" } ],
    }
    ```

    Use instead:
    ```json
    {
      "family": "shop",
      "containerDefinitions": [ { "name": "web", "image": "<IMAGE1_NAME>" } ]
    }
    ```

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
      (the action reads the task definition file, default `taskdef.json`)
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
      (`taskdef.json` registered with `aws ecs register-task-definition --cli-input-json`)
    - https://www.rfc-editor.org/rfc/rfc8259 (JSON: no comments, no trailing commas, strings in double quotes)
    """

    code = "A126"
    name = "ecs-task-definition-json"
    severity = Severity.WARNING
    summary = "the task definition beside an ECS appspec is not strict JSON"
    applies_to = ECS

    def check(self, doc):
        located = ecs_pipeline.task_definition_for(doc)
        if located is None:
            return
        problems = ecs_pipeline.json_problems(located.path)
        if not problems:
            return
        first = problems[0]
        name = os.path.basename(located.path)
        yield Diagnostic(
            path=ecs_pipeline.shown(doc, located.path), span=Span(first.line, first.column, first.end_line, first.end_column),
            code=self.code, name=self.name, severity=self.severity,
            message=f"{first.message}: {name} is not JSON, and the ECS deploy action reads it as JSON",
            hint=first.hint)
