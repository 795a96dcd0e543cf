"""Buildspecs that live in CloudFormation/SAM templates, CDK output and Terraform files.

Each case writes a host file in its own words, lints it through the public pipeline
(lint_file, the CLI) and asserts the code, the host line and column, and the message.
"""

import json
import os
from speclint.shell import check

from pathlib import Path

import pytest
from click.testing import CliRunner

from speclint.cli import cli as main
from speclint.lint import Options, lint_bytes, lint_file
from speclint.source.hosts import host_kind
from speclint.source.hosts.base import map_from_offsets, placeholder, substitute
from speclint.source.hosts import terraform

needs_shellcheck = pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed")
needs_hcl = pytest.mark.skipif(not terraform.available(), reason="tree-sitter-hcl is not installed")


def lint(tmp_path, name, text, **options):
    path = tmp_path / name
    path.write_text(text, newline="")
    opts = Options(**options)
    return lint_file(str(path), opts, display_path=name)


def at(result, code):
    return [(d.line, d.column, d.end_line if hasattr(d, "end_line") else d.span.end_line, d.message)
            for d in result.diagnostics if d.code == code]


def position_of(text, needle, occurrence=1):
    """1-based (line, column) of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


PROJECT = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: a pipeline with one inline build
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
  Compile:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        ComputeType: BUILD_GENERAL1_SMALL
        Image: aws/codebuild/standard:7.0
        Type: LINUX_CONTAINER
      Source:
        Type: CODEPIPELINE
        BuildSpec: |
          version: 0.2
          phases:
            build:
              comands:
                - make all
"""


def test_schema_finding_inside_a_block_buildspec_is_at_the_host_position(tmp_path):
    result = lint(tmp_path, "pipeline.yaml", PROJECT)
    [finding] = [d for d in result.diagnostics if d.code == "S001"]
    assert (finding.path, finding.line, finding.column) == ("pipeline.yaml", 19, 15)
    assert (finding.span.end_line, finding.span.end_column) == (19, 22)
    assert 'unknown key "comands"' in finding.message
    assert finding.document == "Compile"
    assert result.kind == "buildspec"
    # the rest of the template (an S3 bucket, Description) produces nothing
    assert {d.code for d in result.diagnostics} <= {"S001", "B015"}  # B015: a build phase without commands


SUB = """\
Resources:
  Deploy:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: !Sub |
          version: 0.2
          env:
            secrets-manager:
              TOKEN: arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:deploy-token
          phases:
            build:
              commands:
                - aws s3 sync ./site s3://${SiteBucket}/ && echo done: ok
                - echo ${!CODEBUILD_RESOLVED_SOURCE_VERSION} $unset_in_this_build
"""


def test_finding_after_a_substitution_on_the_same_line_keeps_its_host_column(tmp_path):
    result = lint(tmp_path, "site.yaml", SUB)
    [b001] = [d for d in result.diagnostics if d.code == "B001"]
    assert (b001.line, b001.column) == position_of(SUB, ": ok")
    # the hint quotes the command as written in the template, not the placeholder
    assert "${SiteBucket}" in b001.hint and "__SiteBucket" not in b001.hint
    # no finding comes from a substituted value (the ARN is complete once deployed)
    assert not [d for d in result.diagnostics if d.line == 11]


@needs_shellcheck
def test_shellcheck_after_a_literal_sub_escape_is_at_the_host_column(tmp_path):
    result = lint(tmp_path, "site.yaml", SUB, select=("SC2154",))
    [finding] = [d for d in result.diagnostics if d.code == "SC2154"]
    # `${!NAME}` is one character longer in the template than the `${NAME}` the shell sees
    assert (finding.line, finding.column) == position_of(SUB, "$unset_in_this_build")
    assert (finding.span.end_line, finding.span.end_column) == (16, position_of(SUB, "$unset")[1] + len("$unset_in_this_build"))


@pytest.mark.parametrize("written", ["${AWS::Region}", "${Param}", "${Res.Arn}", "${AWS::NoValue}"])
def test_placeholders_keep_length_and_every_later_position(written):
    value = f"- echo {written} tail"
    text, offsets, exact, holes = substitute(value, list(range(len(value))), [True] * len(value))
    assert len(text) == len(value)
    assert text.index("tail") == value.index("tail")
    assert holes == [(7, 7 + len(written))]
    assert "$" not in text and "{" not in text
    pmap = map_from_offsets(offsets, exact)
    assert pmap.to_host(text.index("tail")) == value.index("tail")
    assert not pmap.exact(7, 8) and pmap.exact(0, 6)


def test_literal_sub_escape_drops_the_bang():
    value = "echo ${!HOME}/x ${Param"
    text, offsets, _exact, holes = substitute(value, list(range(len(value))), [True] * len(value))
    assert text == "echo ${HOME}/x ${Param"  # `${` without `}` stays as written
    assert holes == []
    assert offsets[text.index("/x")] == value.index("/x")


def test_placeholder_is_one_plain_word():
    assert placeholder("${AWS::Region}") == "__AWS__Region_"
    assert len(placeholder("${a.b}")) == 6


CDK = """{
 "Resources": {
  "PipelineBuildSynthCdkBuildProject6BEFA8E6": {
   "Type": "AWS::CodeBuild::Project",
   "Properties": {
    "Environment": {"ComputeType": "BUILD_GENERAL1_SMALL", "Image": "aws/codebuild/standard:7.0", "Type": "LINUX_CONTAINER"},
    "Source": {
     "BuildSpec": "{\\n  \\"version\\": \\"0.2\\",\\n  \\"phases\\": {\\n    \\"biuld\\": {\\n      \\"commands\\": [\\n        \\"npx cdk synth\\"\\n      ]\\n    }\\n  }\\n}",
     "Type": "CODEPIPELINE"
    }
   }
  }
 }
}
"""


def test_cdk_json_finding_inside_an_escaped_string_is_at_the_host_column(tmp_path):
    (tmp_path / "cdk.out").mkdir()
    result = lint(tmp_path, "cdk.out/PipelineStack.template.json", CDK)
    [finding] = [d for d in result.diagnostics if d.code == "B002"]
    # the key `"biuld"` is written `\\"biuld\\"` in the host, after eleven escapes on the same line
    assert (finding.line, finding.column) == position_of(CDK, '\\"biuld')
    assert (finding.span.end_line, finding.span.end_column) == (8, position_of(CDK, '\\"biuld')[1] + len('\\"biuld\\"'))
    assert 'invalid phase name "biuld"' in finding.message
    assert finding.document == "PipelineBuildSynthCdkBuildProject6BEFA8E6"


