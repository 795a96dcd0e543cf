"""Every error is a promise that AWS rejects the file or the run fails: each error-level check
names its public evidence, and everything without evidence is a warning that says so.

- Schema constraints: a keyword that fails at error level needs `x-evidence` on its node; a
  downgraded one needs `x-inferred` (why it is only an inference, with the public source).
- Scalar-for-scalar type mismatches (`identifier: 123`, `timeout: "300"`) are warnings unless the
  schema has evidence for `type` (EC2's quoted version).
- Rules: EVIDENCE lists every rule whose default severity is error, with its evidence.
"""

import json
from pathlib import Path

import pytest

from speclint.diagnostics import Severity
from speclint.lint import Options, lint_bytes
from speclint.rules import registry

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ("enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
               "exclusiveMaximum", "minItems", "maxItems", "minProperties", "maxProperties", "required", "not",
               "propertyNames", "uniqueItems", "dependentRequired")

# code -> (evidence that AWS rejects the file or the run fails, public source). Kept as error because of it.
EVIDENCE = {
    "A101": ("appspec.yml file contains unknown lifecycle events", "CodeDeploy's deployment error"),
    "A103": ("contains an invalid character", "aws/aws-codedeploy-agent mode_info.rb"),
    "A105": ("Script does not exist at specified location", "CodeDeploy ScriptMissing"),
    "A106": ("specifiles file permissions, but the deployment is targeting one or more Windows Server instances",
             "aws/aws-codedeploy-agent application_specification.rb"),
    "A109": ("INVALID_LAMBDA_CONFIGURATION", "CodeDeploy's deployment error"),
    "A112": ("Use mode to set the base acl entry", "aws/aws-codedeploy-agent ace_info.rb"),
    "A116": ("Script does not exist at specified location", "CodeDeploy ScriptMissing (another helper's rule)"),
    "A117": ("No such file or directory", "the agent's install step (another helper's rule)"),
    "A118": ("bad interpreter", "the hook's exit 126/127 (another helper's rule)"),
    "A121": ("Script does not exist at specified location", "CodeDeploy ScriptMissing; aws/aws-codedeploy-agent hook_executor.rb joins the location onto the archive"),
    "A124": ("does not exist in the task definition",
             "ECS's message, aws/amazon-ecs-agent#1276; CodeDeploy AppSpec reference (ContainerName)"),
    "A125": ("did not have a container port", "ECS's message, cloudcomponents/cdk-constructs#67"),
    "B001": ("Expected Commands[0] to be of string type", "CodeBuild YAML_FILE_ERROR"),
    "B002": ("Invalid buildspec phase name", "CodeBuild YAML_FILE_ERROR"),
    "B017": ("Unknown runtime named", "CodeBuild YAML_FILE_ERROR"),
    "B018": ("Unknown runtime version named", "CodeBuild YAML_FILE_ERROR"),
    "B019": ("Unknown runtime named 'docker'", "CodeBuild YAML_FILE_ERROR"),
    "B030": ("troubleshooting-build-must-specify-runtime", "AWS CodeBuild troubleshooting docs"),
    "B031": ("copilot-cli/pull/1673", "BATCH_SPEC_VALIDATION_ERROR in aws/copilot-cli#1673"),
    "S003": ("x-evidence", "per constraint, in schemas/*.json"),
    "S004": ("x-evidence", "structural mismatches: CodeBuild's 'found subkeys instead', the agent's Ruby code; in the "
                           "service-parsed Lambda/ECS appspecs only with x-evidence (LoadBalancerInfo: 'not well-formed yaml'), "
                           "else a warning"),
    "S005": ("x-evidence", "per constraint, in schemas/*.json"),
    "S006": ("x-evidence", "per constraint, in schemas/*.json"),
    "S007": ("x-evidence", "per constraint, in schemas/*.json"),
    "Y001": ("mapping values are not allowed in this context", "CodeBuild YAML_FILE_ERROR"),
    "Y003": ("command_executor.rb", "the agent parses the appspec as UTF-8 (libyaml stops at invalid bytes)"),
    "Y005": ("application specification file was empty", "aws/aws-codedeploy-agent application_specification.rb"),
    "Y006": ("invalid buildspec", "no version: CodeBuild's and the agent's version errors"),
    # speclint's own: the file or the configuration was not checked (no claim about AWS).
    "C001": ("", "speclint: a suppression comment it cannot read"),
    "X001": ("", "speclint: an internal failure"),
    "F006": ("", "speclint: a path named on the command line does not exist, so nothing was checked"),
    "X002": ("", "speclint: ShellCheck failed, so these commands or scripts were not checked"),
    "Y008": ("", "speclint: the file was not checked (size limit)"),
    "Y009": ("", "speclint: the file was not checked (alias bomb or nesting)"),
}
# Another helper's scope: their References are theirs to fix; the evidence above still holds.
OTHER_SCOPE = {"A116", "A117", "A118", "A107", "B016"}


def _walk(node, pointer=""):
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
                for name, sub in value.items():
                    yield from _walk(sub, f"{pointer}/{key}/{name}")
            elif isinstance(value, (dict, list)) and not key.startswith("x-") and key not in ("if", "not"):
                # `if` and `not` hold conditions: their own keywords never report anything
                yield from _walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{i}")


def _per_keyword(node, attr, keyword):
    value = node.get(attr)
    if isinstance(value, dict):
        return value.get(keyword) or value.get("*")
    return value


