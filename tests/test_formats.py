"""Each machine format checked against its specification.

SARIF: the OASIS 2.1.0 schema cannot be downloaded in this build environment (no network
but package registries, and no package ships it), so the test checks every property the
2.1.0 schema requires on the objects speclint writes, the enums it restricts, and that no
object carries a property the schema does not define (all its objects are closed). Set
SARIF_SCHEMA=/path/to/sarif-schema-2.1.0.json to validate against the real schema too.
"""

import json
import os
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from speclint.cli import cli
from speclint.report.formats.github import escape_data

BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  paths: ['a,b:%']\nextra: 1\n"
CLEAN = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "buildspec.yml").write_text(BUILDSPEC)
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "buildspec.yml").write_text(CLEAN)
    return tmp_path


def run(root, *args, env=None):
    here = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)
    finally:
        os.chdir(here)


def expected(root):
    return json.loads(run(root, "--format", "json", "svc", "clean").output)


# SARIF 2.1.0: the properties each object may have, and those it must have (from the schema).
SARIF_OBJECTS = {
    "log": ({"$schema", "version", "runs", "inlineExternalProperties", "properties"}, {"version", "runs"}),
    "run": ({"tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
             "artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates",
             "baselineGuid", "redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences",
             "columnKind", "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
             "translations", "policies", "webRequests", "webResponses", "specialLocations", "properties"}, {"tool"}),
    "tool": ({"driver", "extensions", "properties"}, {"driver"}),
    "toolComponent": ({"guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
                       "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc",
                       "downloadUri", "informationUri", "globalMessageStrings", "notifications", "rules", "taxa",
                       "locations", "language", "contents", "isComprehensive", "localizedDataSemanticVersion",
                       "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata",
                       "supportedTaxonomies", "properties"}, {"name"}),
    "reportingDescriptor": ({"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
                             "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration",
                             "helpUri", "help", "relationships", "properties"}, {"id"}),
    "reportingConfiguration": ({"enabled", "level", "rank", "parameters", "properties"}, set()),
    "multiformatMessageString": ({"text", "markdown", "properties"}, {"text"}),
    "result": ({"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
                "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows",
                "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank",
                "attachments", "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest",
                "webResponse", "properties"}, {"message"}),
    "message": ({"text", "markdown", "id", "arguments", "properties"}, set()),
    "location": ({"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships",
                  "properties"}, set()),
    "physicalLocation": ({"address", "artifactLocation", "region", "contextRegion", "properties"}, set()),
    "artifactLocation": ({"uri", "uriBaseId", "index", "description", "properties"}, set()),
    "region": ({"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset",
                "byteLength", "snippet", "message", "sourceLanguage", "properties"}, set()),
    "invocation": ({"commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
                    "ruleConfigurationOverrides", "notificationConfigurationOverrides", "toolExecutionNotifications",
                    "toolConfigurationNotifications", "exitCodeDescription", "exitSignalName", "exitSignalNumber",
                    "processStartFailureMessage", "executionSuccessful", "machine", "account", "processId",
                    "executableLocation", "workingDirectory", "environmentVariables", "stdin", "stdout", "stderr",
                    "stdoutStderr", "properties"}, {"executionSuccessful"}),
    "propertyBag": (None, set()),
}
LEVELS = {"none", "note", "warning", "error"}


def check_object(kind, obj):
    allowed, required = SARIF_OBJECTS[kind]
    assert isinstance(obj, dict), kind
    missing = required - set(obj)
    assert not missing, f"{kind} lacks required {missing}"
    if allowed is not None:
        extra = set(obj) - allowed
        assert not extra, f"{kind} has properties the schema does not allow: {extra}"


