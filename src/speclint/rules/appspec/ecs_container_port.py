from speclint import ecs_pipeline
from speclint.diagnostics import Diagnostic, Severity
from speclint.rules.appspec.ecs_containers import targets
from speclint.rules.base import ECS, Rule


class EcsContainerPort(Rule):
    """An ECS appspec's `ContainerPort` that its container does not map.

    What it does:
    For an ECS appspec on disk whose `ContainerName` is a container of its task definition
    (found as for A124), checks that `LoadBalancerInfo.ContainerPort` is one of that
    container's `portMappings[].containerPort`. When the port is another container's, the
    message says so. When the container has no `portMappings` at all, the finding is placed
    in the task definition, at the container, because that is where the fix goes. Ports
    that are placeholders are not judged.

    Severity as for A124: an error when the pipeline registers exactly this task definition
    file, else a warning that states the inference.

    Why it matters:
    CodeDeploy registers the replacement task set with the load balancer at this container
    port; ECS rejects a port the container does not define (`The container web did not have
    a container port 8080 defined.`), and the deployment fails.

    Example:
    ```yaml
    LoadBalancerInfo:
      ContainerName: web
      ContainerPort: 8080      # taskdef.json maps containerPort 80 for "web"
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
      (`ContainerPort`: "the port on the container where traffic will be routed to")
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
    - ECS's message for a port the container does not define, in a CodeDeploy blue/green set-up:
      https://github.com/cloudcomponents/cdk-constructs/issues/67
    """

    code = "A125"
    name = "ecs-container-port"
    severity = Severity.ERROR
    summary = "an ECS appspec's ContainerPort that its container does not map"
    applies_to = ECS
    prevents = "The container <name> did not have a container port <port> defined."
    options = {"ecs-pipeline": ecs_pipeline.ECS_PIPELINE, **ecs_pipeline.task_definition_options()}

    def check(self, doc):
        for target in targets(doc):
            if target.port is None:
                continue
            matching = [c for c in target.task_definition.containers if c.name == target.name]
            if len(matching) != 1 or not matching[0].ports_known:
                continue
            container = matching[0]
            ports = [number for number, _ in container.ports]
            if target.port in ports:
                continue
            tail = f"; the deployment fails {target.doubt}" if target.doubt else ""
            if not ports:
                node = container.name_node or container.node
                yield Diagnostic(
                    path=target.shown, span=node.span, code=self.code, name=self.name, severity=target.severity,
                    message=f'container "{target.name}" has no portMappings, but {doc.path}:{target.port_node.start_line}:'
                            f"{target.port_node.start_column} routes the load balancer to its port {target.port}{tail}",
                    hint=f'add "portMappings": [{{"containerPort": {target.port}}}] to container "{target.name}"',
                    json_path=None)
                continue
            listed = ", ".join(f"{number} ({target.position(node)})" for number, node in container.ports)
            others = [c.name for c in target.task_definition.containers
                      if c.name != target.name and any(number == target.port for number, _ in c.ports)]
            message = f'ContainerPort {target.port} is not a containerPort of container "{target.name}" in {target.shown} (its ports: {listed})'
            if others:
                message += f'; {target.port} is a port of container "{others[0]}"'
            hint = (f"write {ports[0]}" if len(set(ports)) == 1 else f"use one of {', '.join(str(p) for p in sorted(set(ports)))}")
            hint += f' (or ContainerName: {others[0]})' if others else f', or map containerPort {target.port} in container "{target.name}"'
            yield self.report(doc, target.port_node, message + tail, hint, severity=target.severity,
                              path=(*target.json_path, "ContainerPort"))
