"""Large batches run on several CPUs (speclint.cli.parallel): same findings, same order, no lost file."""

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from speclint.cli import parallel
from speclint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork()")
PARENT = os.getpid()


def square(n):
    return n * n


def fails_in_children(n):
    if os.getpid() != PARENT:
        raise RuntimeError("a worker failed")
    return n * n


def test_results_keep_their_order():
    assert list(parallel.fork_map(square, list(range(101)), 3)) == [n * n for n in range(101)]


def test_a_failing_worker_loses_nothing():
    assert list(parallel.fork_map(fails_in_children, list(range(40)), 4)) == [n * n for n in range(40)]


def test_parallel_run_equals_serial_run(tmp_path):
    generate.project(tmp_path / "p", 240, seed=3)
    runner = CliRunner()
    serial = runner.invoke(cli, ["--format", "json", "-j", "1", str(tmp_path / "p")])
    forked = runner.invoke(cli, ["--format", "json", "-j", "2", str(tmp_path / "p")])
    assert serial.exit_code == forked.exit_code == 1
    assert json.loads(serial.output) == json.loads(forked.output) != []
