"""Directory search when git cannot be asked (issue 19): not on PATH, or refusing the
repository ("detected dubious ownership" when the files belong to another user, as in a
container run as a non-root user). .gitignore must still be honoured - by speclint's own
reader (speclint.gitignored) - and the run says once that git was not usable."""

import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from speclint import discover
from speclint.cli import cli

BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"
KEPT = ["buildspec.yml", "ci/buildspec.yml", "keep/buildspec.yml"]
IGNORED = ["dist/buildspec.yml", "ci/buildspec.gen.yml", "deep/out/buildspec.yml", "keep/x/buildspec-old.yml"]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for rel in KEPT + IGNORED:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(BUILDSPEC)
    (tmp_path / ".gitignore").write_text("# build output\ndist/\n*.gen.yml\nout/\n")
    (tmp_path / "keep" / ".gitignore").write_text("x/\n")
    (tmp_path / ".git").mkdir()  # a work tree as far as the search can tell without git
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(discover, "_noted", set())
    return tmp_path


def listed(args=()):
    result = CliRunner().invoke(cli, ["--list-files", *args, "."], catch_exceptions=False)
    files = sorted(line.split()[1].removeprefix("./") for line in result.stdout.splitlines()
                   if line.strip() and not line.startswith("speclint:"))
    return result, files


def test_without_git_on_path_gitignore_is_read_by_speclint(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    result, files = listed()
    assert files == sorted(KEPT)
    notes = [line for line in result.stderr.splitlines() if "note: git could not list" in line]
    assert len(notes) == 1 and "git is not installed (not on PATH)" in notes[0]
    assert "speclint read the .gitignore files itself" in notes[0]


@pytest.mark.parametrize("message, code", [
    ("fatal: detected dubious ownership in repository at '/src'", 128),
    ("fatal: unable to access '.git/config': Permission denied", 128),
    ("error: something else went wrong", 1),
])
def test_when_git_refuses_gitignore_is_read_by_speclint(repo, monkeypatch, tmp_path_factory, message, code):
    bin_dir = tmp_path_factory.mktemp("bin")
    fake = bin_dir / "git"
    fake.write_text(f"#!/bin/sh\necho \"{message}\" >&2\nexit {code}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result, files = listed()
    assert files == sorted(KEPT)
    notes = [line for line in result.stderr.splitlines() if "note: git could not list" in line]
    assert len(notes) == 1 and message in notes[0], result.stderr


def test_the_note_is_said_once_for_several_folders(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    result = CliRunner().invoke(cli, ["--list-files", "ci", "keep", "."], catch_exceptions=False)
    assert result.stderr.count("note: git could not list") == 1


@pytest.mark.parametrize("how", ["no .git", "git says it is not a repository"])
def test_no_note_and_no_filter_outside_a_work_tree(repo, monkeypatch, tmp_path_factory, how):
    if how == "no .git":
        (repo / ".git").rmdir()
        monkeypatch.setenv("PATH", "")
    else:  # an empty .git folder is no work tree to git either
        bin_dir = tmp_path_factory.mktemp("bin")
        (bin_dir / "git").write_text("#!/bin/sh\necho 'fatal: not a git repository (or any of the parent directories): .git' >&2\nexit 128\n")
        (bin_dir / "git").chmod(0o755)
        monkeypatch.setenv("PATH", str(bin_dir))
    result, files = listed()
    assert files == sorted(KEPT + IGNORED)  # .gitignore means nothing outside a repository
    assert "note:" not in result.stderr


def test_no_respect_gitignore_needs_no_git(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    result, files = listed(["--no-respect-gitignore"])
    assert files == sorted(KEPT + IGNORED)
    assert "note:" not in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_fallback_agrees_with_git(repo, monkeypatch):
    (repo / ".git").rmdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _, with_git = listed()
    monkeypatch.setattr(discover, "_noted", set())
    monkeypatch.setenv("PATH", "")
    result, without = listed()
    assert with_git == without == sorted(KEPT)
    assert "note: git could not list" in result.stderr


def test_a_gitignore_that_is_a_named_pipe_does_not_hang_the_folder_search(tmp_path, monkeypatch):
    """git blocks reading a .gitignore that is a FIFO: the listing has a time limit, and then
    speclint's own reader (which never opens anything but regular files) takes over."""
    import subprocess

    from click.testing import CliRunner

    from speclint import gitrun
    from speclint.cli import cli

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: linux\n")
    monkeypatch.setattr(gitrun, "TIMEOUT", 1)
    monkeypatch.chdir(tmp_path)
    import time

    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--isolated", "--ignore", "shellcheck", "."])
    assert time.monotonic() - started < 20  # the configured limit (1 s here) holds: a hang guard, not a benchmark
    assert result.exit_code == 0, result.output
    assert "1 file checked" in result.output
    assert "timed out" in result.output
