"""The shell dialect decision, the curated ShellCheck default set, templates, and the
commands that fail on today's images (B027, B028, A123) - each tested as a class."""

import textwrap

import pytest

from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.lint import Options, lint_bytes
from speclint.record import replace
from speclint.rules.appspec.stop_hook_fails import failing_stops
from speclint.shell import check, defaults
from speclint.shell.dialect import decide, from_content
from speclint.shell.jobs import blank_templates

needs_shellcheck = pytest.mark.skipif(check.binary() is None, reason="ShellCheck is not installed")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))


def lint(text, image=None, **option_values):
    options = Options(**option_values)
    if image:
        options.context = replace(options.context, image=image)
    return lint_bytes("buildspec.yml", textwrap.dedent(text).encode(), options).diagnostics


def buildspec(*commands, env_shell=None):
    env = f"env:\n  shell: {env_shell}\n" if env_shell else ""
    body = "".join(f"      - {json_quote(c)}\n" for c in commands)
    return f"version: 0.2\n{env}phases:\n  build:\n    commands:\n{body}"


def json_quote(command):
    import json

    return json.dumps(command)


POWERSHELL = [
    "if(-Not($Env:TOKEN -eq $null)) { choco install -y codecov }",
    "Write-Host \"Build started\"",
    "$env:PATH += ';C:\\tools'",
    "Get-ChildItem -Path . -Recurse",
    "Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile tool.zip",
    "if ($LASTEXITCODE -ne 0) { exit 1 }",
    "dotnet build -c Release `",
    "[Environment]::SetEnvironmentVariable('X', '1')",
    "choco install nodejs-lts -y",
    ".\\build.ps1 -Configuration Release",
    "Remove-Item -Recurse -Force bin -ErrorAction SilentlyContinue",
    "$PSVersionTable",
    "powershell -command 'Install-Module -Name Pester -Force'",
]
CMD = ["echo %CODEBUILD_SRC_DIR%", "@echo off", "if not exist out mkdir out"]
SH = [
    "echo $HOME",
    "find . -not -name '*.tmp' -type f",
    "find . -not \\( -path ./node_modules -prune \\) -print",
    "echo Build started on `date`",
    "TAG=$(date +%Y%m%d%H%M%S)",
    "if [ -z \"$X\" ]; then echo none; fi",
    "test -f out.zip || { echo missing; exit 1; }",
    "awk '{print $1}' list.txt",
    "aws ecr get-login-password | docker login --username AWS --password-stdin $REG",
    "python -c 'print({})'",
    "if (( COUNT > 1 )); then echo many; fi",
    "export PATH=$PATH:/opt/bin",
    "sed -i 's/a/b/' file.txt",
    "docker inspect --format '{{.Id}}' app",
    "pwsh -command '$PSVersionTable'",
    "pwsh -command 'Invoke-Build -File .\\src\\app.build.ps1'",
]


@pytest.mark.parametrize("command", POWERSHELL)
def test_powershell_is_recognised_and_never_given_to_shellcheck(command):
    assert from_content([command])[0] == "powershell"
    assert decide(None, None, [command]).shellcheck is None


@pytest.mark.parametrize("command", CMD)
def test_cmd_is_recognised(command):
    assert from_content([command])[0] == "cmd"
    assert decide(None, None, [command]).shellcheck is None


@pytest.mark.parametrize("command", SH)
def test_ordinary_sh_is_not_mistaken(command):
    assert from_content([command]) is None
    assert decide(None, None, [command]).name == "sh"


@pytest.mark.parametrize("shell, name, documented", [
    ("bash", "bash", True), ("/bin/sh", "sh", True), ("powershell.exe", "powershell", True),
    ("cmd.exe", "cmd", True), ("pwsh", "powershell", False), ("zsh", "unknown", False), ("/bin/bash", "bash", False),
])
def test_env_shell_decides_first(shell, name, documented):
    dialect = decide(shell, None, ["Write-Host x"])  # the content does not override env.shell
    assert (dialect.name, dialect.documented) == (name, documented)


