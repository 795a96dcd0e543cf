"""Revision checks that know about the build (issue classes: paths a build makes are not
errors; near misses always are; an explicit root always checks; instance paths; code frames
of findings in hook scripts). Each test builds a small repository in a temporary folder."""

import json
import subprocess

import pytest
from click.testing import CliRunner

from speclint.revision import build_writes

from speclint import gitignored, path_suggest
from speclint.cli import cli

START = "#!/bin/bash\nsystemctl start app\n"


def make(tmp_path, files: dict, git: bool = False):
    """The files under a folder four levels below tmp_path: outside git, the source root is
    looked for up to three parents up (revision.source_root), which must not reach the
    shared temporary folder, where any `*buildspec*.yml` would become the root."""
    tmp_path = tmp_path / "a" / "b" / "c" / "repo"
    tmp_path.mkdir(parents=True)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
    if git:
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def run(folder, *extra, target="appspec.yml"):
    result = CliRunner().invoke(cli, ["--format", "json", "--isolated", "--show-info", "--ignore", "shellcheck", "--extend-select",
                                      "A122", *extra, str(folder / target)])
    return [(d["code"], d["severity"], d["line"], d["message"]) for d in json.loads(result.output)]


def codes(found):
    return [(code, severity) for code, severity, _, _ in found]


def buildspec(*commands, files=('"**/*"',), base=None):
    lines = ["version: 0.2", "phases:", "  build:", "    commands:"] + [f"      - {c}" for c in commands]
    lines += ["artifacts:"] + ([f"  base-directory: {base}"] if base else []) + ["  files:"] + [f"    - {f}" for f in files]
    return "\n".join(lines) + "\n"


def appspec(sources=(), locations=("scripts/start.sh",)):
    lines = ["version: 0.0", "os: linux"]
    if sources:
        lines.append("files:")
        for source in sources:
            lines += [f"  - source: {source}", "    destination: /opt/app"]
    lines += ["hooks:", "  ApplicationStart:"] + [f"    - location: {loc}" for loc in locations]
    return "\n".join(lines) + "\n"


# -- a path the build makes is not an error (build tools x command forms) -------------------
BUILT = [
    # (commands, source the appspec names, extra files of the repository)
    (["mvn package"], "/target/app.war", {}),
    (["mvn -B -f api/pom.xml clean install"], "api/target/api.jar", {}),
    (["./mvnw verify"], "target/app.jar", {}),
    (["gradle build"], "build/libs/app.jar", {}),
    (["./gradlew -p service bootJar"], "service/build/libs/app.jar", {}),
    (["npm ci", "npm run build"], "dist", {}),
    (["yarn build"], "build", {}),
    (["cd frontend && npm run build"], "frontend/dist", {}),
    (["npx ng build --configuration production"], "dist/app", {}),
    (["dotnet publish -c Release -o ./publish"], "publish", {}),
    (["dotnet publish src/Api/Api.csproj -c Release"], "src/Api/bin/Release/net8.0/publish", {}),
    (["cargo build --release"], "target/release/server", {}),
    (["python setup.py bdist_wheel"], "dist", {}),
    (["pip install -r requirements.txt -t vendor/"], "vendor", {}),
    (["mkdir -p deploy/app"], "deploy/app", {}),
    (["mkdir -p deploy", "cp target/*.war deploy/"], "deploy/ROOT.war", {}),
    (["cp config/prod.env .env.production"], ".env.production", {"config/prod.env": "A=1\n"}),
    (["mv build/app.jar release/app.jar"], "release/app.jar", {}),
    (["echo \"$VERSION\" > version.txt"], "version.txt", {}),
    (["envsubst < app.conf.tpl > conf/app.conf"], "conf/app.conf", {}),
    (["printf '{}' | tee settings.json"], "settings.json", {}),
    (["tar -xzf vendor.tgz -C third_party"], "third_party/lib", {}),
    (["unzip -q assets.zip -d static"], "static", {}),
    (["aws s3 cp s3://bucket/config/app.yml conf/app.yml"], "conf/app.yml", {}),
    (["aws s3 sync s3://bucket/assets public/assets"], "public/assets/logo.png", {}),
    (["git clone https://github.com/example/theme.git themes/site"], "themes/site", {}),
    (["zip -r bundle.zip src"], "bundle.zip", {"src/a": "x"}),
    (["./package.sh"], "out/app", {"package.sh": "#!/bin/sh\nmkdir -p out/app\n"}),
    (["bash ci/build.sh"], "pkg/app.tar.gz", {"ci/build.sh": "#!/bin/bash\ntar -czf pkg/app.tar.gz src\n"}),
    (["make release"], "out/server", {"Makefile": "release:\n\tmkdir -p out && go build -o out/server .\n"}),
    (["OUT=artifact", "mkdir -p $OUT/web"], "artifact/web", {}),
    (["cd $CODEBUILD_SRC_DIR/app", "mkdir -p dist"], "app/dist", {}),
    (["aws cloudformation package --template-file t.yml --s3-bucket b --output-template-file packaged.yml"],
     "packaged.yml", {}),
]


