"""Revision-aware appspec checks on small revisions built on disk."""

import json

from click.testing import CliRunner

from speclint.cli import cli

LINUX = """\
version: 0.0
os: linux
files:
  - source: web
    destination: /var/www
  - source: conf/nginx.conf
    destination: /etc/nginx
hooks:
  BeforeInstall:
    - location: scripts/deps.sh
  AfterInstall:
    - location: scripts/migrate.sh
  ApplicationStart:
    - location: scripts/start.sh --now
    - location: scripts/serve.sh
  ValidateService:
    - location: scripts/check.sh
"""


def lint(folder, *extra, root=True):
    given = ["--revision-root", str(folder)] if root else []
    out = CliRunner().invoke(cli, ["--format", "json", "--isolated", "--show-info", "--ignore", "shellcheck", *given,
                                   *extra, str(folder / "appspec.yml")]).output
    return [(d["path"].split("/")[-1], d["code"], d["line"], d["column"]) for d in json.loads(out)]


def test_linux_revision(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "web").mkdir()
    (tmp_path / "appspec.yml").write_text(LINUX)
    (tmp_path / "scripts" / "deps.sh").write_bytes(b"#!/bin/bash\r\nyum install -y nginx\r\n")   # CRLF
    (tmp_path / "scripts" / "migrate.sh").write_text("cd /srv && ./manage migrate\n")          # no #!, fine for sh
    (tmp_path / "scripts" / "start.sh").write_text("#!/bin/bash\nsystemctl start app\n")
    (tmp_path / "scripts" / "serve.sh").write_text("#!/bin/bash\nnode server.js &\n")          # background
    # scripts/check.sh and conf/nginx.conf are missing
    assert lint(tmp_path) == [
        ("appspec.yml", "A117", 6, 13),   # files source conf/nginx.conf does not exist
        ("appspec.yml", "A118", 10, 17),  # deps.sh: CRLF line endings
        ("appspec.yml", "A105", 14, 17),  # a location with arguments
        ("appspec.yml", "A116", 17, 17),  # scripts/check.sh is missing
        ("serve.sh", "A119", 2, 1),       # a background command without redirects, in the script itself
    ]


def test_windows_appspec_with_a_shell_hook(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "appspec.yml").write_text("version: 0.0\nos: windows\nhooks:\n  AfterInstall:\n"
                                          "    - location: scripts/setup.sh\n    - location: scripts/setup.ps1\n")
    (tmp_path / "scripts" / "setup.sh").write_text("#!/bin/bash\necho hi\n")
    (tmp_path / "scripts" / "setup.ps1").write_text("Write-Host hi\r\n")
    assert lint(tmp_path) == [("appspec.yml", "A106", 5, 17)]


def test_a_lone_appspec_gets_one_note_not_a_finding_per_script(tmp_path):
    (tmp_path / "appspec.yml").write_text(LINUX)
    assert lint(tmp_path, root=False) == [("appspec.yml", "A120", 1, 1), ("appspec.yml", "A105", 14, 17)]
    # given explicitly, the root is always checked: the scripts are missing
    assert [c for _, c, _, _ in lint(tmp_path)] == ["A117", "A117", "A116", "A116", "A105", "A116", "A116"]
    data = json.loads(CliRunner().invoke(cli, ["--format", "json", "--isolated", "--show-info", "--stdin-filename", "appspec.yml", "-"],
                                         input=LINUX).output)
    notes = [(d["code"], d["severity"], d["message"]) for d in data if d["code"] in ("A116", "A120")]
    assert notes == [("A120", "info", "the revision is not on disk (standard input): hook scripts and files sources were "
                                      "not checked")]
