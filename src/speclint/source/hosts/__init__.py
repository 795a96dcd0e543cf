"""Buildspecs that live inside another file: CloudFormation/SAM templates, CDK output, Terraform.

A *host* is a file that defines CodeBuild projects; each project's buildspec, when it is
written in the host, is an *embedded document*: its text as CodeBuild receives it, and a
PositionMap (speclint.source.positions) from every character of that text to the host
character it was written as, so a finding inside the buildspec is reported at the host's
line and column. One module per host format reads them:

- cloudformation.py: YAML and JSON templates, SAM included (`AWS::CodeBuild::Project`), and
  what `cdk synth` writes (`cdk.out/*.template.json`, CloudFormation JSON);
- terraform.py: `resource "aws_codebuild_project"` in `*.tf` (tree-sitter-hcl).

Each returns `Hosted` records (base.py). This package's READERS plug them into
speclint.source.open_source: `lint.py` here turns them into the Embedded documents it lints
and the host's own findings (buildspecs it cannot check, the files its projects name).
"""

from __future__ import annotations

import re
from typing import Optional

_RESOURCES = re.compile(r'^(?:Resources[ \t]*:|[ \t{]*"Resources"[ \t]*:)', re.M)
# A JSON template may be one line (minified, as some generators write it), with a BOM.
_JSON_RESOURCES = re.compile(r'"Resources"\s*:\s*\{')


def host_kind(name: str, data) -> Optional[str]:
    """"cloudformation" or "terraform" when a file is a host: a `.tf` file, or a template
    (YAML or JSON with a `Resources` key - at a line start, or anywhere in a JSON object, which
    may be minified to one line - and AWSTemplateFormatVersion, a SAM Transform
    or a CodeBuild project), else None. `data` is the text (or the bytes). Cheap: substring
    tests and one anchored regex (a buildspec that mentions AWS::CodeBuild::Project in a
    command is no template; an appspec has `Resources` but never these). A host without a
    CodeBuild project lints to nothing."""
    lower = name.lower()
    if lower.endswith(".tf"):
        return "terraform"
    if not lower.endswith(HOST_SUFFIXES):
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else data
    if not ("AWS::CodeBuild::Project" in text or "AWSTemplateFormatVersion" in text or "AWS::Serverless" in text):
        return None
    if _RESOURCES.search(text) or (text.lstrip("\ufeff \t\r\n").startswith("{") and _JSON_RESOURCES.search(text)):
        return "cloudformation"
    return None


_TF_PROJECT = re.compile(r'resource\s+"aws_codebuild_project"')


def has_projects(kind: str, data) -> bool:
    """Whether a host's text defines a CodeBuild project at all (discovery lists only those):
    a `resource "aws_codebuild_project"` block, or a template naming the resource type (a
    Terraform file that only refers to a project, `aws_codebuild_project.build.name`, has none)."""
    text = data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else data
    if kind == "terraform":
        return bool(_TF_PROJECT.search(text))
    return "AWS::CodeBuild::Project" in text


class Reader:
    """A host reader for speclint.source.open_source (see its docstring): `claims` a file by its
    name and content, `documents` gives its inline buildspecs (speclint.source.hosts.lint)."""

    def __init__(self, name: str):
        self.name = name

    def claims(self, shown: str, text: str) -> bool:
        from speclint.source.classify import kind_from_name

        return host_kind(shown, text) == self.name and not kind_from_name(shown)  # a spec-named file is one

    def documents(self, source) -> list:
        from speclint.source.hosts.lint import documents

        return documents(source)


READERS = (Reader("cloudformation"), Reader("terraform"))


HOST_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".cfn")


def is_host_name(name: str) -> bool:
    """Whether a file of this name may be a host (the sniff then decides)."""
    return name.lower().endswith(HOST_SUFFIXES + (".tf",))