def _constraints():
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text())
        for pointer, node in _walk(schema):
            for keyword in CONSTRAINTS:
                if keyword in node and not (keyword == "required" and not isinstance(node[keyword], list)):
                    yield path.name, pointer or "/", keyword, node


ALL = list(_constraints())


@pytest.mark.parametrize("schema, pointer, keyword, node", ALL, ids=[f"{s}:{p}:{k}" for s, p, k, _ in ALL])
def test_every_schema_constraint_has_evidence_or_is_an_inferred_warning(schema, pointer, keyword, node):
    severity = _per_keyword(node, "x-severity", keyword) or "error"
    if severity == "error":
        assert _per_keyword(node, "x-evidence", keyword), f"{schema} {pointer} {keyword}: an error needs x-evidence"
    elif pointer != "/" or keyword != "required":
        assert _per_keyword(node, "x-inferred", keyword) or node.get("x-hint"), \
            f"{schema} {pointer} {keyword}: a downgraded constraint says why (x-inferred)"


def test_the_audit_covers_every_schema():
    assert {s for s, *_ in ALL} == {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert len(ALL) > 80


def test_every_error_rule_names_its_evidence():
    errors = {rule.code for rule in registry().all() if rule.severity == Severity.ERROR}
    missing = errors - set(EVIDENCE)
    assert not missing, f"error-level rules without evidence: {sorted(missing)}; make them warnings or add the evidence"


@pytest.mark.parametrize("code", sorted(c for c, (needle, _) in EVIDENCE.items() if needle and c not in OTHER_SCOPE))
def test_the_evidence_is_in_the_rules_own_docs(code):
    from speclint.docs import rule_markdown

    rule = registry().get(code)
    if rule is None or rule.severity != Severity.ERROR:
        pytest.skip(f"{code} is no longer an error")
    needle = EVIDENCE[code][0]
    assert needle in rule_markdown(rule) or needle == "x-evidence" and "x-evidence" in rule_markdown(rule)


def _lint(name, text):
    return [(d.code, str(d.severity)) for d in lint_bytes(name, text.encode(), Options()).diagnostics
            if d.code.startswith("S")]


@pytest.mark.parametrize("name, text", [
    ("buildspec.yml", "version: 0.2\nbatch:\n  build-list:\n    - identifier: 123\nphases:\n  build:\n    commands: [make]\n"),
    ("buildspec.yml", "version: 0.2\nbatch:\n  fast-fail: \"true\"\n  build-list:\n    - identifier: a\nphases:\n  build:\n    commands: [make]\n"),
    ("appspec.yml", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      runas: 0\n"),
])
def test_scalars_of_another_type_are_warnings(name, text):
    assert _lint(name, text) and all(sev == "warning" for _, sev in _lint(name, text))


@pytest.mark.parametrize("text", ["version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: \"300\"\n",
                                  "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: 300.0\n"])
def test_what_the_agent_converts_is_not_reported(text):
    assert _lint("appspec.yml", text) == []  # the agent reads timeout with to_i


def test_ecs_quoted_port_and_version_1_are_accepted_or_warned():
    text = ("version: 1\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
            "        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3\n"
            "        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: \"80\"\n")
    assert _lint("appspec.yaml", text) == [("S005", "warning")]  # version 1: ECS appspecs on GitHub deploy with it
    assert _lint("appspec.yaml", text.replace("version: 1", "version: 0.0")) == []


def test_ec2_quoted_version_stays_an_error():
    assert _lint("appspec.yml", "version: '0.0'\nos: linux\n") == [("S004", "error")]


LAMBDA = ("version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: fn\n"
          "        Alias: live\n        CurrentVersion: \"1\"\n        TargetVersion: \"2\"\n")


@pytest.mark.parametrize("text, expected", [
    (LAMBDA + "Hooks:\n  BeforeAllowTraffic: checkFn\n", [("S004", "warning")]),           # service-parsed: inferred
    (LAMBDA.replace("Properties:\n", "Properties:\n        - x: 1\n", 1).split("        Name")[0] + "\n", None),
])
def test_structural_mismatches_in_service_parsed_appspecs_are_inferred(text, expected):
    found = _lint("appspec.yaml", text)
    if expected is not None:
        assert found == expected
    else:
        assert found and all(sev == "warning" for code, sev in found if code == "S004")


def test_load_balancer_info_as_a_list_keeps_its_evidenced_error():
    text = ("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
            "        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3\n"
            "        LoadBalancerInfo:\n          - ContainerName: web\n            ContainerPort: 80\n")
    assert _lint("appspec.yaml", text) == [("S004", "error")]


@pytest.mark.parametrize("text", ["version: 0.0\nos: linux\nhooks:\n  - AfterInstall: a.sh\n",
                                  "version: 0.2\nphases:\n  - build\n"])
def test_structural_mismatches_elsewhere_stay_errors(text):
    name = "appspec.yml" if "os:" in text else "buildspec.yml"
    assert ("S004", "error") in _lint(name, text)


FORM_KEYWORDS = ("pattern", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")


@pytest.mark.parametrize("schema, pointer, keyword, node", [c for c in ALL if c[2] in FORM_KEYWORDS],
                         ids=[f"{s}:{p}:{k}" for s, p, k, _ in ALL if k in FORM_KEYWORDS])
def test_every_value_constraint_names_the_valid_form(schema, pointer, keyword, node):
    """S005/S006 messages say what to write: x-expected (appended to the message), x-valid or x-hint."""
    assert node.get("x-expected") or node.get("x-valid") or node.get("x-hint"), f"{schema} {pointer} {keyword}"
