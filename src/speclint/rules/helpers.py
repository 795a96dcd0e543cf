"""Ways into a document that several rules share: phases, commands, hooks, resources."""

from __future__ import annotations

from typing import Iterator, Optional

from speclint.source.document import Document
from speclint.source.nodes import MappingNode, Node, ScalarNode, SequenceNode, find, key_text


def ci_get(mapping: Optional[Node], key: str) -> tuple[Optional[Node], Optional[Node]]:
    """(key node, value node) for `key`, case-insensitively (Lambda/ECS appspecs)."""
    if not isinstance(mapping, MappingNode):
        return None, None
    exact = mapping.index().get(key)
    if exact:
        return exact
    for k, v in mapping.entries():
        if key_text(k).lower() == key.lower():
            return k, v
    return None, None


def at(doc: Document, *keys) -> Optional[Node]:
    """The node at a key path from the top of the document, or None when the path breaks."""
    node, _, depth = find(doc.root, keys)
    return node if depth == len(keys) else None


def hook_entries(doc: Document) -> list:
    """(event name, key node, json path) of every hook, for any appspec variant."""
    if doc.variant == "ec2":
        return [(name, key, ("hooks", name)) for name, key, _ in ec2_hooks(doc)]
    return [(name, key, ("Hooks", i, name)) for i, name, key, _ in service_hooks(doc)]


def phases(doc: Document) -> Iterator[tuple[str, Node, Node]]:
    """(name, key node, phase node) under a buildspec's `phases`."""
    root = doc.mapping
    node = root.get("phases") if root else None
    if isinstance(node, MappingNode):
        for key, value in node.entries():
            yield key_text(key), key, value


def commands(doc: Document) -> Iterator[tuple[tuple, Node]]:
    """(json path, item node) of every item of every phase's `commands` and `finally`."""
    for name, _, phase in phases(doc):
        if not isinstance(phase, MappingNode):
            continue
        for section in ("commands", "finally"):
            items = phase.get(section)
            if isinstance(items, SequenceNode):
                for i, item in enumerate(items.items):
                    yield ("phases", name, section, i), item


def ec2_hooks(doc: Document) -> Iterator[tuple[str, Node, Node]]:
    """(event name, key node, value node) under an EC2 appspec's `hooks` mapping."""
    root = doc.mapping
    node = root.get("hooks") if root else None
    if isinstance(node, MappingNode):
        for key, value in node.entries():
            yield key_text(key), key, value


def ec2_scripts(doc: Document) -> Iterator[tuple[str, int, MappingNode]]:
    """(event name, index, script mapping) for every script entry of an EC2 appspec."""
    for event, _, value in ec2_hooks(doc):
        if isinstance(value, SequenceNode):
            for i, item in enumerate(value.items):
                if isinstance(item, MappingNode):
                    yield event, i, item


def service_hooks(doc: Document) -> Iterator[tuple[int, str, Node, Node]]:
    """(index, event name, key node, value node) of a Lambda/ECS appspec's `Hooks` list."""
    _, node = ci_get(doc.mapping, "Hooks")
    if isinstance(node, SequenceNode):
        for i, item in enumerate(node.items):
            if isinstance(item, MappingNode):
                for key, value in item.entries():
                    yield i, key_text(key), key, value


def resource_properties(doc: Document) -> Iterator[tuple[int, str, Optional[MappingNode]]]:
    """(index, resource name, Properties mapping) of a Lambda/ECS appspec."""
    _, node = ci_get(doc.mapping, "Resources")
    if isinstance(node, SequenceNode):
        for i, item in enumerate(node.items):
            if isinstance(item, MappingNode):
                for key, body in item.entries():
                    _, props = ci_get(body, "Properties")
                    yield i, key_text(key), props if isinstance(props, MappingNode) else None


def text_of(node: Optional[Node]) -> Optional[str]:
    """A scalar's value as text, or None."""
    if isinstance(node, ScalarNode) and node.value is not None:
        return node.value if isinstance(node.value, str) else node.text
    return None


def permissions(doc: Document) -> Iterator[tuple[int, MappingNode]]:
    """(index, entry) of every mapping in an EC2 appspec's `permissions` list."""
    root = doc.mapping
    perms = root.get("permissions") if root else None
    if isinstance(perms, SequenceNode):
        for i, perm in enumerate(perms.items):
            if isinstance(perm, MappingNode):
                yield i, perm


def runtime_entries(doc: Document) -> Iterator[tuple[str, Node, Node, Optional[str]]]:
    """(runtime name, key node, value node, version text) under phases.install.runtime-versions.

    The version is the scalar's source text (`3.10` stays "3.10": CodeBuild reads the text).
    """
    runtimes = at(doc, "phases", "install", "runtime-versions")
    if isinstance(runtimes, MappingNode):
        for key, value in runtimes.entries():
            version = value.text.strip() if isinstance(value, ScalarNode) and value.value is not None else None
            yield key_text(key), key, value, version