@pytest.mark.parametrize("image, name", [
    ("aws/codebuild/standard:7.0", "dash"), ("aws/codebuild/amazonlinux-x86_64-standard:5.0", "bash"),
    ("aws/codebuild/amazonlinux2-x86_64-standard:corretto11", "bash"), ("aws/codebuild/windows-base:2019-3.0", "powershell"),
    ("my-registry/custom:1", "sh"),
])
def test_the_image_decides_next(image, name):
    assert decide(None, runtimes.resolve(image), ["echo hi"]).name == name
    if name in ("dash", "bash"):  # env.shell /bin/sh is what the image's sh is
        assert decide("/bin/sh", runtimes.resolve(image), []).name == name


def test_every_image_in_the_table_says_its_sh_and_aws_cli():
    for image_id, info in runtimes.table()["images"].items():
        assert info["sh"] in ("bash", "dash"), image_id
        assert info["aws_cli"] in (1, 2, None), image_id
        if info["maintained"] and "corretto" not in image_id:
            assert info["aws_cli"] == 2, image_id
        assert info["sh"] == ("dash" if info["base"].startswith("Ubuntu") else "bash"), image_id


@needs_shellcheck
def test_the_powershell_example_gives_only_the_note_that_shellcheck_was_skipped():
    text = buildspec("if(-Not($Env:TOKEN -eq $null)) { choco install -y codecov }", "Write-Host done")
    assert [(d.code, d.severity) for d in lint(text)] == [("B026", Severity.INFO)]
    # not even when every ShellCheck code is selected
    assert [d.code for d in lint(text, extend_select=("SC",))] == ["B026"]


@needs_shellcheck
def test_dot_with_arguments_is_fine_where_sh_is_bash():
    text = buildspec('. ./assume-role.sh "$ROLE" deploy', "source ./env.sh")
    assert lint(text, image="aws/codebuild/amazonlinux-x86_64-standard:5.0") == []
    assert lint(text) == []  # sh unknown: portability notes are off
    on_ubuntu = [d.code for d in lint(text, image="aws/codebuild/standard:7.0")]
    assert "SC2240" in on_ubuntu and "SC3046" in on_ubuntu  # dash: `.` args are dropped, `source` is not found


@needs_shellcheck
@pytest.mark.parametrize("command, code", [
    ("echo $NAME", "SC2086"), ("rm $(ls *.tmp)", "SC2046"), ("echo Build started on `date`", "SC2006"),
    ("export TAG=$(git rev-parse HEAD)", "SC2155"), ("GIT_TERMINAL_PROMPT= git fetch", "SC1007"),
    ("$(aws ecr get-login --no-include-email)", "SC2091"), ("for f in $(ls *.zip); do echo \"$f\"; done", "SC2045"),
    ("echo \"$lower_case_from_project\"", "SC2154"),
])
def test_notes_are_off_by_default_and_one_selector_away(command, code):
    text = buildspec(command)
    assert [d.code for d in lint(text) if d.code.startswith("SC")] == []
    selected = [d for d in lint(text, extend_select=(code,)) if d.code == code]
    assert selected and all(d.severity != Severity.ERROR for d in selected)  # SC2045 is "error" in ShellCheck


@needs_shellcheck
@pytest.mark.parametrize("command", ["echo Nothing to do in this phase", "echo then we deploy; make", "printf '%s\\n' done"])
def test_keywords_in_echo_text_are_literal(command):
    assert [d for d in lint(buildspec(command), extend_select=("SC1010",)) if d.code.startswith("SC")] == []


@needs_shellcheck
@pytest.mark.parametrize("command, code", [
    ("aws s3 cp out.zip s3://bucket/{REPOSITORY_NAME}/", "SC1083"),
    ("if [ -f out.zip ] then echo ok; fi", "SC1010"),
    ("rm -rf \"$BUILD_DIR\"/*; [ $? = 0 ] && echo ok > = 1", None),
])
def test_what_breaks_a_command_stays_on(command, code):
    found = [d for d in lint(buildspec(command)) if d.code.startswith("SC")]
    if code:
        assert code in [d.code for d in found] or any(d.code.startswith("SC1") for d in found), found
    assert all(d.severity in (Severity.WARNING, Severity.INFO) for d in found)


