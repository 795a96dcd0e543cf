"""Which files are ours: content sniffing, near-miss names, other tools' files, template sources."""

import json

import pytest
from click.testing import CliRunner

from speclint.source.classify import near_miss, sniff, sniffable
from speclint.cli import cli
from speclint.lint import Options, lint_bytes
from speclint.source.templates import template_syntax

BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"
EC2 = "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv/app\n"

# Real layouts of buildspecs and appspecs, in our own words: comments first, quoted keys,
# keys in another order, a BOM, a batch-only buildspec, Lambda and ECS appspecs.
OURS = [
    ("buildspec", BUILDSPEC),
    ("buildspec", "# Release build\n# owner: platform team\n\nversion: 0.2\n\nenv:\n  variables:\n    A: b\nphases:\n  build: {}\n"),
    ("buildspec", '"version": 0.2\n"phases":\n  install: {}\n'),
    ("buildspec", "phases:\n  build:\n    commands: [make]\nversion: 0.2\nartifacts:\n  files: ['**/*']\n"),
    ("buildspec", "\ufeffversion: 0.2\nphases: {}\n"),
    ("buildspec", "version: 0.2\nbatch:\n  fast-fail: true\n  build-graph:\n    - identifier: a\n"),
    ("buildspec", "version: 0.2\nphase_notes: x\nphases:\n  build: {}\n"),  # one unknown key tolerated
    ("buildspec", "version: 0.1\nenvironment_variables:\n  plaintext: {A: b}\nphases: {}\n"),
    ("appspec", EC2),
    ("appspec", "version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n"),
    ("appspec", "version: '0.0'\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\nHooks:\n  - BeforeInstall: f\n"),
    ("appspec", "version: 0.0\nos: windows\nhooks:\n  AfterInstall:\n    - location: a.ps1\n"),
]
# YAML files of other tools that share keys with ours.
NOT_OURS = [
    "name: ci\non:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n",  # GitHub workflow
    "version: '3.8'\nservices:\n  web:\n    image: nginx\n",  # docker-compose
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",  # Kubernetes
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",  # CloudFormation
    "service: api\nprovider:\n  name: aws\nfunctions:\n  hello: {handler: h.main}\nresources:\n  Resources: {}\n",  # serverless
    "version: 1\nfrontend:\n  phases:\n    build:\n      commands: [npm run build]\n",  # Amplify
    "version: 2.1\njobs:\n  build:\n    steps: [checkout]\nworkflows:\n  main: {}\n",  # CircleCI
    "platform: linux\nimage_resource:\n  type: docker-image\nrun:\n  path: make\n",  # Concourse task
    "openapi: 3.0.0\ninfo:\n  version: 1.0.0\npaths: {}\n",  # OpenAPI
    "version: 2\nupdates:\n  - package-ecosystem: pip\n",  # dependabot
    "- hosts: all\n  tasks:\n    - name: files\n      copy: {src: a, dest: b}\n",  # Ansible
    "version: 0.0\nname: x\nfiles: [a]\ntitle: y\n",  # version 0.0 but two foreign keys
    "files:\n  - a\nhooks:\n  pre: x\n",  # no version
    "version: 1.0\nhooks:\n  pre-commit: lint\n",  # hooks, but not appspec version
    "  version: 0.2\n  phases: {}\n",  # indented: not top level
]


@pytest.mark.parametrize("kind,text", OURS)
def test_sniff_finds_buildspecs_and_appspecs(kind, text):
    assert sniff(text.encode()) == kind


@pytest.mark.parametrize("kind,text", OURS)
def test_sniff_reads_windows_line_endings_as_it_reads_unix_ones(kind, text):
    """A key that ends its line (`phases:` + CRLF) is a key too: before, `\r` after the colon
    hid every block key, and a freely named CRLF buildspec was missed by the folder search."""
    assert sniff(text.replace("\n", "\r\n").encode()) == kind