def test_cdk_string_version_is_not_reported_on_plain_builds(tmp_path):
    result = lint(tmp_path, "Stack.template.json", CDK)
    assert not [d for d in result.diagnostics if d.code == "B009"]


def test_cdk_string_version_is_reported_when_the_project_runs_batch_builds(tmp_path):
    batch = CDK.replace('"Properties": {', '"Properties": {\n    "BuildBatchConfig": {"ServiceRole": "r"},', 1)
    result = lint(tmp_path, "Stack.template.json", batch)
    [finding] = [d for d in result.diagnostics if d.code == "B009"]
    assert finding.line == 9 and "batch" in finding.message
    assert finding.column == position_of(batch, '\\"0.2')[1]  # the opening quote, written \\"


TF = """\
resource "aws_codebuild_project" "unit" {
  name         = "unit-tests"
  service_role = aws_iam_role.build.arn

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type      = "CODECOMMIT"
    buildspec = <<-SPEC
        version: 0.2
        phases:
          build:
            commands:
              - echo ${var.stage} $${CODEBUILD_BUILD_ID} $never_set
    SPEC
  }
}
"""


@needs_hcl
@needs_shellcheck
def test_shellcheck_inside_an_indented_terraform_heredoc(tmp_path):
    result = lint(tmp_path, "build.tf", TF, select=("SC2154",))
    [finding] = [d for d in result.diagnostics if d.code == "SC2154"]
    assert (finding.line, finding.column) == position_of(TF, "$never_set")
    assert finding.document == "aws_codebuild_project.unit"


@needs_hcl
def test_terraform_heredoc_strips_the_common_indent_and_reads_escapes():
    text, found, problems = terraform.read(TF.encode())
    [spec] = found
    assert problems == []
    assert spec.text.startswith("version: 0.2\nphases:\n  build:\n")
    assert "${CODEBUILD_BUILD_ID}" in spec.text  # $${ is a literal ${
    stand_in = spec.text.index("__var_stage_")
    assert spec.position_map.to_host(stand_in) == TF.index("${var.stage}")
    assert spec.context == {"image": "aws/codebuild/standard:7.0", "image_line": 7, "image_key": "environment.image",
                            "image_span": (7, 20, 7, 48),
                            "environment_type": "LINUX_CONTAINER", "source_type": "CODECOMMIT"}


@needs_hcl
def test_terraform_quoted_string_maps_through_escapes():
    tf = ('resource "aws_codebuild_project" "q" {\n  source {\n'
          '    buildspec = "version: 0.2\\nphases:\\n  biuld:\\n    commands:\\n      - make"\n  }\n}\n')
    _text, [spec], _problems = terraform.read(tf.encode())
    assert spec.text == "version: 0.2\nphases:\n  biuld:\n    commands:\n      - make"
    assert spec.position_map.to_host(spec.text.index("biuld")) == tf.index("biuld")


@needs_hcl
def test_terraform_directives_become_blank_and_files_are_linted(tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "release.yml").write_text("version: 0.2\nphases:\n  build:\n    comands: [make]\n")
    tf = ('resource "aws_codebuild_project" "r" {\n  source {\n    buildspec = file("${path.module}/ci/release.yml")\n  }\n'
          '  secondary_sources {\n    buildspec = jsonencode({ version = "0.2" })\n  }\n}\n')
    result = lint(tmp_path, "main.tf", tf)
    paths = {(d.path, d.code, d.line) for d in result.diagnostics}
    assert ("ci/release.yml", "S001", 4) in paths
    [note] = [d for d in result.diagnostics if d.code == "F007"]
    assert (note.path, note.line, note.column) == ("main.tf", 6, 17) and "jsonencode" in note.message


def test_the_project_image_drives_runtime_checks_without_a_flag(tmp_path):
    template = PROJECT.replace("comands:\n                - make all", "commands:\n                - make all").replace(
        "          phases:\n", "          phases:\n            install:\n              runtime-versions:\n                python: 2.7\n")
    with_image = lint(tmp_path, "with.yaml", template)
    [finding] = [d for d in with_image.diagnostics if d.code == "B018"]
    assert "aws/codebuild/standard:7.0" in finding.message
    assert (finding.line, finding.column) == position_of(template, "2.7")
    without = lint(tmp_path, "without.yaml", template.replace("        Image: aws/codebuild/standard:7.0\n", ""))
    assert not [d for d in without.diagnostics if d.code == "B018"]


def test_path_buildspec_is_linted_with_the_project_context(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "ci" / "test.yml").write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 2.7\n")
    template = PROJECT.split("        BuildSpec: |")[0] + "        BuildSpec: ci/test.yml\n"
    (tmp_path / "infra" / "pipeline.yaml").write_text(template)
    result = lint_file(str(tmp_path / "infra" / "pipeline.yaml"), Options())
    [finding] = [d for d in result.diagnostics if d.code == "B018"]
    assert finding.path.endswith("ci/test.yml") and finding.line == 5
    assert result.covers == [os.path.realpath(tmp_path / "ci" / "test.yml")]
    missing = template.replace("ci/test.yml", "ci/nowhere.yml")
    (tmp_path / "infra" / "other.yaml").write_text(missing)
    [note] = lint_file(str(tmp_path / "infra" / "other.yaml"), Options()).diagnostics
    assert note.code == "F007" and "ci/nowhere.yml" in note.message and note.line == 15


@pytest.mark.parametrize("value, why", [
    ("!Join ['', [!Ref SpecHead, !Ref SpecBody]]", "Fn::Join"),
    ("!If [IsProd, prod.yml, dev.yml]", "Fn::If"),
    ("!Ref BuildSpecParam", "Ref"),
    ('{"Fn::Join": ["", ["a", "b"]]}', "Fn::Join"),
    ("arn:aws:s3:::my-bucket/buildspec.yml", "Amazon S3"),
    ("!Frobnicate whatever", "Fn::Frobnicate"),
])
def test_computed_buildspecs_get_one_info_that_says_why(tmp_path, value, why):
    template = PROJECT.split("        BuildSpec: |")[0] + f"        BuildSpec: {value}\n"
    result = lint(tmp_path, "t.yaml", template)
    [note] = result.diagnostics
    assert (note.code, note.line, note.column) == ("F007", 15, 20)
    assert why in note.message and "not checked" in note.message


