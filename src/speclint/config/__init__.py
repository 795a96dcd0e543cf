"""Project configuration: `.speclint.toml`, `speclint.toml` or `[tool.speclint]` in pyproject.toml.

The nearest file walking up from a linted file's folder wins (one file, no merging, like
ruff), up to the repository root (see _find for who may own it). Every key and every rule code in it is validated: a typo is a ConfigError with a
did-you-mean and the line it is on, never silently ignored.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from typing import Any, Optional

from speclint.source import safe_open
from speclint.cli.options import MAX_FILE_SIZE
from speclint.record import field, record

CONFIG_NAMES = (".speclint.toml", "speclint.toml", "pyproject.toml")
MAX_CONFIG_SIZE = 1 << 20  # bytes; a real configuration file is a few hundred
SEVERITIES = ("error", "warning", "info")

# key -> (expected type, description). The README's configuration table is built from this.
KEYS: dict = {
    "select": ("list", "Only these rules: codes, code prefixes (`B0`), rule names, or `ALL`."),
    "extend-select": ("list", "Rules to enable on top of the defaults (e.g. rules that are off by default)."),
    "ignore": ("list", "Rules to skip: codes, prefixes or names."),
    "severity": ("table", "Per-rule severity: `{ B004 = \"error\", unknown-key = \"info\" }`."),
    "per-file-ignores": ("table", "Rules to skip for files matching a glob: `{ \"legacy/**\" = [\"S001\"] }`."),
    "buildspec-patterns": ("list", "Globs of extra files to lint as buildspecs (`codebuild/**/*.yml`)."),
    "appspec-patterns": ("list", "Globs of extra files to lint as appspecs."),
    "exclude": ("list", "Globs of files and folders never searched (`templates`, `tests/fixtures/**`)."),
    "respect-gitignore": ("bool", "Skip files that git ignores when searching folders (default true)."),
    "fail-on": ("str", "The lowest severity that fails the run: `error` (default), `warning` or `info`."),
    "max-file-size": ("int", "Files larger than this many bytes are reported, not parsed (default 2 MiB)."),
    "revision-root": ("str", "The folder bundled into the CodeDeploy revision, relative to this file."),
    "ecs-pipeline": ("bool", "ECS appspecs are filled in by a CodePipeline blue/green action (default true)."),
    "deployment": ("str", "EC2/On-Premises deployment type: `in-place` or `blue-green` (used by A115 and `speclint lifecycle`)."),
    "load-balancer": ("bool", "Whether the EC2/On-Premises deployment group has a load balancer (A115, `speclint lifecycle`)."),
    "image": ("str", "The CodeBuild image buildspecs run on (`aws/codebuild/standard:7.0`)."),
    "images": ("table", "The image per buildspec glob: `{ \"ci/arm/*.yml\" = \"aws/codebuild/amazonlinux-aarch64-standard:3.0\" }`; "
                        "files a glob matches are linted as buildspecs."),
    "shell-checks": ("bool", "Run ShellCheck on commands and hook scripts when it is installed (default true)."),
    "ecs-appspec-path": ("str", "The Amazon ECS (Blue/Green) action's AppSpecTemplatePath (default `appspec.yaml`)."),
    "ecs-task-definition-path": ("str", "The Amazon ECS (Blue/Green) action's TaskDefinitionTemplatePath (default `taskdef.json`)."),
    "ecs-image-detail-file": ("str", "The image file the Amazon ECS (Blue/Green) action reads (default `imageDetail.json`)."),
    "ecs-image-definitions-file": ("str", "The image file the standard Amazon ECS deploy action reads (default `imagedefinitions.json`)."),
    "ecs-image-placeholder": ("str", "The image placeholder in the task definition (default `<IMAGE1_NAME>`)."),
    "extend": ("str", "Another configuration file this one adds to (`../pyproject.toml`), inside the repository."),
}
# The `ecs-*` keys: names of the files and placeholder of a CodePipeline ECS deployment (speclint.ecs_pipeline).
ECS_KEYS = ("ecs-appspec-path", "ecs-task-definition-path", "ecs-image-detail-file", "ecs-image-definitions-file",
            "ecs-image-placeholder")


class ConfigError(Exception):
    """A configuration file that cannot be used; the run stops with exit code 2."""

    def __init__(self, path: str, line: int, message: str):
        shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
        super().__init__(f"{shown}:{line}:1: error: {message}")
        self.path, self.line, self.message = path, line, message


@record
class Config:
    path: Optional[str] = None  # None: no configuration file
    values: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        """The folder that relative globs and paths in this file start from."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.path.abspath(".")

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

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


