"""The hook in .pre-commit-hooks.yaml, run by the real pre-commit tool.

`pre-commit try-repo` installs speclint from a snapshot of this checkout (working-tree
changes included) into its own environment, exactly as a user's pre-commit would, and runs
it on a temporary repository with a bad and a good file. It needs the package index for the
hook's environment, so it is the slowest test (~20 s, the environment is built once).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = "version: 0.2\nphases:\n  biuld:\n    commands:\n      - make\n"
GOOD = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed snapshot of this checkout, so try-repo builds one environment for both runs."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout of speclint")
    snapshot = tmp_path_factory.mktemp("speclint-snapshot")
    files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


def try_repo(hook_repo, workdir, *files, hook="speclint"):
    snapshot, rev = hook_repo
    env = dict(os.environ, PRE_COMMIT_HOME=str(snapshot.parent / "pre-commit-home"), NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), hook, "--ref", rev, "--files", *files],
        cwd=workdir, capture_output=True, text=True, env=env, timeout=600,
    )


def test_pre_commit_hook_fails_on_a_bad_file_and_passes_a_good_one(hook_repo, tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "buildspec.yml").write_text(BAD)
    (tmp_path / "ci" / "buildspec.yml").write_text(GOOD)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")

    bad = try_repo(hook_repo, tmp_path, "buildspec.yml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "speclint (buildspec / appspec)" in bad.stdout and "Failed" in bad.stdout
    assert 'buildspec.yml:3:3: error invalid phase name "biuld"' in bad.stdout and '[B002]' in bad.stdout

    good = try_repo(hook_repo, tmp_path, "ci/buildspec.yml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


APPSPEC = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"


def _revision(tmp_path, script: bytes):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "appspec.yml").write_text(APPSPEC)
    (tmp_path / "scripts" / "start.sh").write_bytes(script)
    (tmp_path / "scripts" / "unused.sh").write_bytes(b"#!/bin/bash\r\necho not a hook\r\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")


def test_a_changed_hook_script_lints_the_appspec_that_names_it(hook_repo, tmp_path):
    _revision(tmp_path, b"#!/bin/bash\r\necho started\r\n")
    result = try_repo(hook_repo, tmp_path, "scripts/start.sh")  # only the script changed
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'appspec.yml:5:17: error hook script "scripts/start.sh" has Windows (CRLF) line endings' in result.stdout
    assert "[A118]" in result.stdout

    unused = try_repo(hook_repo, tmp_path, "scripts/unused.sh")  # no appspec runs it: nothing to check
    assert unused.returncode == 0, unused.stdout + unused.stderr


def test_the_shellcheck_hook_checks_hook_scripts(hook_repo, tmp_path):
    _revision(tmp_path, b"#!/bin/bash\nif true; then\n  echo started\n")
    result = try_repo(hook_repo, tmp_path, "scripts/start.sh", hook="speclint-shellcheck")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "speclint with ShellCheck" in result.stdout
    assert "scripts/start.sh:2:1: error Couldn't find 'fi' for this 'if'. [SC1046]" in result.stdout
