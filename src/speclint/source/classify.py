"""Which kind of file this is (buildspec or appspec) and which appspec variant.

Names decide first (`buildspec*.yml`, `appspec.yml`), content second: explicit paths are
linted whatever their name. The variant of an appspec comes from its content: `Resources`
with `AWS::Lambda::Function` or `AWS::ECS::Service`, else EC2/On-Premises.

Also here: `sniff()`, the kind of a YAML file from the top-level keys of its first few KB
(no YAML parse, used by the folder search to find freely named buildspecs), `foreign()`,
a file named like ours whose content is another tool's, and `near_miss()`, a name that is
almost the one AWS reads (`appsepc.yml`, `Buildspec.yml`, `appspec.yml.txt`).
"""

from __future__ import annotations

import os
import re
from typing import Optional

from speclint.source.nodes import MappingNode, Node, ScalarNode, SequenceNode
from speclint.record import record

BUILDSPEC, APPSPEC = "buildspec", "appspec"
EC2, LAMBDA, ECS = "ec2", "lambda", "ecs"
KINDS = (BUILDSPEC, APPSPEC)
VARIANTS = (EC2, LAMBDA, ECS)

BUILDSPEC_NAME = re.compile(r"^buildspec[^/]*\.ya?ml$", re.IGNORECASE)
APPSPEC_NAME = re.compile(r"^appspec[^/]*\.(?:ya?ml|json)$", re.IGNORECASE)

# Top-level keys of each format (lower case), from the AWS references
# (build-spec-ref.html#build-spec-ref-syntax, reference-appspec-file-structure.html).
BUILDSPEC_KEYS = frozenset({"version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache",
                            "environment_variables"})
APPSPEC_KEYS = frozenset({"version", "os", "files", "permissions", "hooks", "resources", "file_exists_behavior"})
# The keys that only that format has (`version` is everyone's).
_OWN_KEYS = {BUILDSPEC: BUILDSPEC_KEYS - {"version"}, APPSPEC: APPSPEC_KEYS - {"version"}}
_OWN_VERSIONS = {BUILDSPEC: ("0.1", "0.2"), APPSPEC: ("0.0", "0")}

SNIFF_BYTES = 4096
# `key:` at the start of a line (a top-level key of a block mapping), optionally quoted.
_TOP_KEY = re.compile(rb"""^(?:"([^"\n]{1,60})"|'([^'\n]{1,60})'|([A-Za-z_][\w.-]{0,59}))[ \t]*:(?:[ \t\r]|$)""", re.MULTILINE)
_VERSION = re.compile(rb"""^["']?version["']?[ \t]*:[ \t]*["']?([0-9][0-9.]*)""", re.MULTILINE | re.IGNORECASE)
# Extensions the folder search sniffs: YAML, YAML saved with .txt, and template sources.
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".template", ".hbs", ".handlebars", ".mustache",
                     ".erb", ".gotmpl", ".liquid", ".njk")
_SNIFFED = re.compile(r"\.ya?ml(?:\.txt|" + "|".join(re.escape(s) for s in TEMPLATE_SUFFIXES) + r")?$", re.IGNORECASE)
# What AWS reads when nobody names another file.
READ_NAMES = {BUILDSPEC: ("buildspec.yml",), APPSPEC: ("appspec.yml", "appspec.yaml")}

_LAMBDA_HOOKS = {"beforeallowtraffic", "afterallowtraffic"}
_ECS_ONLY_HOOKS = {"beforeinstall", "afterinstall", "afterallowtesttraffic"}


@record(frozen=True)
class Classification:
    kind: Optional[str]
    variant: Optional[str] = None
    reason: str = ""
    # The kind the file name suggests when the content overruled it (a misnamed file).
    misnamed_as: Optional[str] = None
    # The kind the name suggests when the content is another tool's (see foreign()).
    foreign_to: Optional[str] = None


def kind_from_name(path: str) -> Optional[str]:
    name = os.path.basename(path.replace("\\", "/").rstrip("/"))
    if BUILDSPEC_NAME.match(name):
        return BUILDSPEC
    if APPSPEC_NAME.match(name):
        return APPSPEC
    return None


def sniffable(name: str) -> bool:
    """Whether the folder search looks inside a file of this name (YAML, `.yml.txt`, `.yml.j2`...)."""
    return bool(_SNIFFED.search(name))