@pytest.mark.parametrize("commands,source,extra", BUILT, ids=[" ; ".join(c) for c, _, _ in BUILT])
def test_a_path_the_build_makes_is_not_an_error(tmp_path, commands, source, extra):
    repo = make(tmp_path, {"buildspec.yml": buildspec(*commands), "appspec.yml": appspec([source]),
                           "scripts/start.sh": START, **extra})
    found = run(repo)
    assert codes(found) == [("A122", "info")], found
    assert "buildspec.yml" in found[0][3]


@pytest.mark.parametrize("commands,source,extra", BUILT[:12], ids=[" ; ".join(c) for c, _, _ in BUILT[:12]])
def test_the_class_holds_with_an_explicit_revision_root(tmp_path, commands, source, extra):
    repo = make(tmp_path, {"buildspec.yml": buildspec(*commands), "appspec.yml": appspec([source]),
                           "scripts/start.sh": START, **extra})
    assert codes(run(repo, "--revision-root", str(repo))) == [("A122", "info")]


def test_a_build_file_names_the_tool_when_no_buildspec_does(tmp_path):
    repo = make(tmp_path, {"pom.xml": "<project/>", "appspec.yml": appspec(["target/app.jar"]), "scripts/start.sh": START})
    found = run(repo)
    assert codes(found) == [("A122", "info")] and "Maven writes target/" in found[0][3]


@pytest.mark.parametrize("git", [True, False], ids=["git", "gitignore-file"])
def test_a_git_ignored_path_is_made_by_a_build(tmp_path, git):
    repo = make(tmp_path, {".gitignore": "# output\ndist/\n*.log\n", "appspec.yml": appspec(["dist/web"]),
                           "scripts/start.sh": START}, git=git)
    found = run(repo)
    assert codes(found) == [("A122", "info")] and "git ignores dist/web" in found[0][3]


# -- globs select files, they do not make them ---------------------------------------------
@pytest.mark.parametrize("files", [('"**/*"',), ("target/*.war", "appspec.yml", "scripts/**/*"), ("'*'",)])
def test_an_artifacts_glob_alone_excuses_nothing(tmp_path, files):
    repo = make(tmp_path, {"buildspec.yml": buildspec("echo building", files=files),
                           "appspec.yml": appspec(["target/app.war"]), "scripts/start.sh": START})
    assert codes(run(repo)) == [("A117", "error")]


def test_a_missing_script_the_build_does_not_make_is_an_error(tmp_path):
    repo = make(tmp_path, {"buildspec.yml": buildspec("mvn package"), "appspec.yml":
                           appspec(["target/app.war"], ["scripts/start.sh", "scripts/stop.sh"]), "scripts/start.sh": START})
    found = run(repo)
    assert codes(found) == [("A122", "info"), ("A116", "error")]
    assert found[1][3] == ('location "scripts/stop.sh" does not exist in the revision, and the build that assembles it '
                           "(buildspec.yml) does not make it")


