"""Draft-07 JSON Schemas for editors and the SchemaStore catalog, made from speclint's own.

Shapes: `export(name)` returns a new dict (the shipped schema files are not changed);
`EXPORTS` lists the names: `buildspec` and `appspec` are the combined schemas a catalog
maps to a file name (buildspec 0.1 or 0.2 chosen by `version`; appspec EC2/On-Premises,
AWS Lambda or Amazon ECS chosen from the content with if/then/else, as `classify` does),
the other names are one format each. Raises KeyError for an unknown name.

What changes on the way, and why:

- `$schema` is draft-07 (SchemaStore and yaml-language-server read draft-07), `$defs`
  become `definitions`, `$ref` with sibling keywords is wrapped in `allOf` (draft-07
  ignores the siblings of a `$ref`), `x-` keywords are removed (SchemaStore accepts only
  its own list of extra keywords; Ajv's strict mode rejects the rest).
- **Only what speclint reports as an error is kept as a constraint**, so an editor never
  shows as an error what speclint calls a warning or a note: a keyword whose `x-severity`
  is warning or info is left out; unknown keys are refused only where `x-unknown-keys` is
  `error` or where a rule refuses them (phase names: B002; hook names: A101, with the
  non-scriptable events of A102 allowed and, for EC2/On-Premises, only names that are a
  typo, another case or another platform's event of a real hook refused, because other
  custom names are a warning there); an empty value (`artifacts:`) is allowed wherever a
  type is (speclint: "AWS reads it as if it were absent", a warning); scalar types that
  speclint only warns about (no public evidence of a rejection) accept any scalar, and the
  types of the Lambda and ECS appspecs, which the CodeDeploy service parses, are dropped;
  template placeholders (`{{ x }}`, `${X}`, `<TASK_DEFINITION>`) pass every value check,
  and an empty quoted value does in the Lambda and ECS appspecs (speclint: a note).
- Values that AWS reads case-insensitively (`on-failure`, report `file-format`) become
  `anyOf: [{enum: canonical values}, {pattern}]`, so editors complete the canonical
  spelling; a value list that speclint only warns about stays as completion only
  (`anyOf: [{enum}, {type}]`).
- Keys that the Lambda and ECS appspecs read case-insensitively: `required` accepts any
  case of the key.

Sources: the shipped schemas (`schemas/*.schema.json`) and the lifecycle table
(`speclint/data/lifecycle.json`). tests/test_schema_export.py holds the promise above on
the corpus and the fixtures: every error the exported schema gives is an error of speclint.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Optional

from speclint.schema import SCHEMA_FILES, load_schema

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
CATALOG_URL = "https://json.schemastore.org/{name}.json"

#: name -> what it describes; the combined schemas (the ones a catalog maps) come first.
EXPORTS = {
    "buildspec": "AWS CodeBuild buildspec (version 0.2 or 0.1)",
    "appspec": "AWS CodeDeploy AppSpec (EC2/On-Premises, AWS Lambda or Amazon ECS)",
    "buildspec-0.2": "AWS CodeBuild buildspec, version 0.2",
    "buildspec-0.1": "AWS CodeBuild buildspec, version 0.1",
    "appspec-ec2": "AWS CodeDeploy AppSpec for EC2/On-Premises",
    "appspec-lambda": "AWS CodeDeploy AppSpec for AWS Lambda",
    "appspec-ecs": "AWS CodeDeploy AppSpec for Amazon ECS",
}

# speclint's placeholder test (schema.is_placeholder), as an ECMA-262 pattern.
PLACEHOLDER = (r"^\s*(?:\{\{.*\}\}|\$\{[^}]+\}|#\{[^}]+\}|<[A-Z0-9_:-]+>|__[A-Za-z0-9_]+__|@[A-Za-z0-9_]+@"
               r"|%[A-Za-z0-9_]+%|[A-Z0-9_]*PLACEHOLDER[A-Z0-9_]*)\s*$")

_ANNOTATIONS = ("title", "description", "default", "examples", "$comment")
_STRING_VALUE = ("enum", "const", "pattern", "minLength", "maxLength")
_NUMBER_VALUE = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_COUNTS = ("minItems", "maxItems", "minProperties", "maxProperties", "uniqueItems")
_SCALARS = {"string", "number", "integer", "boolean"}
ANY_TYPE = ("object", "array", "string", "number", "boolean", "null")
_CI_CLASS = re.compile(r"\[([A-Za-z])([A-Za-z])\]")


def ci_pattern(word: str) -> str:
    """`^[Rr][Ee]...$`: a pattern matching `word` in any case (ECMA regexes have no flags)."""
    return "^" + "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word) + "$"


def _severity(sub: dict, keyword: str) -> str:
    """speclint's severity for a failure of `keyword` in this subschema (schema.severity_of)."""
    value = sub.get("x-severity")
    if isinstance(value, dict):
        value = value.get(keyword) or value.get("*")
    return value or "error"


