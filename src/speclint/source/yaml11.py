"""YAML 1.1 scalar resolution, the way AWS's parsers read plain scalars.

CodeBuild (Go) and the CodeDeploy agent (Ruby Psych) follow YAML 1.1: `yes`/`no`/`on`/`off`
are booleans, `0755` is an octal int (493), `3.10` is the float 3.1 and `0.0` a float.
ruamel.yaml defaults to YAML 1.2, so speclint resolves plain scalars itself.
"""

from __future__ import annotations

import math
import re
from typing import Any

_BOOL = {
    "yes": True, "Yes": True, "YES": True, "true": True, "True": True, "TRUE": True,
    "on": True, "On": True, "ON": True,
    "no": False, "No": False, "NO": False, "false": False, "False": False, "FALSE": False,
    "off": False, "Off": False, "OFF": False,
}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_TIMESTAMP = re.compile(
    r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
        |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""",
    re.X,
)

STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = "str", "int", "float", "bool", "null", "timestamp"


def _sexagesimal(text: str, cast) -> Any:
    sign = -1 if text.startswith("-") else 1
    digits = [cast(part) for part in text.lstrip("+-").split(":")]
    value = 0
    for d in digits:
        value = value * 60 + d
    return sign * value


def _int(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    body = t.lstrip("+-")
    if ":" in body:
        return _sexagesimal(t, int)
    if body.startswith("0b"):
        return sign * int(body[2:], 2)
    if body.startswith("0x"):
        return sign * int(body[2:], 16)
    if body != "0" and body.startswith("0"):
        return sign * int(body, 8)
    return sign * int(body)


def _float(text: str) -> float:
    t = text.replace("_", "")
    low = t.lower()
    if low.endswith(".inf"):
        return -math.inf if low.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    if ":" in t:
        return float(_sexagesimal(t, float))
    return float(t)


def resolve_plain(text: str) -> tuple[str, Any]:
    """(type name, value) of an untagged plain scalar under YAML 1.1."""
    if text in _NULL:
        return NULL, None
    first = text[0]
    if first in "yYnNtTfFoO" and text in _BOOL:
        return BOOL, _BOOL[text]
    if first in "+-0123456789.":
        if _INT.match(text):
            try:
                return INT, _int(text)
            except ValueError:
                return STR, text
        if _FLOAT.match(text):
            try:
                return FLOAT, _float(text)
            except ValueError:
                return STR, text
        if _TIMESTAMP.match(text):
            return TIMESTAMP, text
    return STR, text


_CORE_TAGS = {
    "tag:yaml.org,2002:str": STR,
    "tag:yaml.org,2002:int": INT,
    "tag:yaml.org,2002:float": FLOAT,
    "tag:yaml.org,2002:bool": BOOL,
    "tag:yaml.org,2002:null": NULL,
    "tag:yaml.org,2002:timestamp": TIMESTAMP,
}


def resolve_tagged(text: str, tag: str) -> tuple[str, Any]:
    """A scalar with an explicit tag. Unknown tags (`!Ref`) are data: the text, as a string."""
    wanted = _CORE_TAGS.get(tag)
    if wanted is None or wanted == STR:
        return STR, text
    kind, value = resolve_plain(text)
    if kind == wanted:
        return kind, value
    if wanted == FLOAT and kind == INT:
        return FLOAT, float(value)
    return STR, text