# -- a near miss of a file that exists is always an error -----------------------------------
NEAR = [
    ("scripts/install_dependencies.sh", "scripts/install-dependencies.sh", "- and _ differ"),
    ("scripts/install-dependencies.sh", "scripts/install_dependencies.sh", "- and _ differ"),
    ("scripts/Start.sh", "scripts/start.sh", "case-sensitive"),
    ("Scripts/start.sh", "scripts/start.sh", "case-sensitive"),
    ("scripts/start.bash", "scripts/start.sh", "extension differs"),
    ("scripts/start", "scripts/start.sh", "extension differs"),
    ("scripts/start.sh", "scripts/start", "extension differs"),
    ("scripts/aplication_start.sh", "scripts/application_start.sh", ""),
]
CONTEXTS = {
    "no build": {},
    "build with **/*": {"buildspec.yml": buildspec("mvn package")},
    "build that makes the folder": {"buildspec.yml": buildspec("mkdir -p scripts", "npm run build")},
    "git-ignored folder": {".gitignore": "scripts/\n"},
}


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize("wanted,existing,why", NEAR, ids=[w for w, _, _ in NEAR])
@pytest.mark.parametrize("given", [False, True], ids=["found", "--revision-root"])
def test_a_near_miss_is_always_an_error(tmp_path, wanted, existing, why, context, given):
    repo = make(tmp_path, {"appspec.yml": appspec(["/"], [wanted]), existing: START, **CONTEXTS[context]})
    found = run(repo, *(["--revision-root", str(repo)] if given else []))
    assert [(c, s) for c, s in codes(found) if c != "A122"] == [("A116", "error")], found
    message = next(m for c, _, _, m in found if c == "A116")
    assert f'it has "{existing}"' in message and why in message


def test_a_near_miss_of_a_files_source(tmp_path):
    repo = make(tmp_path, {"buildspec.yml": buildspec("npm run build"), "appspec.yml": appspec(["config/nginx_site.conf"]),
                           "config/nginx-site.conf": "server {}\n", "scripts/start.sh": START})
    assert codes(run(repo)) == [("A117", "error")]


def test_a_command_that_makes_the_exact_path_beats_a_near_miss(tmp_path):
    repo = make(tmp_path, {"buildspec.yml": buildspec("cp scripts/start.sh scripts/start_app.sh"),
                           "appspec.yml": appspec(locations=["scripts/start_app.sh"]), "scripts/start.sh": START,
                           "scripts/start-app.sh": START})
    assert codes(run(repo)) == [("A122", "info")]


# -- an explicit root always checks; the presence test --------------------------------------
def test_an_explicit_root_always_checks_and_never_asks_for_itself(tmp_path):
    repo = make(tmp_path, {"appspec.yml": appspec(locations=["hooks/a.sh", "hooks/b.sh"])})
    found = run(repo, "--revision-root", str(repo))
    assert codes(found) == [("A116", "error"), ("A116", "error")]
    assert all("--revision-root" not in m for _, _, _, m in found)
    result = CliRunner().invoke(cli, ["--isolated", "--ignore", "shellcheck", "--revision-root", str(repo),
                                      str(repo / "appspec.yml")])
    assert "pass --revision-root" not in result.output


def test_without_a_root_nothing_there_is_one_note_with_its_own_code(tmp_path):
    repo = make(tmp_path, {"appspec.yml": appspec(locations=["hooks/a.sh", "hooks/b.sh"])})
    assert codes(run(repo)) == [("A120", "info")]
    # ignoring the note never hides a missing script
    repo2 = make(tmp_path / "r2", {"appspec.yml": appspec(locations=["scripts/a.sh", "scripts/b.sh"]), "scripts/a.sh": START})
    assert codes(run(repo2, "--ignore", "A120")) == [("A116", "error")]


@pytest.mark.parametrize("files,checked", [
    ({"src/app.py": "", "package.json": "{}"}, True),         # source: / brings the application
    ({"REVISION_TREE.txt": "", "README.md": ""}, False),       # only notes beside a copied appspec
    ({"scripts/other.sh": START}, True),                       # the folder of the missing script is there
])
def test_the_presence_test_counts_what_source_root_brings(tmp_path, files, checked):
    repo = make(tmp_path, {"appspec.yml": appspec(["/"], ["scripts/start.sh"]), **files})
    assert codes(run(repo)) == ([("A116", "error")] if checked else [("A120", "info")])