def top_level_keys(head: bytes) -> tuple:
    """(lower-case top-level keys, the `version` value or None) of a YAML text's first bytes.

    A line scan, not a parse: keys are `name:` at column 0. Used on the first SNIFF_BYTES.
    """
    keys = set()
    for match in _TOP_KEY.finditer(head):
        key = match.group(1) or match.group(2) or match.group(3)
        keys.add(key.decode("utf-8", "replace").lower())
    version = _VERSION.search(head)
    return keys, (version.group(1).decode("ascii") if version else None)


def sniff(head: bytes) -> Optional[str]:
    """The kind of a YAML file from its first few KB, or None when it is not clearly ours.

    A buildspec has `version` and `phases` (or, a batch buildspec, `batch` and only
    buildspec keys) at the top level; an appspec has `version` with
    `hooks`, `files` or `Resources` (and `version: 0.0`, or `os`). At most one other
    top-level key is tolerated (a misspelt one), so GitHub workflows (`on`, `jobs`),
    docker-compose (`services`), Kubernetes (`apiVersion`, `kind`), CloudFormation,
    serverless.yml and Amplify files never match.
    """
    lowered = head.lower()
    if b"version" not in lowered or not any(word in lowered for word in (b"phases", b"batch", b"hooks", b"files", b"resources")):
        return None  # the words are not there at all: most YAML files end here, without a regex
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    keys, version = top_level_keys(head)
    if "version" not in keys:
        return None
    if ("phases" in keys and len(keys - BUILDSPEC_KEYS) <= 1) or ("batch" in keys and keys <= BUILDSPEC_KEYS):
        return BUILDSPEC
    if keys & {"hooks", "files", "resources"} and len(keys - APPSPEC_KEYS) <= 1 and (version in ("0.0", "0") or "os" in keys):
        return APPSPEC
    return None


def foreign(kind: str, root: Optional[Node]) -> bool:
    """A file named like `kind` whose content is another tool's: a mapping with none of the
    format's own top-level keys and not the format's version (MoveApps' `appspec.json`)."""
    if not isinstance(root, MappingNode):
        return False
    keys = {str(k).lower() for k in root.keys()}
    if keys & _OWN_KEYS[kind]:
        return False
    version = root.get("version")
    return not (isinstance(version, ScalarNode) and str(version.value) in _OWN_VERSIONS[kind])


def _osa(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (appsepc -> appspec)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def near_miss(path: str, kind: str) -> Optional[str]:
    """The name AWS reads when the file's name is almost it, else None.

    Near misses: another case (`Appspec.yml`), a separator (`app-spec.yml`), one typo
    (`appsepc.yml`, `buildspce.yml`) or an extra `.txt` (`appspec.yml.txt`). Deliberate
    variants (`appspec-prod.yml`, `buildspec_test.yml`), template sources
    (`buildspec.yml.j2`) and other names are not near misses; nor is `buildspec.yaml` (B016).
    """
    name = os.path.basename(path.replace("\\", "/"))
    if name in READ_NAMES[kind]:
        return None
    match = re.match(r"^(.+?)\.(ya?ml)(\.txt)?$", name, re.IGNORECASE)
    if not match:
        return None
    stem, ext, extra = match.group(1), match.group(2), match.group(3)
    right = READ_NAMES[kind][0] if ext.lower() == "yml" or kind == BUILDSPEC else f"{kind}.yaml"
    if stem.startswith(kind) and stem != kind:
        return None  # a variant: appspec-prod.yml
    if stem == kind and ext.lower() == "yaml" and not extra and kind == BUILDSPEC:
        return None  # buildspec.yaml: rule B016
    lowered = stem.lower()
    if lowered == kind and (extra or stem != kind or ext != ext.lower()):
        return right
    normal = re.sub(r"[-_ .]", "", lowered)
    if normal == kind or (not normal.startswith(kind) and _osa(normal, kind) == 1):
        return right
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
        elif foreign(kind, root):
            return Classification(None, None, "content", foreign_to=kind)
    if kind == APPSPEC:
        return Classification(kind, appspec_variant(root), reason, misnamed_as)
    return Classification(kind, None, reason, misnamed_as)