def test_suppression_comment_in_the_host(tmp_path):
    template = PROJECT.replace("              comands:", "              comands:  # speclint: ignore[S001] kept for the old agent")
    result = lint(tmp_path, "t.yaml", template)
    assert not [d for d in result.diagnostics if d.code in ("S001", "C002")]
    unused = template.replace("ignore[S001]", "ignore[B001]")
    result = lint(tmp_path, "u.yaml", unused)
    assert [d.line for d in result.diagnostics if d.code == "C002"] == [19]


def test_intrinsic_tags_are_no_unknown_tag_findings(tmp_path):
    template = PROJECT.replace("Description: a pipeline with one inline build", "Description: !Sub '${AWS::StackName} ok'") \
        + "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !GetAtt Compile.Arn\n"
    codes = {d.code for d in lint(tmp_path, "t.yaml", template).diagnostics}
    assert "Y010" not in codes


def test_a_template_that_does_not_parse_gives_one_finding(tmp_path):
    result = lint(tmp_path, "t.yaml", PROJECT + "  Broken: [\n")
    assert [d.code for d in result.diagnostics] == ["Y001"]


def test_buildspec_mentioning_the_resource_type_is_not_a_template():
    spec = b"version: 0.2\nphases:\n  build:\n    commands:\n      - grep AWS::CodeBuild::Project template.yaml\n"
    assert host_kind("buildspec.yml", spec) is None
    assert host_kind("t.yaml", PROJECT.encode()) == "cloudformation"
    assert host_kind("main.tf", b'resource "aws_codebuild_project" "x" {}') == "terraform"


# --- bad input: never a crash, never a position outside the host --------------------------------

def _inside(result, text):
    lines = text.split("\n")
    for d in result.diagnostics:
        if d.path != result.path:
            continue
        assert 1 <= d.line <= len(lines), d
        assert 1 <= d.column <= len(lines[d.line - 1].rstrip("\r")) + 1, d
        assert (d.span.end_line, d.span.end_column) >= (d.line, d.column), d


BAD_TEMPLATES = {
    "not yaml": PROJECT.replace("          version: 0.2\n", "          {{{ not: yaml\n"),
    "plain words": PROJECT.split("        BuildSpec: |")[0] + "        BuildSpec: just some words\n",
    "open sub": PROJECT.replace("BuildSpec: |", "BuildSpec: !Sub |").replace("make all", "echo ${Unclosed"),
    "deep if": PROJECT.split("        BuildSpec: |")[0] + "        BuildSpec: " + "!If [c, " * 200 + "x" + "]" * 200 + "\n",
    "crlf": PROJECT.replace("\n", "\r\n"),
    "unknown tag": PROJECT.replace("BuildSpec: |", "BuildSpec: !Rain::Embed |"),
    "empty": PROJECT.split("        BuildSpec: |")[0] + "        BuildSpec: ''\n",
    "number": PROJECT.split("        BuildSpec: |")[0] + "        BuildSpec: 12\n",
    "sequence sub": PROJECT.split("        BuildSpec: |")[0] + "        BuildSpec: !Sub ['version: 0.2\n          phases: {}', {}]\n",
    "tab block": PROJECT.replace("                - make all", "\t- make all"),
    "utf8": PROJECT.replace("make all", "echo 'héllo wörld 🚀' $x"),
}


@pytest.mark.parametrize("case", sorted(BAD_TEMPLATES))
def test_bad_templates_never_crash_nor_point_outside(tmp_path, case):
    text = BAD_TEMPLATES[case]
    result = lint(tmp_path, "t.yaml", text)
    assert not [d for d in result.diagnostics if d.code == "X001"]
    _inside(result, text)


def test_crlf_template_keeps_columns(tmp_path):
    text = PROJECT.replace("\n", "\r\n")
    [finding] = [d for d in lint(tmp_path, "t.yaml", text).diagnostics if d.code == "S001"]
    assert (finding.line, finding.column) == (19, 15)


@needs_hcl
@pytest.mark.parametrize("tf", [
    'resource "aws_codebuild_project" "x" {\n  source {\n    buildspec = <<EOT\nversion: 0.2\n',
    'resource "aws_codebuild_project" "x" {\n  source {\n    buildspec = "version: ${\n  }\n}\n',
    'resource "aws_codebuild_project" "x" {\n  source {\n    buildspec = local.spec\n  }\n}\n',
    'resource "aws_codebuild_project" "x" {\r\n  source {\r\n    buildspec = <<EOT\r\nversion: 0.2\r\nphases: {}\r\nEOT\r\n  }\r\n}\r\n',
    'resource "aws_codebuild_project" "x" {\n  source {\n    buildspec = "\\u00e9\\q %{ if a }"\n  }\n}\n',
    'resource "aws_codebuild_project" {\n',
])
def test_bad_terraform_never_crashes(tmp_path, tf):
    result = lint(tmp_path, "main.tf", tf)
    assert not [d for d in result.diagnostics if d.code == "X001"]
    _inside(result, tf)


def test_huge_template_is_reported_not_parsed(tmp_path):
    text = PROJECT + "".join(f"  Bucket{i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b{i}\n"
                             for i in range(60000))
    result = lint(tmp_path, "big.yaml", text)
    assert [d.code for d in result.diagnostics] == ["Y008"]
    assert "CloudFormation template is at most 1 MB" in result.diagnostics[0].hint


def test_two_thousand_resources_within_the_limit(tmp_path):
    text = PROJECT + "".join(f"  Bucket{i}:\n    Type: AWS::S3::Bucket\n" for i in range(2000))
    result = lint(tmp_path, "many.yaml", text)
    assert [d.code for d in result.diagnostics if d.severity >= 2] == ["S001", "S003"][:len(result.diagnostics)] or result.diagnostics


# --- the command line ----------------------------------------------------------------------------

def test_list_files_shows_each_document(tmp_path):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "pipeline.yaml").write_text(PROJECT)
    (tmp_path / "infra" / "unrelated.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")
    out = CliRunner().invoke(main, ["--list-files", str(tmp_path)]).output
    assert f"buildspec       {tmp_path}/infra/pipeline.yaml#Compile  (image aws/codebuild/standard:7.0" in out
    assert "unrelated" not in out


