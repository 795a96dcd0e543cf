"""The draft-07 schemas for editors (`speclint schema NAME --draft 7`, schemastore/).

The promise held here: an editor never shows as an error what speclint reports as a warning
or a note. Every error the exported schema gives on a real file (the corpus), a fixture, an
example or a SchemaStore test file must be an error of speclint at that place or around it.
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from speclint import data
from speclint.cli import cli
from speclint.context import LintContext
from speclint.lint import Options, lint_bytes
from speclint.rules.base import format_path
from speclint.schema import to_instance
from speclint.schema.export import CATALOG, EXPORTS, canonical_values, export, schemastore_files
from speclint.source.loader import load
from speclint.source.nodes import find

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
STORE = ROOT / "schemastore"
VALIDATORS = {name: jsonschema.Draft7Validator(export(name)) for name in ("buildspec", "appspec")}
OPTIONS = Options(context=LintContext(shell_checks=False))


def _walk(value, found):
    if isinstance(value, dict):
        for key, sub in value.items():
            found.add(key)
            _walk(sub, found)
    elif isinstance(value, list):
        for sub in value:
            _walk(sub, found)
    return found


@pytest.mark.parametrize("name", list(EXPORTS))
def test_export_is_plain_draft_07(name):
    schema = export(name)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    keys = _walk(schema, set())
    assert not {k for k in keys if k.startswith("x-")}, "x- keywords must be stripped"
    assert "$defs" not in keys
    text = json.dumps(schema)
    assert "#/$defs/" not in text


def _files():
    roots = [ROOT / "tests" / "fixtures", ROOT / "examples", STORE / "src"]
    if CORPUS.is_dir():
        roots.append(CORPUS)
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".yml", ".yaml", ".json") and "schemas" not in path.parts and "api" not in path.parts:
                yield path


def _hosted(path: Path, raw: bytes) -> bool:
    """A host file (a CloudFormation template, Terraform) holding buildspecs: the schemas are
    for the buildspec and appspec files themselves, not for templates."""
    from speclint.source import open_source

    return open_source(raw, shown=str(path)).host is not None


def _editor_errors(path: Path, raw: bytes, kind: str):
    loaded = load(raw)
    if loaded.root is None:
        return []
    instance, _ = to_instance(loaded.root, None)
    out = []
    for error in VALIDATORS[kind].iter_errors(instance):
        node, _, _ = find(loaded.root, list(error.absolute_path))
        if isinstance(getattr(node, "tag", None), str) and node.tag.startswith("!"):
            continue  # `!Ref X`: a CloudFormation tag, which editors resolve through their own settings
        out.append((format_path(list(error.absolute_path)), error.message))
    return out


def test_editor_errors_are_speclint_errors():
    """Every schema error on a real or test file is a speclint error at that path (or around it)."""
    checked, problems = 0, []
    for path in _files():
        raw = path.read_bytes()
        result = lint_bytes(str(path), raw, OPTIONS)
        if result.kind not in VALIDATORS or _hosted(path, raw):
            continue
        checked += 1
        errors = [d.json_path or "" for d in result.diagnostics if d.severity.name == "ERROR"]
        for where, message in _editor_errors(path, raw, result.kind):
            if not any(e.startswith(where) or where.startswith(e) for e in errors):
                problems.append(f"{path}: {where or 'top level'}: {message[:120]}")
    assert checked >= 20
    assert not problems, "\n".join(problems[:20])


def _schema_by_name(path: Path):
    """The schema an editor picks by the file's name (the catalog's fileMatch), or None."""
    import fnmatch

    for entry in CATALOG:
        if any(fnmatch.fnmatch(path.name, pattern.split("/")[-1]) for pattern in entry["fileMatch"]):
            return "appspec" if "appspec" in entry["url"] else "buildspec"
    return None


def test_editor_errors_by_file_name_are_speclint_errors():
    """Editors choose the schema by the file's NAME; speclint checks by content and only warns
    (F002) about a file named as the other kind: such a file passes the schema of its name."""
    checked, problems = 0, []
    for path in _files():
        chosen = _schema_by_name(path)
        raw = path.read_bytes()
        if chosen is None or _hosted(path, raw):
            continue
        result = lint_bytes(str(path), raw, OPTIONS)
        if result.kind == chosen or result.kind is None:
            continue  # the same schema as above, or a file speclint does not check
        checked += 1
        errors = [d.json_path or "" for d in result.diagnostics if d.severity.name == "ERROR"]
        for where, message in _editor_errors(path, raw, chosen):
            if not any(e.startswith(where) or where.startswith(e) for e in errors):
                problems.append(f"{path}: {where or 'top level'}: {message[:120]}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name, text", [
    ("appspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"),
    ("appspec.yaml", "version: 0.2\nenv:\n  shell: bash\nphases:\n  install:\n    commands: [make]\n"),
    ("buildspec.yml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n"),
    ("buildspec.yaml", "version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties:\n"
                       "        Name: f\n        Alias: live\n        CurrentVersion: '1'\n        TargetVersion: '2'\n"),
])
def test_a_file_named_as_the_other_kind_passes_the_schema_of_its_name(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    result = lint_bytes(str(path), text.encode(), OPTIONS)
    assert "F002" in {d.code for d in result.diagnostics} and not any(d.severity.name == "ERROR" for d in result.diagnostics)
    assert _editor_errors(path, text.encode(), _schema_by_name(path)) == []


# --- hook names: the class of AfterInstal, applicationStart, AllowTraffic ---------------

_LIFECYCLE = {k: v for k, v in data.load("lifecycle.json")["codedeploy"].items() if isinstance(v, dict) and "hooks" in v}


def _appspec(variant: str, hook: str) -> dict:
    if variant == "ec2":
        return {"version": 0.0, "os": "linux", "hooks": {hook: [{"location": "scripts/run.sh"}]}}
    if variant == "lambda":
        body = {"Type": "AWS::Lambda::Function", "Properties": {"Name": "f", "Alias": "live", "CurrentVersion": "1", "TargetVersion": "2"}}
        return {"version": 0.0, "Resources": [{"f": body}], "Hooks": [{hook: "hook-function"}]}
    body = {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "<TASK_DEFINITION>",
                                                        "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}
    return {"version": 0.0, "Resources": [{"TargetService": body}], "Hooks": [{hook: "hook-function"}]}


def _mutations(word: str):
    yield word.lower()
    yield word.upper()
    yield word[0].lower() + word[1:]
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]                      # deletion
        yield word[:i] + "x" + word[i + 1:]                # substitution
        yield word[:i] + word[i] + word[i:]                # doubled key
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]  # transposition


def _hook_cases():
    for variant, table in _LIFECYCLE.items():
        names = set(table["hooks"]) | set(table["not_scriptable"])
        for other in _LIFECYCLE.values():
            names |= set(other["hooks"])
            for hook in other["hooks"]:
                names |= set(_mutations(hook))
        names |= {"WarmCaches", "Deploy", "x", "Migrate_Database", "before_install", "After-Install"}
        for name in sorted(names):
            yield variant, name


@pytest.mark.parametrize("variant", list(_LIFECYCLE))
def test_hook_names_refused_by_the_schema_are_speclint_errors(variant):
    """Each name the schema refuses is an A101 error; the typos and other cases of a real hook
    (AfterInstal, applicationStart) and another platform's hooks are refused."""
    wrong = []
    refused_count = 0
    own = _LIFECYCLE[variant]
    for v, name in _hook_cases():
        if v != variant:
            continue
        document = _appspec(variant, name)
        refused = not VALIDATORS["appspec"].is_valid(document)
        result = lint_bytes("appspec.yml", json.dumps(document).encode(), OPTIONS)
        a101 = [d for d in result.diagnostics if d.code == "A101" and d.severity.name == "ERROR"]
        if refused and not a101:
            wrong.append(f"{name}: refused by the schema, not an error of speclint")
        refused_count += refused
        is_typo = name not in own["hooks"] and name not in own["not_scriptable"] and any(
            name in set(_mutations(h)) for h in own["hooks"])
        if is_typo and variant == "ec2" and not refused:
            wrong.append(f"{name}: a typo of a hook, accepted by the schema")
        if name in own["hooks"] or name in own["not_scriptable"]:
            assert not refused, f"{name} is a {variant} event"
    assert not wrong, "\n".join(wrong[:20])
    assert refused_count > 50