# -- locations that are absolute instance paths ---------------------------------------------
@pytest.mark.parametrize("location", ["/usr/local/bin/start.sh", "/opt/app/bin/start", "/home/ec2-user/start.sh",
                                      "/etc/init.d/app", "/var/app/start.sh"])
def test_an_instance_path_is_reported_as_what_it_is(tmp_path, location):
    repo = make(tmp_path, {"appspec.yml": appspec(["/"], [location, "scripts/start.sh"]), "scripts/start.sh": START})
    found = run(repo)
    assert codes(found) == [("A121", "error")]
    assert f"the agent looks for <archive>{location}" in found[0][3]


def test_an_instance_path_in_a_revision_that_was_not_checked_is_a_warning(tmp_path):
    repo = make(tmp_path, {"appspec.yml": appspec(locations=["/usr/local/bin/start.sh"])})
    assert codes(run(repo)) == [("A121", "warning")]


def test_a_leading_slash_on_a_bundle_path_is_fine(tmp_path):
    repo = make(tmp_path, {"appspec.yml": appspec(["/"], ["/scripts/start.sh"]), "scripts/start.sh": START,
                           "opt/app/x": ""})
    assert codes(run(repo, "--revision-root", str(repo))) == []


# -- both classes at once: build + near miss + instance path + explicit root ----------------
def test_the_classes_interact(tmp_path):
    repo = make(tmp_path, {
        "buildspec.yml": buildspec("mvn package", "mkdir -p deploy/conf"),
        "appspec.yml": appspec(["target/app.war", "deploy/conf"],
                               ["scripts/install_dependencies.sh", "scripts/start.sh", "/usr/local/bin/health.sh"]),
        "scripts/install-dependencies.sh": START, "scripts/start.sh": START,
    })
    expected = [("A122", "info"), ("A122", "info"), ("A116", "error"), ("A121", "error")]
    assert codes(run(repo)) == expected
    assert codes(run(repo, "--revision-root", str(repo))) == expected


def test_a_build_that_copies_the_appspec_into_its_base_directory(tmp_path):
    repo = make(tmp_path, {
        "buildspec.yml": buildspec("npm run build", "cp appspec.yml dist/", "cp -r scripts dist/", base="dist"),
        "appspec.yml": appspec(["web"], ["scripts/start.sh", "scripts/install_dependencies.sh"]),
        "scripts/start.sh": START, "scripts/install-dependencies.sh": START,
    })
    found = run(repo)
    # dist/ is the revision; the near miss in the source folder is still a mistake
    assert ("A116", "error") in codes(found) and all(c in ("A116", "A122") for c, _ in codes(found))


# -- B024: folders test tools create ---------------------------------------------------------
@pytest.mark.parametrize("folder", ["target/surefire-reports", "build/test-results/test", "coverage", "reports",
                                    "backend/target/failsafe-reports", "test-results", "TestResults"])
def test_report_folders_that_test_tools_create_get_no_note(tmp_path, folder):
    repo = make(tmp_path, {"buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n"
                                            f"reports:\n  unit:\n    files: ['**/*']\n    base-directory: {folder}\n"})
    assert run(repo, target="buildspec.yml") == []


@pytest.mark.parametrize("commands,folder", [(["mvn package"], "target/classes"), (["mkdir -p out/site"], "out/site"),
                                             (["npm run build"], "dist"), (["dotnet publish -o pub"], "pub")])
def test_a_base_directory_the_build_makes_gets_no_note(tmp_path, commands, folder):
    repo = make(tmp_path, {"buildspec.yml": buildspec(*commands, base=folder)})
    assert run(repo, target="buildspec.yml") == []


def test_a_misspelt_base_directory_still_gets_the_note(tmp_path):
    repo = make(tmp_path, {"buildspec.yml": buildspec("./gradlew build", base="biuld/libs")})
    assert codes(run(repo, target="buildspec.yml")) == [("B024", "info")]


# -- units -----------------------------------------------------------------------------------
def spec(*commands):
    from speclint.source.loader import load

    return load(("version: 0.2\nphases:\n  build:\n    commands:\n" +
                 "".join(f"      - {json.dumps(c)}\n" for c in commands)).encode()).root


