"""Buildspecs in CloudFormation and SAM templates, YAML or JSON (CDK output included).

Reads every `AWS::CodeBuild::Project` resource's `Properties.Source.BuildSpec` and
`Properties.SecondarySources[].BuildSpec`:

- a string (block `|`/`>`, quoted or plain; a JSON string with its escapes) -> the buildspec,
  each character mapped to where it is written (speclint.source.scalar_map aligns a YAML or
  JSON scalar's value with the file);
- `!Sub` / `Fn::Sub` (a string, or `[string, {variables}]`) -> the same, with every
  `${Name}` replaced by a same-length placeholder and `${!Literal}` read as `${Literal}`;
- a one-line value without YAML structure -> a path in the source (`ci/buildspec.yml`);
- an S3 ARN, `Fn::Join`, `Fn::If`, `!Ref`, ... -> not checked, with the reason.

The project's context comes along: `Environment.Image`, `Environment.Type`, `Source.Type`
and whether batch builds are configured (`BuildBatchConfig`).
Source: AWS CloudFormation User Guide, AWS::CodeBuild::Project Source
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-source.html)
and Fn::Sub (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html).
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from speclint.source import scalar_map
from speclint.source.hosts.base import Hosted, classify_value, map_from_offsets, placeholder, substitute
from speclint.source.nodes import MappingNode, Node, ScalarNode, SequenceNode
from speclint.source.positions import LineIndex

PROJECT_TYPE = "AWS::CodeBuild::Project"

# The short (YAML tag) and long forms of CloudFormation's intrinsic functions.
INTRINSIC_TAGS = frozenset("!" + name for name in (
    "Ref", "Sub", "GetAtt", "Join", "If", "Select", "Split", "Base64", "Cidr", "FindInMap",
    "GetAZs", "ImportValue", "Equals", "And", "Or", "Not", "Condition", "Transform", "ToJsonString",
    "Length", "ForEach", "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
    "GetParam", "Rain::Embed", "Rain::S3Http", "Rain::S3", "Rain::Include"))

_WHY = {
    "Fn::Join": "it is assembled with Fn::Join when the stack is deployed",
    "Fn::If": "Fn::If chooses it when the stack is deployed",
    "Ref": "it is a parameter or resource value (Ref), known only when the stack is deployed",
    "Fn::GetAtt": "it is a resource attribute (Fn::GetAtt), known only when the stack is deployed",
    "Fn::ImportValue": "it is imported from another stack (Fn::ImportValue)",
    "Fn::FindInMap": "it is looked up in a mapping (Fn::FindInMap) when the stack is deployed",
    "Fn::Select": "it is chosen with Fn::Select when the stack is deployed",
    "Fn::Base64": "it is Base64-encoded",
    "Fn::Transform": "a macro (Fn::Transform) produces it",
}


def intrinsic(node: Node) -> Optional[str]:
    """The intrinsic function a node is (`Fn::Sub`, `Ref`...), from its tag or its one key."""
    tag = node.tag
    if isinstance(tag, str) and tag.startswith("!") and not tag.startswith("!!"):
        name = tag[1:]
        return name if name == "Ref" or name == "Condition" else f"Fn::{name}"
    if isinstance(node, MappingNode) and len(node.pairs) == 1:
        key = node.pairs[0][0]
        if isinstance(key, ScalarNode) and isinstance(key.value, str) and (key.value == "Ref" or key.value.startswith("Fn::")):
            return key.value
    return None


def parse(text: str, line_index=None) -> tuple:
    """(root node or None, loader problems) of a template's text, read as CloudFormation reads
    it - YAML 1.2 flow scalars with `:` (`[s3:GetObject]`, `{Ref: AWS::Region}`) and JSON's
    surrogate-pair escapes (`\\ud83d\\ude80`, one character) - not with the libyaml that
    CodeBuild uses for a buildspec (that parsing is for the buildspec text only). A syntax
    error's hint speaks of CloudFormation."""
    from speclint.source.loader import parse as parse_yaml

    root, problems, _aliases = parse_yaml(text, line_index, pure=True)
    for problem in problems:
        if problem.check == "yaml-syntax":
            problem.hint = ("fix the template's syntax at this position: CloudFormation rejects a template "
                            "that does not parse (`cfn-lint` or `aws cloudformation validate-template` say more)")
    stack = [root] if root is not None else []
    while stack:  # JSON's "\\ud83d\\ude80" is one character, not two halves
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if isinstance(node.value, str) and any("\ud800" <= c <= "\udfff" for c in node.value):
                node.value = node.value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        elif isinstance(node, MappingNode):
            for key, value in node.pairs:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)
    return root, problems