def test_headline_hook_mistakes():
    v = VALIDATORS["appspec"]
    assert not v.is_valid(_appspec("ec2", "AfterInstal"))
    assert not v.is_valid(_appspec("ec2", "AfterAllowTestTraffic"))  # an ECS event
    assert v.is_valid(_appspec("ec2", "AllowTraffic"))  # not scriptable: A102, a warning
    assert v.is_valid(_appspec("ec2", "WarmCaches"))  # codedeploy-local's custom events: a warning
    assert not v.is_valid(_appspec("lambda", "AfterInstall"))
    assert v.is_valid(_appspec("lambda", "BeforeAllowTraffic"))


def _branch(instance) -> str:
    schema = export("appspec")["else"]  # after the test for a buildspec named appspec (OTHER_KIND)
    if jsonschema.Draft7Validator(schema["if"]).is_valid(instance):
        return "ecs"
    return "lambda" if jsonschema.Draft7Validator(schema["else"]["if"]).is_valid(instance) else "ec2"


def test_combined_appspec_chooses_speclints_variant():
    compared = 0
    for path in _files():
        raw = path.read_bytes()
        result = lint_bytes(str(path), raw, OPTIONS)
        if result.kind != "appspec" or _hosted(path, raw):
            continue
        loaded = load(raw)
        if loaded.root is None or not isinstance(to_instance(loaded.root, None)[0], dict):
            continue
        compared += 1
        assert _branch(to_instance(loaded.root, None)[0]) == result.variant, path
    assert compared >= 10