def test_json_output_carries_host_path_and_resource(tmp_path):
    (tmp_path / "pipeline.yaml").write_text(PROJECT)
    out = CliRunner().invoke(main, ["--format", "json", str(tmp_path / "pipeline.yaml")]).output
    data = json.loads(out)
    items = data if isinstance(data, list) else data["diagnostics"]
    s001 = [d for d in items if d["code"] == "S001"][0]
    assert (s001["line"], s001["column"], s001["document"]) == (19, 15, "Compile")
    assert s001["path"].endswith("pipeline.yaml")


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "junit"])
def test_other_formats_name_the_resource(tmp_path, fmt):
    (tmp_path / "pipeline.yaml").write_text(PROJECT)
    out = CliRunner().invoke(main, ["--format", fmt, str(tmp_path / "pipeline.yaml")]).output
    assert "Compile" in out and "pipeline.yaml" in out


def test_stdin_template(tmp_path):
    result = lint_bytes("infra/stack.yaml", PROJECT.encode(), Options())
    assert [(d.code, d.line) for d in result.diagnostics if d.code == "S001"] == [("S001", 19)]


def test_windows_environment_type_means_powershell(tmp_path):
    template = PROJECT.replace("Image: aws/codebuild/standard:7.0", "Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/builder:win").replace(
        "Type: LINUX_CONTAINER", "Type: WINDOWS_SERVER_2019_CONTAINER").replace("comands:", "commands:").replace(
        "- make all", "- export VERSION=1")
    from speclint.lint import prepare
    from speclint.shell.dialect import of_buildspec
    from speclint.source import open_source

    [doc] = open_source(template.encode(), shown="t.yaml").documents
    prepare(doc, Options())
    assert of_buildspec(doc).name == "powershell"


JOIN = """{
 "Resources": {
  "Site": {
   "Type": "AWS::CodeBuild::Project",
   "Properties": {
    "Source": {
     "Type": "CODEPIPELINE",
     "BuildSpec": {"Fn::Join": ["", [
       "{\\n  \\"version\\": \\"0.2\\",\\n  \\"phases\\": {\\"build\\": {\\"comands\\": [\\"aws s3 sync . s3://",
       {"Ref": "SiteBucket"},
       "/ \\"]}}\\n}"
     ]]}
    }
   }
  }
 }
}
"""


def test_cdk_token_join_is_linted_around_its_tokens(tmp_path):
    result = lint(tmp_path, "Stack.template.json", JOIN)
    [finding] = [d for d in result.diagnostics if d.code == "S001"]
    assert (finding.line, finding.column) == position_of(JOIN, '\\"comands')
    assert not [d for d in result.diagnostics if d.code == "F007"]
    from speclint.source import open_source
    assert [d.name for d in open_source(JOIN.encode(), shown="Stack.template.json").documents] == ["Site"]


def test_lifecycle_of_a_resource_shows_template_lines(tmp_path):
    (tmp_path / "site.yaml").write_text(SUB)
    out = CliRunner().invoke(main, ["lifecycle", "--format", "json", f"{tmp_path}/site.yaml#Deploy"])
    assert out.exit_code == 0, out.output
    hooks = [h for lane in json.loads(out.output)["lanes"] for step in lane["steps"] for h in step["hooks"]]
    assert [(h["line"], h["text"].split()[0]) for h in hooks] == [(15, "(not"), (16, "echo")]  # line 15: B001
    assert hooks[1]["text"].startswith("echo ${CODEBUILD_RESOLVED_SOURCE_VERSION} ")
    missing = CliRunner().invoke(main, ["lifecycle", f"{tmp_path}/site.yaml#Nothing"])
    assert missing.exit_code == 2 and "Deploy" in missing.output


@needs_hcl
def test_templatefile_is_linted_with_its_sequences_as_placeholders(tmp_path):
    (tmp_path / "ci").mkdir()
    spec = ("version: 0.2\nenv:\n  variables:\n    REGION: ${region}\nphases:\n"
            "%{ if run_tests ~}\n  pre_build:\n    commands:\n      - make test\n%{ endif ~}\n"
            "  biuld:\n    commands:\n      - echo $${HOME} ${image_tag}\n")
    (tmp_path / "ci" / "build.yml.tpl").write_text(spec)
    tf = ('resource "aws_codebuild_project" "t" {\n  source {\n'
          '    buildspec = templatefile("${path.module}/ci/build.yml.tpl", { region = "eu-west-1" })\n  }\n}\n')
    result = lint(tmp_path, "main.tf", tf)
    found = [(d.path, d.code, d.line, d.column) for d in result.diagnostics if d.severity >= 2]
    assert found == [("ci/build.yml.tpl", "B002", 11, 3)], found
    assert not [d for d in result.diagnostics if d.code in ("F004", "S008", "Y001")]


def test_template_file_sequences_keep_positions():
    text, offsets, exact, holes = terraform.template_file("a: ${x.y}\nb: $${z} %{ if c }d%{ endif }\ne: ${open\n")
    assert text == "a: __x_y_\nb: ${z} " + " " * len("%{ if c }") + "d" + " " * len("%{ endif }") + "\ne: ${open\n"
    assert offsets[text.index("${z}")] == len("a: ${x.y}\nb: $")
    assert holes[0] == (3, 9) and len(text) == len("a: ${x.y}\nb: $${z} %{ if c }d%{ endif }\ne: ${open\n") - 1


# --- the class, beyond the examples: every buildspec fixture, embedded three ways --------------

FIXTURE_SPECS = sorted(p for p in (Path(__file__).parent / "fixtures").glob("[BS]*/bad/*.yml")
                       if p.name.startswith("buildspec") and "\t" not in p.read_text(encoding="utf-8", errors="replace")
                       and "\r" not in p.read_text(encoding="utf-8", errors="replace")
                       and not (p.parent.parent / "options.json").exists())


