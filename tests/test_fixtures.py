"""Per-rule fixtures: tests/fixtures/<CODE>/{bad,good}/ with the expected findings in expected.txt.

Regenerate the snapshots after an intended change with:
    SPECLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_fixtures.py
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from speclint.lint import Options, lint_file
from speclint.record import replace
from speclint.rules import registry

FIXTURES = Path(__file__).with_name("fixtures")
UPDATE = os.environ.get("SPECLINT_UPDATE_SNAPSHOTS") == "1"
NO_FIXTURE = {"X001", "B026", "F006", "X002"}  # internal errors: the fault-containment test; ShellCheck (SCxxxx codes): test_shell.py;
# a path that does not exist: test_getting_it.py; ShellCheck's failures (X002): test_shell_safety.py
CODES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _lint_dir(case: Path, side: str, code: str, scratch: Path) -> list:
    options_file = case / "options.json"
    settings = json.loads(options_file.read_text()) if options_file.exists() else {}
    base = case / side
    if settings.get("isolate"):
        # outside this repository: its git work tree and .gitignore would be the fixture's
        base = Path(shutil.copytree(base, scratch / side))
    options = Options(extend_select=(code,))  # rules that are off by default are tested too
    if "max_file_size" in settings:
        options.max_file_size = settings["max_file_size"]
    # rule options ("load-balancer"), as the configuration file writes them
    options.context = options.context.with_options({key.replace("_", "-"): settings[key]
                                                     for key in ("deployment", "load_balancer") if key in settings})
    if settings.get("revision_root") == ".":
        options.context = replace(options.context, revision_root=str(base))
    lines = []
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        shown = f"{side}/{path.relative_to(base).as_posix()}"
        for d in lint_file(str(path), options, display_path=shown).diagnostics:
            if d.code == code:
                lines.append(f"{d.path}:{d.line}:{d.column}-{d.span.end_line}:{d.span.end_column}: {d.severity} {d.message} [{d.code}]")
                if d.hint:
                    lines.append(f"    help: {d.hint}")
    return lines


@pytest.mark.parametrize("code", CODES)
def test_fixture(code, tmp_path):
    case = FIXTURES / code
    bad = _lint_dir(case, "bad", code, tmp_path)
    good = _lint_dir(case, "good", code, tmp_path)
    assert bad, f"{code}: the bad fixture produced no {code} finding"
    assert good == [], f"{code}: the good fixture produced {good}"
    snapshot = case / "expected.txt"
    text = "\n".join(bad) + "\n"
    if UPDATE:
        snapshot.write_text(text)
    assert snapshot.exists(), (f"{code}: {snapshot} is missing; review the findings and create it with "
                               "SPECLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_fixtures.py")
    assert text == snapshot.read_text()


def test_every_rule_has_fixtures_and_every_fixture_a_rule():
    codes = {rule.code for rule in registry().all()}
    assert sorted(codes - set(CODES) - NO_FIXTURE) == []
    assert sorted(set(CODES) - codes) == []