def test_default_set_levels_and_severities():
    assert defaults.on_by_default("SC2086", "info") is False
    assert defaults.on_by_default("SC2045", "error") is False
    assert defaults.on_by_default("SC2115", "warning") is True
    assert defaults.on_by_default("SC1083", "warning") is True
    assert defaults.on_by_default("SC2016", "info") is False
    assert defaults.on_by_default("SC3010", "warning", ("SC3",)) is False
    assert defaults.severity("SC2115", "error") == Severity.WARNING  # ShellCheck never fails a run by default
    assert defaults.severity("SC3010", "warning", ("SC3",)) == Severity.INFO
    from speclint.lint import Options
    from speclint.selection import explicitly

    assert explicitly("SC2086", Options(select=("SC2",))) and explicitly("SC2086", Options(extend_select=("ALL",)))
    assert not explicitly("SC2086", Options(select=("shellcheck",)))


@pytest.mark.parametrize("text, blanked", [
    ("cp {{ src }} dist/", "cp XXXXXXXXX dist/"),
    ("{% if prod %}deploy{% endif %}", "XXXXXXXXXXXXXdeployXXXXXXXXXXX"),
    ("echo {# note #} done", "echo XXXXXXXXXX done"),
    ("aws s3 cp {{\n  bucket }} .", "aws s3 cp XX\nXXXXXXXXXXX ."),
    ("echo ${HOME} {x}", "echo ${HOME} {x}"),
])
def test_templates_are_blanked_keeping_positions(text, blanked):
    assert blank_templates(text) == blanked


@needs_shellcheck
def test_templates_give_no_shellcheck_finding():
    text = buildspec("{% if deploy %}", "aws s3 sync dist/ s3://{{ bucket }}/", "{% endif %}", "echo {{ a }} {# n #}")
    assert [d for d in lint(text) if d.code.startswith("SC")] == []


def test_documented_codebuild_variables_are_known():
    from speclint.data import load

    known = set(load("shell.json")["codebuild_variables"])
    assert {"CODEBUILD_BUILD_URL", "CODEBUILD_PROJECT_ARN", "CODEBUILD_SRC_DIR", "CODEBUILD_WEBHOOK_TRIGGER"} <= known


@needs_shellcheck
def test_secondary_source_folders_count_as_assigned():
    text = buildspec("cp -r \"$CODEBUILD_SRC_DIR_tools/bin\" .", "cd \"$CODEBUILD_SRC_DIR_Source2\"")
    assert [d for d in lint(text, extend_select=("SC2154",)) if d.code == "SC2154"] == []


# B027: aws ecr get-login
GET_LOGIN = [
    "$(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)",
    "eval $(aws ecr get-login --no-include-email)",
    "aws --region us-east-1 ecr get-login --no-include-email | sh",
    "aws --profile ci --output text ecr get-login",
    "`aws ecr get-login --registry-ids 123`",
    "sudo aws ecr get-login > login.sh",
    'eval "$(aws --region eu-west-1 ecr get-login --no-include-email)"',
    "echo start; aws ecr get-login --no-include-email | bash",
    "LOGIN=$(aws ecr get-login --no-include-email) && $LOGIN",
]
NOT_GET_LOGIN = [
    "aws ecr get-login-password | docker login --username AWS --password-stdin $REG",
    "aws ecr describe-repositories",
    "echo get-login is gone",
    # text, not commands: comments, quoted arguments, here-documents
    "echo 'old way: aws ecr get-login' # aws ecr get-login",
    'printf "%s\\n" "run aws ecr get-login --no-include-email"',
    "# $(aws ecr get-login --no-include-email)\necho done",
    "cat > NOTES <<'EOF'\naws ecr get-login\nEOF",
    'echo "use aws ecr get-login-password, not `aws ecr get-login`"'[:0] + "git commit -m 'drop aws ecr get-login'",
]


