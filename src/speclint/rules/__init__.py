"""The rule registry: the explicit list of built-in rules plus entry-point plugins.

Third-party packages add rules through the `speclint.rules` entry-point group; each entry
point names a Rule subclass (or a list of them).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from speclint.rules.base import Rule
from speclint.rules.core import CORE_RULES

ENTRY_POINT_GROUP = "speclint.rules"


def builtin_rules() -> list:
    from speclint.rules.catalog import DOMAIN_RULES
    from speclint.rules.comments import COMMENT_RULES

    return list(CORE_RULES) + list(COMMENT_RULES) + list(DOMAIN_RULES)


def _plugin_rules() -> tuple[list, list]:
    """(rule classes, load errors) from installed plugins."""
    from importlib.metadata import entry_points

    found, errors = [], []
    try:
        eps = entry_points(group=ENTRY_POINT_GROUP)
    except TypeError:  # Python 3.9
        eps = entry_points().get(ENTRY_POINT_GROUP, [])
    for ep in eps:
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not break speclint
            errors.append(f"plugin {ep.name!r} failed to load: {exc}")
            continue
        items = obj if isinstance(obj, (list, tuple)) else [obj]
        for item in items:
            if isinstance(item, type) and issubclass(item, Rule):
                found.append(item)
            else:
                errors.append(f"plugin {ep.name!r} provides {item!r}, which is not a speclint Rule subclass")
    return found, errors


@lru_cache(maxsize=1)
def registry() -> "Registry":
    plugins, errors = _plugin_rules()
    return Registry(builtin_rules(), plugins, errors)


class Registry:
    def __init__(self, builtins: list, plugins: list, errors: list):
        self.errors = list(errors)
        self.rules: dict = {}
        for rule in builtins + plugins:
            if rule.code in self.rules:
                self.errors.append(f"rule code {rule.code} of {rule.__module__}.{rule.__name__} is already used; skipped")
                continue
            self.rules[rule.code] = rule
        self.by_name = {rule.name: rule for rule in self.rules.values()}
        self.plugins = plugins

    def all(self) -> list:
        return sorted(self.rules.values(), key=lambda r: r.code)

    def get(self, code_or_name: str) -> Optional[type]:
        return self.rules.get(code_or_name.upper()) or self.by_name.get(code_or_name.lower())

    def instances(self) -> list:
        return [rule() for rule in self.all() if rule.stage == "rules"]
