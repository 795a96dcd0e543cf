"""Validate a document against its JSON Schema and turn each error into a finding at a node.

Schemas are read by `schema.store` and compiled once per process by speclint's own engine
(`schema.engine`; jsonschema is only the reference the tests compare it with). Messages are
our own (unknown key with did-you-mean, missing key, wrong type, invalid value with the
valid ones ...), one stable rule per kind of failure.
Annotations in the schema files steer the mapping: `x-unknown-keys` (warning, error, or
`rule` when a dedicated rule reports them), `x-severity`, `x-hint`, `x-message`, `x-valid`,
`x-aliases` (domain names for an enum value: `pwsh` means powershell.exe) and `x-case-insensitive-keys`.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any, Iterator, Optional

from speclint.diagnostics import Diagnostic, Severity
from speclint.source.document import Document
from speclint.source.nodes import MappingNode, Node, ScalarNode, SequenceNode, find, key_text
from speclint.rules import core
from speclint.schema.engine import Validator, best_errors
from speclint.schema.store import SCHEMA_FILES, load_schema, retrieve, schema_dir
from speclint.rules.base import format_path
from speclint.suggest import closest, quoted_list
from speclint.words import plural, verb

__all__ = ["SCHEMA_FILES", "check", "dash_message", "dash_without_space", "is_placeholder", "load_schema",
           "schema_dir", "schema_name", "to_instance", "validator"]

_SCALAR_TYPES = {"string", "integer", "number", "boolean"}


def _evidence(schema: dict, keyword: str) -> bool:
    """Whether the schema names public evidence that AWS rejects a failure of this keyword."""
    value = schema.get("x-evidence")
    return bool(value.get(keyword) or value.get("*")) if isinstance(value, dict) else bool(value)

# `key:value` that YAML read as one string because the colon has no space after it.
_NO_SPACE_AFTER_COLON = re.compile(r"^([A-Za-z_][\w.-]*):(\S.*)$")
# `-make` where a list item was meant: without a space after the dash YAML reads plain text.
_NO_SPACE_AFTER_DASH = re.compile(r"^-([^\s\-].*)$")


def dash_without_space(node: Optional[Node]) -> Optional[str]:
    """The intended item of `-make` (here "make") when a plain scalar starts with a dash glued to
    its text, which YAML reads as a string rather than a list item; else None."""
    if not isinstance(node, ScalarNode) or not isinstance(node.value, str) or node.style != "plain":
        return None
    # `-make` followed by `- test` lines folds into "-make - test": the first item ends there.
    match = _NO_SPACE_AFTER_DASH.match(node.value.split(" - ")[0])
    return match.group(1) if match else None


def dash_message(node: Node, where: str) -> tuple:
    """(message, hint) for a `-make` that YAML read as text where a list was expected."""
    item = dash_without_space(node)
    return (f'{where} is the text "-{item}", not a list: with no space after the dash YAML reads it as text, not a list item',
            f"write `- {item}` (a space after the dash) for each item")

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "empty",
}


@lru_cache(maxsize=None)
def validator(name: str) -> Validator:
    """The compiled schema `name` (with the files it refers to), built once per process."""
    return Validator(load_schema(name), retrieve)


def schema_name(document: Document) -> Optional[str]:
    if document.kind == "buildspec":
        version = document.version
        return "buildspec-0.1" if str(version) == "0.1" else "buildspec-0.2"
    if document.kind == "appspec":
        return f"appspec-{document.variant or 'ec2'}"
    return None


# ---------------------------------------------------------------------------------------
# Instance preparation: nodes -> plain data, with case-insensitive keys made canonical.


@lru_cache(maxsize=None)
def _canonical_keys(name: str) -> dict:
    """lower-case key -> canonical key, from every `properties` of the schema and the schemas it
    refers to (once per schema)."""
    table: dict = {}
    for sub in validator(name).subschemas:
        for key in sub.get("properties", {}):
            table.setdefault(key.lower(), key)
    return table


def to_instance(root: Node, canonical: Optional[dict]) -> tuple[Any, list]:
    """Plain data for the schema engine, and the (key node, canonical) pairs renamed on the way."""
    renamed: list = []
    memo: dict = {}

    def convert(node: Node) -> Any:
        cached = memo.get(id(node))
        if cached is not None:
            return cached
        if isinstance(node, MappingNode):
            out: dict = {}
            for key, value in node.entries():
                text = key_text(key)
                if canonical is not None and text not in out:
                    canon = canonical.get(text.lower())
                    if canon is not None and canon != text:
                        renamed.append((key, canon))
                        text = canon
                out[text] = convert(value)
            result: Any = out
        elif isinstance(node, SequenceNode):
            result = [convert(item) for item in node.items]
        else:
            result = node.to_python()
            return result
        memo[id(node)] = result
        return result

    return convert(root), renamed


# ---------------------------------------------------------------------------------------
# Error mapping.


def _describe(node: Optional[Node], value: Any) -> str:
    if isinstance(node, ScalarNode):
        if node.yaml_type == "null":
            return "empty (null)"
        if node.style == "plain" and not isinstance(node.value, str):
            return f"{node.text} (read by YAML as {_TYPE_NAMES.get(_json_type(node.value), 'a value')})"
        text = node.text if len(node.text) <= 60 else node.text[:57] + "..."
        return f'"{text}"'
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return json.dumps(value)[:60]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _where(path: list) -> str:
    return format_path(path) or "the top level"


class _Mapper:
    def __init__(self, document: Document, schema: dict, compiled: Validator):
        self.document = document
        self.schema = schema
        self.compiled = compiled
        self.root = document.root
        self.case_insensitive = bool(schema.get("x-case-insensitive-keys"))
        # JSON appspecs get JSON words and JSON fixes (objects and [ ], not mappings and '- ').
        self.json = document.path.lower().endswith(".json") or document.text.lstrip().startswith("{")

    def node_at(self, path: list) -> tuple[Optional[Node], Optional[Node]]:
        node, key_node, _ = find(self.root, self._physical(path))
        return node, key_node

    def _physical(self, path: list) -> list:
        """Map canonical key names back to the spelling used in the file."""
        if not self.case_insensitive:
            return path
        out, node = [], self.root
        for step in path:
            if isinstance(node, MappingNode) and isinstance(step, str):
                if step not in node:
                    for k in node.keys():
                        if k.lower() == step.lower():
                            step = k
                            break
                node = node.get(step)
            elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.items):
                node = node.items[step]
            else:
                node = None
            out.append(step)
        return out

    def _empty_slot(self, node) -> bool:
        """An explicitly quoted empty value (`Name: ""`) in a Lambda or ECS appspec: a slot that
        the pipeline fills in before it sends the file (a yq/jq/sed step, CodePipeline's
        <TASK_DEFINITION>), not a value anyone deploys as written."""
        return (self.document.variant in ("lambda", "ecs") and isinstance(node, ScalarNode)
                and node.value == "" and node.style in ("double", "single"))

    def make(self, rule, node, path, message, hint=None, severity=None) -> Diagnostic:
        return rule().report(self.document, node, message, hint, severity=severity, path=path)

    def severity_of(self, error, default: Severity) -> Severity:
        """The schema's `x-severity` for this keyword: a string for every keyword of the node, or
        {keyword: severity} (with "*" for the rest). Errors are kept only where the schema gives
        `x-evidence` that AWS rejects the value (tests/test_error_evidence.py holds that)."""
        value = error.schema.get("x-severity") if isinstance(error.schema, dict) else None
        if isinstance(value, dict):
            value = value.get(error.validator) or value.get("*")
        return Severity.parse(value) if value else default

    def map(self, error) -> Iterator[Diagnostic]:
        keyword = error.validator
        path = list(error.absolute_path)
        schema = error.schema if isinstance(error.schema, dict) else {}
        hint = (schema.get("x-hint-json") if self.json else None) or schema.get("x-hint")
        node, key_node = self.node_at(path)
        where = _where(path)

        if keyword != "type" and (is_placeholder(error.instance) or _tagged(node) or self._empty_slot(node)):
            yield self.make(core.TemplatePlaceholder, node, path,
                            f"{where} is a template placeholder ({_describe(node, error.instance)}); it was not checked",
                            "lint the file after the placeholders are filled in, or ignore this note",
                            Severity.INFO)
            return

        if keyword in ("anyOf", "oneOf") and error.context:
            for best in best_errors(error):
                yield from self.map(best)
            return

        if keyword == "additionalProperties":
            yield from self.unknown_keys(error, path, node)
            return

        if keyword == "required":
            missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
            for key in missing or error.validator_value[:1]:
                anchor = key_node or node
                if not path and isinstance(node, MappingNode) and node.pairs:
                    anchor = node.pairs[0][0]
                target = f'"{path[-1]}"' if path and isinstance(path[-1], str) else where
                sub = self._property_schema(schema, key)
                about = f" ({sub['description']})" if sub and sub.get("description") and len(sub["description"]) < 140 else ""
                yield self.make(core.MissingKey, anchor, path + [key],
                                f'missing required key "{key}" in {target}',
                                hint or f'add "{key}:"{about}',
                                self.severity_of(error, Severity.ERROR))
            return

        if keyword == "type":
            expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            if "string" in expected and set(expected) <= {"string", "number", "integer", "boolean", "null"}:
                expected = ["string"]  # scalars are read as strings here; say what to write
            names = " or ".join(self._type_name(t) for t in expected)
            if error.instance is None:
                # `artifacts:` with nothing after it: AWS's parsers read it as absent.
                yield self.make(core.WrongType, node, path,
                                f"{where} is empty; AWS reads it as if it were absent (expected {names})",
                                f"fill in {where} or remove the key", Severity.WARNING)
                return
            got = self._type_name("object" if isinstance(node, MappingNode) else "array") if isinstance(node, (MappingNode, SequenceNode)) \
                else _describe(node, error.instance)
            pattern = schema.get("pattern")
            if isinstance(node, ScalarNode) and isinstance(pattern, str) and not re.search(pattern, node.text):
                # `TargetVersion: 1.5`: the type is the lesser problem; as text it is still not a valid value.
                pattern_error = copy.copy(error)
                pattern_error.validator, pattern_error.validator_value, pattern_error.instance = "pattern", pattern, node.text
                yield from self.map(pattern_error)
                return
            if "array" in expected and dash_without_space(node):
                message, dash_hint = dash_message(node, where)
                yield self.make(core.WrongType, node, path, message, dash_hint, self.severity_of(error, Severity.ERROR))
                return
            if isinstance(node, ScalarNode) and set(expected) <= _SCALAR_TYPES and not _evidence(schema, "type"):
                # `identifier: 123`, `privileged-mode: "true"`: AWS's parsers read scalars from their text and
                # convert them where they can (the CodeDeploy agent's timeout.to_i); a rejection is not documented.
                yield self.make(core.WrongType, node, path,
                                f"{where} should be {names}, not {got}; whether AWS converts it is not documented",
                                hint or self._type_hint(expected, node), Severity.WARNING)
                return
            service_parsed = self.schema.get("x-service-parsed") and not _evidence(schema, "type")
            yield self.make(core.WrongType, node, path,
                            f"{where} must be {names}, not {got}" + ("; the CodeDeploy service is expected to reject it (inferred)" if service_parsed else ""),
                            (self._type_hint(expected, node) if self.json else None) or hint or self._type_hint(expected, node),
                            Severity.WARNING if service_parsed else self.severity_of(error, Severity.ERROR))
            return

        if keyword in ("enum", "const"):
            valid = error.validator_value if keyword == "enum" else [error.validator_value]
            shown = [v for v in valid if isinstance(v, str)] or [json.dumps(v) for v in valid]
            bad = error.instance
            aliases = schema.get("x-aliases", {})  # domain names for a value: `pwsh` means powershell.exe
            suggestion = (aliases.get(str(bad)) or aliases.get(str(bad).lower()) or closest(str(bad), shown)) \
                if isinstance(bad, (str, int, float)) else None
            message = f"invalid value {_describe(node, bad)} for {where}: expected {'one of ' if len(shown) > 1 else ''}{quoted_list(shown)}"
            if suggestion and suggestion != str(bad):
                message += f' (did you mean "{suggestion}"?)'
            yield self.make(core.InvalidValue, node, path, message, hint, self.severity_of(error, Severity.ERROR))
            return

        if keyword == "pattern":
            valid = schema.get("x-valid")
            message = f"invalid value {_describe(node, error.instance)} for {where}"
            if schema.get("x-expected") and not valid:
                message += f": expected {schema['x-expected']}"
            if valid:
                message += f": expected one of {quoted_list(valid)}"
                suggestion = closest(str(error.instance), valid)
                if suggestion:
                    message += f' (did you mean "{suggestion}"?)'
            yield self.make(core.InvalidValue, node, path, message, hint, self.severity_of(error, Severity.ERROR))
            return

        if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            relation = {"minimum": "less than the minimum", "maximum": "greater than the maximum",
                        "exclusiveMinimum": "not greater than", "exclusiveMaximum": "not less than"}[keyword]
            expects = f": expected {schema['x-expected']}" if schema.get("x-expected") else ""
            yield self.make(core.OutOfRange, node, path,
                            f"{where} is {error.instance}, {relation} {error.validator_value}{expects}",
                            hint or f"use a value {'of at least' if 'inimum' in keyword else 'of at most'} {error.validator_value}",
                            self.severity_of(error, Severity.ERROR))
            return

        if keyword in ("minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength"):
            count = len(error.instance) if hasattr(error.instance, "__len__") else 0
            unit = {"Items": "item", "Properties": "entry", "Length": "character"}[keyword[3:]]
            bound = error.validator_value
            other = schema.get(("max" if keyword.startswith("min") else "min") + keyword[3:])
            if keyword == "minLength" and bound == 1:
                message = f"{where} is empty"
            elif other == bound:
                message = f"{where} has {plural(count, unit)}; exactly {bound} {verb(bound)} allowed"
            elif keyword.startswith("min"):
                message = f"{where} has {plural(count, unit)}; at least {bound} {verb(bound)} required"
            else:
                message = f"{where} has {plural(count, unit)}; at most {bound} {verb(bound)} allowed"
            if schema.get("x-expected"):
                message += f": expected {schema['x-expected']}"
            yield self.make(core.OutOfRange, node, path, message, hint, self.severity_of(error, Severity.ERROR))
            return

        if keyword in ("not", "false") or "propertyNames" in error.schema_path:
            message = schema.get("x-message") or f"{where} is not allowed here"
            target = key_node or node
            if "propertyNames" in error.schema_path and isinstance(node, MappingNode):
                name = error.instance
                target = node.get_key(name) or node
                path = path + [name]
                message = message.replace("{value}", f'"{name}"')
            yield self.make(core.ConflictingKeys, target, path, message, hint, self.severity_of(error, Severity.ERROR))
            return

        if keyword == "uniqueItems":
            yield self.make(core.InvalidValue, node, path, f"{where} has duplicate items", hint or "remove the repeated items",
                            self.severity_of(error, Severity.ERROR))
            return

        # Any keyword without a mapping of its own: still line-accurate, generic message.
        yield self.make(core.InvalidValue, node, path, f"{where}: {error.message}", hint, self.severity_of(error, Severity.ERROR))

    def _type_name(self, json_type: str) -> str:
        if self.json and json_type == "object":
            return "an object"
        return _TYPE_NAMES.get(json_type, json_type)

    def _type_hint(self, expected: list, node: Optional[Node]) -> Optional[str]:
        if self.json:
            if "array" in expected and isinstance(node, MappingNode):
                return "write a list: put [ ] around the object"
            if "object" in expected and isinstance(node, SequenceNode):
                return "write an object, not a list: remove the [ ] around it" + (" (and keep only one object)" if len(node.items) > 1 else "")
            if "string" in expected and isinstance(node, (MappingNode, SequenceNode)):
                return 'write a JSON string in double quotes'
        if "object" in expected and isinstance(node, ScalarNode) and isinstance(node.value, str):
            match = _NO_SPACE_AFTER_COLON.match(node.text)
            if match:
                return f"write `{match.group(1)}: {match.group(2)}`: YAML needs a space after the colon of a key"
        if "array" in expected and isinstance(node, MappingNode):
            return "write a list: start each entry with '- '"
        if "object" in expected and isinstance(node, SequenceNode):
            return "write a mapping: remove the '- ' in front of the keys"
        if "string" in expected and isinstance(node, MappingNode):
            return "quote the value: a ': ' inside it makes YAML read it as a mapping"
        if ("integer" in expected or "number" in expected) and isinstance(node, ScalarNode) and node.is_quoted:
            return "remove the quotes"
        return None

    def _resolve(self, sub: dict) -> dict:
        """A subschema with its `$ref` followed (one level, in whichever file it points to)."""
        return self.compiled.resolve(sub)

    @staticmethod
    def _property_schema(schema: dict, key: str) -> Optional[dict]:
        sub = schema.get("properties", {}).get(key)
        return sub if isinstance(sub, dict) else None

    def unknown_keys(self, error, path: list, node: Optional[Node]) -> Iterator[Diagnostic]:
        schema = error.schema
        policy = schema.get("x-unknown-keys", "warning")
        if policy == "rule":
            return
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        if not isinstance(node, MappingNode) or not isinstance(error.instance, dict):
            return
        section = f'"{path[-1]}"' if path and isinstance(path[-1], str) else ("the top level" if not path else _where(path))
        for key_node, _ in node.entries():
            name = key_text(key_node)
            canonical = name
            if self.case_insensitive:
                for k in known:
                    if k.lower() == name.lower():
                        canonical = k
            if canonical in known or any(re.search(p, name) for p in patterns):
                continue
            mistake = schema.get("x-mistakes", {}).get(name)
            suggestion = mistake.get("suggest") if mistake else (closest(name, known) if known else None)
            severity = Severity.parse(policy) if policy in ("error", "warning", "info") else Severity.WARNING
            rule = core.UnknownKey
            message = f'unknown key "{name}" {"at" if not path else "in"} {section}'
            if mistake:
                message += f": {mistake['why']}"
            if suggestion:
                message += f' (did you mean "{suggestion}"?)'
                effect = self._resolve(self._property_schema(schema, suggestion) or {}).get("x-if-absent")
                if effect and suggestion not in node:
                    message += f'; it is ignored, so without "{suggestion}" {effect}'
            hint = (mistake or {}).get("hint") or (f"valid keys: {quoted_list(known)}" if known else "remove the key")
            if suggestion and suggestion.lower() == name.lower() and not self.case_insensitive and suggestion != name:
                # Case-sensitive format: `Hooks` is not `hooks`, and AWS ignores it silently. The file is accepted
                # and the run goes on without it, so this is a warning (an error promises a rejection or a failure).
                effect = self._resolve(self._property_schema(schema, suggestion) or {}).get("x-if-absent")
                message = f'unknown key "{name}" {"at" if not path else "in"} {section}: keys are case-sensitive, so this one is ignored (did you mean "{suggestion}"?)'
                if effect and suggestion not in node:
                    message += f'; without "{suggestion}" {effect}'
                hint = f'write "{suggestion}"'
            yield self.make(rule, key_node, path + [name], message, hint, severity)


def check(document: Document) -> list:
    """Schema findings for one document (an empty list for a valid one)."""
    name = schema_name(document)
    if name is None or not isinstance(document.root, MappingNode):
        return []
    schema = load_schema(name)
    compiled = validator(name)
    canonical = _canonical_keys(name) if schema.get("x-case-insensitive-keys") else None
    instance, renamed = to_instance(document.root, canonical)
    mapper = _Mapper(document, schema, compiled)
    findings: list = []
    for key_node, canon in renamed:
        findings.append(core.UnknownKey().report(
            document, key_node,
            f'key "{key_text(key_node)}" is not in its canonical case "{canon}"',
            f'write "{canon}": CodeDeploy reads these keys case-insensitively, but tools such as the AWS CLI and other linters expect "{canon}"',
            severity=Severity.WARNING,
        ))
    if compiled.is_valid(instance):
        return _dedupe(findings)  # valid: the fast answer, no error collection at all
    for error in compiled.iter_errors(instance):
        findings.extend(mapper.map(error))
    return _dedupe(findings)


_VALUE_CODES = (core.WrongType.code, core.OutOfRange.code, core.InvalidValue.code, core.TemplatePlaceholder.code)


def _dedupe(findings: list) -> list:
    """One value finding per node (type before range before value); other kinds as they come."""
    best: dict = {}
    for d in findings:
        if d.code in _VALUE_CODES and d.json_path is not None:
            current = best.get(d.json_path)
            if current is None or _VALUE_CODES.index(d.code) < _VALUE_CODES.index(current.code):
                best[d.json_path] = d
    out, seen = [], set()
    for d in findings:
        if d.code in _VALUE_CODES and d.json_path is not None and best[d.json_path] is not d:
            continue
        key = (d.code, d.span, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


_PLACEHOLDER = re.compile(
    r"^\s*(?:\{\{.*\}\}|\$\{[^}]+\}|#\{[^}]+\}|<[A-Z0-9_:-]+>|__[A-Za-z0-9_]+__|@[A-Za-z0-9_]+@|%[A-Za-z0-9_]+%|[A-Z0-9_]*PLACEHOLDER[A-Z0-9_]*)\s*$"
)


def _tagged(node: Optional[Node]) -> bool:
    """A value with a local tag (`!Ref Version`, `!Sub ...`): a template fills it in; it is not the value itself."""
    tag = getattr(node, "tag", None)
    return isinstance(tag, str) and tag.startswith("!")


def is_placeholder(value: Any) -> bool:
    """Values a template engine or pipeline step fills in later: {{x}}, ${X}, <X>, __X__ ..."""
    return isinstance(value, str) and bool(_PLACEHOLDER.match(value))
