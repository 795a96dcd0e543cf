"""Which kind of file this is (buildspec or appspec) and which appspec variant.

Names decide first (`buildspec*.yml`, `appspec.yml`), content second: explicit paths are
linted whatever their name. The variant of an appspec comes from its content: `Resources`
with `AWS::Lambda::Function` or `AWS::ECS::Service`, else EC2/On-Premises.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from speclint.nodes import MappingNode, Node, ScalarNode, SequenceNode
from speclint.record import record

BUILDSPEC, APPSPEC = "buildspec", "appspec"
EC2, LAMBDA, ECS = "ec2", "lambda", "ecs"
KINDS = (BUILDSPEC, APPSPEC)
VARIANTS = (EC2, LAMBDA, ECS)

BUILDSPEC_NAME = re.compile(r"^buildspec[^/]*\.ya?ml$", re.IGNORECASE)
APPSPEC_NAME = re.compile(r"^appspec[^/]*\.(?:ya?ml|json)$", re.IGNORECASE)

_LAMBDA_HOOKS = {"beforeallowtraffic", "afterallowtraffic"}
_ECS_ONLY_HOOKS = {"beforeinstall", "afterinstall", "afterallowtesttraffic"}


@record(frozen=True)
class Classification:
    kind: Optional[str]
    variant: Optional[str] = None
    reason: str = ""
    # The kind the file name suggests when the content overruled it (a misnamed file).
    misnamed_as: Optional[str] = None


def kind_from_name(path: str) -> Optional[str]:
    name = os.path.basename(path.replace("\\", "/").rstrip("/"))
    if BUILDSPEC_NAME.match(name):
        return BUILDSPEC
    if APPSPEC_NAME.match(name):
        return APPSPEC
    return None


def _ci_get(node: MappingNode, key: str) -> Optional[Node]:
    for k, v in node.entries():
        if isinstance(k, ScalarNode) and isinstance(k.value, str) and k.value.lower() == key:
            return v
    return None


def kind_from_content(root: Optional[Node]) -> Optional[str]:
    if not isinstance(root, MappingNode):
        return None
    keys = {k.lower() for k in root.keys()}
    if keys & {"phases", "batch", "environment_variables"} or ({"artifacts", "env", "cache", "reports"} & keys and "version" in keys):
        return BUILDSPEC
    if "awstemplateformatversion" in keys or "transform" in keys:
        return None  # a CloudFormation/SAM template, not an appspec
    if keys & {"os", "files", "permissions", "hooks", "resources", "file_exists_behavior"}:
        return APPSPEC
    version = root.get("version")
    if isinstance(version, ScalarNode):
        text = str(version.value)
        if text in ("0.1", "0.2"):
            return BUILDSPEC
        if text in ("0.0", "0"):
            return APPSPEC
    return None


def strong_kind_from_content(root: Optional[Node]) -> Optional[str]:
    """The kind only when the content leaves no doubt (used to catch misnamed files)."""
    if not isinstance(root, MappingNode):
        return None
    keys = set(root.keys())
    if "phases" in keys and not keys & {"os", "hooks", "Resources", "resources", "Hooks"}:
        return BUILDSPEC
    if ("os" in keys or "Resources" in keys) and not keys & {"phases", "batch"}:
        return APPSPEC
    return None


def appspec_variant(root: Optional[Node]) -> str:
    if not isinstance(root, MappingNode):
        return EC2
    resources = _ci_get(root, "resources")
    if isinstance(resources, SequenceNode):
        for item in resources.items:
            if not isinstance(item, MappingNode):
                continue
            for name, body in item.entries():
                if isinstance(name, ScalarNode) and str(name.value) == "TargetService":
                    return ECS
                if isinstance(body, MappingNode):
                    type_node = _ci_get(body, "type")
                    if isinstance(type_node, ScalarNode) and isinstance(type_node.value, str):
                        if "lambda" in type_node.value.lower():
                            return LAMBDA
                        if "ecs" in type_node.value.lower():
                            return ECS
                    props = _ci_get(body, "properties")
                    if isinstance(props, MappingNode):
                        pkeys = {k.lower() for k in props.keys()}
                        if pkeys & {"taskdefinition", "loadbalancerinfo"}:
                            return ECS
                        if pkeys & {"alias", "currentversion", "targetversion"}:
                            return LAMBDA
    if resources is not None or (isinstance(_ci_get(root, "hooks"), SequenceNode) and "os" not in root):
        hooks = _ci_get(root, "hooks")
        names = set()
        if isinstance(hooks, SequenceNode):
            for item in hooks.items:
                if isinstance(item, MappingNode):
                    names |= {k.lower() for k in item.keys()}
        if names & _ECS_ONLY_HOOKS:
            return ECS
        if names & _LAMBDA_HOOKS or resources is not None:
            return LAMBDA
    return EC2


def classify(path: str, root: Optional[Node], forced_kind: Optional[str] = None) -> Classification:
    misnamed_as = None
    if forced_kind:
        kind, reason = forced_kind, "--kind"
    else:
        kind, reason = kind_from_name(path), "file name"
        by_content = strong_kind_from_content(root)
        if kind is None:
            kind, reason = kind_from_content(root), "content"
        elif by_content and by_content != kind:
            misnamed_as, kind, reason = kind, by_content, "content"
    if kind == APPSPEC:
        return Classification(kind, appspec_variant(root), reason, misnamed_as)
    return Classification(kind, None, reason, misnamed_as)
