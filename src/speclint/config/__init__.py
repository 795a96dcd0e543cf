"""Project configuration: `.speclint.toml`, `speclint.toml` or `[tool.speclint]` in pyproject.toml.

The nearest file walking up from a linted file's folder wins (one file, no merging, like
ruff), up to the repository root (see _find for who may own it). Every key and every rule code in it is validated: a typo is a ConfigError with a
did-you-mean and the line it is on, never silently ignored.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any, Optional

from speclint.source import safe_open
from speclint.cli.options import MAX_FILE_SIZE
from speclint.context import Option
from speclint.record import field, record
from speclint import run_scope
from speclint.source.loader import DEFAULT_MAX_FILE_SIZE as MAX_FILE_SIZE_DEFAULT
from speclint.config.files import (  # noqa: F401 - ConfigError and Unreadable are part of this module's API
    MAX_CONFIG_SIZE, ConfigError, Unreadable, key_line, read_limited, untrusted_owner)

CONFIG_NAMES = (".speclint.toml", "speclint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")

# The checks of the SETTINGS below: each returns None, the error text, or (the key or table
# entry the error points at, the error text).
def _selectors(value) -> Optional[str]:
    from speclint.selection import problem as unknown_selector

    for code in value:
        problem = unknown_selector(code)
        if problem:
            return problem
    return None


def _severities(value) -> Optional[tuple]:
    from speclint.selection import problem as unknown_selector

    for code, level in value.items():
        problem = unknown_selector(code, allow_prefix=False)
        if problem:
            return code, problem
        if not isinstance(level, str) or level.lower() not in SEVERITIES:
            from speclint.suggest import did_you_mean

            return code, (f'severity of "{code}" must be one of {", ".join(SEVERITIES)}, not {level!r}'
                          f'{did_you_mean(level, SEVERITIES)}')
    return None


def _per_file_ignores(value) -> Optional[tuple]:
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            return pattern, f'per-file-ignores["{pattern}"] must be a list of rule codes'
        problem = _selectors(codes)
        if problem:
            return pattern, problem
    return _globs(value, "per-file-ignores")


def _images(value) -> Optional[tuple]:
    for pattern, image in value.items():
        if not isinstance(image, str):
            return pattern, f'images["{pattern}"] must be an image name string'
    return _globs(value, "images")


def _globs(patterns, key: str) -> Optional[tuple]:
    """The first pattern (of a list, or the keys of a table) no file path can take or that is no glob."""
    from speclint.globs import GlobError, check

    for pattern in patterns:
        problem = path_problem(pattern, pattern if isinstance(patterns, dict) else key)
        if problem:
            return (pattern if isinstance(patterns, dict) else key), problem
        try:
            check(pattern)
        except GlobError as exc:
            return (pattern if isinstance(patterns, dict) else key), f'bad glob "{pattern}" in "{key}": {exc}'
    return None


def _glob_list(key: str):
    return lambda value: _globs(value, key)


def _fail_on(value) -> Optional[str]:
    from speclint.suggest import did_you_mean

    return None if value.lower() in SEVERITIES else \
        f'"fail-on" must be one of {", ".join(SEVERITIES)}, not "{value}"{did_you_mean(value, SEVERITIES)}'


def _max_file_size(value) -> Optional[str]:
    return None if 1 <= value <= MAX_FILE_SIZE else \
        f'"max-file-size" must be a number of bytes from 1 to {MAX_FILE_SIZE:,}, not {value:,}'


# The settings of the run and of each file: key -> Option (type, default, description,
# validation). Rule options (`ecs-pipeline`, `deployment`, ...) are declared by the rules that
# read them (speclint.context); `declarations()` is both. The README's configuration table is
# built from them.
SETTINGS: dict = {
    "select": Option(list, [], "Only these rules: codes, code prefixes (`B0`), rule names, or `ALL`.", check=_selectors),
    "extend-select": Option(list, [], "Rules to enable on top of the defaults (e.g. rules that are off by default).",
                            check=_selectors),
    "ignore": Option(list, [], "Rules to skip: codes, prefixes or names.", check=_selectors),
    "severity": Option(dict, {}, "Per-rule severity: `{ B004 = \"error\", unknown-key = \"info\" }`.", check=_severities),
    "per-file-ignores": Option(dict, {}, "Rules to skip for files matching a glob: `{ \"legacy/**\" = [\"S001\"] }`.",
                               check=_per_file_ignores),
    "buildspec-patterns": Option(list, [], "Globs of extra files to lint as buildspecs (`codebuild/**/*.yml`).",
                                 check=_glob_list("buildspec-patterns")),
    "appspec-patterns": Option(list, [], "Globs of extra files to lint as appspecs.", check=_glob_list("appspec-patterns")),
    "exclude": Option(list, [], "Globs of files and folders never searched (`templates`, `tests/fixtures/**`).",
                      check=_glob_list("exclude")),
    "respect-gitignore": Option(bool, True, "Skip files that git ignores when searching folders (default true)."),
    "fail-on": Option(str, "error", "The lowest severity that fails the run: `error` (default), `warning` or `info`.",
                      check=_fail_on),
    "max-file-size": Option(int, MAX_FILE_SIZE_DEFAULT, "Files larger than this many bytes are reported, not parsed (default 2 MiB).",
                            check=_max_file_size),
    "revision-root": Option(str, None, "The folder bundled into the CodeDeploy revision, relative to this file.", path=True),
    "image": Option(str, None, "The CodeBuild image buildspecs run on (`aws/codebuild/standard:7.0`)."),
    "images": Option(dict, {}, "The image per buildspec glob: `{ \"ci/arm/*.yml\" = \"aws/codebuild/amazonlinux-aarch64-standard:3.0\" }`; "
                               "files a glob matches are linted as buildspecs.", check=_images),
    "shell-checks": Option(bool, True, "Run ShellCheck on commands and hook scripts when it is installed (default true)."),
    "extend": Option(str, None, "Another configuration file this one adds to (`../pyproject.toml`), inside the repository.",
                     path=True),
}


def declarations() -> dict:
    """Every configuration key: the SETTINGS, then the options the registered rules declare (a
    plugin's option named like a setting is the setting: settings are never redefined)."""
    from speclint.rules import registry

    return {**SETTINGS, **{key: option for key, option in registry().options.items() if key not in SETTINGS}}


_DECLARED = object()  # Config.get without a default: the declaration's


@record
class Config:
    path: Optional[str] = None  # None: no configuration file
    values: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        """The folder that relative globs and paths in this file start from."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.path.abspath(".")

    def get(self, key: str, default: Any = _DECLARED) -> Any:
        """The value of `key` in this file; else `default` when given, else the default of the
        setting's declaration (SETTINGS; None for a rule option, whose default its rule holds)."""
        if key in self.values:
            return self.values[key]
        if default is not _DECLARED:
            return default
        option = SETTINGS.get(key)
        declared = option.default if option is not None else None
        return type(declared)(declared) if isinstance(declared, (list, dict)) else declared

    def relative(self, path: str) -> str:
        """`path` relative to this file's folder, posix style ('' when it lies outside)."""
        rel = os.path.relpath(os.path.abspath(path), self.base)
        return "" if rel.startswith("..") else rel.replace(os.sep, "/")

    def per_file_ignores(self, path: str) -> tuple:
        from speclint.globs import matches

        rel = self.relative(path) or os.path.basename(path)
        out: list = []
        for pattern, codes in self.get("per-file-ignores", {}).items():
            if matches(pattern, rel):
                out.extend(codes)
        return tuple(out)

    def image_for(self, path: str) -> Optional[str]:
        return self.image_entry(path)[0]

    def image_entry(self, path: str) -> tuple:
        """(image, where it was set: `images["arm/**"]` in FILE, or `image` in FILE); (None, None) without one."""
        from speclint.globs import matches

        rel = self.relative(path) or os.path.basename(path)
        name = os.path.basename(self.path) if self.path else "the configuration"
        for pattern, image in self.get("images", {}).items():
            if matches(pattern, rel):
                return image, f'`images["{pattern}"]` in {name}'
        image = self.get("image")
        return (image, f"`image` in {name}") if image else (None, None)


EMPTY = Config()


def _toml():
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.9/3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


def _read_table(path: str) -> Optional[dict]:
    """The speclint table of a file, or None when a pyproject.toml has none."""
    try:
        raw = read_limited(path, MAX_CONFIG_SIZE)
    except Unreadable as exc:
        raise ConfigError(path, 1, str(exc)) from None
    if os.path.basename(path) == "pyproject.toml" and b"speclint" not in raw:
        return None  # no [tool.speclint]: not worth importing a TOML parser for
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(path, line, f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x}; TOML files are UTF-8") from None
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_text(str(exc))
        raise ConfigError(path, line, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(path, 1, "not usable TOML: nested too deeply") from None
    tool = data.get("tool", {})
    nested = tool.get("speclint") if isinstance(tool, dict) else None
    if os.path.basename(path) == "pyproject.toml":
        return nested if isinstance(nested, dict) else None
    if set(data) == {"tool"} and isinstance(nested, dict):  # a [tool.speclint] table in a file given by --config
        return nested
    return data


def _line_from_text(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def find(directory: str) -> Config:
    """The nearest configuration for files in `directory` (walking up), or EMPTY. Remembered
    for the run (run_scope); asked outside one, the disk is read afresh."""
    run_scope.begin()
    return _find(os.path.abspath(directory))


@run_scope.per_run(maxsize=4096)
def _find(current: str) -> Config:
    """The nearest configuration at or above `current`: one folder, then its parent, in a
    loop (a folder 2,000 deep exhausted Python's recursion when each parent was a call).

    The walk stops at the repository root (the folder with `.git`); outside a repository it
    climbs only through folders the user owns. A configuration file owned by another user
    outside the repository is skipped with a note: a `pyproject.toml` planted in a shared
    parent folder (`/tmp`, a CI workspace) must not silence the run.
    """
    repository = _repository_root(current)
    while True:
        here = _here(current, repository)
        if here is not None:
            return here
        parent = os.path.dirname(current)
        if parent == current or current == repository:
            return EMPTY
        if repository is None and not _owned(parent):
            return EMPTY  # outside a repository, never above the user's own folders
        current = parent


def _here(current: str, repository: Optional[str]) -> Optional[Config]:
    """The configuration file in this one folder, or None."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(current, name)
        if os.path.isfile(candidate):
            owner = untrusted_owner(candidate, repository)
            if owner is not None:
                _note(f"ignoring {candidate}: it is owned by another user (uid {owner})")
                continue
            table = _read_table(candidate)
            if table is not None:
                return load(candidate, table)
    return None


@run_scope.per_run(maxsize=4096)
def _repository_root(folder: str) -> Optional[str]:
    """The nearest folder at or above `folder` that holds `.git`, or None (gitrun.repo_root:
    a loop, not a call per parent folder, so depth is not bounded by Python's recursion limit)."""
    from speclint.gitrun import repo_root

    return repo_root(folder)


def _owned(path: str) -> bool:
    """Whether the current user (or root) owns `path`; True where there are no owners."""
    return untrusted_owner(path, None) is None


def _note(message: str) -> None:
    import sys

    from speclint.report.sanitize import visible

    sys.stderr.write(f"speclint: {visible(message)}\n")


def for_file(path: str) -> Config:
    return find(os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd())


def load(path: str, table: Optional[dict] = None) -> Config:
    """Read and validate one configuration file (explicit `--config`, or found by find())."""
    if table is None:
        table = _read_table(path)
        if table is None:
            raise ConfigError(path, 1, "has no [tool.speclint] table")
    validate(path, table)
    if table.get("extend"):
        from speclint.config.extend import resolve

        table = resolve(path, table, _validated)
    return Config(path=path, values=table)


def _validated(path: str) -> Optional[dict]:
    """A file's speclint table, validated (for `extend`), or None when it has none."""
    table = _read_table(path)
    if table is not None:
        validate(path, table)
    return table


def _error(path: str, key: str, message: str) -> ConfigError:
    return ConfigError(path, key_line(path, key), message)


def validate(path: str, table: dict) -> None:
    """Check every key of a configuration table against its declaration (SETTINGS and the
    rules' options): unknown key, wrong type, a value outside the choices, a path no file
    system takes, the declaration's own check. The first problem is a ConfigError naming the
    line it is on."""
    from speclint.suggest import did_you_mean

    where = "[tool.speclint]" if os.path.basename(path) == "pyproject.toml" else os.path.basename(path)
    declared = declarations()
    for key, value in table.items():
        option = declared.get(key)
        if option is None:
            raise _error(path, key, f'unknown option "{key}" in {where}{did_you_mean(key, declared)}; '
                                    f'valid options: {", ".join(declared)}')
        if not option.accepts(value):
            raise _error(path, key, f'"{key}" must be {option.expected()}, not {type(value).__name__} {value!r}')
        if option.choices and value not in option.choices:
            raise _error(path, key, f'"{key}" must be {option.expected()}, not "{value}"'
                                    f'{did_you_mean(value, option.choices)}')
        if option.path:
            _check_path_value(path, key, key, value)
        problem = option.check(value) if option.check is not None else None
        if problem:
            at, message = problem if isinstance(problem, tuple) else (key, problem)
            raise _error(path, at, message)


MAX_PATH_VALUE = 4096  # characters: PATH_MAX on Linux


def path_problem(value: str, where: str) -> Optional[str]:
    """Why no file system can take `value` as a path (a NUL character, more than
    MAX_PATH_VALUE characters), or None."""
    if "\0" in value:
        return f'"{where}" contains a NUL character (\\x00), which no file path can hold'
    if len(value) > MAX_PATH_VALUE:
        return f'"{where}" is {len(value):,} characters long; a path has at most {MAX_PATH_VALUE:,}'
    return None


def _check_path_value(path: str, key: str, where: str, value: str) -> None:
    """A path-valued key (an Option with path=True) that no file system can take is an
    error naming the file and key (path_problem). `extend` must name a regular file: a named
    pipe or device (`/dev/zero`) is refused here, before anything opens it."""
    problem = path_problem(value, where)
    if problem:
        raise _error(path, where, problem)
    if key == "extend" and value.strip():
        target = os.path.join(os.path.dirname(os.path.abspath(path)), value.strip())
        try:
            mode = os.stat(target).st_mode
        except (OSError, ValueError):
            return  # missing: config_extend says so
        if not stat.S_ISREG(mode):
            from speclint.report.sanitize import visible

            raise _error(path, key, f'extend: "{visible(value)}" is {safe_open.kind_of(mode)}, not a regular file')


