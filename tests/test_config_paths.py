"""Every path-valued configuration key is validated in one place (config._check_path_value):
a NUL character or an over-long path is exit 2 naming the file and the key, never a crash
or an internal error (X001); `extend` naming a device or named pipe says so (issue 20)."""

import os
import subprocess
import sys

import pytest

NUL = "\\u0000"
CASES = [
    ("extend", f'extend = "{NUL}"'),
    ("revision-root", f'revision-root = "{NUL}"'),
    ("revision-root", f'revision-root = "a{NUL}b"'),
    ("exclude", f'exclude = ["{NUL}"]'),
    ("buildspec-patterns", f'buildspec-patterns = ["ci/{NUL}.yml"]'),
    ("appspec-patterns", f'appspec-patterns = ["{NUL}"]'),
    ("ecs-task-definition-path", f'ecs-task-definition-path = "a{NUL}b"'),
    ("ecs-appspec-path", f'ecs-appspec-path = "a{NUL}b"'),
    ("ecs-image-detail-file", f'ecs-image-detail-file = "{NUL}"'),
    ("ecs-image-definitions-file", f'ecs-image-definitions-file = "{NUL}"'),
    ("a\x00b", f'per-file-ignores = {{ "a{NUL}b" = ["S001"] }}'),
    ("a\x00b", f'images = {{ "a{NUL}b" = "aws/codebuild/standard:7.0" }}'),
]


def _run(folder, *args):
    return subprocess.run([sys.executable, "-m", "speclint", *args], cwd=folder, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)


def _project(tmp_path, line):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".speclint.toml").write_text(line + "\n")
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n")
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n"
                                          "    - location: s.sh\n")


@pytest.mark.parametrize("key, line", CASES)
def test_a_nul_in_a_path_setting_is_exit_2_naming_file_and_key(tmp_path, key, line):
    _project(tmp_path, line)
    proc = _run(tmp_path, ".")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "X001" not in proc.stdout
    assert ".speclint.toml:1" in proc.stderr
    shown = key.replace("\x00", "\\x00")
    assert f'"{shown}" contains a NUL character' in proc.stderr, proc.stderr


@pytest.mark.parametrize("key", ["revision-root", "exclude", "ecs-task-definition-path"])
def test_an_over_long_path_setting_is_exit_2(tmp_path, key):
    value = "a/" * 3000
    _project(tmp_path, f'{key} = ["{value}"]' if key == "exclude" else f'{key} = "{value}"')
    proc = _run(tmp_path, ".")
    assert proc.returncode == 2 and f'"{key}" is 6,000 characters long' in proc.stderr, proc.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "fifo"])
def test_extend_naming_a_device_or_pipe_says_not_a_regular_file(tmp_path, target):
    if target == "fifo":
        os.mkfifo(tmp_path / "base.toml")
        target = "base.toml"
    _project(tmp_path, f'extend = "{target}"')
    proc = _run(tmp_path, ".")
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr and "does not exist" not in proc.stderr, proc.stderr
