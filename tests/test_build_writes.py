"""What a buildspec's commands write (speclint.revision.build_writes): one API, `writes()`, for the
revision checks (patterns relative to the source root, `explain`) and the ECS checks (absolute
paths, exact lines). Each feature of the shell reading is tested through that one API."""

import json
import os

import pytest

from speclint.revision.build_writes import explain, simple_commands, writes
from speclint.source.loader import load


def spec(*commands, version="0.2", env=None, phase="build"):
    text = f"version: {version}\n"
    if env:
        text += "env:\n  variables:\n" + "".join(f"    {k}: {json.dumps(v)}\n" for k, v in env.items())
    text += f"phases:\n  {phase}:\n    commands:\n" + "".join(f"      - {json.dumps(c)}\n" for c in commands)
    return text


def run(tmp_path, *commands, files=(), **kw):
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text(files[name] if isinstance(files, dict) else "")
    text = spec(*commands, **kw)
    return writes(load(text.encode()).root, text, str(tmp_path), "buildspec.yml")


def patterns(found, how=None):
    return sorted({w.pattern for w in found if w.pattern is not None and (how is None or w.how == how)})


def paths(found, tmp_path):
    return sorted(os.path.relpath(w.path, tmp_path) for w in found if w.path)


# -- the shell: words, lists, redirections, here documents -----------------------------------
@pytest.mark.parametrize("command,expected", [
    ("echo hi > out.txt", ["out.txt"]),
    ("echo hi >> 'a file.txt'", ["a file.txt"]),
    ('echo "a > b" > real.txt', ["real.txt"]),  # a quoted > is not a redirection
    ("cmd 2>&1 > log.txt", ["log.txt"]),
    ("cmd &> both.txt", ["both.txt"]),
    ("cmd 1>one.txt", ["one.txt"]),
    ("true && echo x > a.txt || echo y > b.txt; echo z | tee c.txt d.txt", ["a.txt", "b.txt", "c.txt", "d.txt"]),
    ("cat > conf.json <<EOF\n{\"a\": 1}\n> not-a-file\nEOF\necho > after.txt", ["after.txt", "conf.json"]),
    ("echo one \\\n  > joined.txt", ["joined.txt"]),
    ("# echo > commented.txt", []),
    ("grep x < input.txt", []),
    ("if [ -n \"$CI\" ]; then cp a.json b.json; else touch c.json; fi", ["b.json", "c.json"]),
    ("for f in a b; do echo $f >> list.txt; done", ["list.txt"]),
])
def test_redirections_and_lists(tmp_path, command, expected):
    assert patterns(run(tmp_path, command), None) == expected


def test_stderr_is_a_write_of_its_own_kind(tmp_path):
    found = run(tmp_path, "cmd 2> err.log")
    assert [(w.how, w.pattern) for w in found] == [("stderr", "err.log")]


def test_simple_commands_keep_word_positions():
    assert [[w for w, _ in c] for c in simple_commands("a 'b c' && d>e; f | g")] == [
        ["a", "b c"], ["d", ">", "e"], ["f"], ["g"]]
    assert [i for _, i in next(simple_commands("  cp a b"))] == [2, 5, 7]
    assert [w for w, _ in next(simple_commands("echo `date +%s` $(ls | wc -l) > n"))] == [
        "echo", "`date +%s`", "$(ls | wc -l)", ">", "n"]


# -- the working folder ------------------------------------------------------------------------
@pytest.mark.parametrize("commands,expected", [
    (["cd web", "echo > a"], ["web/a"]),
    (["cd web && cd .. && echo > a"], ["a"]),
    (["pushd web", "echo > a", "popd", "echo > b"], ["b", "web/a"]),
    (["cd web", "cd $CODEBUILD_SRC_DIR/api", "echo > a"], ["api/a"]),
    (["cd web", "echo > $PWD/a", "echo > $(pwd)/b"], ["web/a", "web/b"]),
    (["cd /tmp", "echo > a"], []),  # outside the source root
    (["cd", "echo > a"], []),  # $HOME
    (["cd $SOMEWHERE", "echo > a"], []),  # unknown
])
def test_the_working_folder_is_followed(tmp_path, commands, expected):
    assert patterns(run(tmp_path, *commands)) == expected


def test_version_0_1_starts_every_command_at_the_source_root(tmp_path):
    assert patterns(run(tmp_path, "cd web", "echo > a", version="0.1")) == ["a"]
    assert patterns(run(tmp_path, "FILE=x", "echo > $FILE", version="0.1")) == []
    assert patterns(run(tmp_path, "cd web", "echo > a", version="0.2")) == ["web/a"]


def test_phases_run_in_codebuild_order_whatever_the_file_order(tmp_path):
    text = "version: 0.2\nphases:\n  post_build:\n    commands:\n      - echo > a\n  install:\n    commands:\n      - cd web\n"
    assert patterns(writes(load(text.encode()).root, text, str(tmp_path))) == ["web/a"]


