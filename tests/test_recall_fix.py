"""Recall on new users' mistakes (issue 14 classes 1, 5, 7; issue 13 class 5): each class, beyond its instance."""

import pytest

from conftest import lint_text


def _env_findings(key):
    text = f"""
        version: 0.2
        env:
          {key}:
            NAME: value
        phases:
          build:
            commands:
              - make
        """
    return [d for d in lint_text(text) if d.code == "S001"]


@pytest.mark.parametrize("key, suggestion", [
    ("parameter_store", "parameter-store"), ("plaintext", "variables"), ("variable", "variables"),
    ("secrets_manager", "secrets-manager"), ("Variables", "variables"), ("varaibles", "variables"),
    ("secrets", "secrets-manager"), ("parameters", "parameter-store"), ("exported_variables", "exported-variables"),
])
def test_misspelt_env_key_is_reported_with_its_effect(key, suggestion):
    found = _env_findings(key)
    assert len(found) == 1, found
    d = found[0]
    assert (d.line, d.column, str(d.severity)) == (3, 3, "warning")
    assert f'"{key}"' in d.message and f'"{suggestion}"' in d.message
    assert "ignored" in d.message


@pytest.mark.parametrize("key", ["shell", "variables", "parameter-store", "secrets-manager", "exported-variables",
                                 "git-credential-helper"])
def test_real_env_keys_stay_quiet(key):
    assert _env_findings(key) == []


@pytest.mark.parametrize("entry", ["[null]", "[~]", "[Null]", "\n                - ", "\n                -"])
def test_empty_depend_on_entry_is_named_as_empty_not_as_python(entry):
    text = f"""
        version: 0.2
        batch:
          build-graph:
            - identifier: first
            - identifier: second
              depend-on: {entry}
        phases:
          build:
            commands:
              - make
        """
    found = [d for d in lint_text(text) if d.code == "B008"]
    assert [d.message for d in found] == ["depend-on has an empty entry, which names no task in build-graph"]
    assert "None" not in found[0].hint


@pytest.mark.parametrize("target, value", [("first", '"first"'), ("true", "true"), ("12", "12")])
def test_depend_on_matches_identifiers_by_their_text(target, value):
    text = f"""
        version: 0.2
        batch:
          build-graph:
            - identifier: {value}
            - identifier: second
              depend-on: [{target}]
        phases:
          build:
            commands:
              - make
        """
    assert [d for d in lint_text(text) if d.code == "B008"] == []


LAMBDA = """
    version: 0.0
    Resources:
      - fn:
          Type: AWS::Lambda::Function
          Properties:
            Name: fn
            Alias: live
            CurrentVersion: 1
            TargetVersion: {value}
    """


@pytest.mark.parametrize("value", ["1.5", "1.10", "3.0.1", "true", "1_000.5"])
def test_version_of_wrong_type_and_wrong_form_names_the_valid_form(value):
    found = lint_text(LAMBDA.format(value=value), name="appspec.yml")
    assert [(d.code, d.line) for d in found] == [("S005", 9)], found
    assert "a published version number" in found[0].message and value in found[0].message


@pytest.mark.parametrize("value", ["2", '"2"', "17"])
def test_published_version_numbers_pass(value):
    assert lint_text(LAMBDA.format(value=value), name="appspec.yml") == []


def _docker(version, image=None):
    return _runtime(f"docker: {version}", image, codes=("B018", "B019"))


@pytest.mark.parametrize("image", ["aws/codebuild/amazonlinux-aarch64-standard:3.0", "amazonlinux-aarch64-standard:4.0",
                                   "public.ecr.aws/codebuild/amazonlinux-aarch64-standard:3.0"])
@pytest.mark.parametrize("version, severity", [("23", "warning"), ("latest", "warning"), ("20", "error"), ("19", "error")])
def test_docker_on_aarch64_is_deprecated_and_deleted_not_changed(image, version, severity):
    found = _docker(version, image)
    assert [(d.code, d.line, d.column, str(d.severity)) for d in found] == [("B019", 5, 7, severity)], found
    assert "deprecated" in found[0].message and found[0].hint.startswith("delete the docker entry")
    assert "use one of" not in found[0].hint


def test_docker_without_image_says_deprecated_on_aarch64_and_nothing_claims_every_image():
    found = _docker("20")
    assert [d.code for d in found] == ["B019"] and "deprecated" in found[0].message and "aarch64" in found[0].message
    for d in _docker("20", "standard:7.0") + found:
        assert "every CodeBuild image" not in d.hint


