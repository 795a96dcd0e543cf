"""AWS's failure messages and the rules that prevent them: the catalogue and the matcher.

The catalogue is read from the rules themselves: every rule that prevents an AWS failure
quotes that failure's message in backticks in its References section (see docs/rules.md),
so there is one source for the docs and for `speclint explain`.

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

# A quoted message in a References bullet: `...` with at least two words.
_QUOTED = re.compile(r"`([^`]*\s[^`]*)`")
_STRING = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_PATH = re.compile(r"(?:[\w.~-]*/[\w.@~^*-]*)+/?")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
# A list of names ("dotnet, golang, java", "build,install,post_build"): what the image or
# the version offers, which changes.
_LIST = re.compile(r"[\w.<>-]+(?:\s*,\s*[\w.<>-]+){2,}")
_WORD = re.compile(r"<[a-z]+>|[a-z_]+[a-z0-9_]*")
# Words of a message that say nothing about its cause.
_STOP = frozenset("a an and are at be by for in is it of on or the this to was with".split())
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
    text = message.lower().replace("\\r", "")
    text = _STRING.sub(" <q> ", text)
    text = _PATH.sub(" <path> ", text)
    text = _NUMBER.sub(" <n> ", text)
    text = _LIST.sub(" <list> ", text)
    return tuple(w for w in _WORD.findall(text) if w not in _STOP)


@lru_cache(maxsize=1)
def catalogue() -> tuple:
    """Every (rule code, quoted AWS message) from the rules' References sections."""
    from speclint.rules import registry

    out = []
    for rule in registry().all():
        references = rule.doc_sections().get("References", "")
        for bullet in re.split(r"\n\s*-\s+", "\n" + references):
            for quoted in _QUOTED.findall(bullet):
                if len(tokens(quoted)) >= 2:
                    out.append(Known(rule.code, quoted, _QUOTED.sub(" ", bullet)))
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
    is at least `threshold` and within 0.1 of the best score.
    """
    weights = _weights()
    words = tokens(message)
    given = set(words)
    best: dict = {}
    for item in catalogue():
        known = tokens(item.text)
        score = _coverage(known, given, weights)
        # AWS appends context to some messages and users paste a part: a message that
        # matches the start of the known one well is nearly as good as a full match.
        # Only when the rest of the given message is explained by the known one: otherwise a
        # shared opening ("The deployment failed because the application specification file")
        # would match every message that starts the same way.
        if _coverage(_from_first(words, set(known)), set(known), weights) >= 0.8:
            for cut in range(max(4, math.ceil(0.6 * len(known))), len(known)):
                score = max(score, _coverage(known[:cut], given, weights) * (0.9 + 0.1 * cut / len(known)))
        if len(set(w for w in words if not w.startswith("<"))) <= _SHORT:
            score = max(score, 0.95 * _coverage(words, set(known) | set(tokens(item.context)), weights))
        if literals(item.text) & literals(message):
            score += 0.15  # the same value as quoted (docker): this very case, not just the same kind
        if score > best.get(item.code, Match(item.code, "", -1.0)).score:
            best[item.code] = Match(item.code, item.text, round(score, 3))
    ranked = sorted(best.values(), key=lambda m: (-min(m.score, 1.0), m.code))
    if not ranked or ranked[0].score < threshold:
        return []
    top = ranked[0].score
    return [m for m in ranked if m.score >= max(threshold, top - 0.1)]


def literals(message: str) -> set:
    """The quoted values of a message, lower case: 'docker' in `Unknown runtime named 'docker'`."""
    return {s[1:-1].strip().lower() for s in _STRING.findall(message) if s[1:-1].strip()}


def line_of(message: str):
    """The line number a message names ("at line 25"), or None."""
    found = re.search(r"\bat line (\d+)", message)
    return int(found.group(1)) if found else None