# -- variables -----------------------------------------------------------------------------------
@pytest.mark.parametrize("commands,env,expected", [
    (["FILE=imageDetail.json; echo '{}' > $FILE"], None, ["imageDetail.json"]),
    (["export OUT=deploy", "mkdir -p ${OUT}/app"], None, ["deploy/app"]),
    (["echo > $OUT/x"], {"OUT": "dist"}, ["dist/x"]),
    (["D=dist", "F=$D/x.json", "echo > $F"], None, ["dist/x.json"]),
    (["OUT=build make_it", "echo > $OUT/x"], None, []),  # VAR=x cmd: for that command only
    (["cd web", "echo > ${NAME}.txt"], None, ["web/*.txt"]),
    (["echo > $UNKNOWN/x", "echo > $(date)/y"], None, []),
    (["HERE=`pwd`", "cd web", "echo > a", "cd $HERE", "echo > b"], None, ["b", "web/a"]),
    (["cd web", "HERE=$(pwd)", "cd ..", "echo > $HERE/a"], None, ["web/a"]),
    (["cp x `pwd`/`pipenv --venv`/y"], None, []),  # a substitution cut by a space is unknown, not a name
])
def test_variables_are_followed(tmp_path, commands, env, expected):
    assert patterns(run(tmp_path, *commands, env=env)) == expected


def test_a_known_variable_gives_an_absolute_path_an_unknown_one_none(tmp_path):
    found = run(tmp_path, "FILE=a.json", "echo > $FILE", "echo > $OTHER/b.json")
    assert [(w.path, w.written) for w in found] == [(str(tmp_path / "a.json"), "$FILE"), (None, "$OTHER/b.json")]


# -- commands that write -------------------------------------------------------------------------
@pytest.mark.parametrize("command,how,expected", [
    ("mkdir -p deploy/app logs", "mkdir", ["deploy/app", "logs"]),
    ("touch -d now stamp", "touch", ["stamp"]),
    ("cp target/app.war deploy.war", "copy", ["deploy.war"]),
    ("install -m 644 conf.ini out.ini", "copy", ["out.ini"]),
    ("cp -t existing a.txt b/c.txt", "copy", ["existing/a.txt", "existing/c.txt"]),
    ("cp appspec.yml new/", "copy", ["new/appspec.yml"]),
    ("cp -r deploy/* existing", "copy", ["existing"]),
    ("rsync -a src/ existing", "copy", ["existing"]),
    ("tar -xzf a.tgz -C out", "extract", ["out"]),
    ("unzip pkg.zip -d unpacked", "extract", ["unpacked"]),
    ("tar czf bundle.tgz dist", "archive", ["bundle.tgz"]),
    ("zip -r bundle dist", "archive", ["bundle.zip"]),
    ("jar cf app.jar -C classes .", "archive", ["app.jar"]),
    ("git clone https://example.com/x/tools.git", "clone", ["tools"]),
    ("aws s3 cp s3://b/k/config.json existing/", "download", ["existing/config.json"]),
    ("aws s3 sync s3://b/site public", "download", ["public"]),
    ("curl -o get.sh https://example.com", "output", ["get.sh"]),
    ("aws cloudformation package --template-file t.yml --output-template-file packaged.yml", "output", ["packaged.yml"]),
    ("mvn -f api/pom.xml package", "tool", ["api/target"]),
    ("npm --prefix web run build", "tool", ["web/build", "web/dist"]),
    ("dotnet publish src/App/App.csproj -o pub", "output", ["pub"]),
])
def test_what_each_command_writes(tmp_path, command, how, expected):
    (tmp_path / "existing").mkdir()
    found = patterns(run(tmp_path, command), how)
    assert all(p in found for p in expected), found


def test_copies_know_their_source(tmp_path):
    found = run(tmp_path, "cd deploy", "cp ../taskdef.json .")
    copy = next(w for w in found if w.how == "copy")
    assert copy.source == str(tmp_path / "taskdef.json") and copy.path == str(tmp_path / "deploy" / "taskdef.json")


def test_renderers_may_write_their_files_but_do_not_explain_them(tmp_path):
    found = run(tmp_path, "sed -i s/a/b/ taskdef.json", "python3 render.py out.yml")
    assert {"out.yml", "render.py", "taskdef.json"} <= set(patterns(found, "edit"))
    assert all(not w.certain for w in found) and explain(found, "taskdef.json") is None


def test_an_unknown_programs_output_flag_is_likely_not_certain(tmp_path):
    found = run(tmp_path, "mytool --output=report.html")
    assert [(w.how, w.pattern, w.certain) for w in found] == [("output", "report.html", False)]