@pytest.mark.parametrize("command", GET_LOGIN)
def test_ecr_get_login_is_found_in_every_form(command):
    found = [d for d in lint(buildspec(command)) if d.code == "B027"]
    assert len(found) == 1 and found[0].severity == Severity.WARNING  # no image: a warning
    assert "get-login-password" in found[0].hint
    line = buildspec(command).split("\n")[found[0].line - 1]
    assert line[found[0].column - 1:].startswith(("aws", "sudo aws"[5:]))
    on_v2 = [d for d in lint(buildspec(command), image="aws/codebuild/standard:7.0") if d.code == "B027"]
    assert on_v2[0].severity == Severity.ERROR
    assert [d for d in lint(buildspec(command), image="aws/codebuild/standard:4.0") if d.code == "B027"] == []


@pytest.mark.parametrize("command", NOT_GET_LOGIN)
def test_other_ecr_commands_are_fine(command):
    assert [d for d in lint(buildspec(command)) if d.code == "B027"] == []


@pytest.mark.parametrize("install", [
    "pip install awscli", "pip3 install --upgrade awscli", "pip install 'awscli<2'", "pip install awscli==1.29.0",
    "apt-get install -y awscli", "python3 -m pip install --user awscli",
])
def test_installing_cli_v1_first_makes_get_login_fine(install):
    assert [d for d in lint(buildspec(install, "$(aws ecr get-login --no-include-email)")) if d.code == "B027"] == []
    # ... but only before it
    assert [d for d in lint(buildspec("$(aws ecr get-login --no-include-email)", install)) if d.code == "B027"]


@pytest.mark.parametrize("key, found", [
    ("npm-$$", True), ("'$$-deps'", True), ("npm-$(codebuild-hash-files package-lock.json)", False), ("npm-$HOME", False),
])
def test_cache_key_with_pid(key, found):
    text = f"version: 0.2\nphases:\n  build:\n    commands: [make]\ncache:\n  key: {key}\n  paths: [x/**/*]\n"
    hits = [d for d in lint(text) if d.code == "B028"]
    assert bool(hits) == found
    if hits:
        assert text.split("\n")[hits[0].line - 1][hits[0].column - 1:hits[0].column + 1] == "$$"
        assert "inference" in hits[0].message


# A123: stop scripts that fail when nothing runs
FAILING = [
    "killall node", "sudo killall -9 java", "pkill -f gunicorn", "pgrep node | xargs kill", "cat app.pid | xargs kill -9",
    "kill $(cat /var/run/app.pid)", "kill `cat app.pid`", "kill -9 $PID", "docker stop $(docker ps -q)",
    "[ -f app.pid ] && kill $(cat app.pid)",
    "docker stop web", "docker kill web", "docker rm web", "fuser -k 8080/tcp", "sudo fuser -vk 80/tcp",
    "pkill -f 'node server.js'", "exec pkill java",
]
GUARDS = [
    "{cmd} || true", "{cmd} || :", "{cmd} || echo 'nothing to stop'", "{cmd}\nexit 0", "{cmd}\necho stopped",
    "if pgrep -x node > /dev/null; then\n  {cmd}\nfi", "if pgrep node; then {cmd}; fi", "{cmd} 2>/dev/null || exit 0",
    "stop() { {cmd}; }", "function stop {\n  {cmd}\n}\nstop || true",
    "{cmd}; true", "{cmd}; exit 0", "{cmd} 2>/dev/null; echo stopped", "{cmd} &",
    "trap 'exit 0' EXIT\n{cmd}", "trap \"exit 0\" 0\n{cmd}",
    "kill -0 $(cat app.pid) && {cmd}\necho done", "pgrep -f app > /dev/null && {cmd}\necho done",
    "# {cmd}\necho nothing", "echo '{cmd}'", "cat <<EOF\n{cmd}\nEOF",
]


@pytest.mark.parametrize("command", FAILING)
def test_stop_commands_that_fail_as_the_last_command_or_under_set_e(command):
    assert failing_stops(f"#!/bin/bash\n{command}\n")
    assert failing_stops(f"#!/bin/bash\nset -e\n{command}\necho stopped\n")
    assert failing_stops(f"#!/bin/bash -e\n{command}\necho stopped\n")
    assert failing_stops(f"#!/bin/bash\nset -euo pipefail\n{command}\necho stopped\n")