@pytest.mark.parametrize("phase", ["install", "pre_build", "build", "post_build"])
@pytest.mark.parametrize("section", ["commands", "finally"])
@pytest.mark.parametrize("item", ["make", "npm ci", "./build.sh --fast"])
def test_dash_glued_to_a_command_is_named_as_yaml_reads_it(phase, section, item):
    text = f"""
        version: 0.2
        phases:
          {phase}:
            commands:
              - true
            {section if section != "commands" else "finally"}:
              -{item}
        """
    if section == "commands":
        text = text.replace("              - true\n", f"              -{item}\n", 1).replace("            finally:\n              -" + item + "\n", "")
    found = [d for d in lint_text(text) if d.code == "B011"]
    assert len(found) == 1, found
    d = found[0]
    assert (d.line, d.column) == (5, 7) if section == "commands" else (7, 7)
    assert f'"-{item}"' in d.message and "no space after the dash" in d.message and "single string" not in d.message
    assert d.hint.startswith(f"write `- {item}`")


def test_block_string_commands_keep_their_own_message():
    text = """
        version: 0.2
        phases:
          build:
            commands: |
              -make
        """
    assert [d.message for d in lint_text(text) if d.code == "B011"] == ["commands of phase build is a single string, not a list of commands"]


def test_dash_glued_where_only_a_list_is_valid_says_the_same():
    text = """
        version: 0.2
        batch:
          build-graph:
            - identifier: first
            - identifier: second
              depend-on: -first
        phases:
          build:
            commands:
              - make
        """
    found = [d for d in lint_text(text) if d.code == "S004"]
    assert [(d.line, d.column) for d in found] == [(6, 18)]
    assert "no space after the dash" in found[0].message and found[0].hint.startswith("write `- first`")


def _runtime(entry, image=None, codes=("B017", "B018")):
    from speclint.lint import Options, lint_bytes
    from speclint.record import replace

    text = f"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      {entry}\n  build:\n    commands:\n      - make\n"
    options = Options()
    if image:
        options.context = replace(options.context, image=image)
    return [d for d in lint_bytes("buildspec.yml", text.encode(), options).diagnostics if d.code in codes]


@pytest.mark.parametrize("image", [None, "aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0"])
@pytest.mark.parametrize("name, meant", [("Python", "python"), ("NODEJS", "nodejs"), ("Golang", "golang"), ("node", "nodejs"),
                                         ("go", "golang"), ("Node", "nodejs"), ("dotnet-core", "dotnet"), ("pyton", "python")])
def test_misspelt_runtime_name_says_which_runtime_is_meant(image, name, meant):
    found = _runtime(f"{name}: 20", image)
    assert [(d.code, d.line, d.column) for d in found] == [("B017", 5, 7)], found
    assert f'(did you mean "{meant}"?' in found[0].message
    assert ("case-sensitive" in found[0].message) == (name.lower() == meant)


@pytest.mark.parametrize("image", [None, "aws/codebuild/standard:7.0", "aws/codebuild/standard:4.0"])
@pytest.mark.parametrize("version", ["17", "11", "8"])
def test_java_version_without_vendor_suggests_corretto(image, version):
    found = _runtime(f"java: {version}", image)
    if image == "aws/codebuild/standard:4.0" and version == "17":  # that image has no corretto17: nothing to suggest
        assert [d.code for d in found] == ["B018"] and "did you mean" not in found[0].message
        return
    assert [(d.code, d.line, d.column) for d in found] == [("B018", 5, 13)], found
    assert f'(did you mean "corretto{version}"?)' in found[0].message and found[0].hint == f"write `java: corretto{version}`"


@pytest.mark.parametrize("value, meant", [("pwsh", "powershell.exe"), ("powershell", "powershell.exe"), ("PowerShell", "powershell.exe"),
                                          ("cmd", "cmd.exe"), ("dash", "sh"), ("bsh", "bash")])
def test_shell_value_did_you_mean_knows_the_shells(value, meant):
    text = f"""
        version: 0.2
        env:
          shell: {value}
        phases:
          build:
            commands:
              - make
        """
    found = [d for d in lint_text(text) if d.code == "S005"]
    assert [(d.line, d.column) for d in found] == [(3, 10)]
    assert found[0].message.endswith(f'(did you mean "{meant}"?)')


RUNTIME_BLOCK = """phases:
  install:
    runtime-versions:
      nodejs: 15
  build:
    commands:
      - make
"""

BATCHES = {
    "build-graph": ("batch:\n  build-graph:\n    - identifier: x86\n      env:\n        image: {image}\n", "batch task x86", 6),
    "build-list": ("batch:\n  build-list:\n    - identifier: old_one\n      env:\n        image: {image}\n", "batch task old_one", 6),
    "build-matrix static": ("batch:\n  build-matrix:\n    static:\n      env:\n        image: {image}\n",
                            "build-matrix static env.image", 6),
    "build-matrix dynamic": ("batch:\n  build-matrix:\n    dynamic:\n      env:\n        image:\n          - aws/codebuild/standard:7.0\n"
                             "          - {image}\n", "build-matrix dynamic env.image", 8),
}