# -- scripts and Makefiles the commands run ------------------------------------------------------
def test_scripts_and_makefiles_are_read(tmp_path):
    files = {"scripts/package.sh": "#!/bin/bash\nmkdir -p bundle\ncp appspec.yml bundle/\n",
             "api/Makefile": "all:\n\tmkdir -p $(OUT)/bin\n", "api/x": ""}
    found = run(tmp_path, "bash scripts/package.sh", "OUT=out", "make -C api", files=files)
    assert {"bundle", "bundle/appspec.yml", "api/out/bin"} <= set(patterns(found))
    script = next(w for w in found if w.pattern == "bundle")
    assert script.script == "scripts/package.sh" and script.line == 5  # the line that runs the script
    assert "scripts/package.sh" in script.reason


# -- lines and explain -----------------------------------------------------------------------------
def test_lines_are_exact_inside_a_block(tmp_path):
    text = "version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo start\n        cd deploy\n" \
           "        echo '{}' > imageDetail.json\n"
    found = writes(load(text.encode()).root, text, str(tmp_path))
    assert [(w.pattern, w.line) for w in found] == [("deploy/imageDetail.json", 8)]


def test_explain_prefers_a_named_path_to_a_folder_a_tool_fills(tmp_path):
    found = run(tmp_path, "npm run build", "cp appspec.yml dist/appspec.yml")
    assert explain(found, "dist/appspec.yml").how == "copy"
    assert explain(found, "dist/main.js").how == "tool"
    assert explain(found, "dist/main.js", exact_only=True) is None
    assert explain(found, "src/main.js") is None


# -- through the checks: B034 (ECS) and A116 (revision) read the same writes ------------------------
def lint(folder, target):
    from click.testing import CliRunner

    from speclint.cli import cli

    result = CliRunner().invoke(cli, ["--format", "json", "--isolated", "--ignore", "shellcheck", str(folder / target)])
    return [(d["code"], d["line"], d["message"]) for d in json.loads(result.output)]


ECS_ARTIFACTS = "artifacts:\n  files:\n    - appspec.yaml\n"


@pytest.mark.parametrize("commands,env,files,line,where", [
    (["echo start", "FILE=imageDetail.json; echo '{}' > $FILE"], None, {}, 6, ""),
    (["echo '{}' > $DETAIL"], {"DETAIL": "imageDetail.json"}, {}, 8, ""),
    (["bash scripts/image.sh"], None, {"scripts/image.sh": "#!/bin/bash\necho '{}' > imageDetail.json\n"}, 5,
     " runs scripts/image.sh, which"),
])
def test_b034_sees_writes_through_variables_and_scripts(tmp_path, commands, env, files, line, where):
    for name, text in {**files, "appspec.yaml": "version: 0.0\nResources: []\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "buildspec.yml").write_text(spec(*commands, env=env) + ECS_ARTIFACTS)
    found = [f for f in lint(tmp_path, "buildspec.yml") if f[0] == "B034"]
    assert len(found) == 1 and found[0][2].startswith(f"line {line}{where} writes imageDetail.json"), found


def test_b034_is_quiet_when_the_variable_points_into_the_uploaded_folder(tmp_path):
    (tmp_path / "buildspec.yml").write_text(spec("OUT=deploy", "mkdir -p $OUT", "echo '{}' > $OUT/imageDetail.json")
                                            + "artifacts:\n  base-directory: deploy\n  files:\n    - '**/*'\n")
    assert [f for f in lint(tmp_path, "buildspec.yml") if f[0] == "B034"] == []


def test_a_path_the_build_makes_through_a_variable_is_not_missing(tmp_path):
    (tmp_path / "buildspec.yml").write_text(
        spec("D=bundle/scripts", "mkdir -p $D", "echo 'systemctl start app' > $D/start.sh")
        + "artifacts:\n  base-directory: bundle\n  files:\n    - '**/*'\n")
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "appspec.yml").write_text(
        "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n")
    assert [c for c, *_ in lint(tmp_path, "bundle/appspec.yml") if c in ("A116", "A120")] == []


@pytest.mark.parametrize("linked", ["scripts/package.sh", "scripts", "api/Makefile"])
def test_scripts_and_makefiles_symlinked_out_of_the_tree_are_not_read(tmp_path, linked):
    """A script or Makefile whose symlinks lead out of the source tree is never read (issue 20)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "package.sh").write_text("#!/bin/bash\nmkdir -p leaked\n")
    (outside / "Makefile").write_text("all:\n\tmkdir -p leaked\n")
    root = tmp_path / "src"
    (root / "scripts").mkdir(parents=True)
    (root / "api").mkdir()
    target = root / linked
    if linked == "scripts":
        target.rmdir()
        os.symlink(outside, target)
    else:
        os.symlink(outside / os.path.basename(linked), target)
    found = run(root, "bash scripts/package.sh", "make -C api")
    assert "leaked" not in patterns(found) and "api/leaked" not in patterns(found)