def test_outputs_follow_cd_and_know_nothing_outside_the_source_root(tmp_path):
    found = build_writes.writes(spec("cd web", "npm run build", "cd ..", "mkdir -p /tmp/x $HOME/y", "echo x > ../z"),
                                "", str(tmp_path), "b.yml")
    patterns = {o.pattern for o in found if o.pattern is not None}
    assert "web/dist" in patterns and "dist" not in patterns
    assert not any(p.startswith(("/", "..", "tmp")) for p in patterns)


def test_unknown_variables_never_excuse_everything(tmp_path):
    found = build_writes.writes(spec("mkdir -p $UNKNOWN", "cp a $DEST", "echo > ${X}"), "", str(tmp_path), "b.yml")
    assert [w for w in found if w.pattern is not None] == []
    assert build_writes.explain(found, "anything") is None


@pytest.mark.parametrize("wanted,names,expected", [
    ("start.sh", ["Start.sh"], "Start.sh"), ("install_deps.sh", ["install-deps.sh"], "install-deps.sh"),
    ("run", ["run.sh"], "run.sh"), ("run.bash", ["run.sh"], "run.sh"), ("stop.sh", ["start.sh"], None),
    ("start.sh", ["start.bash", "start.ksh"], None), ("deploy.sh", ["deploy.sh"], None),
])
def test_near_name(wanted, names, expected):
    assert path_suggest.near_name(wanted, names) == expected


def test_gitignore_fallback_matches_git(tmp_path):
    rules = "dist/\n*.log\n/build\n!keep.log\nsub/out\n**/cache/\n"
    paths = ["dist", "dist/app.js", "a/b.log", "keep.log", "build/x", "x/build", "sub/out/y", "src/x", "a/cache/z"]
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / ".gitignore").write_text(rules)
    repo = make(tmp_path / "repo", {".gitignore": rules}, git=True)
    assert gitignored.ignored(str(tmp_path / "plain"), paths) == gitignored.ignored(str(repo), paths)
    assert gitignored.ignored(str(repo), paths) == {"dist", "dist/app.js", "a/b.log", "build/x", "sub/out/y", "a/cache/z"}


# -- A107 and A118 ---------------------------------------------------------------------------
@pytest.mark.parametrize("source,destination,on_disk,warned", [
    ("./init.d", "/etc/init.d/", "init.d/", False),
    ("init.d", "/etc/init.d", None, False),
    ("conf.d", "/etc/nginx/conf.d", None, False),
    ("web.app", "/opt/web.app", "web.app/", False),        # a folder on disk, whatever its name
    ("config/app.conf", "/etc/app/app.conf", None, True),
    ("app.json", "/etc/app/app.json", "app.json", True),
    ("settings", "/etc/settings", "settings", True),       # a file on disk without an extension
])
def test_destination_is_file_decides_file_or_folder(tmp_path, source, destination, on_disk, warned):
    files = {"scripts/start.sh": START}
    if on_disk:
        files[on_disk + ("keep" if on_disk.endswith("/") else "")] = "x"
    text = f"version: 0.0\nos: linux\nfiles:\n  - source: {source}\n    destination: {destination}\n"
    repo = make(tmp_path, {"appspec.yml": text, **files})
    assert ("A107" in [c for c, *_ in run(repo)]) is warned


@pytest.mark.parametrize("script,expected", [
    (b"cd /srv && ./run migrate\n", []),                                   # sh runs it fine
    (b"set -e\nif [ -f x ]; then . ./x; fi\necho ${A:-b}\n", []),
    (b"if [[ -f x ]]; then echo; fi\n", [("A118", "warning")]),
    (b"function go { echo; }\n", [("A118", "warning")]),
    (b"source ./env\n", [("A118", "warning")]),
    (b"arr=(a b)\n", [("A118", "warning")]),
    (b"#!/bin/bash\r\necho hi\r\n", [("A118", "error")]),                  # CRLF under #!: bad interpreter
    (b"#!/usr/bin/env bash\r\necho hi\r\n", [("A118", "error")]),
    (b"echo hi\r\n", [("A118", "warning")]),                              # CRLF, no #!: sh reads the \r
    (b"#!bash\necho hi\n", [("A118", "error")]),
])
def test_script_format(tmp_path, script, expected):
    repo = make(tmp_path, {"appspec.yml": appspec(locations=["scripts/run.sh"]), "scripts/run.sh": script})
    assert codes(run(repo)) == expected


