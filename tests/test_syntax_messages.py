"""Syntax errors point at their cause and say how to fix it, for the whole class of mistake."""

import pytest

from speclint.source.loader import load

BUILDSPEC = ["version: 0.2", "env:", "  variables:", "    A: b", "phases:", "  build:", "    commands:", "      - make",
             "  post_build:", "    commands:", "      - echo done", "    finally:", "      - echo bye"]
APPSPEC = ["version: 0.0", "os: linux", "files:", "  - source: /", "    destination: /var/www", "hooks:", "  AfterInstall:",
           "    - location: scripts/a.sh", "      timeout: 300", "      runas: root"]


def _syntax(text):
    problems = [p for p in load(text.encode()).problems if p.check == "yaml-syntax"]
    return problems[0] if problems else None


def _no_space_mutants(lines):
    """Every `key: value` line with a scalar value, rewritten as `key:value`."""
    for i, line in enumerate(lines):
        head, sep, value = line.partition(": ")
        if sep and value and not value.startswith(("|", ">", "[", "{")):
            mutated = lines[:i] + [f"{head}:{value}"] + lines[i + 1:]
            yield i + 1, head.strip().lstrip("- "), value, "\n".join(mutated) + "\n"


@pytest.mark.parametrize("number, key, value, text", list(_no_space_mutants(BUILDSPEC)) + list(_no_space_mutants(APPSPEC)))
def test_a_missing_space_after_a_colon_is_named_at_its_own_line(number, key, value, text):
    problem = _syntax(text)
    if problem is None:  # valid YAML with a string where a mapping belongs: the schema finding says it
        from speclint.lint import Options, lint_bytes

        name = "appspec.yml" if "os:" in text else "buildspec.yml"
        found = [d for d in lint_bytes(name, text.encode(), Options()).diagnostics if d.line == number]
        assert any(d.hint == f"write `{key}: {value}`: YAML needs a space after the colon of a key" for d in found), found
        return
    assert problem.line == number
    assert f'"{key}:{value}" has no space after the colon' in problem.message
    assert problem.hint == f"write `{key}: {value}`: YAML needs a space after the colon of a key"


def _over_indented_mutants(lines):
    """Every key that follows a `key: value` line of the same mapping, indented 2 or 4 spaces deeper."""
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        prev_key = len(prev) - len(prev.lstrip(" -"))
        key = len(line) - len(line.lstrip(" "))
        _, sep, value = prev.partition(": ")
        if sep and value and key == prev_key and not line.lstrip().startswith("-"):
            for extra in (2, 4):
                yield i + 1, line.strip().split(":")[0], prev.strip().lstrip("- ").split(":")[0], prev_key, \
                    "\n".join(lines[:i] + [" " * extra + line] + lines[i + 1:]) + "\n"


@pytest.mark.parametrize("number, key, parent, column, text", list(_over_indented_mutants(BUILDSPEC)) + list(_over_indented_mutants(APPSPEC)))
def test_a_key_indented_deeper_than_its_sibling_says_how_to_indent(number, key, parent, column, text):
    problem = _syntax(text)
    assert problem is not None and problem.line == number
    assert f'"{key}" is indented deeper' in problem.message and f'than "{parent}" above it' in problem.message
    assert problem.hint == f'indent "{key}" to the same column as "{parent}" (column {column + 1}): keys of one mapping line up'
    assert "quote" not in problem.hint


def test_a_colon_inside_a_command_still_gets_the_quoting_advice():
    problem = _syntax("version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b: c\n")
    assert problem is None or "quote" in (problem.hint or "")


def test_urls_are_not_mistaken_for_missing_spaces():
    assert _syntax("version: 0.2\nphases:\n  build:\n    commands:\n      - https://example.com\n") is None


# JSON appspecs get JSON advice: a mapping written as a list (and the reverse), for every
# mapping and list of a valid JSON appspec of each platform.
JSON_APPSPECS = {
    "ecs": {"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
        "TaskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3",
        "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}],
        "Hooks": [{"AfterAllowTestTraffic": "checkFn"}]},
    "lambda": {"version": 0.0, "Resources": [{"fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Name": "fn", "Alias": "live", "CurrentVersion": "1", "TargetVersion": "2"}}}]},
    "ec2": {"version": 0.0, "os": "linux", "files": [{"source": "/", "destination": "/srv/app"}],
            "hooks": {"AfterInstall": [{"location": "scripts/a.sh", "timeout": 60}]}},
}