@pytest.mark.parametrize("text", NOT_OURS)
def test_sniff_leaves_other_yaml_alone_with_windows_line_endings(text):
    assert sniff(text.replace("\n", "\r\n").encode()) is None


@pytest.mark.parametrize("text", NOT_OURS)
def test_sniff_leaves_other_yaml_alone(text):
    assert sniff(text.encode()) is None


def test_sniff_reads_only_the_head():
    padding = "# " + "x" * 78 + "\n"
    late = padding * 60 + BUILDSPEC  # the keys start after 4,800 bytes
    assert sniff(late.encode()[:4096]) is None
    assert sniff((padding * 10 + BUILDSPEC).encode()) == "buildspec"


@pytest.mark.parametrize("name,expected", [
    ("release.yml", True), ("ci.YAML", True), ("appspec.yml.txt", True), ("buildspec.yml.j2", True),
    ("buildspec.yaml.tpl", True), ("package.json", False), ("README.md", False), ("buildspec.yml.bak", False),
])
def test_which_names_are_sniffed(name, expected):
    assert sniffable(name) is expected


@pytest.mark.parametrize("name,kind,right", [
    ("appsepc.yml", "appspec", "appspec.yml"),  # two letters swapped
    ("apspec.yml", "appspec", "appspec.yml"),  # one left out
    ("app-spec.yml", "appspec", "appspec.yml"),
    ("app_spec.yaml", "appspec", "appspec.yaml"),
    ("Appspec.yml", "appspec", "appspec.yml"),
    ("APPSPEC.YAML", "appspec", "appspec.yaml"),
    ("appspec.yml.txt", "appspec", "appspec.yml"),
    ("deploy/appspec.YML", "appspec", "appspec.yml"),
    ("buildspce.yml", "buildspec", "buildspec.yml"),
    ("build-spec.yml", "buildspec", "buildspec.yml"),
    ("Buildspec.yml", "buildspec", "buildspec.yml"),
    ("BuildSpec.yaml", "buildspec", "buildspec.yml"),
    ("buildspec.yml.txt", "buildspec", "buildspec.yml"),
    ("bulidspec.yml", "buildspec", "buildspec.yml"),
])
def test_near_misses_of_the_names_aws_reads(name, kind, right):
    assert near_miss(name, kind) == right


@pytest.mark.parametrize("name,kind", [
    ("appspec.yml", "appspec"), ("appspec.yaml", "appspec"), ("appspec-prod.yml", "appspec"),
    ("appspec_override_retain.yaml", "appspec"), ("deploy.yml", "appspec"), ("appspec.yml.j2", "appspec"),
    ("buildspec.yml", "buildspec"), ("buildspec.yaml", "buildspec"), ("buildspec-test.yml", "buildspec"),
    ("buildspec_lint.yml", "buildspec"), ("codebuild/release.yml", "buildspec"), ("buildspec1.yml", "buildspec"),
])
def test_right_names_and_deliberate_variants_are_not_near_misses(name, kind):
    assert near_miss(name, kind) is None


def _codes(name, text, **options):
    return [(d.code, d.line, d.column, str(d.severity)) for d in lint_bytes(name, text.encode(), Options(**options)).diagnostics]


@pytest.mark.parametrize("name", ["appsepc.yml", "app-spec.yml", "Appspec.yml", "appspec.yml.txt"])
def test_misnamed_ec2_appspec_is_linted_and_reported(name):
    assert _codes(name, EC2) == [("F003", 1, 1, "warning")]
    # and checked like any appspec
    assert _codes(name, EC2.replace("os: linux", "os: Linux")) == [("F003", 1, 1, "warning"), ("S005", 2, 5, "error")]


def test_case_alone_does_not_matter_on_windows():
    windows = EC2.replace("os: linux", "os: windows").replace("/srv/app", "C:\\app")
    assert _codes("AppSpec.yml", windows) == []
    assert _codes("appsepc.yml", windows) == [("F003", 1, 1, "warning")]