def projects(root: Optional[Node]) -> Iterator[tuple[str, MappingNode]]:
    """(logical id, Properties mapping) of every CodeBuild project of a template."""
    resources = root.get("Resources") if isinstance(root, MappingNode) else None
    if not isinstance(resources, MappingNode):
        return
    for key, resource in resources.pairs:
        if not isinstance(resource, MappingNode) or not isinstance(key, ScalarNode):
            continue
        kind = resource.get("Type")
        if isinstance(kind, ScalarNode) and kind.value == PROJECT_TYPE:
            properties = resource.get("Properties")
            if isinstance(properties, MappingNode):
                yield str(key.value), properties


def for_each(root: Optional[Node]) -> Iterator[tuple[str, tuple]]:
    """(key, span of the key) of each `Fn::ForEach::Name` of `Resources` that makes CodeBuild projects."""
    resources = root.get("Resources") if isinstance(root, MappingNode) else None
    if not isinstance(resources, MappingNode):
        return
    for key, value in resources.pairs:
        if isinstance(key, ScalarNode) and str(key.value).startswith("Fn::ForEach::") and \
                PROJECT_TYPE in key.line_index.text[value.start:value.end]:
            yield str(key.value), (key.start_line, key.start_column, key.end_line, key.end_column)


def read(root: Optional[Node], text: str, json: bool = False) -> list:
    """Every embedded buildspec of a template's node tree (loaded from `text`)."""
    index = LineIndex(text)
    found: list = [Hosted(name, span, note=f"the CodeBuild projects that {name} makes were not checked: "
                          "Fn::ForEach (the AWS::LanguageExtensions transform) writes them when the stack is deployed",
                          hint="to have a buildspec linted, keep it in a file of the repository and name its path")
                   for name, span in for_each(root)]
    for name, properties in projects(root):
        context = project_context(properties)
        source = properties.get("Source")
        if isinstance(source, MappingNode):
            found.extend(_buildspec(name, source, index, context, json))
        secondary = properties.get("SecondarySources")
        if isinstance(secondary, SequenceNode):
            for i, item in enumerate(secondary.items):
                if isinstance(item, MappingNode):
                    found.extend(_buildspec(f"{name}.SecondarySources[{i}]", item, index, context, json))
    return found


def _string(node: Optional[Node]) -> Optional[str]:
    return node.value if isinstance(node, ScalarNode) and isinstance(node.value, str) and node.tag is None else None


def project_context(properties: MappingNode) -> dict:
    """What the project definition says about the buildspec's run: image, environment type
    (WINDOWS_SERVER_2019_CONTAINER, ARM_CONTAINER, ...), source type, batch builds."""
    context: dict = {}
    environment = properties.get("Environment")
    if isinstance(environment, MappingNode):
        image = environment.get("Image")
        if _string(image):
            context["image"] = image.value.strip()
            context["image_line"] = image.start_line
            context["image_span"] = (image.start_line, image.start_column, image.end_line, image.end_column)
        if _string(environment.get("Type")):
            context["environment_type"] = environment.get("Type").value.strip()
    source = properties.get("Source")
    if isinstance(source, MappingNode) and _string(source.get("Type")):
        context["source_type"] = source.get("Type").value.strip()
    if properties.get("BuildBatchConfig") is not None:
        context["batch"] = True
    return context