def _embed(kind: str, spec: str) -> tuple:
    """(host name, host text, function: standalone (line, column) -> host (line, column))."""
    if kind == "yaml":
        head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Build:\n    Type: AWS::CodeBuild::Project\n" \
               "    Properties:\n      Source:\n        Type: CODEPIPELINE\n        BuildSpec: |\n"
        body = "".join(("          " + line if line else "") + "\n" for line in spec.rstrip("\n").split("\n"))
        return "t.yaml", head + body, lambda line, column: (line + 8, column + 10)
    if kind == "terraform":
        head = 'resource "aws_codebuild_project" "b" {\n  source {\n    buildspec = <<-EOT\n'
        body = "".join(("      " + line if line else "") + "\n" for line in spec.rstrip("\n").split("\n"))
        return "main.tf", head + body + "    EOT\n  }\n}\n", lambda line, column: (line + 3, column + 6)
    encoded = json.dumps(spec)
    prefix = '{"Resources": {"Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"Source": {"BuildSpec": '
    lines = spec.split("\n")

    def where(line, column):
        offset = sum(len(l) + 1 for l in lines[:line - 1]) + column - 1
        return 1, len(prefix) + len(json.dumps(spec[:offset])) - 1 + 1
    return "t.template.json", prefix + encoded + "}}}}}\n", where


@pytest.mark.parametrize("kind", ["yaml", "json", pytest.param("terraform", marks=needs_hcl)])
@pytest.mark.parametrize("fixture", FIXTURE_SPECS, ids=lambda p: p.parent.parent.name)
def test_every_fixture_finding_keeps_its_place_when_embedded(tmp_path, fixture, kind):
    spec = fixture.read_text(encoding="utf-8")
    if kind == "terraform" and ("${" in spec or "%{" in spec):
        pytest.skip("HCL would read ${ as a template sequence")
    alone = lint_bytes("buildspec.yml", spec.encode(), Options(kind="buildspec", extend_select=("ALL",), no_ignores=True))
    name, host, where = _embed(kind, spec)
    inside = lint_bytes(name, host.encode(), Options(extend_select=("ALL",), no_ignores=True))
    skip = {"F003", "B009", "C001", "C002", "F007", "X002"} | ({"Y003", "Y004"} if kind == "json" else set())
    expected = sorted((d.code, where(d.line, d.column)) for d in alone.diagnostics
                      if d.code not in skip and d.path == "buildspec.yml")
    got = sorted((d.code, (d.line, d.column)) for d in inside.diagnostics if d.code not in skip and d.path == name)
    assert got == expected


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = ["version: 0.2\n", "phases:\n", "  build:\n", "    commands:\n", "      - make\n", "${AWS::Region}", "${!Lit}",
          "${", "}", "%{ if x }", "$${", "\\n", '"', "'", "\t", "\r\n", ": ", "- ", "#", "é", "🚀", "\\u00e9", "EOT\n", "|"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=25),
       st.sampled_from(["block", "sub", "json", "terraform"]))
def test_any_buildspec_text_in_any_host_never_crashes_nor_points_outside(pieces, form):
    body = "".join(pieces)
    if form == "json":
        host = '{"Resources": {"B": {"Type": "AWS::CodeBuild::Project", "Properties": {"Source": {"BuildSpec": %s}}}}}\n' \
               % json.dumps(body)
        name = "t.json"
    elif form == "terraform":
        if not terraform.available():
            return
        host = 'resource "aws_codebuild_project" "b" {\n  source {\n    buildspec = <<-EOT\n' + body + "\n    EOT\n  }\n}\n"
        name = "main.tf"
    else:
        lines = "".join("          " + line + "\n" for line in body.split("\n"))
        host = ("Resources:\n  B:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source:\n"
                f"        BuildSpec: {'!Sub ' if form == 'sub' else ''}|\n" + lines)
        name = "t.yaml"
    result = lint_bytes(name, host.encode("utf-8", "surrogatepass"), Options(extend_select=("ALL",)))
    assert not [d for d in result.diagnostics if d.code == "X001"], result.diagnostics
    _inside(result, host)


