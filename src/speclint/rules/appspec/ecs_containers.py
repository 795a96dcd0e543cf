"""An ECS appspec's LoadBalancerInfo against its task definition (shared by A124 and A125)."""

from __future__ import annotations

import os
from typing import Iterator, Optional

from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.source.nodes import Node, ScalarNode
from speclint.record import record
from speclint.rules.helpers import ci_get, resource_properties


@record
class Target:
    """The container and port an appspec routes traffic to, and the task definition it is checked against.

    `certain` is True when the Blue/Green action registers exactly this file: the appspec's
    TaskDefinition is the `<TASK_DEFINITION>` placeholder, the file is where the action looks,
    and no buildspec there rewrites it. Otherwise `doubt` says why the match is an inference.
    """

    json_path: tuple
    name_node: Optional[Node]
    name: Optional[str]
    port_node: Optional[Node]
    port: Optional[int]
    task_definition: ecs_pipeline.TaskDefinition
    shown: str  # the task definition's path as the user would write it
    certain: bool
    doubt: str

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.certain else Severity.WARNING

    def position(self, node: Node) -> str:
        return f"{self.shown}:{node.start_line}:{node.start_column}"


def targets(doc) -> Iterator[Target]:
    """One Target per ECS resource whose LoadBalancerInfo can be compared with a task definition on disk."""
    found = None
    for index, name, props in resource_properties(doc):
        _, info = ci_get(props, "LoadBalancerInfo")
        if info is None:
            continue
        _, name_node = ci_get(info, "ContainerName")
        _, port_node = ci_get(info, "ContainerPort")
        container = name_node.value if isinstance(name_node, ScalarNode) and isinstance(name_node.value, str) else None
        if container is not None and (not container.strip() or ecs_pipeline.is_placeholder(container)):
            container = None
        if container is None:
            continue
        if found is None:
            found = ecs_pipeline.task_definition_for(doc) or False
        if not found:
            return
        if _outside_tree(doc, found.path):
            return  # a symlink out of the repository is never read
        task_definition = ecs_pipeline.read_task_definition(found.path)
        if task_definition is None or task_definition.containers is None:
            return
        certain, doubt = _certainty(doc, props, found)
        yield Target(("Resources", index, name, "Properties", "LoadBalancerInfo"), name_node, container, port_node,
                     ecs_pipeline.port_number(port_node), task_definition, ecs_pipeline.shown(doc, found.path), certain, doubt)


def _certainty(doc, props, found: ecs_pipeline.Located) -> tuple:
    _, node = ci_get(props, "TaskDefinition")
    value = node.value.strip() if isinstance(node, ScalarNode) and isinstance(node.value, str) else ""
    name = os.path.basename(found.path)
    if ecs_pipeline.git_ignored(found.path):
        return False, (f"if the {name} the build generates is like this local copy, which git ignores "
                       "(it is not in the source revision)")
    if not found.beside:
        return False, f"if {name} in another folder is the task definition this deployment registers ({found.via})"
    if value != ecs_pipeline.task_definition_placeholder() or doc.context.option("ecs-pipeline", ecs_pipeline.ECS_PIPELINE) is False:
        return False, f"if the task definition this appspec deploys ({value or 'TaskDefinition'}) matches {name}"
    writer = ecs_pipeline.rewritten_by(found.path)
    if writer:
        return False, f"if the build does not change the container names and ports of {name} ({writer} writes it)"
    return True, ""


def _outside_tree(doc, path: str) -> bool:
    """Whether the task definition's symlinks lead out of the appspec's repository (else
    the folder that holds both files as written): such a file is not read."""
    from speclint.revision.files import escapes

    if not doc.fs_path:
        return False
    folder = os.path.dirname(os.path.abspath(doc.fs_path))
    root = ecs_pipeline.repository_root(folder) or os.path.commonpath([folder, os.path.abspath(path)])
    return escapes(root, path)
