"""Files a spec names are read only inside the revision, and only when they are regular
files (issue 20): a hook script or files source that is a symlink out of the tree, or a
named pipe or device, is a warning and is never read."""

import os

import pytest
from click.testing import CliRunner

from speclint.cli import cli

APPSPEC = ("version: 0.0\nos: linux\nfiles:\n  - source: {source}\n    destination: /opt/app\n"
           "hooks:\n  ApplicationStart:\n    - location: {location}\n")


def _run(*args):
    return CliRunner().invoke(cli, ["check", "--format", "json", *args])


@pytest.fixture
def secret(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "secret"
    target.write_text("#!/bin/bash\necho TOPSECRET $X\n")
    return target


def _revision(tmp_path, location="scripts/start.sh", source="app"):
    root = tmp_path / "rev"
    (root / "scripts").mkdir(parents=True)
    (root / "app").mkdir()
    (root / "app" / "index.html").write_text("x")
    (root / "appspec.yml").write_text(APPSPEC.format(location=location, source=source))
    return root


@pytest.mark.parametrize("via", ["direct", "folder", "chain"])
def test_symlink_out_of_the_revision_is_reported_and_never_read(tmp_path, secret, via):
    root = _revision(tmp_path)
    if via == "direct":
        os.symlink(secret, root / "scripts" / "start.sh")
    elif via == "folder":  # a folder on the way leaves the tree
        os.rmdir(root / "scripts")
        os.symlink(secret.parent, root / "scripts")
        os.rename(secret, secret.parent / "start.sh")
    else:  # a link inside the tree to a link that leaves it
        os.symlink(secret, root / "hop")
        os.symlink("../hop", root / "scripts" / "start.sh")
    result = _run(str(root / "appspec.yml"))
    assert "TOPSECRET" not in result.output
    import json

    found = [d for d in json.loads(result.output) if d["code"] == "A116"]
    assert [(d["severity"], d["line"], d["column"]) for d in found] == [("warning", 8, 17)]
    assert "symlink that leads out of the revision" in found[0]["message"]
    assert "does not follow it" in found[0]["message"]


def test_symlink_inside_the_revision_is_fine(tmp_path):
    root = _revision(tmp_path)
    (root / "real.sh").write_text("#!/bin/bash\necho hi\n")
    os.symlink("../real.sh", root / "scripts" / "start.sh")
    result = _run(str(root / "appspec.yml"))
    assert "A116" not in result.output, result.output


def test_files_source_symlink_out_of_the_revision(tmp_path, secret):
    root = _revision(tmp_path, source="cfg")
    os.symlink(secret.parent, root / "cfg")
    (root / "scripts" / "start.sh").write_text("#!/bin/bash\necho hi\n")
    result = _run(str(root / "appspec.yml"))
    import json

    found = [d for d in json.loads(result.output) if d["code"] == "A117"]
    assert [(d["severity"], d["line"]) for d in found] == [("warning", 4)]
    assert "leads out of the revision" in found[0]["message"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-null"])
def test_location_that_is_not_a_regular_file_is_reported(tmp_path, kind):
    root = _revision(tmp_path)
    target = root / "scripts" / "start.sh"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        os.symlink("/dev/zero" if kind == "dev-zero" else "/dev/null", target)
    result = _run(str(root / "appspec.yml"))
    import json

    found = [d for d in json.loads(result.output) if d["code"] == "A116"]
    assert len(found) == 1 and found[0]["severity"] == "warning"
    if kind == "fifo":
        assert "is a named pipe, not a regular file" in found[0]["message"]
    else:  # a device, and outside the revision
        assert "leads out of the revision" in found[0]["message"]