def _batch_text(kind, image):
    template, _, _ = BATCHES[kind]
    return "version: 0.2\n" + template.format(image=image) + RUNTIME_BLOCK


@pytest.mark.parametrize("kind", list(BATCHES))
@pytest.mark.parametrize("image, shipped", [("aws/codebuild/standard:4.0", "10, 12"), ("standard:3.0", "10, 12")])
def test_batch_task_images_are_checked_and_named(kind, image, shipped):
    from speclint.lint import Options, lint_bytes

    _, label, line = BATCHES[kind]
    text = _batch_text(kind, image)
    found = [d for d in lint_bytes("buildspec.yml", text.encode(), Options()).diagnostics if d.code == "B018" and str(d.severity) == "error"]
    nodejs_line = text.split("\n").index("      nodejs: 15") + 1
    assert [(d.line, d.column) for d in found] == [(nodejs_line, 15)], found
    assert f"({label}, line {line})" in found[0].message and f"the versions {shipped}" in found[0].message


def test_batch_task_with_its_own_buildspec_does_not_check_this_file():
    from speclint.lint import Options, lint_bytes

    text = ("version: 0.2\nbatch:\n  build-graph:\n    - identifier: other\n      buildspec: other.yml\n      env:\n"
            "        image: aws/codebuild/standard:4.0\n" + RUNTIME_BLOCK)
    assert [d for d in lint_bytes("buildspec.yml", text.encode(), Options()).diagnostics if d.code == "B018" and str(d.severity) == "error"] == []


def test_tasks_without_their_own_image_still_use_the_projects():
    from speclint.lint import Options, lint_bytes
    from speclint.record import replace

    text = ("version: 0.2\nbatch:\n  build-graph:\n    - identifier: plain\n    - identifier: old\n      env:\n"
            "        image: aws/codebuild/amazonlinux2-x86_64-standard:3.0\n" + RUNTIME_BLOCK)
    options = Options()
    options.context = replace(options.context, image="aws/codebuild/standard:4.0")
    messages = [d.message for d in lint_bytes("buildspec.yml", text.encode(), options).diagnostics if d.code == "B018"]
    assert len(messages) == 2
    assert any("standard:4.0:" in m and "batch" not in m for m in messages)
    assert any("amazonlinux2-x86_64-standard:3.0 (batch task old, line 7)" in m for m in messages)


def test_list_files_shows_batch_images_and_an_overridden_comment(tmp_path):
    from click.testing import CliRunner

    from speclint.cli import cli

    (tmp_path / "buildspec.yml").write_text("# speclint: image=standard:7.0\n" + _batch_text("build-graph", "standard:4.0"))
    out = CliRunner().invoke(cli, ["--list-files", str(tmp_path / "buildspec.yml")]).output
    assert "image aws/codebuild/standard:4.0, from batch task x86 on line 7" in out
    out = CliRunner().invoke(cli, ["--list-files", "--image", "standard:5.0", str(tmp_path / "buildspec.yml")]).output
    assert "--image overrides the file's own `# speclint: image=standard:7.0`" in out


@pytest.mark.parametrize("image", ["aws/codebuild/standard:2.0", "aws/codebuild/standard:2.0 "])
def test_empty_runtime_versions_on_an_image_that_requires_one_is_one_finding(image):
    from speclint.lint import Options, lint_bytes
    from speclint.record import replace

    text = "version: 0.2\nphases:\n  install:\n    runtime-versions: {}\n  build:\n    commands:\n      - make\n"
    options = Options()
    options.context = replace(options.context, image=image)
    found = [d for d in lint_bytes("buildspec.yml", text.encode(), options).diagnostics if d.code in ("B030", "S006")]
    assert [(d.code, d.line, d.column) for d in found] == [("B030", 4, 5)]
    assert "runtime-versions is empty" in found[0].message and found[0].hint.startswith("add at least one runtime under it")