@pytest.mark.parametrize("text", [
    "version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties: {Name: f, Alias: live, "
    "CurrentVersion: '1', TargetVersion: '2'}\n",
    "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: "
    "<TASK_DEFINITION>\n        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}\n",
])
def test_lambda_and_ecs_appspecs_may_have_any_name(text):
    assert [c for c in _codes("app-spec.yml", text) if c[0] == "F003"] == []


@pytest.mark.parametrize("name,text", [
    ("appspec.json", '{"version": "1.2", "settings": [], "dependencies": {}}'),  # MoveApps
    ("appspec.json", '{"version": "1.0", "license": {"key": "MIT"}, "settings": [{"id": "a"}]}'),
    ("appspec.yml", "name: my-app\nversion: 3.1.4\nentrypoint: main.py\n"),
    ("buildspec.yml", "name: docs\nsteps:\n  - run: make html\n"),
    ("buildspec-ci.yaml", "targets:\n  linux: {arch: x86_64}\n"),
])
def test_another_tools_file_with_our_name_gets_one_note(name, text):
    result = lint_bytes(name, text.encode(), Options())
    assert [(d.code, d.line, d.column, str(d.severity)) for d in result.diagnostics] == [("F001", 1, 1, "info")]
    assert "has none of its top-level keys" in result.diagnostics[0].message


@pytest.mark.parametrize("name,text,code", [
    ("appspec.yml", "version: 0.0\n", "S003"),  # our version: a broken appspec, checked
    ("buildspec.yml", "version: 0.2\nphase:\n  build: {}\n", "S001"),  # a misspelt key of ours, checked
    ("appspec.yml", "Version: 0.0\nOS: linux\n", "S001"),
])
def test_a_broken_file_of_ours_is_still_checked(name, text, code):
    assert code in [c[0] for c in _codes(name, text)]
    assert "F001" not in [c[0] for c in _codes(name, text)]


TEMPLATES = [
    ("Jinja", "version: 0.2\nphases:\n  build:\n    commands:\n{% for t in targets %}\n      - make {{ t }}\n{% endfor %}\n", 5, 1),
    ("Jinja", "version: 0.2\n{%- if publish %}\nphases: {}\n{%- endif %}\n", 2, 1),
    ("Jinja", "{# rendered by deploy.py #}\nversion: 0.2\nphases: {}\n", 1, 1),
    ("Handlebars/Mustache", "version: 0.0\nos: linux\nhooks:\n{{#if migrate}}\n  AfterInstall:\n    - location: m.sh\n{{/if}}\n", 4, 1),
    ("Handlebars/Mustache", "version: 0.2\nphases:\n  build:\n    commands:\n    {{> common_commands}}\n", 5, 5),
    ("Go", "version: 0.2\nphases:\n  build: {}\n  {{- if .Publish }}\n  post_build: {}\n  {{- end }}\n", 4, 3),
    ("Go", "version: 0.2\n{{ range .Phases }}\n{{ end }}\n", 2, 1),
    ("ERB", "version: 0.2\nphases:\n<% if publish %>\n  post_build: {}\n<% end %>\n", 3, 1),
    ("Terraform", "version: 0.2\nphases:\n  build:\n    commands:\n%{ for c in commands ~}\n      - ${c}\n%{ endfor ~}\n", 5, 1),
]


@pytest.mark.parametrize("syntax,text,line,column", TEMPLATES)
def test_template_sources_get_one_note_naming_the_syntax(syntax, text, line, column):
    for name in ("buildspec.yml", "appspec.yml", "ci/build.yml.j2"):
        result = lint_bytes(name, text.encode(), Options())
        assert [(d.code, d.line, d.column, str(d.severity)) for d in result.diagnostics] == [("F004", line, column, "info")]
        assert result.diagnostics[0].message.startswith(f"this is a {syntax} template (`")
    assert template_syntax(text)[0] == syntax


