"""Findings of a document embedded in a host file come out in the host's positions, naming
the document, through one conversion (lint.to_host, with the document's PositionMap and
both texts' positions.LineIndex), and every report that can carry the name carries it.

The host here is made up (a JSON-ish template whose resource holds the buildspec as an
indented block); the real host readers live in speclint/source/hosts (issue 16).
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from speclint import source as source_mod
from speclint.lint import Options, lint_source
from speclint.source.document import Embedded
from speclint.source.positions import PositionMap

BUILDSPEC_LINES = [
    "version: 0.2",
    "phases:",
    "  build:",
    "    commands:",
    "      - make",
    "extra: 1",
    "env:",
    "  variables:",
    "    A: [1]",
]
INDENT = "        "


def host_text(before: int) -> str:
    """A host whose resource holds the buildspec, every line indented by INDENT, after `before` lines."""
    head = [f"# host line {n}" for n in range(1, before + 1)] + ["Resources:", "  Project:", "    BuildSpec: |"]
    return "\n".join(head + [INDENT + line for line in BUILDSPEC_LINES]) + "\n"


def embedded(host: str, name: str = "Project") -> Embedded:
    """The buildspec inside `host`, with a map of each of its lines to the host's."""
    text = "\n".join(BUILDSPEC_LINES) + "\n"
    first = host.index(INDENT + BUILDSPEC_LINES[0])
    runs, offset, at = [], 0, first
    for line in BUILDSPEC_LINES:
        runs.append((offset, at + len(INDENT)))
        offset += len(line) + 1
        at += len(INDENT) + len(line) + 1
    return Embedded(text=text, position_map=PositionMap(runs, len(text)), name=name, kind="buildspec")


class Reader:
    name = "made-up"

    def __init__(self, docs):
        self.docs = docs

    def claims(self, shown: str, text: str) -> bool:
        return shown.endswith(".template")

    def documents(self, source):
        return self.docs(source.text)


@pytest.fixture
def host_reader(monkeypatch):
    def install(docs):
        monkeypatch.setattr(source_mod, "host_readers", lambda: (Reader(docs),))
    return install


def plain_findings() -> dict:
    from speclint.lint import lint_bytes

    text = "\n".join(BUILDSPEC_LINES) + "\n"
    return {d.code: d for d in lint_bytes("buildspec.yml", text.encode(), Options()).diagnostics}


@pytest.mark.parametrize("before", [0, 3, 17])
def test_findings_of_an_embedded_buildspec_are_at_their_place_in_the_host(host_reader, before):
    host = host_text(before)
    host_reader(lambda text: [embedded(text)])
    result = lint_source(source_mod.open_source(host.encode(), shown="stack.template"), Options())
    plain = plain_findings()
    assert {d.code for d in result.diagnostics} == set(plain) and plain
    shift = before + 3  # host lines before the buildspec's first line
    lines = host.split("\n")
    for d in result.diagnostics:
        p = plain[d.code]
        assert (d.path, d.document, d.message) == ("stack.template", "Project", p.message)
        assert (d.line, d.column) == (p.line + shift, p.column + len(INDENT))
        assert (d.span.end_line, d.span.end_column) == (p.span.end_line + shift, p.span.end_column + len(INDENT))
        # the host's text at the finding is the buildspec's text at the plain finding
        assert lines[d.line - 1][d.column - 1:] == BUILDSPEC_LINES[p.line - 1][p.column - 1:]
    assert result.text == host


def test_two_documents_of_one_host_are_each_named_and_sorted_by_host_position(host_reader):
    host = host_text(2)
    host_reader(lambda text: [embedded(text, "Second"), embedded(text, "First")])
    result = lint_source(source_mod.open_source(host.encode(), shown="stack.template"), Options())
    names = {d.document for d in result.diagnostics}
    assert names == {"First", "Second"}
    assert result.diagnostics == sorted(result.diagnostics, key=lambda d: d.sort_key())
    assert len(result.diagnostics) == 2 * len(plain_findings())


def test_a_plain_file_has_one_document_with_the_identity_map_and_no_name():
    opened = source_mod.open_source(b"version: 0.2\nphases: {}\n", shown="buildspec.yml")
    (doc,) = opened.documents
    assert doc.name is None and doc.position_map.identity and doc.kind == "buildspec"
    result = lint_source(opened, Options())
    assert all(d.document is None for d in result.diagnostics)
    assert all("document" not in d.to_dict() for d in result.diagnostics)


def test_a_claimed_host_without_documents_has_no_findings(host_reader):
    host_reader(lambda text: [])
    result = lint_source(source_mod.open_source(b"Resources: {}\n", shown="empty.template"), Options())
    assert result.diagnostics == [] and result.kind is None


def test_suppression_comments_inside_the_embedded_document_apply_to_it(host_reader):
    lines = list(BUILDSPEC_LINES)
    BUILDSPEC_LINES[5] = "extra: 1  # speclint: ignore[S001]"
    try:
        host = host_text(1)
        host_reader(lambda text: [embedded(text)])
        result = lint_source(source_mod.open_source(host.encode(), shown="stack.template"), Options())
    finally:
        BUILDSPEC_LINES[:] = lines
    assert "S001" not in {d.code for d in result.diagnostics}
    assert "C002" not in {d.code for d in result.diagnostics}


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit"])
def test_the_reports_carry_the_document_name(host_reader, fmt):
    from speclint import report
    from speclint.cli.runner import summarize

    host_reader(lambda text: [embedded(text, "BuildProject")])
    result = lint_source(source_mod.open_source(host_text(0).encode(), shown="stack.template"), Options())
    stream = io.StringIO()
    report.get(fmt)(stream, color=False, sources={}).finish([result], summarize([result]))
    out = stream.getvalue()
    if fmt == "json":
        assert {item["document"] for item in json.loads(out)} == {"BuildProject"}
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        assert results and all(r["properties"]["document"] == "BuildProject" for r in results)
    elif fmt == "gitlab":
        assert all(item["description"].endswith("(in BuildProject)") for item in json.loads(out))
    else:
        cases = ET.fromstring(out.split("\n", 1)[1]).iter("testcase")
        assert all(case.get("name").endswith("in BuildProject") for case in cases)


@pytest.mark.parametrize("fmt", __import__("speclint.report", fromlist=["names"]).names())
def test_every_format_names_the_document_of_an_embedded_finding(host_reader, fmt):
    """The template resource a finding is in is shown by every format; the location stays the real file."""
    import io
    import json

    from speclint import report
    from speclint.cli.runner import summarize

    host_reader(lambda text: [embedded(text, name="BuildProj\x1b")])
    result = lint_source(source_mod.open_source(host_text(2).encode(), shown="stack.template"), Options())
    assert result.diagnostics
    out = io.StringIO()
    report.get(fmt)(out, color=False, sources={result.path: result.text}).finish([result], summarize([result]))
    shown = out.getvalue()
    assert "\x1b" not in shown  # the name is made visible like the file's text
    first = result.diagnostics[0]
    if fmt in ("text", "concise"):
        assert f"stack.template:{first.line}:{first.column}: " in shown
        assert "in BuildProj\\x1b: " in shown
    elif fmt == "github":
        assert "file=stack.template," in shown and "in BuildProj\\x1b: " in shown
    elif fmt == "rdjson":
        found = json.loads(shown)["diagnostics"]
        assert all(d["location"]["path"] == "stack.template" and d["message"].startswith("in BuildProj\\x1b: ")
                   for d in found)
    else:  # json, sarif, gitlab, junit carry it in their own field or text
        assert "BuildProj\\\\x1b" in shown or "BuildProj\\x1b" in shown