# -- code frames of findings in another file -------------------------------------------------
def test_a_finding_in_a_hook_script_shows_the_script_line(tmp_path, monkeypatch):
    repo = make(tmp_path, {"appspec.yml": appspec(locations=["scripts/start.sh"]),
                           "scripts/start.sh": "#!/bin/bash\ncd /srv || exit\nnode server.js &\n"})
    monkeypatch.chdir(repo / "scripts")  # the shown path is not where the script is from here
    result = CliRunner().invoke(cli, ["--isolated", "--ignore", "shellcheck", "--color", "never", str(repo / "appspec.yml")])
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "[A119]" in line)
    assert lines[at].startswith(f"{repo}/scripts/start.sh:3:1:")
    assert lines[at + 1] == "   3 | node server.js &"
    assert lines[at + 2] == "     | ^~~~~~~~~~~~~~~~"


def test_text_reporter_reads_the_file_of_a_foreign_finding(tmp_path):
    import io

    from speclint.diagnostics import Diagnostic, Severity, Span
    from speclint.lint import FileResult
    from speclint.report.formats.text import TextReporter

    script = tmp_path / "hook.sh"
    script.write_text("#!/bin/sh\nline two\nline three\n")
    findings = [Diagnostic("shown/hook.sh", Span(3, 6, 3, 11), "A119", "x", Severity.WARNING, "m", extra={"file": str(script)}),
                Diagnostic("appspec.yml", Span(2, 1, 2, 3), "A116", "y", Severity.ERROR, "n"),
                Diagnostic("gone.sh", Span(1, 1, 1, 2), "A119", "x", Severity.WARNING, "o")]
    out = io.StringIO()
    TextReporter(out, sources={"appspec.yml": "version: 0.0\nos: linux\n"}).finish(
        [FileResult("appspec.yml", "appspec", "ec2", findings, "version: 0.0\nos: linux\n")],
        {"files": 1, "errors": 1, "warnings": 2, "infos": 0, "files_with_findings": 1})
    text = out.getvalue()
    assert "   3 | line three\n     |      ^~~~~\n" in text
    assert "   2 | os: linux\n" in text
    assert "gone.sh:1:1: warning o [A119]\nFound" in text  # no file, no frame (never the appspec's line)


# -- how the build lays the bundle out -------------------------------------------------------
@pytest.mark.parametrize("extra", [(), ("echo x > /tmp/stop.sh", "cp a $DEST/stop.sh", "sed -i s/a/b/ stop.sh")])
def test_discard_paths_puts_selected_files_at_the_root(tmp_path, extra):
    # writes outside the source root, to an unknown folder, or only perhaps (an edit) name no file at the root
    text = buildspec("./gradlew build", *extra, files=("appspec.yml", "build/libs/*.jar", "scripts/*")) + "  discard-paths: yes\n"
    repo = make(tmp_path, {"buildspec.yml": text, "appspec.yml": appspec(["/"], ["start.sh", "stop.sh"]),
                           "scripts/start.sh": START, "scripts/other.sh": START, "build.gradle": ""})
    found = run(repo)
    assert codes(found) == [("A116", "error")] and '"stop.sh"' in found[0][3]


def test_a_packaging_script_without_a_buildspec_makes_paths_unchecked_not_missing(tmp_path):
    repo = make(tmp_path, {
        "package.sh": "#!/bin/sh\nmkdir -p out && cp -r deploy/* out/ && cp -r bin/publish out/app\nzip -r bundle.zip out\n",
        "deploy/appspec.yml": appspec(["app"], ["scripts/start.sh", "scripts/Stop.sh"]),
        "deploy/scripts/start.sh": START, "deploy/scripts/stop.sh": START})
    found = run(repo, target="deploy/appspec.yml")
    assert codes(found) == [("A120", "info"), ("A116", "error")]  # the near miss is still an error
    assert "package.sh assembles the bundle" in found[0][3]