@pytest.mark.parametrize("text", [
    BUILDSPEC + "      - echo {{ version }}\n      - 'docker push {{ repo }}:{{ tag }}'\n",
    "version: 0.2\nenv:\n  variables:\n    STAGE: \"{{ stage }}\"\n    RAW: '{% raw %}x{% endraw %}'\nphases:\n  build:\n    commands: [make]\n",
    BUILDSPEC + "      - |\n        cat > t.j2 <<EOF\n        {% if x %}y{% endif %}\n        {{#each a}}{{/each}}\n        <% end %>\n        EOF\n",
    "version: 0.2\n# {% if %} in a comment\nphases:\n  build:\n    commands: [make]\n",
    "version: 0.2\nenv:\n  parameter-store:\n    TOKEN: /codebuild/${project}/token\nphases:\n  build:\n    commands:\n      - sync ${org}\n",
])
def test_placeholders_inside_values_are_linted_as_usual(text):
    result = lint_bytes("buildspec.yml", text.encode(), Options())
    assert result.kind == "buildspec"
    assert "F004" not in [d.code for d in result.diagnostics]
    assert template_syntax(text) is None


def test_folder_search_finds_freely_named_files_by_content(tmp_path):
    files = {
        "codebuild/release.yml": BUILDSPEC,
        "buildspec/lint.yml": BUILDSPEC,
        "ci/build.yaml": BUILDSPEC,
        "deploy/ec2.yml": EC2,
        "appsepc.yml": EC2,
        "buildspec.yml.j2": "version: 0.2\nphases:\n{% if x %}\n  build: {}\n{% endif %}\n",
        "notes.yml.txt": BUILDSPEC,
    }
    files.update({f"other/{i}.yml": text for i, text in enumerate(NOT_OURS)})
    files["other/package.json"] = '{"version": "0.2", "phases": {}}'
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["--isolated", "--list-files", "--no-respect-gitignore", str(tmp_path)])
    listed = sorted(line.split()[1].replace(str(tmp_path) + "/", "") for line in result.output.splitlines())
    assert listed == sorted(name for name in files if not name.startswith("other/"))


def test_folder_search_that_finds_nothing_says_so(tmp_path):
    (tmp_path / "ci.yml").write_text(NOT_OURS[0])
    result = CliRunner().invoke(cli, ["--isolated", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output.startswith(f"No buildspec or appspec found in {tmp_path} ")
    assert "All good" not in result.output
    # machine formats keep their output clean and say it on standard error
    result = CliRunner().invoke(cli, ["--isolated", "--format", "json", str(tmp_path)])
    assert json.loads(result.stdout) == [] and "No buildspec or appspec found" in result.stderr


def test_pre_commit_hook_names():
    """The hook's `files` pattern (pre-commit matches it with re.search) takes the near misses too."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text()
    pattern = re.compile(re.search(r"^  files: (.+)$", text, re.MULTILINE).group(1))
    for name in ("buildspec.yml", "ci/buildspec-test.yaml", "Buildspec.yml", "build-spec.yml", "appspec.yml",
                 "deploy/AppSpec.yaml", "app_spec.yml", "appspec.json", "appspec.yml.txt"):
        assert pattern.search(name), name
    for name in ("package.json", "ci/build.yml", "buildspec.md", "docs/appspec.yml.md", "mybuildspec.yml"):
        assert not pattern.search(name), name


def test_content_sniff_never_waits_on_a_fifo(tmp_path):
    import os
    import subprocess

    from speclint.discover import sniffed_kind

    os.mkfifo(tmp_path / "ci.yml")
    (tmp_path / "build.yml").write_text(BUILDSPEC)
    assert sniffed_kind(str(tmp_path / "ci.yml")) is None
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # git lists the FIFO too
    result = CliRunner().invoke(cli, ["--isolated", "--list-files", str(tmp_path)])
    assert [line.split()[1] for line in result.output.splitlines()] == [str(tmp_path / "build.yml")]
