from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.ecs_pipeline import is_placeholder
from speclint.rules.appspec.ecs_containers import targets
from speclint.rules.base import ECS, Rule
from speclint.suggest import closest, quoted_list


class EcsContainerName(Rule):
    """An ECS appspec's `ContainerName` that is not a container of its task definition.

    What it does:
    For an ECS appspec on disk, finds its task definition - the file named by
    `ecs-task-definition-path` (default `taskdef.json`) where the Amazon ECS (Blue/Green)
    pipeline action looks for it, else a file that a buildspec of the repository copies
    there or uploads in one artifact with the appspec (never a lone file of that name in a
    neighbouring folder, such as another service's) - and checks that `LoadBalancerInfo.ContainerName` is one of its `containerDefinitions[].name`.
    Names that are placeholders (`<NAME>`, `${NAME}`, `{{name}}`) on either side are not
    judged. The message names the task definition's containers with their line and column
    (the first ten, and how many more). The suggestion is the one container that maps the
    appspec's `ContainerPort`, else the one whose name contains the appspec's (or is
    contained in it), else the closest spelling.

    An error when the pipeline registers exactly this file (`TaskDefinition:
    <TASK_DEFINITION>`, the file where the action looks, not ignored by git, and no
    buildspec anywhere in the repository writes or edits it - `sed -i`, `>`, `envsubst`,
    `jq`, `aws ecs describe-task-definition`, a renderer, with `cd` followed); otherwise a
    warning, because the task definition deployed may differ from the file (an ARN in
    `TaskDefinition`, a template in another folder, a git-ignored local copy, a build that writes
    the file).

    Why it matters:
    CodeDeploy creates the replacement task set with this container as the load balancer
    target; ECS rejects a container the task definition does not have (`The container web
    does not exist in the task definition.`), and the deployment fails after the build.

    Example:
    ```yaml
    LoadBalancerInfo:
      ContainerName: web-app     # taskdef.json names its container "web"
      ContainerPort: 80
    ```

    Fragment: the rule reads taskdef.json beside the appspec on disk.

    Use instead:
    ```yaml
    LoadBalancerInfo:
      ContainerName: web
      ContainerPort: 80
    ```

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html
      (`ContainerName` "must be a container specified in your Amazon ECS task definition")
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
      (TaskDefinitionTemplatePath, default `taskdef.json`; AppSpecTemplatePath, default `appspec.yaml`)
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
      (`<TASK_DEFINITION>` and `<IMAGE1_NAME>` placeholders)
    - ECS's message for an unknown load balancer container, quoted by an AWS engineer in
      https://github.com/aws/amazon-ecs-agent/issues/1276
    """

    code = "A124"
    name = "ecs-container-name"
    severity = Severity.ERROR
    summary = "an ECS appspec's ContainerName that its task definition does not define"
    applies_to = ECS
    prevents = "The container <name> does not exist in the task definition."
    options = {"ecs-pipeline": ecs_pipeline.ECS_PIPELINE, **ecs_pipeline.task_definition_options()}

    def check(self, doc):
        for target in targets(doc):
            containers = target.task_definition.containers
            if any(c.name is None or is_placeholder(c.name) for c in containers):
                continue
            known = [c.name for c in containers]
            if target.name in known:
                continue
            listed = ", ".join(f'"{c.name}" ({target.position(c.name_node)})' for c in containers[:_LISTED]) or "none"
            if len(containers) > _LISTED:
                listed += f", … and {len(containers) - _LISTED} more"
            guess = _by_port(target, containers) or _contained(target.name, known) or closest(target.name, known)
            message = (f'ContainerName "{target.name}" is not a container of the task definition {target.shown} '
                       f"(its containers: {listed})")
            if target.doubt:
                message += f"; the deployment fails {target.doubt}"
            hint = (f'write "{guess}"' if guess else f"use one of {quoted_list(known)}" if known
                    else f"add the container to containerDefinitions in {target.shown}")
            if known:
                hint += f", or rename the container in {target.shown}"
            yield self.report(doc, target.name_node, message, hint, severity=target.severity,
                              path=(*target.json_path, "ContainerName"))



_LISTED = 10  # containers named in the message; the rest are counted


def _by_port(target, containers):
    """The one container that maps the appspec's ContainerPort: the load balancer's target."""
    hits = [c.name for c in containers if target.port is not None and any(p == target.port for p, _ in c.ports)]
    return hits[0] if len(hits) == 1 else None


def _contained(name: str, known: list):
    """The one known name that contains, or is contained in, `name` ("api" for "api-server"), ignoring case."""
    hits = [n for n in known if n.lower() in name.lower() or name.lower() in n.lower()]
    return hits[0] if len(hits) == 1 else None