def test_windows_locations_use_backslashes(tmp_path):
    text = "version: 0.0\nos: windows\nfiles:\n  - source: .\\web\n    destination: c:\\inetpub\nhooks:\n" \
           "  AfterInstall:\n    - location: .\\scripts\\setup.ps1\n    - location: scripts\\Missing.ps1\n"
    repo = make(tmp_path, {"appspec.yml": text, "scripts/setup.ps1": "Write-Host hi\n", "web/index.html": ""})
    found = run(repo)
    assert codes(found) == [("A116", "error")] and '"scripts/Missing.ps1"' in found[0][3]


@pytest.mark.parametrize("line,found", [
    ("aws ecr describe-images --query 'sort_by(imageDetails,& imagePushedAt)[-1]'", False),
    ('echo "a & b"', False),
    ("node server.js &", True),
    ("node server.js > /var/log/a.log 2>&1 < /dev/null &", False),
])
def test_background_commands_outside_quotes_only(tmp_path, line, found):
    repo = make(tmp_path, {"appspec.yml": appspec(locations=["scripts/run.sh"]), "scripts/run.sh": f"#!/bin/bash\n{line}\n"})
    assert (("A119", "warning") in codes(run(repo))) is found


# -- A114 and B025 with the build ------------------------------------------------------------
def test_appspec_placement_trusts_a_build_that_puts_the_appspec_in_place(tmp_path):
    moved = make(tmp_path / "moved", {"buildspec.yml": buildspec("cp -r deploy/* ."),
                                      "deploy/appspec.yml": appspec(locations=["scripts/start.sh"]),
                                      "deploy/scripts/start.sh": START})
    assert [c for c, *_ in run(moved, target="deploy/appspec.yml") if c == "A114"] == []
    left = make(tmp_path / "left", {"buildspec.yml": buildspec("mvn package"),
                                    "deploy/appspec.yml": appspec(locations=["scripts/start.sh"]),
                                    "deploy/scripts/start.sh": START})
    assert [c for c, *_ in run(left, target="deploy/appspec.yml") if c == "A114"] == ["A114"]


@pytest.mark.parametrize("command,reported", [
    ("printf '{\"ImageURI\":\"%s\"}' $URI > imageDetail.json", True),
    ("FILE=imageDetail.json; echo \"{}\" > $FILE", True),
    ("echo see imageDetail.json in the docs", False),  # named, not written
])
def test_ecs_artifacts_count_what_commands_write(tmp_path, command, reported):
    text = ("version: 0.2\nphases:\n  build:\n    commands:\n      - " + json.dumps(command) +
            "\nartifacts:\n  files:\n    - appspec.yaml\n    - taskdef.json\n")
    repo = make(tmp_path, {"buildspec.yml": text, "appspec.yaml": "version: 0.0\nResources: []\n", "taskdef.json": "{}"})
    found = [m for c, _, _, m in run(repo, target="buildspec.yml") if c in ("B025", "B034")]
    assert bool(found) is reported and (not found or "imageDetail.json" in found[0])


def test_a_tracked_file_is_not_ignored_whatever_gitignore_says(tmp_path):
    repo = make(tmp_path, {".gitignore": "*.sh\n", "scripts/start.sh": START}, git=True)
    subprocess.run(["git", "-C", str(repo), "add", "-f", "scripts/start.sh"], check=True)
    assert gitignored.ignored(str(repo), ["scripts/start.sh", "scripts/other.sh"]) == {"scripts/other.sh"}


def test_scripts_are_read_from_the_source_when_the_build_output_is_not_there(tmp_path):
    repo = make(tmp_path, {
        "buildspec.yml": buildspec("npm run build", "cp appspec.yml dist/", "cp -r scripts dist/", base="dist"),
        "appspec.yml": appspec(locations=["scripts/start.sh"]), "scripts/start.sh": b"#!/bin/bash\r\nnode app.js\r\n"})
    assert ("A118", "error") in codes(run(repo))