@pytest.mark.parametrize("text, line, column", [
    ("version: 0.2\nphases:\n  build:\n    commands:\n      - echo one\n\t  two\n", 6, 1),  # continuation line
    ("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n\t- two\n", 6, 1),
    ("version: 0.2\nphases:\n\tbuild:\n    commands:\n      - make\n", 3, 1),
    ("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n  \t  - two\n", 6, 3),
    ("version: 0.0\nos: linux\nfiles:\n  - source: /\n\t  destination: /srv\n", 5, 1),
])
def test_every_tab_caused_scanner_error_says_tabs(text, line, column):
    found = [d for d in lint_text(text, name="appspec.yml" if "os:" in text else "buildspec.yml") if d.code == "Y001"]
    assert [(d.line, d.column) for d in found] == [(line, column)], found
    assert "YAML does not allow tabs for indentation" in found[0].message and found[0].hint == "indent with spaces, not tabs"


@pytest.mark.parametrize("value", ["true", "yes", "OVERWRITE"])
def test_overwrite_in_a_files_entry_points_to_file_exists_behavior(value):
    text = f"""
        version: 0.0
        os: linux
        files:
          - source: /
            destination: /srv/app
            overwrite: {value}
        """
    found = [d for d in lint_text(text, name="appspec.yml") if d.code == "S001"]
    assert [(d.line, d.column, str(d.severity)) for d in found] == [(6, 5, "warning")]
    assert "the agent ignores it" in found[0].message and "file_exists_behavior" in found[0].message
    assert found[0].hint == "remove it and set `file_exists_behavior: OVERWRITE` at the top level of the appspec"


@pytest.mark.parametrize("comment", ["image=", "image =", "image:", "image=   "])
def test_image_comment_without_a_value_says_so(comment):
    found = [d for d in lint_text(f"# speclint: {comment}\nversion: 0.2\nphases:\n  build:\n    commands:\n      - make\n")
             if d.code == "C001"]
    assert [(d.line, d.column) for d in found] == [(1, 13)]
    assert found[0].message == "image= needs a value: the image this buildspec runs on"
    assert "unknown" not in found[0].message


def test_two_image_comments_that_disagree_warn_and_the_first_wins():
    text = ("# speclint: image=aws/codebuild/standard:4.0\n# speclint: image=aws/codebuild/standard:4.0\n"
            "# speclint: image=aws/codebuild/standard:7.0\nversion: 0.2\nphases:\n  install:\n    runtime-versions:\n"
            "      nodejs: 15\n  build:\n    commands:\n      - make\n")
    found = lint_text(text)
    assert [(d.code, d.line, d.column, str(d.severity)) for d in found if d.code == "C001"] == [("C001", 3, 19, "warning")]
    assert any(d.code == "B018" and "standard:4.0" in d.message for d in found)


@pytest.mark.parametrize("value", ["", " ", "   "])
def test_empty_image_flag_is_a_usage_error(value, tmp_path):
    import subprocess
    import sys

    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n")
    for args in (["--image", value], [f"--image={value}"]):
        run = subprocess.run([sys.executable, "-m", "speclint", *args, str(tmp_path / "buildspec.yml")],
                             capture_output=True, text=True)
        assert run.returncode == 2 and "--image" in run.stderr, (args, run.stderr)


@pytest.mark.parametrize("pattern, path", [("ci/arm/*.yml", "ci/arm/build.yml"), ("codebuild/**", "codebuild/x/release.yaml")])
def test_files_matched_by_an_images_glob_are_linted_as_buildspecs(pattern, path, tmp_path):
    import json as json_mod

    from click.testing import CliRunner

    from speclint.cli import cli

    (tmp_path / ".speclint.toml").write_text(f'images = {{ "{pattern}" = "aws/codebuild/standard:4.0" }}\n')
    target = tmp_path / path
    target.parent.mkdir(parents=True)
    target.write_text("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 15\n  build:\n    commands:\n      - make\n")
    out = CliRunner().invoke(cli, ["--format", "json", str(tmp_path)]).output
    found = [(d["path"], d["code"]) for d in json_mod.loads(out)]
    assert (str(target), "B018") in found or any(p.endswith(path) and c == "B018" for p, c in found), found
    listed = CliRunner().invoke(cli, ["--list-files", str(tmp_path)]).output
    assert "buildspec" in listed and path in listed and "standard:4.0" in listed


@pytest.mark.parametrize("kind", list(BATCHES))
@pytest.mark.parametrize("image, code, words", [("aws/codebuild/standard:4.0", "B021", "no longer maintained"),
                                                ("aws/codebuild/standrd:7.0", "B022", "unknown CodeBuild image")])
def test_batch_images_are_checked_themselves_at_their_line(kind, image, code, words):
    from speclint.lint import Options, lint_bytes

    _, label, line = BATCHES[kind]
    found = [d for d in lint_bytes("buildspec.yml", _batch_text(kind, image).encode(), Options()).diagnostics if d.code == code]
    assert [d.line for d in found] == [line], found
    assert words in found[0].message and f"(from {label})" in found[0].message