def _buildspec(name: str, source: MappingNode, index: LineIndex, context: dict, json: bool) -> list:
    node = source.get("BuildSpec")
    if isinstance(node, ScalarNode) and node.tag is None and (node.value is None or str(node.value).strip() == ""):
        node = None  # empty: "the source code must contain a buildspec file in its root directory" (ProjectSource.buildspec)
    if node is None:
        if _string(source.get("Type")) == "NO_SOURCE":
            return []
        return [Hosted(name, (source.start_line, source.start_column, source.start_line, source.start_column + 1),
                         path="buildspec.yml", context=context, implicit=True)]
    span = (node.start_line, node.start_column, node.end_line, node.end_column)
    function = intrinsic(node)
    template: Optional[ScalarNode] = None
    if function is None and isinstance(node, ScalarNode) and isinstance(node.value, str):
        template = node
    elif function == "Fn::Sub":
        template = _sub_body(node)
    if function == "Fn::Join":
        joined = _join(name, node, index, context, span)
        if joined is not None:
            return [joined]
    if template is None:
        why = _WHY.get(function or "", f"it is {function}, evaluated when the stack is deployed" if function
                       else "it is not a string")
        return [Hosted(name, span, note=f"the buildspec of {name} was not checked: {why}", context=context,
                         hint="to have it linted, write it as a literal block (`BuildSpec: |` or `!Sub |`), "
                              "or keep it in a file of the repository and name its path")]
    value = template.value
    kind = classify_value(value)
    if kind == "s3":
        return [Hosted(name, span, note=f"the buildspec of {name} is in Amazon S3 ({value.strip()}); it was not checked",
                         context=context, hint="lint the file that is uploaded to this S3 location where it is kept "
                                               "(`speclint path/to/buildspec.yml`)")]
    if kind == "path" and function == "Fn::Sub" and re.search(r"\$\{[^!]", value):
        return [Hosted(name, span, context=context, note=(
            f"the buildspec of {name} is the file \"{value.strip()}\", a path known only when the stack is deployed; "
            "it was not checked"), hint="lint the files it can name (`speclint ci/`), or write the path without ${}")]
    if kind == "path":
        return [Hosted(name, span, path=value.strip(), context=context)]
    offsets, exact = align(template, index)
    holes: list = []
    if function == "Fn::Sub":
        value, offsets, exact, holes = substitute(value, offsets, exact)
    return [Hosted(name, span, value, map_from_offsets(offsets, exact), holes, context=context,
                     origin="json" if json or value.lstrip().startswith("{") else "yaml")]


def _sub_body(node: Node) -> Optional[ScalarNode]:
    """The template string of an `Fn::Sub` (`!Sub "..."`, `Fn::Sub: "..."`, `[template, {variables}]`)."""
    if isinstance(node, ScalarNode):
        body: Optional[Node] = node  # !Sub | ...
    else:
        body = node.pairs[0][1] if isinstance(node, MappingNode) else node
        if isinstance(body, SequenceNode) and body.items:
            body = body.items[0]  # [template, {variables}]
        body = None if body is None or intrinsic(body) else body
    return body if isinstance(body, ScalarNode) and isinstance(body.value, str) else None


def token_name(node: Node) -> str:
    """How a deploy-time value is written back in messages: `${Name}` for `Ref: Name`,
    `${Name.Attribute}` for `Fn::GetAtt`, else `${Fn::Select}` (the function)."""
    function = intrinsic(node)
    if isinstance(node, MappingNode) and len(node.pairs) == 1:
        node = node.pairs[0][1]
    if function == "Ref" and isinstance(node, ScalarNode):
        return "${%s}" % node.value
    if function == "Fn::GetAtt":
        if isinstance(node, ScalarNode):
            return "${%s}" % node.value
        if isinstance(node, SequenceNode) and all(isinstance(i, ScalarNode) for i in node.items):
            return "${%s}" % ".".join(str(i.value) for i in node.items)
    return "${%s}" % (function or "value")