def test_a_file_several_projects_name_is_reported_once(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands: [make]\n")
    template = PROJECT.split("        BuildSpec: |")[0]  # no BuildSpec: the source root's buildspec.yml
    for name in ("ci.yaml", "nightly.yaml"):
        (tmp_path / name).write_text(template)
    out = CliRunner().invoke(main, ["--format", "json", "--isolated", str(tmp_path)]).output
    found = [(d["path"].rsplit("/", 1)[-1], d["line"], d["code"]) for d in json.loads(out)]
    assert found == [("buildspec.yml", 3, "B002")]


def test_baseline_fingerprints_survive_lines_added_above_the_buildspec(tmp_path):
    (tmp_path / "pipeline.yaml").write_text(PROJECT)
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    runner.invoke(main, ["--isolated", "--write-baseline", str(baseline), str(tmp_path / "pipeline.yaml")])
    shifted = PROJECT.replace("Resources:\n", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n", 1)
    (tmp_path / "pipeline.yaml").write_text(shifted)
    out = runner.invoke(main, ["--isolated", "--format", "json", "--baseline", str(baseline), str(tmp_path / "pipeline.yaml")])
    assert json.loads(out.output) == []
    (tmp_path / "pipeline.yaml").write_text(shifted.replace("- make all", "- make all\n              foo: bar"))
    out = runner.invoke(main, ["--isolated", "--format", "json", "--baseline", str(baseline), str(tmp_path / "pipeline.yaml")])
    assert [d["code"] for d in json.loads(out.output)] == ["S001"]


def test_terraform_without_its_parser_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(terraform, "available", lambda: False)
    result = lint(tmp_path, "build.tf", TF)
    [note] = result.diagnostics
    assert (note.code, note.line) == ("F007", 1) and "speclint[terraform]" in note.message
    assert lint(tmp_path, "vars.tf", 'variable "x" {}\n').diagnostics == []  # no project: nothing to say


@needs_hcl
@pytest.mark.parametrize("written, found", [("../ci/lint.yml", True), ("${path.module}/../ci/lint.yml", True),
                                            ("../../../outside.yml", False), ("/etc/buildspec.yml", False)])
def test_terraform_file_paths_climb_only_inside_the_repository(tmp_path, written, found):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "ci").mkdir()
    (repo / "infra").mkdir()
    (repo / "ci" / "lint.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands: [make]\n")
    (tmp_path / "outside.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands: [make]\n")
    tf = f'resource "aws_codebuild_project" "l" {{\n  source {{\n    buildspec = file("{written}")\n  }}\n}}\n'
    (repo / "infra" / "main.tf").write_text(tf)
    codes = [d.code for d in lint_file(str(repo / "infra" / "main.tf"), Options()).diagnostics]
    assert codes == (["B002"] if found else ["F007"])


# Templates are read as CloudFormation reads them: YAML 1.2 flow scalars with ":" are plain
# values (PyYAML and cfn-lint accept them), though the libyaml CodeBuild uses would not.
FLOW_COLONS = ["Action: [s3:GetObject, s3:PutObject]", "Region: {Ref: AWS::Region}",
               "Value: !If [IsProd, x, !Ref AWS::NoValue]", "Resource: [arn:aws:s3:::bucket/*]",
               "Mixed: {Key: [a:b, {c: d:e}]}", "Nested: [[a:1], {Fn::Sub: 'x:${AWS::Region}'}]"]


@pytest.mark.parametrize("flow", FLOW_COLONS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_flow_scalars_with_colons_do_not_stop_a_template(tmp_path, flow, where):
    extra = f"  Other:\n    Type: AWS::SNS::Topic\n    Metadata:\n      {flow}\n"
    template = PROJECT.replace("Resources:\n", "Resources:\n" + extra) if where == "before" else PROJECT + extra
    result = lint(tmp_path, "t.yaml", template.replace("build:", "biuld:", 1))
    assert "Y001" not in {d.code for d in result.diagnostics}
    assert [d.line for d in result.diagnostics if d.code == "B002"] == [position_of(template, "build:")[0]]


def test_a_template_that_does_not_parse_speaks_of_cloudformation(tmp_path):
    result = lint(tmp_path, "t.yaml", PROJECT + "  Broken: [\n")
    (finding,) = result.diagnostics
    assert "CloudFormation" in finding.hint and "CodeBuild" not in finding.hint


def _json_template(spec: str, description: str) -> str:
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Description": description, "Resources": {
        "Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"Source": {"Type": "NO_SOURCE", "BuildSpec": spec}}}}},
        indent=1, ensure_ascii=True)


@pytest.mark.parametrize("emoji", ["\U0001F680", "\U0001F600\U0001F4E6", "\u00e9\U00010348"])
@pytest.mark.parametrize("where", ["description", "command"])
def test_json_surrogate_pair_escapes_are_one_character_and_positions_stay_exact(tmp_path, emoji, where):
    spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo " + (emoji if where == "command" else "") + " x\n  biuld:\n    commands: [ls]\n"
    text = _json_template(spec, "CI " + (emoji if where == "description" else "") + " pipeline")
    assert "\\ud8" in text
    result = lint(tmp_path, "t.json", text)
    assert "Y001" not in {d.code for d in result.diagnostics}
    (finding,) = [d for d in result.diagnostics if d.code == "B002"]
    assert (finding.line, finding.column) == position_of(text, "biuld")


JOIN_SUB = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Joined:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        BuildSpec: !Join
          - "\\n"
          - - "version: 0.2"
            - "phases:"
            - "  build:"
            - "    comands: [x]"
            - PART
"""


@pytest.mark.parametrize("part", ['!Sub "    commands: [echo ${AWS::Region}]"',
                                  "{Fn::Sub: '    commands: [echo ${Stage}]'}",
                                  '!Sub ["    commands: [echo ${Name}]", {Name: !Ref Stage}]'])
def test_join_with_a_sub_part_is_substituted_where_it_is_written(tmp_path, part):
    text = JOIN_SUB.replace("PART", part)
    result = lint(tmp_path, "t.yaml", text)
    assert [d.code for d in result.diagnostics] == ["S001"]
    assert (result.diagnostics[0].line, result.diagnostics[0].column) == position_of(text, "comands")


@pytest.mark.parametrize("part", ["!Ref Commands", "{Ref: Commands}", "!GetAtt Spec.Text", "!Select [0, [a, b]]"])
def test_join_whose_token_stands_for_structure_is_not_checked_never_an_error(tmp_path, part):
    text = JOIN_SUB.replace("PART", part)
    result = lint(tmp_path, "t.yaml", text)
    assert [(d.code, d.severity.name) for d in result.diagnostics] == [("F007", "INFO")]
    assert "Fn::Join" in result.diagnostics[0].message


@pytest.mark.parametrize("ref, written", [({"Ref": "SiteBucket"}, "${SiteBucket}"),
                                          ({"Fn::GetAtt": ["Site", "Arn"]}, "${Site.Arn}"),
                                          ({"Fn::ImportValue": "x"}, "${Fn::ImportValue}")])
def test_cdk_join_tokens_are_written_back_as_what_they_are(tmp_path, ref, written):
    text = JOIN.replace('{"Ref": "SiteBucket"}', json.dumps(ref)).replace("comands", "commands")
    (tmp_path / "Stack.template.json").write_text(text)
    out = CliRunner().invoke(main, ["lifecycle", "--format", "json", f"{tmp_path}/Stack.template.json#Site"])
    assert out.exit_code == 0, out.output
    [hook] = [h for lane in json.loads(out.output)["lanes"] for step in lane["steps"] for h in step["hooks"]]
    assert hook["text"].rstrip() == f"aws s3 sync . s3://{written}/"


LINE_MESSAGES = {
    "duplicate-key": "version: 0.2\nphases:\n  build:\n    commands: [a]\n    commands: [b]\n",
    "syntax-started-at": "version: 0.2\nphases:\n  build:\n   commands: [ls]\n    x: 1\n",
    "suppression-line": "version: 0.2\nphases:\n  build:\n    # speclint: ignore[B002]\n    commands: [ls]\n",
    "tab": "version: 0.2\nphases:\n  build:\n    commands:\n\t- ls\n",
}


@pytest.mark.parametrize("kind", ["yaml", "json", pytest.param("terraform", marks=needs_hcl)])
@pytest.mark.parametrize("case", sorted(LINE_MESSAGES))
def test_lines_named_in_messages_are_host_lines(kind, case):
    import re

    spec = LINE_MESSAGES[case]
    alone = lint_bytes("buildspec.yml", spec.encode(), Options(kind="buildspec"))
    name, host, where = _embed(kind, spec)
    inside = lint_bytes(name, host.encode(), Options())
    lines = spec.split("\n")

    def moved(match):
        line = int(match.group(1))
        column = int(match.group(2) or len(lines[line - 1]) - len(lines[line - 1].lstrip(" \t")) + 1)
        host_line, host_column = where(line, column)
        return f"line {host_line}" + (f", col {host_column}" if match.group(2) else "")
    expected = sorted((d.code, re.sub(r"\bline (\d+)(?:, col (\d+))?", moved, d.message)) for d in alone.diagnostics
                      if "line " in d.message)
    assert expected, "the case must have a message naming a line"
    assert sorted((d.code, d.message) for d in inside.diagnostics if "line " in d.message) == expected


@pytest.mark.parametrize("name, kind", [("node:18", "custom"), ("python:3.12-slim", "custom"), ("amazonlinux:2", "custom"),
                                        ("ubuntu:22.04", "custom"), ("standard:7.0", "codebuild"),
                                        ("standard:99.0", "unknown"), ("windows-base:2019-3.0", "no-selection"),
                                        ("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", "custom")])
def test_an_image_without_a_registry_is_docker_hub_unless_it_is_a_codebuild_repository(name, kind):
    from speclint.runtimes import normalize, resolve

    assert resolve(name).kind == kind
    assert normalize(name).startswith("aws/codebuild/") == (kind in ("codebuild", "unknown", "no-selection"))


@pytest.mark.parametrize("image", ["node:18", "python:3.12-slim"])
def test_docker_hub_image_is_custom_from_the_flag_the_template_and_list_files(tmp_path, image):
    spec = "version: 0.2\nphases:\n  build:\n    commands: [make]\n"
    from speclint.context import LintContext

    assert not lint_bytes("buildspec.yml", spec.encode(), Options(context=LintContext(image=image))).diagnostics
    text = PROJECT.replace("aws/codebuild/standard:7.0", image)
    assert not [d for d in lint(tmp_path, "t.yaml", text).diagnostics if d.code in ("B021", "B022")]
    out = CliRunner().invoke(main, ["--list-files", str(tmp_path / "t.yaml")])
    assert f"image {image}," in out.output and "aws/codebuild/" + image not in out.output


IMAGE_HOSTS = {
    "yaml": ("t.yaml", PROJECT),
    "json": ("t.template.json", json.dumps({"Resources": {"Compile": {"Type": "AWS::CodeBuild::Project", "Properties": {
        "Environment": {"Image": "aws/codebuild/standard:7.0"},
        "Source": {"Type": "CODEPIPELINE", "BuildSpec": "version: 0.2\nphases:\n  build:\n    commands: [make]\n"}}}}},
        indent=2)),
    "terraform": ("main.tf", 'resource "aws_codebuild_project" "compile" {\n  environment {\n'
                  '    image = "aws/codebuild/standard:7.0"\n  }\n  source {\n    buildspec = <<-EOT\n'
                  '      version: 0.2\n      phases:\n        build:\n          commands: [make]\n    EOT\n  }\n}\n'),
}


@pytest.mark.parametrize("kind", ["yaml", "json", pytest.param("terraform", marks=needs_hcl)])
@pytest.mark.parametrize("image, code", [("aws/codebuild/standard:99.0", "B022"), ("aws/codebuild/standard:4.0", "B021")])
def test_image_findings_are_on_the_hosts_image_value(tmp_path, kind, image, code):
    name, text = IMAGE_HOSTS[kind]
    text = text.replace("aws/codebuild/standard:7.0", image)
    [finding] = [d for d in lint(tmp_path, name, text).diagnostics if d.code == code]
    line, column = position_of(text, image)
    assert (finding.line, finding.column) == (line, column - (kind != "yaml"))  # a quoted value starts at its quote
    assert finding.span.end_column == column + len(image) + (kind != "yaml")
    assert f"line {line})" in finding.message


def test_flag_image_findings_stay_on_the_buildspec(tmp_path):
    from speclint.context import LintContext

    flag = LintContext(image="aws/codebuild/standard:99.0")
    [finding] = [d for d in lint(tmp_path, "t.yaml", PROJECT, context=flag).diagnostics if d.code == "B022"]
    assert "--image" in finding.message and finding.line == position_of(PROJECT, "version: 0.2")[0]


MINIFIED = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Build": {"Type": "AWS::CodeBuild::Project", "Properties": {
    "Source": {"Type": "NO_SOURCE", "BuildSpec": "version: 0.2\nphases:\n  biuld:\n    commands: [ls]\n"}}}}}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("separators", [(",", ":"), (", ", ": ")])
def test_one_line_and_bom_json_templates_are_found_and_linted(tmp_path, bom, separators):
    from speclint.discover import sniffed_host

    text = json.dumps(MINIFIED, separators=separators)
    (tmp_path / "pipeline.json").write_bytes(bom + text.encode())
    assert sniffed_host(str(tmp_path / "pipeline.json"))
    out = CliRunner().invoke(main, ["--format", "json", str(tmp_path)])
    codes = [d["code"] for d in json.loads(out.output)]
    assert "B002" in codes and "Y001" not in codes


@pytest.mark.parametrize("written", ['"ci/buildspec_${var.stage}.yml"', '"${var.folder}/buildspec.yml"', '"ci/%{ if x }a%{ endif }.yml"'])
@needs_hcl
def test_terraform_path_with_interpolation_is_known_only_at_plan_time(tmp_path, written):
    text = f'resource "aws_codebuild_project" "p" {{\n  source {{\n    type = "CODEPIPELINE"\n    buildspec = {written}\n  }}\n}}\n'
    result = lint(tmp_path, "main.tf", text)
    [finding] = result.diagnostics
    assert finding.code == "F007" and "known only at plan time" in finding.message
    assert (finding.line, finding.column) == position_of(text, written)


@pytest.mark.parametrize("written", ['!Sub "ci/buildspec_${Stage}.yml"', "{Fn::Sub: 'ci/${AWS::Region}/buildspec.yml'}"])
def test_cloudformation_sub_path_is_known_only_at_deploy_time(tmp_path, written):
    text = PROJECT.split("      Source:")[0] + f"      Source:\n        Type: CODEPIPELINE\n        BuildSpec: {written}\n"
    [finding] = lint(tmp_path, "t.yaml", text).diagnostics
    assert finding.code == "F007" and "known only when the stack is deployed" in finding.message
    assert "not in this repository" not in finding.message


@needs_hcl
def test_dynamic_secondary_sources_content_is_linted(tmp_path):
    text = ('resource "aws_codebuild_project" "d" {\n  source {\n    type = "NO_SOURCE"\n    buildspec = "version: 0.2"\n  }\n'
            '  dynamic "secondary_sources" {\n    for_each = var.sources\n    content {\n      source_identifier = secondary_sources.value\n'
            '      buildspec = <<-EOT\n        version: 0.2\n        phases:\n          biuld:\n            commands: [ls]\n      EOT\n'
            '    }\n  }\n  dynamic "environment_variable" {\n    for_each = var.env\n    content {\n      name = "x"\n    }\n  }\n}\n')
    [finding] = [d for d in lint(tmp_path, "main.tf", text).diagnostics if d.code == "B002"]
    assert (finding.line, finding.column) == position_of(text, "biuld")
    assert finding.document == "aws_codebuild_project.d.secondary_sources[0]"


def test_for_each_projects_are_said_not_checked(tmp_path):
    text = ('AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\nResources:\n'
            "  Fn::ForEach::Builds:\n    - Stage\n    - [dev, prod]\n    - Build${Stage}:\n        Type: AWS::CodeBuild::Project\n"
            "        Properties:\n          Source: {Type: NO_SOURCE, BuildSpec: 'version: 0.2'}\n"
            "  Fn::ForEach::Topics:\n    - T\n    - [a]\n    - Topic${T}: {Type: AWS::SNS::Topic}\n")
    [finding] = lint(tmp_path, "t.yaml", text).diagnostics
    assert finding.code == "F007" and "Fn::ForEach::Builds" in finding.message and finding.line == 4


OTHER_TOOLS = {
    ".github/workflows/pipeline.yml": "name: ci\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
    "chart/templates/stack-config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-stack\n",
    "azure-pipelines.yml": "trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\n",
    "infra/network-stack.json": '{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}}',
    "deploy/pipeline.yaml": "stages: [build]\nbuild:\n  script: [make]\n",
}


def test_templates_hook_says_nothing_about_files_that_are_not_ours(tmp_path, monkeypatch):
    import re
    import yaml

    for name, text in OTHER_TOOLS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "infra" / "pipeline.yaml").write_text(PROJECT.replace("build:", "biuld:", 1))
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands: [ls]\n")
    hook = [h for h in yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
            if h["id"] == "speclint-templates"][0]
    names = sorted(OTHER_TOOLS) + ["infra/pipeline.yaml", "buildspec.yml"]
    assert all(re.search(hook["files"], name) for name in names if "github" not in name and "azure" not in name)
    passed = [n for n in names if re.search(hook["files"], n) and not re.search(hook.get("exclude", "^$"), n)]
    assert ".github/workflows/pipeline.yml" not in passed and "azure-pipelines.yml" not in passed
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, hook["entry"].split()[1:] + ["--format", "json"] + names)
    found = sorted((d["path"], d["code"]) for d in json.loads(out.output))
    assert found == [("buildspec.yml", "B002"), ("infra/pipeline.yaml", "B002")]
    alone = CliRunner().invoke(main, ["--format", "json", "azure-pipelines.yml"])
    assert [d["code"] for d in json.loads(alone.output)] == ["F001"]  # without the flag, a named file is said


@pytest.mark.parametrize("kind", ["yaml", pytest.param("terraform", marks=needs_hcl)])
@pytest.mark.parametrize("empty", ['""', "''", '"  "'])
def test_an_empty_buildspec_means_buildspec_yml_at_the_source_root(tmp_path, kind, empty):
    (tmp_path / ".git").mkdir()
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  biuld:\n    commands: [ls]\n")
    if kind == "yaml":
        name, text = "t.yaml", PROJECT.split("      Source:")[0] + f"      Source:\n        Type: CODEPIPELINE\n        BuildSpec: {empty}\n"
    else:
        name, text = "main.tf", f'resource "aws_codebuild_project" "p" {{\n  source {{\n    type = "CODEPIPELINE"\n    buildspec = {empty.replace(chr(39), chr(34))}\n  }}\n}}\n'
    result = lint(tmp_path, name, text)
    assert [d.code for d in result.diagnostics] == ["B002"]
    assert "is the file ," not in " ".join(d.message for d in result.diagnostics)


def test_image_findings_of_a_named_buildspec_stay_in_that_file(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "build.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\n")
    text = PROJECT.replace("aws/codebuild/standard:7.0", "aws/codebuild/standard:99.0").split("      Source:")[0] \
        + "      Source:\n        Type: CODEPIPELINE\n        BuildSpec: ci/build.yml\n"
    [finding] = [d for d in lint(tmp_path, "t.yaml", text).diagnostics if d.code == "B022"]
    assert (finding.line, finding.column) == (1, 1) and finding.path.endswith("build.yml")


def test_a_cdk_app_whose_cdk_out_git_ignores_says_how_to_lint_it(tmp_path, monkeypatch):
    import subprocess

    (tmp_path / "cdk.json").write_text('{"app": "python3 app.py"}')
    (tmp_path / ".gitignore").write_text("cdk.out/\n")
    (tmp_path / "cdk.out").mkdir()
    (tmp_path / "cdk.out" / "App.template.json").write_text(JOIN)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["."])
    assert "speclint --no-respect-gitignore ./cdk.out" in out.output
    out = CliRunner().invoke(main, ["--no-respect-gitignore", "./cdk.out"])
    assert "S001" in out.output


@pytest.mark.parametrize("folder, flagged", [("cdk.out", False), ("infra", True)])
def test_style_is_not_told_about_generated_cdk_output(tmp_path, folder, flagged):
    spec = json.dumps({"version": "0.2", "phases": {"install": {"commands": "npm ci"}, "build": {"comands": ["x"]}}}, indent=2)
    text = json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::CodeBuild::Project",
                       "Properties": {"Source": {"Type": "CODEPIPELINE", "BuildSpec": spec}}}}}, indent=1)
    (tmp_path / folder).mkdir()
    codes = [d.code for d in lint(tmp_path, f"{folder}/App.template.json", text).diagnostics]
    assert ("B011" in codes) == flagged and "S001" in codes


@pytest.mark.parametrize("lines", [0, 60, 300])
def test_a_template_after_a_long_comment_header_is_found(tmp_path, lines):
    from speclint.discover import sniffed_host

    header = "".join(f"# Copyright notice, line {i}: " + "-" * 50 + "\n" for i in range(lines))
    (tmp_path / "pipeline.yaml").write_text(header + PROJECT)
    assert sniffed_host(str(tmp_path / "pipeline.yaml"))
    (tmp_path / "values.yaml").write_text(header + "replicas: 3\n")
    assert not sniffed_host(str(tmp_path / "values.yaml"))