def test_combined_buildspec_chooses_by_version():
    v = VALIDATORS["buildspec"]
    legacy = {"version": 0.1, "environment_variables": {"plaintext": {"A": "b"}}, "phases": {"build": {"commands": ["make"]}}}
    assert v.is_valid(legacy)
    assert not v.is_valid({**legacy, "version": 0.2, "phases": {"biuld": {}}})
    assert not v.is_valid({"version": 0.1, "phases": {"biuld": {}}})


def test_case_insensitive_values_complete_the_canonical_spelling():
    schema = export("buildspec-0.2")["definitions"]
    on_failure = schema["onFailure"]["anyOf"]
    assert on_failure[0] == {"enum": ["ABORT", "CONTINUE", "RETRY"]}
    formats = schema["report"]["properties"]["file-format"]["anyOf"][0]["enum"]
    assert "JUNITXML" in formats and "NUNIT3XML" in formats
    v = VALIDATORS["buildspec"]
    assert v.is_valid({"version": 0.2, "phases": {"build": {"on-failure": "abort", "commands": ["x"]}}})
    assert canonical_values("^([Aa][Bb]|[Cc]3[Dd](-.+)?)$") == ["AB", "C3D"]
    assert canonical_values("^[0-9]+$") is None


def test_enums_speclint_only_warns_about_are_completion_only():
    env = export("buildspec-0.2")["definitions"]["env"]["properties"]["shell"]
    assert env["anyOf"][0]["enum"][:2] == ["bash", "/bin/sh"]
    assert VALIDATORS["buildspec"].is_valid({"version": 0.2, "env": {"shell": "zsh"}, "phases": {}})


def test_placeholders_pass_value_checks():
    v = VALIDATORS["appspec"]
    assert v.is_valid({"version": 0.0, "os": "{{ os }}"})
    assert not v.is_valid({"version": 0.0, "os": "mac"})


def test_cli_prints_the_export():
    runner = CliRunner()
    out = runner.invoke(cli, ["schema", "appspec", "--draft", "7"])
    assert out.exit_code == 0
    assert json.loads(out.output) == export("appspec")
    listing = runner.invoke(cli, ["schema", "--draft", "7"])
    assert all(name in listing.output for name in EXPORTS)
    bad = runner.invoke(cli, ["schema", "appspec-x", "--draft", "7"])
    assert bad.exit_code == 2 and "choose one of" in bad.output


