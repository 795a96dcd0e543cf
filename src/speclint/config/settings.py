"""How command-line flags and configuration files combine into each file's Options.

Precedence, as in ruff: `--select` replaces the file's `select` and `ignore`; `--ignore`
and `--extend-select` add to it; other flags (fail-on, max-file-size, revision-root, ...)
override the file. `--isolated` reads no configuration file, `--config` reads exactly one.
"""

from __future__ import annotations

import os
from typing import Optional

from speclint import config as config_mod
from speclint.context import LintContext
from speclint.diagnostics import Severity
from speclint.lint import Options
from speclint.record import field, record


@record
class Flags:
    """What the user said on the command line (None: not said)."""

    kind: Optional[str] = None
    select: tuple = ()
    ignore: tuple = ()
    extend_select: tuple = ()
    fail_on: Optional[str] = None
    max_file_size: Optional[int] = None
    revision_root: Optional[str] = None
    ecs_pipeline: Optional[bool] = None
    respect_gitignore: Optional[bool] = None
    image: Optional[str] = None
    shell_checks: Optional[bool] = None
    no_ignores: bool = False
    isolated: bool = False
    config_file: Optional[str] = None
    force_exclude: bool = False
    skip_unrecognized: bool = False  # named files a folder search would not take are skipped (pre-commit)
    deployment: Optional[str] = None
    load_balancer: Optional[bool] = None
    jobs: Optional[int] = None  # worker processes; None: automatic
    extra: dict = field(default_factory=dict)


class Resolver:
    """Finds the configuration of each path once and builds its Options."""

    def __init__(self, flags: Flags):
        self.flags = flags
        self._option_keys: Optional[tuple] = None
        self._explicit = config_mod.load(flags.config_file) if flags.config_file else None

    def config_for(self, path: str) -> config_mod.Config:
        if self.flags.isolated:
            return config_mod.EMPTY
        if self._explicit is not None:
            return self._explicit
        return config_mod.for_file(path)

    def config_for_dir(self, directory: str) -> config_mod.Config:
        if self.flags.isolated:
            return config_mod.EMPTY
        return self._explicit if self._explicit is not None else config_mod.find(directory)

    def run_config(self) -> config_mod.Config:
        """The configuration of the current folder: run-wide settings (fail-on) come from it."""
        return self.config_for_dir(os.getcwd())

    def fail_on(self) -> Severity:
        text = self.flags.fail_on or self.run_config().get("fail-on")
        return Severity.parse(text)

    def respect_gitignore(self, cfg: config_mod.Config) -> bool:
        if self.flags.respect_gitignore is not None:
            return self.flags.respect_gitignore
        return bool(cfg.get("respect-gitignore"))

    def options_for(self, path: str, kind: Optional[str] = None, stdin: bool = False) -> Options:
        """The Options of one file, with its LintContext (`stdin`: it is read from standard input)."""
        flags = self.flags
        cfg = self.config_for(path)
        select = flags.select or tuple(cfg.get("select"))
        # As in ruff, a selection on the command line starts afresh: the file's ignore list is dropped.
        ignore = (() if flags.select else tuple(cfg.get("ignore"))) + cfg.per_file_ignores(path) + flags.ignore
        extend_select = tuple(cfg.get("extend-select")) + flags.extend_select
        severity = {_code_of(code): Severity.parse(level) for code, level in cfg.get("severity").items()}
        options = Options(kind=flags.kind or kind, select=select, ignore=ignore, extend_select=extend_select,
                          severity_overrides=severity, context=self.context_for(path, cfg, stdin))
        options.max_file_size = flags.max_file_size or cfg.get("max-file-size")
        options.no_ignores = flags.no_ignores
        return options

    def context_for(self, path: str, cfg: config_mod.Config, stdin: bool = False) -> LintContext:
        """The file's LintContext: a flag over the configuration over the declared default. Rule
        options come from the declarations (config.declarations), each overridden by the flag
        of the same name (`ecs-pipeline` by --ecs-pipeline/--no-ecs-pipeline) when it was given."""
        flags = self.flags
        root = flags.revision_root
        if root is None and cfg.get("revision-root"):
            root = os.path.join(cfg.base, cfg.get("revision-root"))
        config_image, where = cfg.image_entry(path)
        shell = flags.shell_checks if flags.shell_checks is not None else cfg.get("shell-checks")
        options = {}
        for key in self._rule_option_keys():
            said = getattr(flags, key.replace("-", "_"), None)
            value = said if said is not None else cfg.values.get(key)
            if value is not None:
                options[key] = value
        return LintContext(image=flags.image or None, config_image=config_image, config_image_where=where,
                           revision_root=root or None, shell_checks=shell, stdin=stdin,
                           options=tuple(sorted(options.items())))

    def _rule_option_keys(self) -> tuple:
        if self._option_keys is None:
            from speclint.rules import registry

            self._option_keys = tuple(key for key in registry().options if key not in config_mod.SETTINGS)
        return self._option_keys


def _code_of(code_or_name: str) -> str:
    from speclint.rules import registry

    rule = registry().get(code_or_name)
    return rule.code if rule is not None else code_or_name.upper()