def check_sarif(log):
    check_object("log", log)
    assert log["version"] == "2.1.0"
    for run_ in log["runs"]:
        check_object("run", run_)
        check_object("tool", run_["tool"])
        driver = run_["tool"]["driver"]
        check_object("toolComponent", driver)
        ids = [r["id"] for r in driver["rules"]]
        assert len(ids) == len(set(ids)), "rules must be unique"
        for rule in driver["rules"]:
            check_object("reportingDescriptor", rule)
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    check_object("multiformatMessageString", rule[key])
            check_object("reportingConfiguration", rule["defaultConfiguration"])
            assert rule["defaultConfiguration"]["level"] in LEVELS
            assert re.match(r"^https://", rule["helpUri"])
        for base in run_.get("originalUriBaseIds", {}).values():
            check_object("artifactLocation", base)
        assert run_["columnKind"] in {"utf16CodeUnits", "unicodeCodePoints"}
        for inv in run_["invocations"]:
            check_object("invocation", inv)
        for result in run_["results"]:
            check_object("result", result)
            check_object("message", result["message"])
            assert "text" in result["message"] or "id" in result["message"]  # the schema's anyOf
            assert result["level"] in LEVELS
            assert ids[result["ruleIndex"]] == result["ruleId"]
            assert all(isinstance(v, str) for v in result["partialFingerprints"].values())
            for loc in result["locations"]:
                check_object("location", loc)
                phys = loc["physicalLocation"]
                check_object("physicalLocation", phys)
                check_object("artifactLocation", phys["artifactLocation"])
                check_object("region", phys["region"])
                assert phys["region"]["startLine"] >= 1 and phys["region"]["startColumn"] >= 1


def test_sarif_is_valid_2_1_0_with_rule_metadata_and_fingerprints(project):
    log = json.loads(run(project, "--format", "sarif", "svc", "clean").output)
    check_sarif(log)
    results = log["runs"][0]["results"]
    want = expected(project)
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results] == \
        [(d["code"], d["line"], d["column"]) for d in want]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "svc/buildspec.yml",
                                                                                  "uriBaseId": "%SRCROOT%"}
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["S001"]["helpUri"].endswith("docs/rules.md#s001-unknown-key")
    assert rules["S001"]["name"] == "unknown-key"
    schema_path = os.environ.get("SARIF_SCHEMA")
    if schema_path:
        import jsonschema

        jsonschema.validate(log, json.load(open(schema_path)))


def test_sarif_fingerprints_survive_a_line_shift(project):
    before = json.loads(run(project, "--format", "sarif", "svc").output)["runs"][0]["results"]
    (project / "svc" / "buildspec.yml").write_text("# a comment\n\n" + BUILDSPEC)
    after = json.loads(run(project, "--format", "sarif", "svc").output)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == \
        [r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in before]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]


GITHUB_LINE = re.compile(r"^::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def _unescape(text):
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_parse_back(project):
    out = run(project, "--format", "github", "svc", "clean").output
    want = expected(project)
    lines = out.splitlines()
    assert len(lines) == len(want)
    for line, d in zip(lines, want):
        m = GITHUB_LINE.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group("props").split(","))
        assert m.group("cmd") == {"error": "error", "warning": "warning", "info": "notice"}[d["severity"]]
        assert _unescape(props["file"]) == d["path"]
        assert (int(props["line"]), int(props["col"])) == (d["line"], d["column"])
        assert int(props["endLine"]) == d["end_line"]
        assert _unescape(props["title"]) == f"speclint {d['code']} ({d['name']})"
        message = _unescape(m.group("msg"))
        assert message.startswith(d["message"]) and d["docs_url"] in message
    # The escaping rules of the Actions runner.
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"


def test_github_format_is_the_default_on_github_actions(project):
    out = run(project, "svc", env={"GITHUB_ACTIONS": "true"}).output
    assert out.startswith("::") and "All good" not in out
    assert run(project, "--format", "text", "svc", env={"GITHUB_ACTIONS": "true"}).output.startswith("svc/buildspec.yml:")


