"""The lint context: what a file is linted under, typed and immutable, and the Option
declarations configuration keys are validated against.

A `LintContext` is built once per file (config/settings.py `Resolver.options_for`, from the
command-line flags and the nearest configuration file) and never written afterwards; a
document that knows more about itself gets a copy with `replace()` - lint.py records the
image a buildspec runs on (`image_choice`), and a buildspec embedded in a template will take
the template's `Environment.Image` the same way (`replace(ctx, config_image=...,
config_image_where=...)` before the image is chosen). Facts the pipeline learns while it
runs (ShellCheck ran, caches) are not settings and live on the Document (`Document.state`).

Two kinds of configuration keys, both declared with `Option` and validated centrally by
`speclint.config.validate` (unknown key, wrong type, a value outside `choices`, a `check`):
- settings of the run or the file (`select`, `image`, `revision-root`, `shell-checks`, ...),
  declared in `speclint.config.SETTINGS`; the ones rules read are fields of LintContext;
- rule options (`ecs-pipeline`, `deployment`, ...), declared by the rules that read them
  (`options = {"ecs-pipeline": ECS_PIPELINE}`, the model of yamllint's CONF/DEFAULT) and
  read with `Rule.option(doc, key)`; the default lives in the declaration only, the context
  holds only values the configuration or a flag set.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from speclint.record import field, record, replace

__all__ = ["Option", "LintContext", "option_clash", "options_by_rule", "replace"]

# Option.type -> how the type is named in messages and docs.
TYPE_NAMES = {bool: ("bool", "true or false"), int: ("int", "a whole number"), str: ("str", "a string"),
              list: ("list", "a list of strings"), dict: ("table", "a table")}


@record(frozen=True)
class Option:
    """One configuration key: its type (bool, int, str, list of strings, dict), default, and
    one-line description for the docs.

    `choices`: the only values allowed (strings). `check(value)`: further validation, returning
    None when the value is good, else the error text or (the key or table entry to point at,
    the error text). `path`: the value is a file or folder path (no NUL character, at most
    4,096 characters).
    """

    type: type
    default: Any
    doc: str
    choices: tuple = ()
    check: Optional[Callable] = field(default=None, compare=False)
    path: bool = False

    @property
    def type_name(self) -> str:
        return TYPE_NAMES[self.type][0]

    def accepts(self, value: Any) -> bool:
        """Whether `value`, as a TOML parser returns it, has this option's type."""
        if self.type is bool:
            return isinstance(value, bool)
        if self.type is int:
            return isinstance(value, int) and not isinstance(value, bool)
        if self.type is list:
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        return isinstance(value, self.type)

    def expected(self) -> str:
        if self.choices:
            quoted = [f'"{c}"' for c in self.choices]
            return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        return TYPE_NAMES[self.type][1]


def option_clash(rule, declared: dict) -> Optional[str]:
    """Why `rule`'s options cannot join the options already `declared` by other rules, or None.
    Two rules may read the same key only with the same declaration (a shared Option object,
    as the ECS rules share ecs_pipeline.NAME_OPTIONS). The registry skips such a rule (a
    plugin's mistake must not break speclint). A rule option named like a setting is shadowed
    by the setting (speclint.config.declarations)."""
    options = getattr(rule, "options", None)
    if not isinstance(options, dict):
        return "its `options` is not a dict of configuration key -> Option"
    for key, option in options.items():
        if not isinstance(option, Option) or option.type not in TYPE_NAMES:
            return f"option {key!r} is not an Option of bool, int, str, list or dict"
        if key in declared and declared[key] != option:
            return f"option {key!r} is declared differently by another rule"
    return None


def options_by_rule(rules: Iterable) -> dict:
    """Configuration key -> codes of the rules that read it (for the docs)."""
    out: dict = {}
    for rule in rules:
        for key in getattr(rule, "options", {}):
            out.setdefault(key, []).append(rule.code)
    return out


@record(frozen=True)
class LintContext:
    """What one file is linted under. Built once (Resolver.options_for); never changed, only
    copied with `replace()`."""

    # --image: the CodeBuild image named on the command line (it wins over everything).
    image: Optional[str] = None
    # The configuration's image for this file (`images` glob, else `image`) and where it was set.
    config_image: Optional[str] = None
    config_image_where: Optional[str] = None
    # The image this document is checked against, with its provenance (runtimes.choose_image;
    # lint.py sets it per document). None: nothing names one.
    image_choice: Optional[Any] = None
    # The folder bundled into the CodeDeploy revision (--revision-root, `revision-root`), absolute
    # or relative to the working folder; None: not said.
    revision_root: Optional[str] = None
    # Run ShellCheck on commands and hook scripts (`shell-checks`, --no-shell-checks).
    shell_checks: bool = True
    # The file was read from standard input: no folder around it to look into.
    stdin: bool = False
    # Rule option values the configuration or a flag set, as sorted (key, value) pairs; rules
    # read them with Rule.option(), which falls back on the rule's declared default.
    options: tuple = ()

    def option(self, key: str, declared: Option) -> Any:
        """The value of rule option `key` for this file: as configured, else `declared.default`."""
        for name, value in self.options:
            if name == key:
                return value
        return declared.default

    def with_options(self, values: dict) -> "LintContext":
        """A copy with these rule option values set (over the ones already set)."""
        merged = dict(self.options)
        merged.update(values)
        return replace(self, options=tuple(sorted(merged.items())))