# What still decides the exit status: a later && (the list fails), exit $?, a called function.
STILL_FAILING = [
    "{cmd} &&\n  echo stopped", "{cmd}\nexit $?", "{cmd}\nexit", "set -e\nstop() {\n  {cmd}\n}\nstop\necho ok",
    "stop() { {cmd}; }\nstop", "set -o errexit\n{cmd}\necho ok", "echo stopping; {cmd}",
]


@pytest.mark.parametrize("command", FAILING)
@pytest.mark.parametrize("form", STILL_FAILING)
def test_stop_commands_that_still_decide_the_status(command, form):
    found = failing_stops("#!/bin/bash\n" + form.replace("{cmd}", command) + "\n")
    assert len(found) == 1
    line, column, shown, _why = found[0]
    script = ("#!/bin/bash\n" + form.replace("{cmd}", command)).split("\n")
    assert script[line - 1][column - 1:].startswith(shown)


@pytest.mark.parametrize("command", ["xargs -r kill", "xargs --no-run-if-empty kill -9", "docker rm -f web",
                                     "kill -0 $PID", "kill -l", "pgrep node | xargs -r kill"])
def test_commands_that_do_not_fail_when_nothing_runs(command):
    assert failing_stops(f"#!/bin/bash\nset -e\npgrep x | {command}\necho ok\n") == []


def test_a_shebang_line_later_in_the_file_is_a_comment():
    assert failing_stops("#!/bin/bash\n#!/bin/sh -e\npkill -f app\necho ok\n") == []


@pytest.mark.parametrize("command", FAILING)
@pytest.mark.parametrize("guard", GUARDS)
def test_guarded_stop_commands_are_fine(command, guard):
    assert failing_stops("#!/bin/bash\n" + guard.replace("{cmd}", command) + "\n") == []


def test_a_stop_script_finding_points_at_the_command(tmp_path):
    from speclint.lint import lint_file

    (tmp_path / "scripts").mkdir()
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\nhooks:\n  AfterBlockTraffic:\n"
                                          "    - location: scripts/stop.sh\n  ApplicationStart:\n    - location: scripts/go.sh\n")
    (tmp_path / "scripts" / "stop.sh").write_text("#!/bin/bash\necho stopping\n  killall node\n")
    (tmp_path / "scripts" / "go.sh").write_text("#!/bin/bash\nkillall node\n")  # not a stop event
    options = Options()
    options.context = replace(options.context, revision_root=str(tmp_path))
    found = [d for d in lint_file(str(tmp_path / "appspec.yml"), options).diagnostics if d.code == "A123"]
    assert [(d.path.rsplit("/", 1)[-1], d.line, d.column, d.span.end_column) for d in found] == [("stop.sh", 3, 3, 15)]
    assert "AfterBlockTraffic" in found[0].message and "killall node || true" in found[0].hint


def test_readme_table_is_the_curated_set():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert defaults.readme_table() in readme, "README's ShellCheck table is stale: paste defaults.readme_table()"


@needs_shellcheck
@pytest.mark.parametrize("command", ['[ -s "$NVM_DIR/nvm.sh"] && . "$NVM_DIR/nvm.sh"', 'echo "unclosed', "if true; then echo x"])
def test_one_mistake_is_one_parse_finding(command):
    found = [d for d in lint(buildspec(command)) if d.code.startswith("SC1")]
    assert len({d.line for d in found}) == len(found) and found, found
    assert all(d.code not in ("SC1072", "SC1073") for d in found) or len(found) == 1


@needs_shellcheck
def test_every_shellcheck_code_on_the_command_line(tmp_path):
    import json

    from click.testing import CliRunner

    from speclint.cli import cli

    (tmp_path / "buildspec.yml").write_text(buildspec("echo $NAME", "echo Build started on `date`"))
    run = CliRunner().invoke(cli, ["--format", "json", "--isolated", "--show-info", "--extend-select", "SC", str(tmp_path / "buildspec.yml")])
    assert run.exit_code == 0, run.output  # notes are information: they never fail a run
    assert {d["code"] for d in json.loads(run.output)} == {"SC2086", "SC2006", "SC2046"}