def _join(name: str, node: Node, index: LineIndex, context: dict, span: tuple) -> Optional[Hosted]:
    """`Fn::Join [delimiter, [parts...]]` with literal string parts, as CDK writes a buildspec
    that holds a token: the literal parts mapped to where they are written, every other part a
    placeholder at its own position, each delimiter at the delimiter's. None when the join has
    no literal part with buildspec structure (then it is not checked). A `!Sub` part is
    substituted where it is written; any other part (CDK writes a token, such as a bucket name
    in a command, this way) becomes a placeholder naming it (`${Bucket}`). A join whose
    deploy-time values stand for buildspec structure, so that it does not parse, is not checked."""
    body = node if isinstance(node, SequenceNode) else (node.pairs[0][1] if isinstance(node, MappingNode) else None)
    if not isinstance(body, SequenceNode) or len(body.items) != 2 or not isinstance(body.items[1], SequenceNode):
        return None
    delimiter, parts = body.items
    if not (isinstance(delimiter, ScalarNode) and isinstance(delimiter.value, str) and delimiter.tag is None):
        return None
    literal = [p for p in parts.items if isinstance(p, ScalarNode) and isinstance(p.value, str) and p.tag is None]
    subs = [_sub_body(p) for p in parts.items if intrinsic(p) == "Fn::Sub"]
    if not any("\n" in p.value or ": " in p.value for p in literal + [s for s in subs if s is not None]):
        return None
    text: list = []
    offsets: list = []
    exact: list = []
    holes: list = []
    joint_at = delimiter.start
    for k, part in enumerate(parts.items):
        if k and delimiter.value:
            text.append(delimiter.value)
            offsets.extend([joint_at] * len(delimiter.value))
            exact.extend([False] * len(delimiter.value))
        sub = _sub_body(part) if intrinsic(part) == "Fn::Sub" else None
        begin = sum(len(t) for t in text)
        if part in literal or sub is not None:
            value, more, flags = (sub or part).value, *align(sub or part, index)
            if sub is not None:  # a !Sub part: its ${Name} become placeholders where they are written
                value, more, flags, inner = substitute(value, more, flags)
                holes.extend((begin + a, begin + b) for a, b in inner)
            text.append(value)
            offsets.extend(more)
            exact.extend(flags)
        else:
            written = token_name(part)
            token = placeholder(written)
            text.append(token)
            offsets.extend([part.start] * len(token))
            exact.extend([False] * len(token))
            holes.append((begin, begin + len(token), written))
    value = "".join(text)
    if holes and _unreadable(value):  # a deploy-time value stands for buildspec structure
        return Hosted(name, span, note=f"the buildspec of {name} was not checked: it is assembled with Fn::Join "
                      "from values known only when the stack is deployed", context=context,
                      hint="to have it linted, write it as one `!Sub |` block, or keep it in a file of the repository")
    return Hosted(name, span, value, map_from_offsets(offsets, exact), holes, context=context,
                    origin="json" if value.lstrip().startswith("{") else "yaml")


def _unreadable(text: str) -> bool:
    """Whether a buildspec assembled around deploy-time values does not parse as YAML at all."""
    from speclint.source.loader import load

    return any(p.check == "yaml-syntax" for p in load(text.encode("utf-8", "surrogatepass")).problems)


def align(node: ScalarNode, index: LineIndex) -> tuple[list, list]:
    """(host offset, written verbatim?) of each character of a string scalar's value."""
    value = node.value
    located = scalar_map.build(node, index, value)
    text = index.text
    if not located.runs:  # the value could not be aligned: every character at the node's start
        start = index.offset(*located.fallback)
        return [start] * len(value), [False] * len(value)
    offsets: list = []
    bounds = [start for start, _line, _column in located.runs[1:]] + [len(value)]
    for (start, line, column), stop in zip(located.runs, bounds):
        host = index.offset(line, column)
        offsets.extend(range(host, host + stop - start))
    size = len(text)
    exact = [h < size and text[h] == c for h, c in zip(offsets, value)]
    return offsets, exact