def _json_mutants(doc, path=()):
    """(path, mutated document): each mapping wrapped in a list, each list replaced by its first item."""
    import copy

    def at(root, steps):
        for step in steps:
            root = root[step]
        return root

    def walk(node, steps):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, steps + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, steps + (i,))
        if steps and isinstance(node, (dict, list)):
            mutated = copy.deepcopy(doc)
            parent = at(mutated, steps[:-1])
            parent[steps[-1]] = [node] if isinstance(node, dict) else (node[0] if node else {})
            yield steps, mutated

    yield from walk(doc, ())


@pytest.mark.parametrize("variant", sorted(JSON_APPSPECS))
def test_json_appspecs_get_json_advice_for_every_mapping_and_list(variant):
    import json

    from speclint.lint import Options, lint_bytes

    checked = 0
    for steps, mutated in _json_mutants(JSON_APPSPECS[variant]):
        text = json.dumps(mutated, indent=2)
        found = [d for d in lint_bytes("appspec.json", text.encode(), Options()).diagnostics if d.code == "S004"]
        for d in found:
            checked += 1
            words = d.message + " " + (d.hint or "")
            assert "'- '" not in words and "a mapping" not in words and "indent" not in words, (steps, words)
            if "not a list" in d.message:
                assert "must be an object" in d.message and "[ ]" in (d.hint or ""), (steps, words)
    assert checked >= 3


BUILD = "version: 0.2\nphases:\n  build:\n    commands: [make]\n"


@pytest.mark.parametrize("name, text, effect", [
    ("buildspec.yml", BUILD + "reports:\n  r:\n    files: [a.xml]\n    fileFormat: CUCUMBERJSON\n", "read as JUNITXML"),
    ("buildspec.yml", BUILD + "reports:\n  r:\n    files: [a.xml]\n    file_format: CUCUMBERJSON\n", "read as JUNITXML"),
    ("buildspec.yml", BUILD + "reports:\n  r:\n    files: [a.xml]\n    File-Format: CUCUMBERJSON\n", "read as JUNITXML"),
    ("buildspec.yml", BUILD + "artifacts:\n  files: ['**/*']\n  discard_paths: yes\n", "keeps the folder structure"),
    ("buildspec.yml", BUILD + "artifacts:\n  files: ['**/*']\n  baseDirectory: dist\n", "build's root folder"),
    ("buildspec.yml", BUILD + "batch:\n  fastFail: true\n  build-list:\n    - identifier: a\n", "keeps running"),
    ("buildspec.yml", "version: 0.2\nphases:\n  build:\n    onFailure: CONTINUE\n    commands: [make]\n", "aborts the build"),
    ("buildspec.yml", "version: 0.2\nphases:\n  install:\n    runtimeVersions:\n      nodejs: 20\n  build:\n    commands: [make]\n",
     "default runtime versions"),
    ("appspec.yml", "version: 0.0\nos: linux\nfile_exists_behaviour: OVERWRITE\n", "fails the deployment"),
    ("appspec.yml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      runAs: deploy\n", "runs as root"),
    ("appspec.yml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      Timeout: 900\n", "3600 seconds"),
    ("appspec.yml", "version: 0.0\nos: linux\nFiles:\n  - source: /\n    destination: /srv\n", "no file is copied"),
])
def test_ignored_keys_that_change_behaviour_say_what_happens_instead(name, text, effect):
    from speclint.lint import Options, lint_bytes

    found = [d for d in lint_bytes(name, text.encode(), Options(select=("S001",))).diagnostics]
    assert len(found) == 1 and effect in found[0].message and str(found[0].severity) == "warning", found


def test_an_ignored_key_next_to_the_real_one_does_not_claim_the_default():
    from speclint.lint import Options, lint_bytes

    text = BUILD + "reports:\n  r:\n    files: [a.xml]\n    file-format: CUCUMBERJSON\n    fileFormat: CUCUMBERJSON\n"
    (d,) = lint_bytes("buildspec.yml", text.encode(), Options(select=("S001",))).diagnostics
    assert "JUNITXML" not in d.message


@pytest.mark.parametrize("count, noun, text", [(1, "entry", "1 entry"), (6, "entry", "6 entries"), (2, "property", "2 properties"),
                                                (0, "error", "0 errors"), (3, "info", "3 info"), (1, "file", "1 file")])
def test_one_plural_helper(count, noun, text):
    from speclint.words import plural

    assert plural(count, noun) == text


def test_no_message_builds_plurals_by_hand():
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "speclint"
    offenders = [f"{p.relative_to(src)}:{i}" for p in src.rglob("*.py") for i, line in enumerate(p.read_text().splitlines(), 1)
                 if (re.search(r"""'s' if|"s" if""", line) or re.search(r"""f["'].*[a-z]\(s\)""", line)) and "words.py" not in str(p)]
    assert offenders == []