def test_the_table_update_script_derives_sh_and_aws_cli_from_the_dockerfiles(tmp_path):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("update_runtimes", Path(__file__).parents[1] / "scripts" / "update_runtimes.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    cases = {
        "FROM public.ecr.aws/ubuntu/ubuntu:24.04 AS core\nRUN curl https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip": ("dash", 2),
        "FROM public.ecr.aws/amazonlinux/amazonlinux:2 AS core\nRUN pip3 install --upgrade wheel awscli boto3": ("bash", 1),
        "FROM public.ecr.aws/amazoncorretto/amazoncorretto:11\nRUN yum install -y git": ("bash", None),
    }
    for n, (dockerfile, expected) in enumerate(cases.items()):
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "Dockerfile").write_text(dockerfile)
        assert (script.sh_of(folder), script.aws_cli_of(folder)) == expected


@needs_shellcheck
def test_a_brace_word_is_one_finding():
    text = buildspec("docker push $REGISTRY/{REPOSITORY_NAME}:$TAG")
    found = [d for d in lint(text) if d.code.startswith("SC")]
    line = text.split("\n")[found[0].line - 1]
    assert [(d.code, d.column) for d in found] == [("SC1083", line.index("{") + 1)]


# The command text decides only by weight of evidence, never from quoted text or sed expressions.
LINUX_WITH_LOOKALIKES = [
    'sed -i "s%__VERSION__%${VERSION}%g" config.json',
    "sed -i 's%@HOST@%'\"$HOST\"'%' nginx.conf",
    "sed -e 's:\\(version\\)=.*:\\1=2:' -i gradle.properties",
    "sed 's|C:\\\\|/|' paths.txt",
    "echo 'run Write-Host on Windows' # $Env:PATH is PowerShell",
    'printf "%s%%\\n" "$PCT"',
]


@pytest.mark.parametrize("lookalike", LINUX_WITH_LOOKALIKES)
def test_a_mark_in_quoted_text_does_not_switch_off_shellcheck(lookalike):
    assert decide(None, None, [lookalike, "npm ci", "if [ -f x ]; then make; fi"]).shellcheck == "sh"
    assert decide(None, None, [lookalike]).shellcheck == "sh"


def test_one_mark_among_many_sh_commands_is_outweighed():
    commands = ["export A=1", "apt-get install -y jq", "if [ -f x ]; then make; fi", "echo %PATH%"]
    assert decide(None, None, commands).shellcheck == "sh"
    assert decide(None, None, ["echo %PATH%", "set X=%Y%", "copy a b"]).name == "cmd"


@pytest.mark.parametrize("assignment", ["$ver = (git describe --tags)", '$v = "1"', "$count += 1", "  $env:Path += ';C:/x'",
                                        "$Files=Get-ChildItem"])
def test_a_powershell_assignment_marks_powershell(assignment):
    assert decide(None, None, [assignment, "docker build -t app ."]).name == "powershell"


@pytest.mark.parametrize("sh_text", ["[ $a = 1 ] && echo", "test $x == y", "VAR=$(date)", "echo $v = 1"])
def test_sh_comparisons_are_not_powershell_assignments(sh_text):
    assert from_content([sh_text]) is None


@needs_shellcheck
def test_skipping_shellcheck_for_command_text_says_why_once():
    text = buildspec("$ver = (git describe --tags)", "docker build -t app:$ver .", "$x = 2")
    notes = [d for d in lint(text) if d.code == "B026"]
    assert len(notes) == 1 and notes[0].severity == Severity.INFO
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "$ver = (" in t)
    assert (notes[0].line, notes[0].column) == (line, text.split("\n")[line - 1].index("$ver") + 1)
    assert "PowerShell" in notes[0].message and "$ver =" in notes[0].message and "env: shell: bash" in notes[0].hint
    assert [d for d in lint(buildspec("$ver = 1"), image="aws/codebuild/windows-base:2019-3.0") if d.code == "B026"] == []
    assert [d for d in lint(buildspec("$ver = 1", env_shell="powershell.exe")) if d.code == "B026"] == []


