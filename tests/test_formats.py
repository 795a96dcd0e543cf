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