def _evidence(sub: dict, keyword: str) -> bool:
    value = sub.get("x-evidence")
    return bool(value.get(keyword) or value.get("*")) if isinstance(value, dict) else bool(value)


def canonical_values(pattern: str) -> Optional[list]:
    """The canonical (upper-case) words of a case-insensitive alternation such as
    `^(?:[Aa][Bb]|[Cc]3[Dd])$` -> ["AB", "C3D"]; None when the pattern is not one."""
    body = re.sub(r"^\^\(\?:|^\^\(|\)\$$", "", pattern)
    if body == pattern or not _CI_CLASS.search(body):
        return None
    words = []
    for alternative in body.split("|"):
        word = ""
        rest = alternative
        while rest:
            match = _CI_CLASS.match(rest)
            if match and match.group(1).lower() == match.group(2).lower():
                word += match.group(1).upper()
                rest = rest[match.end():]
            elif rest[0].isalnum() or rest[0] in "-_":
                word += rest[0]
                rest = rest[1:]
            else:
                break  # a regex tail such as (-.+)? : the word so far is the canonical part
        if not word:
            return None
        words.append(word)
    return words


class _Exporter:
    """One source schema turned into draft-07 (see the module docstring)."""

    def __init__(self, name: str, prefix: str):
        self.name = name
        self.source = load_schema(name)
        self.prefix = prefix  # where this schema's definitions live in the output
        self.case_insensitive = bool(self.source.get("x-case-insensitive-keys"))
        self.service_parsed = bool(self.source.get("x-service-parsed"))
        self.variant = name.split("-", 1)[1] if name.startswith("appspec-") else None
        self.empty_is_slot = self.variant in ("lambda", "ecs")

    def ref(self, ref: str) -> str:
        if ref.startswith("#/$defs/"):
            return self.prefix + ref[len("#/$defs/"):]
        if ref == "#":
            return ref
        raise ValueError(f"{self.name}: cannot export $ref {ref!r}")

    def convert(self, sub: Any) -> Any:
        if isinstance(sub, bool):
            return sub
        if not isinstance(sub, dict):
            raise ValueError(f"{self.name}: not a schema: {sub!r}")
        out: dict = {}
        for key in _ANNOTATIONS:
            if key in sub:
                out[key] = copy.deepcopy(sub[key])
        rule_keys = sub.get("x-unknown-keys") == "rule"
        for key, value in sub.items():
            if key.startswith("x-") or key in _ANNOTATIONS or key in ("$schema", "$id"):
                continue
            if key == "$ref":
                out["$ref"] = self.ref(value)
            elif key == "$defs":
                out["definitions"] = {k: self.convert(v) for k, v in value.items()}
            elif key == "properties":
                out["properties"] = {k: self.convert(v) for k, v in value.items()}
            elif key in ("items", "not", "if", "then", "else", "contains", "propertyNames"):
                converted = self.convert(value)
                if key == "not" and _severity(sub, "not") != "error":
                    continue
                if converted != {}:
                    out[key] = converted
            elif key in ("allOf", "anyOf", "oneOf"):
                parts = [self.convert(v) for v in value]
                if key == "allOf":
                    parts = [p for p in parts if p != {}]
                    if parts:
                        out[key] = parts
                elif {} not in parts:
                    out[key] = parts
            elif key == "patternProperties":
                out[key] = {k: self.convert(v) for k, v in value.items()}
            elif key == "additionalProperties":
                if value is False:
                    if rule_keys:
                        continue  # the rule's own names are added below
                    if sub.get("x-unknown-keys", "warning") == "error":
                        out[key] = False
                else:
                    out[key] = self.convert(value)
            elif key == "required":
                if _severity(sub, "required") != "error":
                    continue
                if self.case_insensitive:
                    # `resources:` is read as `Resources`: any case of the key satisfies it.
                    out.setdefault("allOf", []).extend(
                        {"anyOf": [{"type": "object", "properties": {k: True}, "required": [k]}, _has_key(k)]}
                        for k in value)
                else:
                    out[key] = list(value)
            elif key == "type":
                out[key] = self.type_of(sub)
            elif key in _STRING_VALUE or key in _NUMBER_VALUE or key in _COUNTS:
                if _severity(sub, key) == "error":
                    out[key] = copy.deepcopy(value)
            else:
                raise ValueError(f"{self.name}: no export rule for keyword {key!r}")
        if rule_keys:
            self.rule_keys(sub, out)
        if "if" in out and "then" not in out and "else" not in out:
            del out["if"]  # its consequence was a warning
        self.value_alternatives(sub, out)
        if "$ref" in out and len(out) > 1:
            ref = out.pop("$ref")
            out.setdefault("allOf", []).insert(0, {"$ref": ref})
        return out

    def type_of(self, sub: dict) -> list:
        """The `type` an editor may enforce: every type when speclint only warns about a wrong one."""
        declared = sub["type"] if isinstance(sub["type"], list) else [sub["type"]]
        if (self.service_parsed and not _evidence(sub, "type")) or _severity(sub, "type") != "error":
            # speclint warns (the CodeDeploy service's parser is not public): every type passes,
            # written out because Ajv's strict mode wants a type beside `properties` or `items`
            return list(ANY_TYPE)
        if set(declared) <= _SCALARS and not _evidence(sub, "type"):
            # speclint: "whether AWS converts it is not documented" (a warning) for any scalar
            declared = ["string", "number", "boolean"]
        out = list(dict.fromkeys(declared + ["null"]))  # empty: read as absent (a warning)
        if "number" in out and "integer" in out:
            out.remove("integer")
        return out

    def value_alternatives(self, sub: dict, out: dict) -> None:
        """Case-insensitive values, placeholders and empty slots around the value checks."""
        options: list = []
        pattern = sub.get("pattern")
        canonical = canonical_values(pattern) if isinstance(pattern, str) else None
        if canonical is None and isinstance(sub.get("x-valid"), list) and isinstance(pattern, str) and _CI_CLASS.search(pattern):
            canonical = list(sub["x-valid"])
        enum = sub.get("enum")
        # A value list speclint only warns about is offered for completion, never enforced:
        # the second alternative takes whatever the exported `type` takes.
        anything = {"type": out.get("type", list(ANY_TYPE))}
        if "pattern" not in out and canonical:
            out["anyOf"] = [{"enum": canonical}, anything]
            return
        if "enum" not in out and isinstance(enum, list):
            out["anyOf"] = [{"enum": list(enum)}, anything]
            return
        value_keys = [k for k in _STRING_VALUE if k in out]
        if not value_keys:
            return
        checked = {k: out.pop(k) for k in value_keys}
        if canonical:
            options.append({"enum": canonical})
            checked["type"] = "string"
        options.append(checked)
        if "string" in out.get("type", ["string"]):
            placeholder = ("^$|" if self.empty_is_slot else "") + PLACEHOLDER
            options.append({"type": "string", "pattern": placeholder})
        declared = sub.get("type")
        if declared and out.get("type") != declared:
            # A value of another type (or empty) is a type finding in speclint, and the value
            # finding gives way to it (one finding per node): here that is a warning.
            options.append({"not": {"type": declared}})
        if "anyOf" in out:
            out.setdefault("allOf", []).append({"anyOf": out.pop("anyOf")})
        out["anyOf"] = options

    def rule_keys(self, sub: dict, out: dict) -> None:
        """Keys checked by a rule instead of the schema: phase names (B002) and hook names (A101)."""
        from speclint import data

        names = set(sub.get("properties", {}))
        table = data.load("lifecycle.json")
        if names <= set(table["codebuild"]["scriptable"]):
            out["additionalProperties"] = False  # B002: every other phase name is an error
            return
        own = table["codedeploy"][self.variant]
        others = sorted({h for v, t in table["codedeploy"].items() if v != self.variant and isinstance(t, dict)
                         for h in t.get("hooks", ())} - set(own["hooks"]))
        fixed = "^(?:" + "|".join(re.escape(n) for n in own["not_scriptable"]) + ")$"
        if self.variant != "ec2":
            out["patternProperties"] = {fixed: {}}  # non-scriptable events: A102, a warning
            out["additionalProperties"] = False
            return
        # EC2/On-Premises: a custom event name is a warning (codedeploy-local runs them); a
        # typo or another case of a real hook, or another platform's hook, is an error.
        allowed = "|".join(re.escape(n) for n in list(own["hooks"]) + list(own["not_scriptable"]))
        refused = "|".join([typo_pattern(h) for h in own["hooks"]] + [re.escape(h) for h in others])
        out.setdefault("patternProperties", {})[f"^(?!(?:{allowed})$)(?:{refused})$"] = False