def test_schemastore_folder_is_current_and_its_tests_hold():
    for relative, text in schemastore_files().items():
        assert (STORE / relative).read_text(encoding="utf-8") == text, \
            f"{relative} is stale: python -m speclint.schema.export schemastore"
    matches = [m for entry in CATALOG for m in entry["fileMatch"]]
    assert "appspec.json" not in matches and "appspec.yml" in matches
    for name, validator in VALIDATORS.items():
        positives = sorted((STORE / "src" / "test" / name).iterdir())
        negatives = sorted((STORE / "src" / "negative_test" / name).iterdir())
        assert positives and negatives
        for path in positives + negatives:
            raw = path.read_bytes()
            instance, _ = to_instance(load(raw).root, None)
            valid = validator.is_valid(instance)
            errors = [d for d in lint_bytes(str(path), raw, Options(kind=name, context=LintContext(shell_checks=False))).diagnostics
                      if d.severity.name == "ERROR"]
            if path in positives:
                assert valid and not errors, path
            else:
                assert not valid and errors, path
    assert any("AfterInstal" in p.read_text() for p in (STORE / "src" / "negative_test" / "appspec").iterdir())


# --- mutations: the promise beyond the files we have ------------------------------------

_REPLACEMENTS = (None, 0, 7, 1.5, True, "x", "", [], {}, ["x"], {"x": 1}, "{{ value }}", "<PLACEHOLDER>")


def _mutants(instance, limit: int = 60):
    """Documents one change away from `instance`: each value replaced by another type or a
    placeholder, a string in another case, a key dropped or misspelt."""
    import copy as _copy

    out = []
    stack = [((), instance)]
    places = []
    while stack:
        path, value = stack.pop()
        places.append((path, value))
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))

    def at(doc, path):
        for step in path[:-1]:
            doc = doc[step]
        return doc

    for path, value in places[1:]:
        candidates = list(_REPLACEMENTS)
        if isinstance(value, str):
            candidates += [value.lower(), value.upper()]
        for replacement in candidates:
            doc = _copy.deepcopy(instance)
            at(doc, path)[path[-1]] = replacement
            out.append(doc)
        if isinstance(path[-1], str):
            for change in ("drop", "typo"):
                doc = _copy.deepcopy(instance)
                parent = at(doc, path)
                item = parent.pop(path[-1])
                if change == "typo":
                    parent[path[-1][:-1] or "x"] = item
                out.append(doc)
    step = max(1, len(out) // limit)
    return out[::step]


def test_editor_errors_are_speclint_errors_on_mutants():
    """The same promise as above on documents one mistake away from the fixtures' good files,
    and the combined appspec schema picks the platform speclint picks for each of them."""
    import json as _json

    problems, checked = [], 0
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/good/*")):
        if not path.is_file() or path.suffix not in (".yml", ".yaml", ".json"):
            continue
        raw = path.read_bytes()
        base = lint_bytes(str(path), raw, OPTIONS)
        if base.kind not in VALIDATORS or _hosted(path, raw):
            continue
        loaded = load(raw)
        if loaded.root is None:
            continue
        instance, _ = to_instance(loaded.root, None)
        if not isinstance(instance, dict):
            continue
        name = "buildspec.yml" if base.kind == "buildspec" else "appspec.yml"
        for mutant in _mutants(instance):
            text = _json.dumps(mutant).encode()
            result = lint_bytes(name, text, OPTIONS)
            if result.kind != base.kind:
                continue
            errors = [d.json_path or "" for d in result.diagnostics if d.severity.name == "ERROR"]
            checked += 1
            if base.kind == "appspec" and _branch(mutant) != result.variant:
                problems.append(f"{path.parent.parent.name}: {text.decode()[:160]}: the schema reads it as "
                                f"{_branch(mutant)}, speclint as {result.variant}")
            for error in VALIDATORS[base.kind].iter_errors(mutant):
                where = format_path(list(error.absolute_path))
                if not any(e.startswith(where) or where.startswith(e) for e in errors):
                    problems.append(f"{path.parent.parent.name}: {text.decode()[:160]}: {where or 'top'}: {error.message[:100]}")
    assert checked > 1000
    assert not problems, "\n".join(problems[:15])