class Unreadable(Exception):
    """A file speclint reads for itself (configuration, baseline) that it cannot use; the
    message says why ("is a named pipe, not a regular file")."""


def read_limited(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them, never blocking
    (safe_open: a named pipe, a device such as /dev/zero or a folder is refused instead of
    hanging or filling memory). Raises Unreadable saying why."""
    try:
        data = safe_open.read_regular(path, limit + 1)
    except safe_open.NotRegularFile as exc:
        raise Unreadable(exc.strerror) from None
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unreadable(f"is larger than {limit:,} bytes")
    return data


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
    """The nearest configuration for files in `directory` (walking up), or EMPTY."""
    return _find(os.path.abspath(directory))


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=4096)
def _repository_root(folder: str) -> Optional[str]:
    """The nearest folder at or above `folder` that holds `.git`, or None (revision.repo_root:
    a loop, not a call per parent folder, so depth is not bounded by Python's recursion limit)."""
    from speclint.revision import repo_root

    return repo_root(folder)


def _owned(path: str) -> bool:
    """Whether the current user (or root) owns `path`; True where there are no owners."""
    return untrusted_owner(path, None) is None


def untrusted_owner(path: str, repository: Optional[str]) -> Optional[int]:
    """The one trust rule for configuration files - the nearest one and every `extend`
    target: None when `path` is owned by the user running speclint, by root, or (inside the
    `repository` folder) by the owner of that folder - a checkout made by another user, as
    when a container's non-root user lints the host's files; else the owner's uid (-1 when
    `path` cannot be examined). Always None where there are no owners."""
    if not hasattr(os, "getuid"):
        return None
    try:
        owner = os.stat(path).st_uid
        allowed = {os.getuid(), 0}
        if repository is not None:
            allowed.add(os.stat(repository).st_uid)
    except OSError:
        return -1
    return None if owner in allowed else owner


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


def _key_line(path: str, key: str) -> int:
    """The line a key is written on, for messages (TOML parsers forget positions)."""
    try:
        lines = read_limited(path, MAX_CONFIG_SIZE).decode("utf-8", "replace").splitlines()
    except Unreadable:
        return 1
    in_section = os.path.basename(path) != "pyproject.toml"
    pattern = re.compile(rf"""^\s*(?:["']?{re.escape(key)}["']?)\s*=""")
    inline = re.compile(rf"""[{{,]\s*["']?{re.escape(key)}["']?\s*=""")
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.startswith("[tool.speclint") or os.path.basename(path) != "pyproject.toml"
            if stripped.strip("[] ").endswith(key):
                return number
            continue
        if in_section and (pattern.match(line) or inline.search(line)):
            return number
    for number, line in enumerate(lines, 1):
        if key in line:
            return number
    return 1


def _error(path: str, key: str, message: str) -> ConfigError:
    return ConfigError(path, _key_line(path, key), message)


def validate(path: str, table: dict) -> None:
    from speclint.suggest import closest

    where = "[tool.speclint]" if os.path.basename(path) == "pyproject.toml" else os.path.basename(path)
    for key, value in table.items():
        if key not in KEYS:
            guess = closest(key, KEYS)
            hint = f' (did you mean "{guess}"?)' if guess else ""
            raise _error(path, key, f'unknown option "{key}" in {where}{hint}; valid options: {", ".join(KEYS)}')
        expected = KEYS[key][0]
        if not _has_type(value, expected):
            raise _error(path, key, f'"{key}" must be {_type_name(expected)}, not {type(value).__name__} {value!r}')
        if key in PATH_KEYS:
            _check_path_value(path, key, key, value)
        if key in ("select", "extend-select", "ignore"):
            for code in value:
                _check_selector(path, key, code)
        elif key == "severity":
            for code, level in value.items():
                _check_selector(path, code, code, allow_prefix=False)
                if not isinstance(level, str) or level.lower() not in SEVERITIES:
                    raise _error(path, code, f'severity of "{code}" must be one of {", ".join(SEVERITIES)}, not {level!r}')
        elif key == "per-file-ignores":
            for pattern, codes in value.items():
                if not _has_type(codes, "list"):
                    raise _error(path, pattern, f'per-file-ignores["{pattern}"] must be a list of rule codes')
                for code in codes:
                    _check_selector(path, pattern, code)
        elif key == "images":
            for pattern, image in value.items():
                if not isinstance(image, str):
                    raise _error(path, pattern, f'images["{pattern}"] must be an image name string')
        elif key == "fail-on" and value.lower() not in SEVERITIES:
            raise _error(path, key, f'"fail-on" must be one of {", ".join(SEVERITIES)}, not "{value}"')
        elif key == "deployment" and value not in ("in-place", "blue-green"):
            raise _error(path, key, f'"deployment" must be "in-place" or "blue-green", not "{value}"')
        elif key in ECS_KEYS:
            _check_ecs_name(path, key, value)
        elif key == "max-file-size" and not 1 <= value <= MAX_FILE_SIZE:
            raise _error(path, key, f'"max-file-size" must be a number of bytes from 1 to {MAX_FILE_SIZE:,}, not {value:,}')
        if key in GLOB_LISTS:
            for pattern in value:
                _check_path_value(path, key, key, pattern)
                _check_glob(path, key, key, pattern)
        elif key in GLOB_TABLES:
            for pattern in value:
                _check_path_value(path, key, pattern, pattern)
                _check_glob(path, key, pattern, pattern)


# Keys whose value is a file or folder path (the GLOB_LISTS and GLOB_TABLES globs are paths
# too): each is checked by _check_path_value before anything opens or joins it.
PATH_KEYS = ("extend", "revision-root", "ecs-appspec-path", "ecs-task-definition-path", "ecs-image-detail-file",
             "ecs-image-definitions-file")
MAX_PATH_VALUE = 4096  # characters: PATH_MAX on Linux
GLOB_LISTS = ("exclude", "buildspec-patterns", "appspec-patterns")
GLOB_TABLES = ("per-file-ignores", "images")


def _check_glob(path: str, key: str, where: str, pattern: str) -> None:
    from speclint.globs import GlobError, check

    try:
        check(pattern)
    except GlobError as exc:
        raise _error(path, where, f'bad glob "{pattern}" in "{key}": {exc}') from None


def _check_path_value(path: str, key: str, where: str, value: str) -> None:
    """A path-valued setting (PATH_KEYS, and each glob) that no file system can take is an
    error naming the file and key: a NUL character (every system call refuses it), more
    than MAX_PATH_VALUE characters. `extend` must name a regular file: a named pipe or
    device (`/dev/zero`) is refused here, before anything opens it."""
    if "\0" in value:
        raise _error(path, where, f'"{where}" contains a NUL character (\\x00), which no file path can hold')
    if len(value) > MAX_PATH_VALUE:
        raise _error(path, where, f'"{where}" is {len(value):,} characters long; a path has at most {MAX_PATH_VALUE:,}')
    if key == "extend" and value.strip():
        target = os.path.join(os.path.dirname(os.path.abspath(path)), value.strip())
        try:
            mode = os.stat(target).st_mode
        except (OSError, ValueError):
            return  # missing: config_extend says so
        if not stat.S_ISREG(mode):
            from speclint.report.sanitize import visible

            raise _error(path, key, f'extend: "{visible(value)}" is {safe_open.kind_of(mode)}, not a regular file')


def _check_ecs_name(path: str, key: str, value: str) -> None:
    """A file name is a path inside the pipeline's artifact; the placeholder is literal text in the task definition."""
    text = value.strip()
    if not text:
        raise _error(path, key, f'"{key}" must not be empty')
    if key == "ecs-image-placeholder":
        return
    parts = text.replace("\\", "/").split("/")
    if text.startswith(("/", "\\")) or ".." in parts or text.endswith("/") or parts[-1] in (".", ""):
        raise _error(path, key, f'"{key}" must be a file path inside the artifact (like "deploy/taskdef.json"), not "{value}"')


def _has_type(value: Any, expected: str) -> bool:
    if expected == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if expected == "table":
        return isinstance(value, dict)
    if expected == "bool":
        return isinstance(value, bool)
    if expected == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def _type_name(expected: str) -> str:
    return {"list": "a list of strings", "table": "a table", "bool": "true or false", "int": "a whole number",
            "str": "a string"}[expected]


def _check_selector(path: str, key: str, code: str, allow_prefix: bool = True) -> None:
    from speclint.selection import problem as unknown_selector

    problem = unknown_selector(code, allow_prefix)
    if problem:
        raise _error(path, key, problem)