def typo_pattern(word: str) -> str:
    """A regex body for `word` in any case with two neighbouring characters replaced by zero to
    three others (a deletion, substitution, insertion, doubled key or two swapped keys): names
    that speclint's did-you-mean (difflib ratio 0.6) always finds for words of 8 characters or
    more, so refusing them never turns a speclint warning into an editor's error."""
    chars = [f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word]
    return "(?:" + "|".join("".join(chars[:i]) + ".{0,3}" + "".join(chars[i + 2:]) for i in range(len(chars) - 1)) + ")"


def _single(name: str, *, inline: bool = False) -> dict:
    """One source schema as a draft-07 document (or, inline, as a subschema of a combined one)."""
    prefix = f"#/definitions/{name}/definitions/" if inline else "#/definitions/"
    exporter = _Exporter(name, prefix)
    body = exporter.convert(exporter.source)
    if inline:
        return body
    head = {"$schema": DRAFT_07, "$id": CATALOG_URL.format(name=name)}
    return {**head, **body}


# The content that makes speclint check a file as the other kind, whatever its name
# (classify.strong_kind_from_content): speclint then only warns that the name is wrong (F002),
# so the schema of the name must accept it, or an editor would show errors speclint does not.
# (each `required` names its property, as Ajv's strict mode asks)
_ANY_OF_KEYS = lambda keys: {"anyOf": [{"properties": {key: True}, "required": [key]} for key in keys]}  # noqa: E731
OTHER_KIND = {
    "appspec": {"type": "object", "properties": {"phases": True}, "required": ["phases"],
                "not": _ANY_OF_KEYS(["os", "hooks", "Resources", "resources", "Hooks"])},
    "buildspec": {"type": "object", **_ANY_OF_KEYS(["os", "Resources"]), "not": _ANY_OF_KEYS(["phases", "batch"])},
}