def test_list_files_shows_the_shell_decision(tmp_path):
    from click.testing import CliRunner

    from speclint.cli import cli as main

    (tmp_path / "buildspec.yml").write_text(buildspec("Write-Host hi"))
    (tmp_path / "linux").mkdir()
    (tmp_path / "linux" / "buildspec.yml").write_text(buildspec('sed -i "s%A%B%g" f'))
    out = CliRunner().invoke(main, ["--list-files", str(tmp_path)]).output
    assert "[shell powershell: command text: a Verb-Noun cmdlet (`Write-Host`); no ShellCheck]" in out
    assert out.count("[shell") == 1  # the default (sh of an unknown image) is not repeated


@pytest.mark.parametrize("alias, same", [
    ("aws/codebuild/amazonlinux2-x86_64-standard:5.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0"),
    ("amazonlinux2-aarch64-standard:3.0", "aws/codebuild/amazonlinux-aarch64-standard:3.0"),
])
def test_the_amazonlinux2_names_of_the_al2023_images_are_known(alias, same):
    image = runtimes.resolve(alias)
    assert image.kind == "codebuild" and image.id == same and image.info == runtimes.resolve(same).info
    text = "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 20\n  build:\n    commands: [make]\n"
    assert [d.code for d in lint(text, image=alias) if d.code.startswith("B02")] == []


@needs_shellcheck
@pytest.mark.parametrize("command", ['sudo echo "10.0.0.1 db" >> /etc/hosts', "sudo cat token > /root/.netrc"])
def test_sudo_redirects_are_not_noise_as_root(command):
    assert [d for d in lint(buildspec(command)) if d.code == "SC2024"] == []
    as_user = buildspec(command).replace("phases:", "run-as: builder\nphases:")
    assert [d.code for d in lint(as_user) if d.code == "SC2024"] == ["SC2024"]
    env_user = buildspec(command).replace("phases:", "env:\n  run-as: builder\nphases:")
    assert [d.code for d in lint(env_user) if d.code == "SC2024"] == ["SC2024"]


@needs_shellcheck
@pytest.mark.parametrize("runas, found", [("", False), ("    runas: root\n", False), ("    runas: ec2-user\n", True)])
def test_sudo_redirects_in_hook_scripts_depend_on_runas(tmp_path, runas, found):
    from speclint.lint import lint_file

    (tmp_path / "s.sh").write_text('#!/bin/bash\nsudo echo "10.0.0.1 db" >> /etc/hosts\n')
    (tmp_path / "appspec.yml").write_text(f"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n  - location: s.sh\n{runas}")
    options = Options()
    options.context = replace(options.context, revision_root=str(tmp_path))
    codes = [d.code for d in lint_file(str(tmp_path / "appspec.yml"), options).diagnostics]
    assert ("SC2024" in codes) == found, codes


@needs_shellcheck
@pytest.mark.parametrize("style", ["|", ">"])
@pytest.mark.parametrize("indicator", ["", "1", "2", "3", "4"])
@pytest.mark.parametrize("chomping", ["", "-", "+"])
@pytest.mark.parametrize("order", ["indent-first", "chomp-first"])
@pytest.mark.parametrize("blank_first", [False, True])
def test_block_scalar_positions_with_every_header(style, indicator, chomping, order, blank_first):
    header = style + (indicator + chomping if order == "indent-first" else chomping + indicator)
    content = "          echo /{NAME}/x"  # 10 spaces: deeper than every indicator asks
    text = ("version: 0.2\nphases:\n  build:\n    commands:\n"
            f"      - {header}\n" + ("\n" if blank_first else "") + content + "\n      - echo ok\n")
    found = [d for d in lint(text) if d.code == "SC1083"]
    line = text.split("\n").index(content) + 1
    assert [(d.line, d.column) for d in found] == [(line, content.index("{") + 1)]


