"""AWS's failure messages and the rules that prevent them: the catalogue and the matcher.

The catalogue is read from the rules themselves: every rule that prevents an AWS failure
quotes that failure's message in backticks in its References section or names it in its
`prevents` line ("Prevents:" in docs/rules.md), so there is one source for the docs and for
`speclint explain`.

Matching is robust to the parts of a message that change from build to build: numbers
(line numbers, versions, modes), quoted values ('12', "appspec.yml"), paths and the text
around the message (a CodeBuild phase context, a log prefix) are reduced to placeholders
or ignored, and the remaining words are weighted by how rare they are across the catalogue.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterable

from speclint.record import record

# A quoted text in a References bullet: `...`; a message when it has two words or more and
# is not a speclint command line (`speclint schema NAME`).
_QUOTED = re.compile(r"`([^`]*)`")
_NOT_MESSAGE = re.compile(r"^\S*$|^speclint\s")
# `prevents` names one or more messages: "A / B", "A; B", each maybe followed by its code or a
# remark in parentheses ("(ScriptMissing)", "(exit 126)", "(EC2 appspec)").
_PREVENTS_SPLIT = re.compile(r"\s+/\s+|;\s+")
_REMARK = re.compile(r"\s*\(([^()]*[A-Za-z][^()]*)\)\s*$")
# A `prevents` part that describes a failure with no message of its own ("settings that are
# silently ignored", "an appspec read as garbage"): nothing to paste, nothing to match.
_DESCRIPTION = re.compile(r"\bsilently\b|\bread as\b")
# CodeBuild's log prefix and phase context: "[Container] 2024/05/01 10:00:00.123456 Phase
# context status code: " — the same on every failure.
_LOG_PREFIX = re.compile(r"\[container\]\s*[\d/]+\s+[\d:.]+\s*|phase context status code:?", re.I)
# An empty value AWS quotes in parentheses ("unsupported operating system ()"): another cause
# than a wrong value ("(Linux)").
# "Unknown runtime version named '3.9' of python": what the quoted value belongs to changes too.
_OWNER = re.compile(r"(<q>\s+of)\s+(?:<[a-z]+>|[\w.-]+)")
_EMPTY = re.compile(r"\(\s*\)")
_STRING = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_PATH = re.compile(r"(?:[\w.~-]*/[\w.@~^*-]*)+/?")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
# A list of names ("dotnet, golang, java", "build,install,post_build"): what the image or
# the version offers, which changes.
_LIST = re.compile(r"[\w.<>-]+(?:\s*,\s*[\w.<>-]+){2,}")
_WORD = re.compile(r"<[a-z]+>|[a-z_]+[a-z0-9_]*")
# Words of a message that say nothing about its cause.
_STOP = frozenset("a an and are at be by for in is it of on or the this to was with".split())
# Words AWS puts around every failure (its error codes, "Message:", "failed"): they say that
# something failed, not what. They weigh little and never make a match on their own.
GENERIC = frozenset("""error errors message failed failure fail code status phase context container
    yaml_file_error client_error command_execution_error unknownerror build deployment exit exited
    no such file directory""".split())
_GENERIC_WEIGHT = 0.05
# A match needs this much weight of distinctive words (not generic, not placeholders) shared
# with the rule's message: about one rare word or two common ones.
_MIN_DISTINCTIVE = 2.0
# An input this short is a code or a fragment ("ScriptMissing", "YAML_FILE_ERROR"): it is
# matched by how much of it a message covers, not by how much of the message it covers.
_SHORT = 4


@record(frozen=True)
class Known:
    """One AWS message a rule prevents (`text` as quoted in the rule's References)."""

    code: str
    text: str
    context: str  # the rest of the References bullet, e.g. "(ScriptMissing)"


@record(frozen=True)
class Match:
    code: str
    text: str  # the catalogue's message that matched
    score: float  # 0..1


def tokens(message: str) -> tuple:
    """The words of a message with its variable parts as placeholders: <q>, <path>, <n>."""
    text = _LOG_PREFIX.sub(" ", message.lower().replace("\\r", ""))
    text = _EMPTY.sub(" <empty> ", text)
    text = _STRING.sub(" <q> ", text)
    text = _OWNER.sub(r"\1 <name> ", text)
    text = _PATH.sub(" <path> ", text)
    text = _NUMBER.sub(" <n> ", text)
    text = _LIST.sub(" <list> ", text)
    return tuple(w for w in _WORD.findall(text) if w not in _STOP)


def prevented(prevents: str) -> list:
    """Each part of a rule's `prevents` line as (kind, text, remark).

    "A / B" and "A; B" name two parts; a trailing "(ScriptMissing)" is a remark. The kind is
    "message" (an AWS message: catalogued), "description" (a failure without a message:
    "settings that are silently ignored") or "generic" (only AWS's generic words:
    "YAML_FILE_ERROR", which cannot tell one cause from another).
    """
    out = []
    for part in _PREVENTS_SPLIT.split(prevents.strip()):
        remark = _REMARK.search(part)
        text = (part[:remark.start()] if remark else part).strip()
        kind = "description" if _DESCRIPTION.search(text) else "message" if distinctive(text) else "generic"
        if text:
            out.append((kind, text, f"({remark.group(1)})" if remark else ""))
    return out


def distinctive(message: str) -> set:
    """The words of a message that can tell one cause from another (not generic, not placeholders)."""
    return {w for w in tokens(message) if w not in GENERIC and not w.startswith("<")}


@lru_cache(maxsize=1)
def catalogue() -> tuple:
    """Every (rule code, AWS message) from the rules' References and `prevents` lines."""
    from speclint.rules import registry

    out = []
    for rule in registry().all():
        seen = set()
        references = rule.doc_sections().get("References", "")
        for bullet in re.split(r"\n\s*-\s+", "\n" + references):
            for quoted in _QUOTED.findall(bullet):
                if len(tokens(quoted)) >= 2 and distinctive(quoted) and not _NOT_MESSAGE.match(quoted):
                    out.append(Known(rule.code, quoted, _QUOTED.sub(" ", bullet)))
                    seen.add(tokens(quoted))
        for kind, text, remark in prevented(rule.prevents):
            if kind == "message" and tokens(text) not in seen:
                out.append(Known(rule.code, text, remark))
                seen.add(tokens(text))
    return tuple(out)


@lru_cache(maxsize=1)
def _weights() -> dict:
    """Inverse document frequency of each word over the catalogue's messages."""
    known = catalogue()
    seen: dict = {}
    for item in known:
        for word in set(tokens(item.text)) | set(tokens(item.context)):
            seen[word] = seen.get(word, 0) + 1
    total = len(known) + 1
    return {word: math.log(total / count) + 0.1 for word, count in seen.items()}


def _weight(word: str, weights: dict) -> float:
    if word.startswith("<"):
        return 0.05  # a placeholder says little: every message has numbers
    if word in GENERIC:
        return _GENERIC_WEIGHT
    return weights.get(word, math.log(len(catalogue()) + 1) + 0.1)


def _coverage(part: Iterable[str], whole: set, weights: dict) -> float:
    words = set(part)
    total = sum(_weight(w, weights) for w in words)
    return sum(_weight(w, weights) for w in words if w in whole) / total if total else 0.0


def _from_first(words: tuple, known: set) -> list:
    """The given words from the first one the known message has (drops a log prefix)."""
    for i, word in enumerate(words):
        if word in known and not word.startswith("<"):
            return [w for w in words[i:] if not w.startswith("<")]
    return []


def match(message: str, threshold: float = 0.8) -> list:
    """The rules whose AWS messages match `message`, best first (ties together), or [].

    Each rule appears once, with its best-matching message. A rule is listed when its score
    is at least `threshold` and within 0.1 of the best score, and when the message shares
    distinctive words with the rule's (generic words such as "error" or "YAML_FILE_ERROR"
    alone never match: see `generic_only`). Of two equally good messages, the one that also
    explains more of the given message wins (a more specific rule over a general one).
    """
    weights = _weights()
    words = tokens(message)
    given = set(words)
    short = len(set(w for w in words if not w.startswith("<"))) <= _SHORT
    pairs = _pairs(words)
    best: dict = {}
    for item in catalogue():
        known = tokens(item.text)
        around = set(tokens(item.context))
        shared = (given & set(known)) | (given & around if short else set())
        if sum(_weight(w, weights) for w in shared if w not in GENERIC and not w.startswith("<")) < _MIN_DISTINCTIVE:
            continue
        score = _coverage(known, given, weights)
        # AWS appends context to some messages and users paste a part: a message that
        # matches the start of the known one well is nearly as good as a full match.
        # Only when the rest of the given message is explained by the known one: otherwise a
        # shared opening ("The deployment failed because the application specification file")
        # would match every message that starts the same way.
        if _coverage(_from_first(words, set(known)), set(known), weights) >= 0.8:
            for cut in range(max(4, math.ceil(0.6 * len(known))), len(known)):
                score = max(score, _coverage(known[:cut], given, weights) * (0.9 + 0.1 * cut / len(known)))
        if short:
            score = max(score, 0.95 * _coverage(words, set(known) | around, weights))
        if ("<empty>" in known) != ("<empty>" in given):
            score *= 0.85  # "unsupported operating system ()" is another cause than "(Linux)"
        # How much of the given message this one explains: breaks ties towards the specific.
        score *= 0.9 + 0.1 * _coverage(words, set(known) | around, weights)
        # And in the same order: "unknown runtime version named" is not "unknown runtime named".
        # Of the known message's neighbouring words that the given one has, how many are
        # neighbours there too.
        both = {p for p in _pairs(known) if p[0] in given and p[1] in given}
        if both:
            score *= 0.8 + 0.2 * len(both & pairs) / len(both)
        if literals(item.text) & literals(message):
            score += 0.15  # the same value as quoted (docker): this very case, not just the same kind
        if score > best.get(item.code, Match(item.code, "", -1.0)).score:
            best[item.code] = Match(item.code, item.text, round(score, 3))
    ranked = sorted(best.values(), key=lambda m: (-min(m.score, 1.0), -m.score, m.code))
    if not ranked or ranked[0].score < threshold:
        return []
    top = ranked[0].score
    return [m for m in ranked if m.score >= max(threshold, top - 0.1)]


def _pairs(words) -> set:
    """Neighbouring distinctive words (generic words and placeholders left out): the order."""
    kept = [w for w in words if w not in GENERIC and not w.startswith("<")]
    return set(zip(kept, kept[1:]))


def generic_only(message: str) -> bool:
    """Whether a message has AWS's generic words ("error", "YAML_FILE_ERROR") and no word that
    the catalogue could tell a cause by: speclint cannot tell the cause from it alone."""
    words = set(tokens(message))
    known = _weights()
    return bool(words & GENERIC) and not any(w in known for w in words - GENERIC if not w.startswith("<"))


def literals(message: str) -> set:
    """The quoted values of a message, lower case: 'docker' in `Unknown runtime named 'docker'`."""
    return {s[1:-1].strip().lower() for s in _STRING.findall(message) if s[1:-1].strip()}


def line_of(message: str):
    """The line number a message names ("at line 25"), or None."""
    found = re.search(r"\bat line (\d+)", message)
    return int(found.group(1)) if found else None