def _combined(name: str, what: str, reference: str, choice: dict) -> dict:
    """The head of a combined schema: what it is, where AWS documents it, and the if/then/else
    choice, after the test for a file of the other kind (OTHER_KIND), which passes."""
    definitions = choice.pop("definitions")
    return {
        "$schema": DRAFT_07,
        "$id": CATALOG_URL.format(name=name),
        "title": EXPORTS[name],
        "description": f"{what} See {reference}. Made by `speclint schema {name} --draft 7`; speclint checks more than a schema can.",
        "type": "object",
        "if": OTHER_KIND[name],
        "then": True,
        "else": choice,
        "definitions": definitions,
    }


def _buildspec() -> dict:
    v01 = {"type": "object", "properties": {"version": {"enum": [0.1, "0.1"]}}, "required": ["version"]}
    return _combined("buildspec", "buildspec.yml for AWS CodeBuild. Version 0.1 or 0.2 is chosen by `version`.",
                     "https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html", {
        "if": v01,
        "then": {"$ref": "#/definitions/buildspec-0.1"},
        "else": {"$ref": "#/definitions/buildspec-0.2"},
        "definitions": {"buildspec-0.1": _single("buildspec-0.1", inline=True),
                        "buildspec-0.2": _single("buildspec-0.2", inline=True)},
    })


def _has_key(word: str) -> dict:
    """Some key of the object is `word` in any case (draft-07: not all names fail the pattern)."""
    return {"not": {"type": "object", "propertyNames": {"not": {"type": "string", "pattern": ci_pattern(word)}}}}


