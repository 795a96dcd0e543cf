"""Work linear in depth and git that cannot hang a run (issue 20): the configuration search
up a folder 2,000 deep, .gitignore files read once per folder, a git blocked by a named
pipe stopped after a timeout with one note."""

import os

import pytest


def test_configuration_search_in_a_very_deep_folder(tmp_path):
    """The walk up to the repository root is a loop: 2,000 folders deep is no RecursionError."""
    from speclint import config

    deep = str(tmp_path)
    fd = os.open(deep, os.O_RDONLY)
    try:  # build it relative to a descriptor: the absolute path exceeds PATH_MAX
        names = ["d"] * 2000
        current = fd
        for name in names:
            os.mkdir(name, dir_fd=current)
            nxt = os.open(name, os.O_RDONLY, dir_fd=current)
            if current != fd:
                os.close(current)
            current = nxt
        os.close(current)
    finally:
        os.close(fd)
    (tmp_path / ".git").mkdir()
    folder = os.path.join(deep, *(["d"] * 2000))
    config._find.cache_clear()
    config._repository_root.cache_clear()
    assert config._repository_root(folder) == deep
    try:
        assert config.find(folder).path is None
    finally:
        config._find.cache_clear()
        config._repository_root.cache_clear()
        _remove_chain(tmp_path, "d")


def _remove_chain(top, name):
    """Remove a chain top/name/name/... one level at a time (shutil.rmtree recurses per level)."""
    while os.path.isdir(os.path.join(top, name)):
        inner = os.path.join(top, name, name)
        if os.path.isdir(inner):
            os.rename(inner, os.path.join(top, name + ".up"))
            os.rmdir(os.path.join(top, name))
            os.rename(os.path.join(top, name + ".up"), os.path.join(top, name))
        else:
            os.rmdir(os.path.join(top, name))


def _git_init(path):
    import subprocess

    subprocess.run(["git", "init", "-q", str(path)], check=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_git_blocked_by_a_named_pipe_times_out_once_and_falls_back(tmp_path, monkeypatch, capsys):
    """A `.gitignore` that is a named pipe makes git wait forever: git is killed after the
    timeout, one note says so, later calls do not wait again, and the answer comes from
    reading the .gitignore files (non-blocking)."""
    from speclint import gitignored, gitrun

    _git_init(tmp_path)
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("dist/\n")
    monkeypatch.setattr(gitrun, "TIMEOUT", 0.5)
    monkeypatch.setattr(gitrun.run, "__defaults__", (None, 0.5))
    gitrun.reset()
    gitignored._ask_git.cache_clear()
    gitignored._patterns.cache_clear()
    try:
        assert gitignored.ignored(str(tmp_path), ["sub/dist/app.zip", "sub/src/a.py"]) == {"sub/dist/app.zip"}
        assert gitignored.ignored(str(tmp_path), ["sub/dist/b.zip"]) == {"sub/dist/b.zip"}
        err = capsys.readouterr().err
        assert err.count("git did not answer within 0.5 s") == 1
    finally:
        gitrun.reset()
        gitignored._ask_git.cache_clear()


@pytest.mark.parametrize("depth", [50, 1000])
def test_gitignore_files_are_read_once_per_folder(tmp_path, monkeypatch, depth):
    """Deciding a path N folders deep opens at most N .gitignore files (it was ~N²/2)."""
    from speclint import gitignored
    from speclint.source import safe_open

    (tmp_path / ".gitignore").write_text("*.log\n")
    opened = []
    real = safe_open.open_regular

    def counting(path, *args, **kwargs):
        opened.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(safe_open, "open_regular", counting)
    gitignored._patterns.cache_clear()
    rel = "a/" * depth + "x.txt"
    assert gitignored._by_files(str(tmp_path), rel) is False
    assert gitignored._by_files(str(tmp_path), "a/" * depth + "x.log") is True
    assert len(opened) <= 2 * (depth + 1)
    gitignored._patterns.cache_clear()
