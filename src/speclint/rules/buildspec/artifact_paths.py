"""Where a buildspec's artifact and report file lists are (shared by B023-B025)."""

from __future__ import annotations

from typing import Iterator

from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode, key_text


def file_lists(doc) -> Iterator[tuple]:
    """(json path prefix, section mapping) of artifacts, each secondary artifact and each report group."""
    root = doc.mapping
    if root is None:
        return
    artifacts = root.get("artifacts")
    if isinstance(artifacts, MappingNode):
        yield ("artifacts",), artifacts
        secondary = artifacts.get("secondary-artifacts")
        if isinstance(secondary, MappingNode):
            for key, body in secondary.entries():
                if isinstance(body, MappingNode):
                    yield ("artifacts", "secondary-artifacts", key_text(key)), body
    reports = root.get("reports")
    if isinstance(reports, MappingNode):
        for key, body in reports.entries():
            if isinstance(body, MappingNode):
                yield ("reports", key_text(key)), body


def patterns(section: MappingNode) -> Iterator[tuple]:
    """(index, scalar node) of each `files` entry."""
    files = section.get("files")
    if isinstance(files, SequenceNode):
        for index, item in enumerate(files.items):
            if isinstance(item, ScalarNode) and isinstance(item.value, str):
                yield index, item
    elif isinstance(files, ScalarNode) and isinstance(files.value, str):
        yield 0, files