def _appspec() -> dict:
    resources, type_key, props, hooks = (ci_pattern(w) for w in ("Resources", "Type", "Properties", "Hooks"))

    def obj(**keywords) -> dict:
        return {"type": "object", **keywords}

    def some_key(words) -> dict:
        # an object with a key among `words` (in any case); not true of a non-object
        names = "^(?:" + "|".join(ci_pattern(w)[1:-1] for w in words) + ")$"
        return {"type": "object", "not": obj(propertyNames={"not": {"type": "string", "pattern": names}})}

    def body_of(type_word: str, property_names: tuple) -> dict:
        # classify.appspec_variant: a resource whose Type names the service, or whose Properties hold its keys
        return obj(anyOf=[
            obj(patternProperties={type_key: {"type": "string", "pattern": ci_pattern(type_word)[1:-1]}}, allOf=[some_key(["Type"])]),
            obj(patternProperties={props: some_key(property_names)}, allOf=[some_key(["Properties"])]),
        ])

    def some_value(schema: dict) -> dict:
        return {"not": obj(additionalProperties={"not": schema})}

    def resource_item(*alternatives: dict) -> dict:
        return obj(patternProperties={resources: {"type": "array", "contains": obj(anyOf=list(alternatives))}},
                   allOf=[some_key(["Resources"])])

    no_os = {"not": obj(properties={"os": True}, required=["os"])}
    lambda_item = resource_item(some_value(body_of("lambda", ("Alias", "CurrentVersion", "TargetVersion"))))
    hooks_with = lambda names: obj(patternProperties={hooks: {"type": "array", "contains": some_key(names)}})  # noqa: E731
    gate = {"anyOf": [some_key(["Resources"]), no_os]}  # resources, or a Hooks list without os
    ecs = {"anyOf": [
        resource_item(obj(properties={"TargetService": True}, required=["TargetService"]),
                      some_value(body_of("ecs", ("TaskDefinition", "LoadBalancerInfo")))),
        {**hooks_with(["BeforeInstall", "AfterInstall", "AfterAllowTestTraffic"]),
         "allOf": [some_key(["Hooks"]), gate, {"not": lambda_item}]},
    ]}
    lambda_ = {"anyOf": [some_key(["Resources"]),
                         {**hooks_with(["BeforeAllowTraffic", "AfterAllowTraffic"]), "allOf": [some_key(["Hooks"]), no_os]}]}
    return _combined("appspec", "appspec.yml for AWS CodeDeploy. The platform is chosen from the content: `Resources` with "
                     "AWS::Lambda::Function is AWS Lambda, with AWS::ECS::Service (or TargetService) Amazon ECS, "
                     "otherwise EC2/On-Premises.",
                     "https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html", {
        "if": ecs,
        "then": {"$ref": "#/definitions/appspec-ecs"},
        "else": {"if": lambda_, "then": {"$ref": "#/definitions/appspec-lambda"},
                 "else": {"$ref": "#/definitions/appspec-ec2"}},
        "definitions": {n: _single(n, inline=True) for n in ("appspec-ec2", "appspec-lambda", "appspec-ecs")},
    })


def export(name: str) -> dict:
    """The draft-07 schema `name` (one of EXPORTS) as a new dict."""
    if name == "buildspec":
        return _buildspec()
    if name == "appspec":
        return _appspec()
    if name not in SCHEMA_FILES:
        raise KeyError(name)
    return _single(name)


def dumps(schema: dict) -> str:
    """The schema as SchemaStore formats its files (two spaces, a final newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


#: The SchemaStore catalog entries (src/api/json/catalog.json). Not `appspec.json`: the
#: MoveApps platform uses that name for its own manifest.
CATALOG = [
    {"name": "AWS CodeBuild buildspec",
     "description": "AWS CodeBuild build specification (buildspec.yml), versions 0.2 and 0.1",
     "fileMatch": ["buildspec*.yml", "buildspec*.yaml"],
     "url": CATALOG_URL.format(name="buildspec")},
    {"name": "AWS CodeDeploy AppSpec",
     "description": "AWS CodeDeploy application specification (appspec.yml) for EC2/On-Premises, AWS Lambda and Amazon ECS",
     "fileMatch": ["appspec.yml", "appspec.yaml"],
     "url": CATALOG_URL.format(name="appspec")},
]


def schemastore_files() -> dict:
    """relative path -> text of the generated files of the `schemastore/` folder."""
    return {
        "src/schemas/json/buildspec.json": dumps(export("buildspec")),
        "src/schemas/json/appspec.json": dumps(export("appspec")),
        "src/api/json/catalog.json": dumps({"$schema": "https://json.schemastore.org/schema-catalog.json",
                                            "version": 1, "schemas": CATALOG}),
    }


def main(argv: Optional[list] = None) -> int:
    """`python -m speclint.schema.export FOLDER`: (re)write the generated files of FOLDER."""
    import os
    import sys

    folder = (argv if argv is not None else sys.argv[1:] or ["schemastore"])[0]
    for relative, text in schemastore_files().items():
        path = os.path.join(folder, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
