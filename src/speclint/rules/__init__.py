"""The rule registry: the built-in rules of the code table (speclint.codes) plus entry-point plugins.

Third-party packages add rules through the `speclint.rules` entry-point group; each entry
point names a Rule subclass (or a list of them). A plugin cannot take a code of the table,
a retired one included.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import Optional

from speclint.rules.base import Rule

ENTRY_POINT_GROUP = "speclint.rules"


def builtin_rules() -> list:
    """The Rule classes named by the code table, imported."""
    from speclint.codes import builtin_rules as table_rules

    return table_rules()


def _entry_points() -> list:
    """(distribution, name, "module:attr") of every `speclint.rules` entry point on sys.path.

    Reads each installed distribution's entry_points.txt directly: importlib.metadata gives
    the same answer but its imports cost ~15 ms, more than linting a file.
    """
    found, seen = [], set()
    for base in sys.path:
        try:
            names = sorted(os.listdir(base or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            stem = name[: -len(".dist-info")] if name.endswith(".dist-info") else name[: -len(".egg-info")]
            dist = stem.split("-")[0].lower().replace("_", "-")
            if dist in seen:
                continue  # the first copy on sys.path wins, as importlib.metadata does
            seen.add(dist)
            try:
                with open(os.path.join(base or ".", name, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if f"[{ENTRY_POINT_GROUP}]" in text:
                found.extend((dist, ep_name, target) for ep_name, target in _section(text, ENTRY_POINT_GROUP))
    return found


def _section(text: str, group: str) -> list:
    out, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == group
        elif inside and "=" in line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            out.append((key.strip(), value.split("[")[0].strip()))
    return out


def _plugin_rules() -> tuple[list, list]:
    """(rule classes, load errors) from installed plugins."""
    import importlib

    found, errors = [], []
    for dist, name, target in _entry_points():
        module_name, _, attr = target.partition(":")
        try:
            obj = importlib.import_module(module_name)
            for part in filter(None, attr.split(".")):
                obj = getattr(obj, part)
        except Exception as exc:  # a broken plugin must not break speclint
            errors.append(f"plugin {name!r} ({dist}) failed to load: {exc}")
            continue
        items = obj if isinstance(obj, (list, tuple)) else [obj]
        for item in items:
            if isinstance(item, type) and issubclass(item, Rule):
                found.append(item)
            else:
                errors.append(f"plugin {name!r} provides {item!r}, which is not a speclint Rule subclass")
    return found, errors


@lru_cache(maxsize=1)
def registry() -> "Registry":
    plugins, errors = _plugin_rules()
    return Registry(builtin_rules(), plugins, errors)


class Registry:
    def __init__(self, builtins: list, plugins: list, errors: list):
        from speclint.context import option_clash

        self.errors = list(errors)
        self.rules: dict = {}
        from speclint.codes import table

        retired = table().retired
        # Configuration key -> speclint.context.Option, over the options every rule declares.
        self.options: dict = {}
        for rule in builtins + plugins:
            if rule.code in retired:
                self.errors.append(f"rule code {rule.code} of {rule.__module__}.{rule.__name__} is retired; skipped")
                continue
            if rule.code in self.rules:
                self.errors.append(f"rule code {rule.code} of {rule.__module__}.{rule.__name__} is already used; skipped")
                continue
            clash = option_clash(rule, self.options)
            if clash:
                self.errors.append(f"rule {rule.code} of {rule.__module__}.{rule.__name__}: {clash}; skipped")
                continue
            self.rules[rule.code] = rule
            self.options.update(rule.options)
        self.by_name = {rule.name: rule for rule in self.rules.values()}
        self.plugins = plugins

    def all(self) -> list:
        return sorted(self.rules.values(), key=lambda r: r.code)

    def get(self, code_or_name: str) -> Optional[type]:
        return self.rules.get(code_or_name.upper()) or self.by_name.get(code_or_name.lower())

    def instances(self) -> list:
        return [rule() for rule in self.all() if rule.stage == "rules"]