def test_gitlab_code_quality_fields(project):
    items = json.loads(run(project, "--format", "gitlab", "svc", "clean").output)
    want = expected(project)
    assert len(items) == len(want)
    fingerprints = set()
    for item, d in zip(items, want):
        assert set(item) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert item["location"]["path"] == d["path"]
        assert item["location"]["lines"]["begin"] == d["line"]
        assert d["message"] in item["description"] and item["check_name"].startswith(d["code"])
        assert re.fullmatch(r"[0-9a-f]{32}", item["fingerprint"])
        fingerprints.add(item["fingerprint"])
    assert len(fingerprints) == len(items)


def test_junit_xml_parses_and_counts(project):
    out = run(project, "--format", "junit", "svc", "clean").output
    root = ET.fromstring(out.split("\n", 1)[1])
    want = expected(project)
    assert root.tag == "testsuites"
    assert int(root.get("failures")) == len(want)
    assert int(root.get("tests")) == len(want) + 1  # plus the clean file's passing case
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"svc/buildspec.yml", "clean/buildspec.yml"}
    failures = suites["svc/buildspec.yml"].findall("testcase/failure")
    assert [f.get("message") for f in failures] == [d["message"] for d in want]
    assert suites["clean/buildspec.yml"].find("testcase/failure") is None


def test_concise_is_one_line_per_finding(project):
    out = run(project, "--format", "concise", "svc", "clean").output.splitlines()
    assert out == [f"{d['path']}:{d['line']}:{d['column']}: {d['severity']} {d['code']} {d['message']}" for d in expected(project)]


@pytest.mark.parametrize("module", sorted(f[:-3] for f in os.listdir(os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src", "speclint", "report", "formats"))
    if f.endswith(".py") and not f.startswith("_")))
def test_every_format_module_resolves_to_its_reporter_class(module):
    """A module of report/formats/ is offered by --format: it must resolve to a reporter, whatever its name."""
    from speclint import report

    assert module in report.names()
    reporter = report.get(module)
    assert reporter.__name__ == report.class_name(module) and hasattr(reporter, "finish")


@pytest.mark.parametrize("name,expected", [("json", "JsonReporter"), ("code_climate", "CodeClimateReporter"),
                                           ("rdjson", "RdjsonReporter"), ("a_b_c", "ABCReporter")])
def test_a_format_name_is_camel_cased_into_its_class_name(name, expected):
    from speclint.report import class_name

    assert class_name(name) == expected


def test_a_snake_case_format_module_is_found(tmp_path, monkeypatch):
    """`code_climate.py` defining CodeClimateReporter works with --format code_climate (it crashed)."""
    import sys as _sys
    import types

    from speclint import report

    module = types.ModuleType("speclint.report.formats.code_climate")

    class CodeClimateReporter:
        def __init__(self, stream, color=False, sources=None):
            self.stream = stream

        def finish(self, results, summary):
            self.stream.write("ok\n")

    module.CodeClimateReporter = CodeClimateReporter
    monkeypatch.setitem(_sys.modules, "speclint.report.formats.code_climate", module)
    monkeypatch.setattr(report, "names", lambda: ("text", "code_climate"))
    assert report.get("code_climate") is CodeClimateReporter


def test_the_readme_format_lists_come_from_the_registry(tmp_path, monkeypatch):
    """A new format module is in the README's --format cell and machine-format list once the docs are regenerated."""
    from speclint import docs, report

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    readme = tmp_path / "README.md"
    readme.write_text(open(os.path.join(root, "README.md"), encoding="utf-8").read(), encoding="utf-8")
    assert not docs.update_readme(readme, write=False)  # up to date with the registry as it is
    monkeypatch.setattr(report, "names", lambda: ("text", "code_climate", "json"))
    assert docs.update_readme(readme)
    text = readme.read_text(encoding="utf-8")
    assert "<!-- formats:option -->`--format text\\|code_climate\\|json`<!-- /formats -->" in text
    assert "<!-- formats:machine -->`code_climate`, `json`<!-- /formats -->" in text
