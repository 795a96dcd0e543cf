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

    A template placeholder outside a string (`"cpu": ${CPU}`) is not a JSON error but a
    template: nothing is reported when a buildspec of the repository writes the file (it
    renders it), else one note (info). A task definition larger than 1 MiB is not read; one
    note says so. Valid JSON escapes, also surrogate pairs (`"\\ud83d\\ude80"`), are fine.

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

    Fragment: the example is the taskdef.json file the rule reads beside the appspec.

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
    options = ecs_pipeline.task_definition_options()

    def check(self, doc):
        located = ecs_pipeline.task_definition_for(doc)
        if located is None:
            return
        name = os.path.basename(located.path)
        shown = ecs_pipeline.shown(doc, located.path)
        if ecs_pipeline.too_large(located.path):
            yield Diagnostic(path=shown, span=Span(1, 1, 1, 2), code=self.code, name=self.name, severity=Severity.INFO,
                             message=f"{name} is larger than 1 MiB and was not checked (A124, A125, A126)",
                             hint="none needed; the ECS checks skip files this large")
            return
        problems = ecs_pipeline.json_problems(located.path)
        local = " (a local copy that git ignores)" if problems and ecs_pipeline.git_ignored(located.path) else ""
        if problems:
            first = problems[0]
            yield Diagnostic(
                path=shown, span=Span(first.line, first.column, first.end_line, first.end_column),
                code=self.code, name=self.name, severity=self.severity,
                message=f"{first.message}: {name}{local} is not JSON, and the ECS deploy action reads it as JSON",
                hint=first.hint)
            return
        holes = ecs_pipeline.template_holes(located.path)
        if holes and not ecs_pipeline.rewritten_by(located.path):
            line, column, text = holes[0]
            more = f" (and {len(holes) - 1} more)" if len(holes) > 1 else ""
            yield Diagnostic(
                path=shown, span=Span(line, column, line, column + len(text)), code=self.code, name=self.name,
                severity=Severity.INFO,
                message=f"{text} is a template placeholder{more}: {name} is a template, and no buildspec of the "
                        "repository renders it; the ECS deploy action needs JSON",
                hint=f"render {name} in the build (envsubst, sed) before the deploy action reads it")
