"""Image-aware runtime-versions: the table, each image family, each version form, the rules."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from speclint import runtimes
from speclint.lint import Options, lint_bytes
from speclint.record import replace
from speclint.rules import registry

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_CODES = ("B010", "B017", "B018", "B019", "B020", "B021", "B022", "B030")


def findings(runtime_block, image=None, comment=None):
    head = f"# speclint: image={comment}\n" if comment else ""
    text = head + "version: 0.2\nphases:\n  install:\n    runtime-versions:\n" + textwrap.indent(
        textwrap.dedent(runtime_block), "      ") + "  build:\n    commands:\n      - make\n"
    options = Options(select=RUNTIME_CODES)
    if image:
        options.context = replace(options.context, image=image)
    return [(d.code, d.line, d.column, str(d.severity), d.message)
            for d in lint_bytes("buildspec.yml", text.encode(), options).diagnostics]


def test_table_has_source_date_and_every_family():
    data = runtimes.table()
    assert "aws-codebuild-docker-images" in data["source"] and data["date"] == "2026-04-09"
    families = {image.split(":")[0] for image in data["images"]}
    assert families == {"aws/codebuild/standard", "aws/codebuild/amazonlinux-x86_64-standard",
                        "aws/codebuild/amazonlinux-aarch64-standard", "aws/codebuild/amazonlinux2-x86_64-standard",
                        "aws/codebuild/amazonlinux2-aarch64-standard"}
    assert set(runtimes.maintained()) == {
        "aws/codebuild/standard:8.0", "aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux-x86_64-standard:6.0",
        "aws/codebuild/amazonlinux-x86_64-standard:5.0", "aws/codebuild/amazonlinux-aarch64-standard:4.0",
        "aws/codebuild/amazonlinux-aarch64-standard:3.0"}
    for image, info in data["images"].items():
        assert info["maintained"] or info["successor"] in runtimes.maintained(), image


# One shipped version and one missing version per family, as CodeBuild would judge them.
@pytest.mark.parametrize("image, runtime, shipped, missing, can_install", [
    ("aws/codebuild/standard:8.0", "nodejs", "24", "18", True),
    ("aws/codebuild/standard:7.0", "python", "3.9", "3.8", True),
    ("aws/codebuild/amazonlinux-x86_64-standard:6.0", "rust", "1.93", "1.92", True),
    ("aws/codebuild/amazonlinux-x86_64-standard:5.0", "dotnet", "6.0", "7.0", True),
    ("aws/codebuild/amazonlinux-aarch64-standard:4.0", "docker", "23", "20", False),
    ("aws/codebuild/amazonlinux-aarch64-standard:3.0", "php", "8.1", "8.0", True),
    ("aws/codebuild/amazonlinux2-x86_64-standard:4.0", "java", "corretto17", "corretto21", True),
    ("aws/codebuild/amazonlinux2-aarch64-standard:2.0", "golang", "1.13", "1.15", True),
    ("aws/codebuild/amazonlinux2-x86_64-standard:corretto11", "java", "corretto11", "corretto8", False),
    ("aws/codebuild/standard:4.0", "android", "29", "30", False),
    ("aws/codebuild/standard:2.0", "nodejs", "8", "12", False),
    ("aws/codebuild/amazonlinux2-aarch64-standard:1.0", "ruby", "2.6", "2.7", False),
])
def test_each_image_family(image, runtime, shipped, missing, can_install):
    assert runtimes.check_version(runtime, shipped, image).status == "ok"
    assert runtimes.check_version(runtime, missing, image).status == ("custom" if can_install else "unavailable")


@pytest.mark.parametrize("version, status", [
    ("20", "ok"),            # listed
    ("20.x", "ok"),          # <major>.x of a listed major
    ("latest", "ok"),
    ("$NODE_VERSION", "ok"),
    ("${NODE_VERSION}", "ok"),
    ("16", "custom"),        # custom form, installed at build time
    ("20.11.1", "custom"),
    ("16.x", "custom"),      # a major the image lacks
])
def test_version_forms_on_an_image(version, status):
    assert runtimes.check_version("nodejs", version, "aws/codebuild/standard:7.0").status == status


@pytest.mark.parametrize("runtime, version, status", [
    ("java", "corretto17.x", "ok"),
    ("java", "corretto22", "ok"),     # custom form
    ("java", "17", "unlisted"),       # not a java version form
    ("python", "3.x", "ok"),
    ("python", "3.13.1", "ok"),
    ("dotnet", "8", "unlisted"),
    ("nodejs", "lts", "malformed"),
    ("nodejs", "node20", "malformed"),
])
def test_version_forms_without_an_image(runtime, version, status):
    assert runtimes.check_version(runtime, version, None).status == status


def test_without_an_image_only_universal_facts_are_reported():
    got = findings("""\
        node: 20
        android: 29
        docker: 20
        nodejs: lts
        java: "17"
        python: 3.10
    """)
    assert got == [
        ("B017", 5, 7, "error", 'unknown runtime "node" (did you mean "nodejs"?): no CodeBuild image has it; runtimes are "android", "docker", '
                                '"dotnet", "golang", "java", "nodejs", "php", "python", "ruby", "rust"'),
        ("B017", 6, 7, "warning", 'runtime "android" is only on deprecated CodeBuild images, on none of the maintained ones'),
        ("B019", 7, 7, "warning", "the docker runtime is gone from the x86_64 images (standard:8.0, standard:7.0, "
                                  "amazonlinux-x86_64-standard:6.0, amazonlinux-x86_64-standard:5.0), where the build fails with "
                                  "\"Unknown runtime named 'docker'\"; on the aarch64 images (amazonlinux-aarch64-standard:4.0, "
                                  "amazonlinux-aarch64-standard:3.0) it is deprecated, and only the old x86_64 images still use it"),
        ("B018", 8, 15, "warning", 'nodejs version "lts" is neither a shipped version nor a documented custom form (maintained '
                                   "images have 24, 22, 20, 18); images that install custom versions hand it to their installer, "
                                   'the others fail with "Unknown runtime version"'),
        ("B018", 9, 13, "warning", 'java version "17" is not listed on the maintained images (did you mean "corretto17"?); '
                                   "java versions are named corretto25, corretto21, corretto17, corretto11, corretto8"),
        ("B010", 10, 15, "warning", 'python: 3.10 is read by YAML as the number 3.1, not "3.10"'),
    ]


def test_with_an_image_messages_quote_its_versions():
    got = findings("""\
        nodejs: 12
        php: "8.0"
        docker: 20
    """, comment="aws/codebuild/amazonlinux2-aarch64-standard:2.0")
    assert got == [
        ("B021", 1, 19, "warning", "aws/codebuild/amazonlinux2-aarch64-standard:2.0 (from its `# speclint: image=` comment) "
                                   "is no longer maintained; its maintained successor is aws/codebuild/amazonlinux-aarch64-standard:3.0"),
        ("B018", 7, 12, "warning", "php 8.0 is not preinstalled on aws/codebuild/amazonlinux2-aarch64-standard:2.0 (it has 7.4, 7.3): "
                                   "CodeBuild installs it at build time, which is slower; it is not in the documented custom form either (e.g. 8.3.1)"),
        ("B018", 8, 15, "error", 'unknown docker version "20" on aws/codebuild/amazonlinux2-aarch64-standard:2.0: '
                                 "this build image has the versions 19 and cannot install others"),
    ]


def test_docker_runtime_is_gone_on_x86_images():
    got = findings("docker: 20\nnodejs: 20\n", image="aws/codebuild/standard:7.0")
    assert got == [("B019", 5, 7, "error", 'aws/codebuild/standard:7.0 has no "docker" runtime: the build fails with '
                                            "\"Unknown runtime named 'docker'. This build image has the following runtimes: "
                                            'dotnet, golang, java, nodejs, php, python, ruby"')]
    assert [(c, s) for c, _, _, s, _ in findings("docker: 23\n", image="aws/codebuild/amazonlinux-aarch64-standard:4.0")] == [
        ("B019", "warning")]  # deprecated there, not gone


def test_unknown_runtime_on_an_image_lists_its_runtimes():
    got = findings("rust: 1.93\n", image="standard:7.0")
    assert got == [("B017", 5, 7, "error", 'unknown runtime "rust" on aws/codebuild/standard:7.0: this build image has the '
                                            'runtimes "dotnet", "golang", "java", "nodejs", "php", "python", "ruby"')]


@pytest.mark.parametrize("image, why", [
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/build:latest", "a custom image"),
    ("aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs20", "a Lambda compute image"),
    ("aws/codebuild/windows-base:2019-3.0", "a Windows image"),
])
def test_runtime_versions_on_images_that_do_not_select_runtimes(image, why):
    got = findings("nodejs: 20\nnode: 1\n", image=image)
    assert [(c, line, col, sev) for c, line, col, sev, _ in got] == [("B020", 4, 5, "warning")]
    assert why in got[0][4]


def test_unknown_image_suggests_the_closest():
    got = findings("nodejs: 20\n", image="aws/codebuild/standard:7")
    assert [(c, line, col) for c, line, col, _, _ in got] == [("B022", 1, 1)]
    options = Options(select=("B022",))
    options.context = replace(options.context, image="aws/codebuild/standard:7")
    text = b"version: 0.2\nphases:\n  build:\n    commands: [make]\n"
    assert lint_bytes("buildspec.yml", text, options).diagnostics[0].hint == 'did you mean "aws/codebuild/standard:7.0"?'


def test_image_from_cli_beats_comment_beats_configuration(tmp_path):
    from click.testing import CliRunner

    from speclint.cli import cli

    (tmp_path / ".speclint.toml").write_text('images = { "arm/*" = "aws/codebuild/amazonlinux-aarch64-standard:4.0" }\n'
                                             'image = "aws/codebuild/standard:8.0"\n')
    body = "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      docker: 23\n"
    (tmp_path / "arm").mkdir()
    (tmp_path / "arm" / "buildspec.yml").write_text(body)
    (tmp_path / "buildspec.yml").write_text(body)
    (tmp_path / "pinned").mkdir()
    (tmp_path / "pinned" / "buildspec.yml").write_text("# speclint: image=aws/codebuild/amazonlinux-aarch64-standard:3.0\n" + body)
    runner = CliRunner()

    def codes(*args):
        out = runner.invoke(cli, ["--format", "json", "--select", "B019", *args, str(tmp_path)]).output
        return sorted((Path(d["path"]).relative_to(tmp_path).as_posix(), d["severity"]) for d in json.loads(out))

    # config image (x86) for the top: an error; the arm/ pattern and the comment name aarch64 images: deprecated, a warning
    assert codes() == [("arm/buildspec.yml", "warning"), ("buildspec.yml", "error"), ("pinned/buildspec.yml", "warning")]
    assert codes("--image", "aws/codebuild/standard:7.0") == [
        ("arm/buildspec.yml", "error"), ("buildspec.yml", "error"), ("pinned/buildspec.yml", "error")]


def test_rule_docs_show_the_tables_source_and_date():
    from speclint.docs import rule_markdown

    for code in ("B017", "B018", "B019", "B020", "B021", "B022"):
        text = rule_markdown(registry().get(code))
        assert "### Runtime table" in text and "as of 2026-04-09" in text and "aws-codebuild-docker-images" in text
    assert "| `aws/codebuild/standard:7.0` |" in rule_markdown(registry().get("B018"))


def test_maintainer_script_rebuilds_the_table_from_a_checkout(tmp_path):
    checkout = tmp_path / "images"
    ubuntu = checkout / "ubuntu" / "standard" / "9.0"
    al2 = checkout / "al" / "x86_64" / "standard" / "4.0"
    for folder, base in ((ubuntu, "ubuntu:26.04"), (al2, "public.ecr.aws/amazonlinux/amazonlinux:2")):
        folder.mkdir(parents=True)
        (folder / "Dockerfile").write_text(f"FROM {base} AS core\n")
    (ubuntu / "runtimes.yml").write_text(textwrap.dedent("""\
        version: 0.1
        runtimes:
          python:
            versions:
              3.10:
                commands: [echo]
              3.14:
                commands: [echo]
              default:
                commands: [echo]
          nodejs:
            versions:
              26:
                commands: [echo]
        """))
    (al2 / "runtimes.yml").write_text("version: 0.1\nruntimes:\n  docker:\n    versions:\n      20:\n        commands: [echo]\n")
    table = tmp_path / "runtimes.json"
    table.write_text(json.dumps({"source": "s", "date": "old", "caveat": "c", "runtime_names": ["java"], "images": {}}))
    script = ROOT / "scripts" / "update_runtimes.py"
    out = subprocess.run([sys.executable, str(script), str(checkout), "--table", str(table), "--date", "2026-11-01"],
                         capture_output=True, text=True, check=True).stdout
    assert "2 images" in out
    data = json.loads(table.read_text())
    assert data["date"] == "2026-11-01" and data["source"] == "s"
    assert data["runtime_names"] == ["docker", "java", "nodejs", "python"]
    assert data["images"]["aws/codebuild/standard:9.0"]["runtimes"] == {
        "python": {"versions": ["3.10", "3.14"], "custom": True}, "nodejs": {"versions": ["26"], "custom": False}}
    assert data["images"]["aws/codebuild/standard:9.0"]["base"] == "Ubuntu 26.04"
    assert "aws/codebuild/amazonlinux2-x86_64-standard:4.0" in data["images"]  # FROM Amazon Linux 2
    check = subprocess.run([sys.executable, str(script), str(checkout), "--table", str(table), "--date", "2026-11-01", "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0 and "up to date" in check.stdout


X86_WITHOUT_DOCKER = [i for i in runtimes.maintained() if runtimes.table()["images"][i]["arch"] == "x86_64"]


@pytest.mark.parametrize("image", X86_WITHOUT_DOCKER)
def test_docker_is_an_error_on_every_x86_image_without_it_and_the_hint_never_offers_versions(image):
    got = findings("docker: 20\n", image=image)
    assert [(c, sev) for c, _, _, sev, _ in got] == [("B019", "error")]
    options = Options(select=RUNTIME_CODES)
    options.context = replace(options.context, image=image)
    text = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      docker: 20\n"
    (diag,) = lint_bytes("buildspec.yml", text, options).diagnostics
    assert diag.hint.startswith("delete the docker entry") and "use one of" not in diag.hint


@pytest.mark.parametrize("version", ["18", "19", "20", "23", "latest", "20.x"])
def test_docker_without_an_image_is_one_warning_whatever_the_version(version):
    got = findings(f"docker: {version}\n")
    assert [(c, sev) for c, _, _, sev, _ in got] == [("B019", "warning")]


@pytest.mark.parametrize("image", [i for i, info in runtimes.table()["images"].items()
                                   if "docker" in info["runtimes"] and not runtimes.deprecation("docker", i)])
def test_docker_on_images_that_list_it_is_not_b019(image):
    assert [c for c, *_ in findings("docker: latest\n", image=image) if c == "B019"] == []


def test_versions_are_listed_in_aws_order_as_in_codebuilds_own_message():
    # CodeBuild's message for this case: "This build image has the following versions: 10, 12"
    got = findings("nodejs: 15\n", image="aws/codebuild/standard:4.0")
    assert [m for c, *_, m in got if c == "B018"] == [
        'unknown nodejs version "15" on aws/codebuild/standard:4.0: this build image has the versions 10, 12 and cannot install others']
    for image, info in runtimes.table()["images"].items():
        for runtime, entry in info["runtimes"].items():
            assert runtimes.check_version(runtime, "999.999", image).versions in ((), tuple(entry["versions"])), (image, runtime)


def test_unlisted_versions_are_errors_only_when_the_image_is_known():
    assert [(c, sev) for c, _, _, sev, _ in findings("nodejs: 15\n")] == []  # a custom version on today's images
    assert [(c, sev) for c, _, _, sev, _ in findings("nodejs: 15\n", image="standard:4.0")] == [("B021", "warning"), ("B018", "error")]
    assert [(c, sev) for c, _, _, sev, _ in findings("nodejs: 15\n", image="standard:7.0")] == [("B018", "warning")]


def _no_runtimes(image=None, comment=None, install=""):
    head = f"# speclint: image={comment}\n" if comment else ""
    text = head + "version: 0.2\nphases:\n" + install + "  build:\n    commands:\n      - php --version\n"
    options = Options(select=("B030",))
    if image:
        options.context = replace(options.context, image=image)
    return [(d.code, d.line, d.column, str(d.severity)) for d in lint_bytes("buildspec.yml", text.encode(), options).diagnostics]


@pytest.mark.parametrize("install", ["", "  install:\n    commands: [make]\n", "  install:\n    runtime-versions: {}\n"])
def test_standard_2_requires_a_runtime(install):
    got = _no_runtimes("aws/codebuild/standard:2.0", install=install)
    assert [(c, sev) for c, _, _, sev in got] == [("B030", "error")]


def test_runtime_required_is_inferred_for_al2_1_and_silent_elsewhere():
    assert [(c, sev) for c, _, _, sev in _no_runtimes("aws/codebuild/amazonlinux2-x86_64-standard:1.0")] == [("B030", "warning")]
    for image in [i for i, info in runtimes.table()["images"].items() if not info["requires_runtime"]] + [None]:
        assert _no_runtimes(image) == [], image
    assert _no_runtimes("aws/codebuild/standard:2.0", install="  install:\n    runtime-versions:\n      php: 7.3\n") == []
    assert _no_runtimes(comment="aws/codebuild/standard:2.0") == [("B030", 3, 1, "error")]


def test_choose_image_is_the_one_place_that_decides_and_says_why():
    from speclint.context import LintContext

    flag = runtimes.choose_image(LintContext(image="standard:7.0", config_image="standard:8.0"), "standard:6.0", (1, 19, 31))
    assert (flag.name, flag.source, flag.why) == ("standard:7.0", "flag", "--image")
    comment = runtimes.choose_image(LintContext(config_image="standard:8.0"), "standard:6.0", (1, 19, 31))
    assert (comment.source, comment.origin, comment.image.id) == ("comment", (1, 19, 31), "aws/codebuild/standard:6.0")
    config = runtimes.choose_image(LintContext(config_image="standard:8.0", config_image_where="`image` in pyproject.toml"))
    assert (config.source, config.why) == ("configuration", "`image` in pyproject.toml")
    assert runtimes.choose_image(LintContext()) is None


def test_list_files_says_which_image_and_why(tmp_path):
    from click.testing import CliRunner

    from speclint.cli import cli

    (tmp_path / ".speclint.toml").write_text('images = { "arm/*" = "aws/codebuild/amazonlinux-aarch64-standard:4.0" }\n')
    (tmp_path / "arm").mkdir()
    (tmp_path / "arm" / "buildspec.yml").write_text("version: 0.2\nphases: {}\n")
    (tmp_path / "buildspec.yml").write_text("version: 0.2\n# speclint: image=standard:7.0\nphases: {}\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "buildspec.yml").write_text("version: 0.2\nphases: {}\n")
    out = CliRunner().invoke(cli, ["--list-files", str(tmp_path)]).output
    lines = {Path(line.split()[1]).relative_to(tmp_path).as_posix(): line for line in out.splitlines()}
    assert lines["arm/buildspec.yml"].endswith('(image aws/codebuild/amazonlinux-aarch64-standard:4.0, from `images["arm/*"]` in .speclint.toml)')
    assert lines["buildspec.yml"].endswith("(image aws/codebuild/standard:7.0, from its `# speclint: image=` comment on line 2)")
    assert lines["other/buildspec.yml"].endswith("other/buildspec.yml")
    flagged = CliRunner().invoke(cli, ["--list-files", "--image", "standard:8.0", str(tmp_path)]).output
    flagged_lines = {Path(line.split()[1]).relative_to(tmp_path).as_posix(): line for line in flagged.splitlines()}
    assert flagged_lines.pop("buildspec.yml").endswith(
        "(image aws/codebuild/standard:8.0, from --image; --image overrides the file's own `# speclint: image=standard:7.0`)")
    assert all(line.endswith("(image aws/codebuild/standard:8.0, from --image)") for line in flagged_lines.values())