@needs_shellcheck
@pytest.mark.parametrize("command", ["set -o pipefail", "set -euo pipefail", "set -eo pipefail; make", "set -e -o pipefail"])
def test_pipefail_where_dash_runs_the_commands(command):
    ubuntu = [d for d in lint(buildspec(command), image="aws/codebuild/standard:7.0") if d.code == "B026"]
    assert [d.severity for d in ubuntu] == [Severity.ERROR] and "Illegal option -o pipefail" in ubuntu[0].message
    line = buildspec(command).split("\n")[ubuntu[0].line - 1]
    assert line[ubuntu[0].column - 1:ubuntu[0].span.end_column - 1].endswith("pipefail")
    assert "env: shell: bash" in ubuntu[0].hint
    named = [d.severity for d in lint(buildspec(command, env_shell="dash")) if d.code == "B026"]
    assert named == [Severity.WARNING]  # dash by name only: no evidence of what the image's dash does
    for fine in (dict(image="aws/codebuild/amazonlinux-x86_64-standard:5.0"), dict(image=None)):
        assert [d for d in lint(buildspec(command), **fine) if d.code == "B026"] == []
    assert [d for d in lint(buildspec(command, env_shell="bash"), image="aws/codebuild/standard:7.0") if d.code == "B026"] == []


@needs_shellcheck
@pytest.mark.parametrize("command", ['echo "set -o pipefail"', "# set -o pipefail", "grep -o pipefail log.txt"])
def test_pipefail_as_text_is_not_a_command(command):
    assert [d for d in lint(buildspec(command), image="aws/codebuild/standard:7.0") if d.code == "B026"] == []


@needs_shellcheck
@pytest.mark.parametrize("test", ['[[ "$A" == b ]]', "[[ $A =~ ^v ]]", '[[ -n "$A" && "$B" == 1 ]]'])
def test_a_bash_test_on_dash_is_one_finding_that_names_the_image(test):
    found = [d for d in lint(buildspec(f"{test} && echo yes"), image="aws/codebuild/standard:7.0") if d.code.startswith("SC3")]
    assert [d.code for d in found] == ["SC3010"]
    assert "/bin/sh" in found[0].message and "standard:7.0" in found[0].message and "env: shell: bash" in found[0].hint


@pytest.mark.parametrize("value, instead", [("pwsh", "powershell.exe"), ("PWSH", "powershell.exe"), ("/usr/bin/pwsh", "powershell.exe"),
                                            ("cmd", "cmd.exe"), ("dash", "/bin/sh"), ("bash", None), ("powershell.exe", None),
                                            ("zsh", None)])
def test_undocumented_env_shell_names_its_documented_form(value, instead):
    from speclint.shell.dialect import documented_instead

    assert documented_instead(value) == instead
    if instead is not None:  # the same shell, so the same dialect
        assert decide(value).name == decide(instead).name or decide(instead).name == "sh"


SYNTAX_ERRORS = ["echo start\n&& echo next", 'echo "unclosed', "if true; then echo x", "for f in a b; echo $f; done", "echo $(( 1 + ))"]


@needs_shellcheck
@pytest.mark.parametrize("broken", SYNTAX_ERRORS)
@pytest.mark.parametrize("where", [0, 1])
def test_a_syntax_error_does_not_hide_later_findings(broken, where):
    commands = ["cp a /{FIRST}/x"] * where + [broken, "cp x /{SECOND}/y", "make", "ls /{THIRD}"]
    text = buildspec(*commands)
    found = lint(text)
    lines = text.split("\n")
    braces = sorted((lines[d.line - 1][d.column - 1:].split("}")[0], d.line) for d in found if d.code == "SC1083")
    assert [name for name, _ in braces] == ["{FIRST"] * where + ["{SECOND", "{THIRD"]
    parse = [d for d in found if d.code.startswith("SC1") and d.code != "SC1083"]
    assert parse and len({d.line for d in parse}) == 1  # once, at the broken command
    assert parse[0].line == lines.index("    commands:") + 2 + where  # the broken command's own line
