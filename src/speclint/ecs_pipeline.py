"""The files of a CodePipeline Amazon ECS deployment, as the deploy actions read them.

CodePipeline's standard Amazon ECS deploy action reads an image definitions file
(`imagedefinitions.json`); the Amazon ECS (Blue/Green) action, `CodeDeployToECS`, reads an
AppSpec file (`appspec.yaml`), a task definition (`taskdef.json`, whose `image` holds a
placeholder such as `<IMAGE1_NAME>`) and an image detail file (`imageDetail.json`, from a
build or an Amazon ECR source action). The pipeline can rename all of them, so the names
come from the configuration (`ecs-*` keys; defaults in data/ecs_pipeline.json, with their
AWS sources) and never from the rules.

This module answers three questions for the rules:
- which names this file's configuration uses (`names`);
- which task definition belongs to an ECS appspec on disk, and how sure that is
  (`task_definition_for`), read with the position-exact loader, so a finding can point into
  the task definition at line and column (`read_task_definition`);
- what a buildspec's artifacts upload (`artifacts`, `uploads`): `files` globs relative to
  `base-directory`, primary and secondary artifacts (`discard-paths` changes where a file
  lands, not whether it is uploaded).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Optional

from speclint.context import Option
from speclint.source import safe_open
from speclint.source.nodes import MappingNode, Node, ScalarNode, SequenceNode
from speclint.record import field, record
from speclint.run_scope import per_run

# Placeholders that a pipeline, a template engine or a shell fills in before AWS sees the value.
_PLACEHOLDER = re.compile(r"<[^<>\s]+>|\$\{[^}]*\}|\{\{.*?\}\}|#\{[^}]*\}|\$\(|^\$[A-Za-z_][A-Za-z0-9_]*$|__[A-Za-z0-9_]+__|@@")
_READ_LIMIT = 1024 * 1024


def defaults() -> dict:
    """Configuration key -> default name (data/ecs_pipeline.json)."""
    from speclint.data import load

    return dict(load("ecs_pipeline.json")["defaults"])


def task_definition_placeholder() -> str:
    """The literal the Blue/Green action replaces with the ARN of the task definition it registers."""
    from speclint.data import load

    return load("ecs_pipeline.json")["task_definition_placeholder"]


def _name_problem(key: str):
    """The check of an `ecs-*` option: a file name is a path inside the pipeline's artifact;
    the placeholder is literal text in the task definition."""
    def check(value: str):
        text = value.strip()
        if not text:
            return f'"{key}" must not be empty'
        if key == "ecs-image-placeholder":
            return None
        parts = text.replace("\\", "/").split("/")
        if text.startswith(("/", "\\")) or ".." in parts or text.endswith("/") or parts[-1] in (".", ""):
            return f'"{key}" must be a file path inside the artifact (like "deploy/taskdef.json"), not "{value}"'
        return None
    return check


_NAME_DOCS = {
    "ecs-appspec-path": "The Amazon ECS (Blue/Green) action's AppSpecTemplatePath",
    "ecs-task-definition-path": "The Amazon ECS (Blue/Green) action's TaskDefinitionTemplatePath",
    "ecs-image-detail-file": "The image file the Amazon ECS (Blue/Green) action reads",
    "ecs-image-definitions-file": "The image file the standard Amazon ECS deploy action reads",
    "ecs-image-placeholder": "The image placeholder in the task definition",
}
# The rule options naming the files and placeholder of a CodePipeline ECS deployment, shared
# by every rule that reads them (defaults: data/ecs_pipeline.json).
NAME_OPTIONS = {key: Option(str, default, f"{_NAME_DOCS[key]} (default `{default}`).", check=_name_problem(key),
                            path=key != "ecs-image-placeholder")
                for key, default in defaults().items()}
def task_definition_options() -> dict:
    """The NAME_OPTIONS task_definition_for() reads: where the appspec and the task definition are."""
    return {key: NAME_OPTIONS[key] for key in ("ecs-appspec-path", "ecs-task-definition-path")}


ECS_PIPELINE = Option(bool, True, "ECS appspecs are filled in by a CodePipeline blue/green action (default true).")


def names(context) -> dict:
    """Configuration key -> name in effect for a file (its configuration's `ecs-*` keys over
    the defaults of NAME_OPTIONS); `context` is the document's LintContext."""
    return {key: context.option(key, option) for key, option in NAME_OPTIONS.items()}


def is_placeholder(text: str) -> bool:
    """Whether a value is (or contains) a placeholder: `<IMAGE1_NAME>`, `${NAME}`, `{{name}}`, `#{Var}`, `$NAME`."""
    return bool(_PLACEHOLDER.search(text))


@record
class Container:
    """One `containerDefinitions[]` entry: its name (None when absent or not a string) and ports.

    `ports` holds (containerPort, node) for every `portMappings[].containerPort` that is a
    number; `ports_known` is False when one of them is a placeholder or not a number.
    """

    node: Node
    name: Optional[str]
    name_node: Optional[Node]
    ports: list = field(default_factory=list)
    ports_known: bool = True


@record
class TaskDefinition:
    """A task definition file read with positions. `containers` is None when the file has no
    `containerDefinitions` list (it is not a task definition speclint can check)."""

    path: str
    containers: Optional[list]


def _file_bytes(path: str) -> Optional[bytes]:
    """The bytes of the regular file at `path` (safe_open), or None when it cannot be read or
    is larger than _READ_LIMIT (a task definition of that size is not checked)."""
    try:
        data = safe_open.read_regular(path, _READ_LIMIT + 1)
    except OSError:
        return None
    return data if len(data) <= _READ_LIMIT else None


def _task_definition_tree(data: bytes):
    """The loader's result (source/loader.py) for a task definition's bytes, placeholders made
    loadable (_loadable). A task definition is JSON read for positions, never a file speclint
    lints, so it is loaded here and not through the source layer, which classifies what it
    reads as a buildspec or an appspec; the buildspecs of the repository go through it
    (repository_buildspecs)."""
    from speclint.source.loader import load

    return load(_loadable(data))


@per_run(maxsize=64)
def _read(path: str, _mtime: int, _size: int) -> Optional[TaskDefinition]:
    data = _file_bytes(path)
    if data is None:
        return None
    loaded = _task_definition_tree(data)
    if any(p.check in ("yaml-syntax", "encoding", "document-too-complex") for p in loaded.problems):
        return None
    root = loaded.root
    items = root.get("containerDefinitions") if isinstance(root, MappingNode) else None
    if not isinstance(items, SequenceNode):
        return TaskDefinition(path, None)
    return TaskDefinition(path, [_container(item) for item in items.items if isinstance(item, MappingNode)])


def _container(item: MappingNode) -> Container:
    name_node = item.get("name")
    name = name_node.value if isinstance(name_node, ScalarNode) and isinstance(name_node.value, str) else None
    container = Container(item, name, name_node)
    mappings = item.get("portMappings")
    if mappings is None:
        return container
    if not isinstance(mappings, SequenceNode):
        container.ports_known = False
        return container
    for mapping in mappings.items:
        port = mapping.get("containerPort") if isinstance(mapping, MappingNode) else None
        number = port_number(port)
        if number is None:
            container.ports_known = False
        else:
            container.ports.append((number, port))
    return container


def port_number(node: Optional[Node]) -> Optional[int]:
    """A port written as a number (or a string of digits), else None."""
    if not isinstance(node, ScalarNode):
        return None
    if isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node.value, str) and re.fullmatch(r"[0-9]+", node.value.strip()):  # not "٨٠"
        return int(node.value.strip())
    return None


def read_task_definition(path: str) -> Optional[TaskDefinition]:
    """The task definition at `path`, or None when it cannot be read or parsed (never raises)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _read(path, info.st_mtime_ns, info.st_size)


@record
class Located:
    """A task definition found for an appspec. `beside`: at the configured path from the
    artifact root the appspec is in, which is where the Blue/Green action looks; otherwise
    `via` says how it was found (a build's artifact or copy command puts it there), and it
    is only probably the one deployed."""

    path: str
    beside: bool
    via: str = ""


def artifact_root(doc, configured_appspec: str) -> str:
    """The folder the pipeline's artifact starts at, for an appspec on disk: the appspec's path
    with the configured AppSpec path taken off its end, else the appspec's own folder."""
    path = os.path.abspath(doc.fs_path).replace(os.sep, "/")
    suffix = "/" + configured_appspec.strip().lstrip("./").lstrip("/")
    if path.endswith(suffix) and "/" in suffix[1:]:
        return path[: -len(suffix)] or "/"
    return os.path.dirname(path)


def task_definition_for(doc) -> Optional[Located]:
    """The task definition file that belongs to an ECS appspec on disk, if one can be found.

    Only where the Blue/Green action can get it from: at the configured path from the
    artifact root (or the appspec's folder, or the revision root); else where a buildspec of
    the repository puts a file of that name into the artifact the appspec is in - a `files`
    pattern that uploads both (`base-directory`, `discard-paths` honoured), or a `cp`/`mv`
    into the appspec's folder. A lone file of that name in a neighbouring folder (another
    service's, an example) is never taken: nothing says that it is deployed with this appspec.
    """
    if not doc.on_disk or not doc.fs_path:
        return None
    configured = names(doc.context)
    relative = configured["ecs-task-definition-path"].strip().lstrip("/")
    folder = os.path.dirname(os.path.abspath(doc.fs_path))
    root = artifact_root(doc, configured["ecs-appspec-path"])
    roots = [root, folder]
    if doc.context.revision_root:
        roots.append(os.path.abspath(doc.context.revision_root))
    for base in roots:
        candidate = os.path.normpath(os.path.join(base, relative))
        if os.path.isfile(candidate):
            return Located(candidate, True)
    return _through_a_build(os.path.abspath(doc.fs_path), root, relative)


def _through_a_build(appspec: str, root: str, relative: str) -> Optional[Located]:
    """A task definition that a buildspec's artifact or copy command places at `relative`
    from the appspec's artifact root (None when no build does, or several files could)."""
    wanted = os.path.normpath(os.path.join(root, relative))
    base = os.path.basename(relative)
    found: dict = {}
    for spec in repository_buildspecs(os.path.dirname(appspec)):
        for start in spec.starts:
            for write in spec.writes(start):
                if write.how == "copy" and write.path == wanted and write.source and os.path.isfile(write.source):
                    found.setdefault(write.source, f"{_shown_spec(spec, write.line)} copies it to {relative}")
        for artifact in spec.artifacts:
            for start in spec.starts:
                landing = _landing(artifact, start, appspec)
                if landing is None or os.path.basename(landing) != os.path.basename(appspec):
                    continue
                for candidate in spec.files_named(base):
                    where = _landing(artifact, start, candidate)
                    if where is not None and os.path.normpath(os.path.join(os.path.dirname(landing) or ".", relative)) == os.path.normpath(where):
                        found.setdefault(candidate, f"the artifact of {_shown_spec(spec, artifact.line)} uploads it with the appspec")
    if len(found) != 1:
        return None
    path, via = found.popitem()
    return Located(path, False, via)


def shown(doc, path: str) -> str:
    """A file found for `doc`, written the way `doc`'s own path is shown: absolute when that is
    absolute, else relative to the same place (the working directory), also outside the
    appspec's folder (`../templates/taskdef.json`)."""
    if not doc.fs_path or os.path.isabs(doc.path):
        return os.path.normpath(path)
    try:
        rel = os.path.relpath(path, os.path.dirname(os.path.abspath(doc.fs_path)))
    except ValueError:  # another drive
        return os.path.normpath(path)
    return os.path.normpath(os.path.join(os.path.dirname(doc.path), rel)).replace(os.sep, "/")


def _landing(artifact, start: str, path: str) -> Optional[str]:
    """Where the file at `path` lands in the artifact (relative to its root), or None when the
    artifact does not upload it (the build started in `start`)."""
    rel = os.path.relpath(path, start).replace(os.sep, "/")
    if rel.startswith("../"):
        return None
    if not uploads(artifact, rel):
        return None
    inside = rel[len(artifact.base) + 1:] if artifact.base else rel
    return os.path.basename(inside) if artifact.discard_paths else inside


def _shown_spec(spec, line: int) -> str:
    shown = os.path.relpath(spec.path)
    return f"{shown if not shown.startswith('..') else spec.path}:{line}"


# --- the buildspecs of a repository --------------------------------------------------------------

_MAX_SPECS = 2000
_NOT_SOURCE = {".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform", "cdk.out"}


class BuildSpec:
    """A buildspec of the repository, read for what its build writes and uploads. `starts`:
    the folders its build may start in - the repository root (a project names a buildspec by
    its path from the source root) and the buildspec's own folder. `files`: the repository's
    files (set by `repository_buildspecs`)."""

    def __init__(self, path: str, repo: Optional[str], document):
        self.path = path
        self.document = document  # source.document.Document: its root and text
        folder = os.path.dirname(path)
        self.starts = [folder] if not repo or os.path.normpath(repo) == folder else [os.path.normpath(repo), folder]
        self.files: list = []
        self._writes: dict = {}
        self.artifacts = [a for a in _artifacts_of(document.root)]

    def writes(self, start: str) -> list:
        if start not in self._writes:
            from speclint.revision.build_writes import writes

            self._writes[start] = writes(self.document.root, self.document.text, start)
        return self._writes[start]

    def files_named(self, name: str) -> list:
        return [f for f in self.files if os.path.basename(f) == name]


def _artifacts_of(root) -> list:
    from speclint.rules.buildspec.artifact_paths import patterns

    out = []
    section = root.get("artifacts") if isinstance(root, MappingNode) else None
    if not isinstance(section, MappingNode):
        return out
    sections = [section]
    secondary = section.get("secondary-artifacts")
    if isinstance(secondary, MappingNode):
        sections += [value for _, value in secondary.pairs if isinstance(value, MappingNode)]
    for item in sections:
        entries = list(patterns(item))
        if entries:
            out.append(_artifact(("artifacts",), item, entries))
    return out


def repository_root(folder: str) -> Optional[str]:
    """The top of the git work tree `folder` is in (git is asked, so worktrees and submodules
    count), or None outside one."""
    return _git_top(os.path.abspath(folder))


@per_run(maxsize=64)
def _git_top(folder: str) -> Optional[str]:
    from speclint import gitrun

    proc = gitrun.run(["-C", folder, "rev-parse", "--show-toplevel"])
    if proc is None:
        return None
    top = proc.stdout.decode("utf-8", "surrogateescape").strip()
    return os.path.normpath(top) if proc.returncode == 0 and top else None


def repository_buildspecs(folder: str) -> list:
    """Every buildspec of the repository `folder` is in, skipping what git ignores (outside a
    repository, the buildspecs of `folder` itself): each `.yml`/`.yaml` file, whatever its
    name, that the source layer (source.open_source) reads as a buildspec with `phases` - what
    `speclint --list-files FILE` calls a buildspec is what the ECS checks read."""
    repo = repository_root(folder)
    if repo:
        from speclint.discover import git_files

        listed = git_files(repo)
        files = [os.path.normpath(os.path.join(repo, rel)) for rel in (listed or [])]
    else:
        try:
            files = [os.path.join(folder, entry) for entry in sorted(os.listdir(folder))]
        except OSError:
            files = []
    out = []
    for path in files:
        if len(out) >= _MAX_SPECS:
            break
        if not path.lower().endswith((".yml", ".yaml")) or any(part in _NOT_SOURCE for part in path.split(os.sep)):
            continue
        spec = _buildspec(path, repo)
        if spec is not None:
            spec.files = files
            out.append(spec)
    return out


def _buildspec(path: str, repo: Optional[str]) -> Optional[BuildSpec]:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _read_buildspec(path, repo, info.st_mtime_ns, info.st_size)


@per_run(maxsize=256)
def _read_buildspec(path: str, repo: Optional[str], _mtime: int, _size: int) -> Optional[BuildSpec]:
    from speclint.source import open_source, read

    data, _ = read(path, _READ_LIMIT)  # None when too large, unreadable or not a regular file
    if data is None or not _may_have_phases(data):
        return None
    source = open_source(data, shown=path, fs_path=path, on_disk=True, max_file_size=_READ_LIMIT)
    if source.problem is not None or source.host is not None or len(source.documents) != 1:
        return None  # unreadable, or a template (its buildspecs are not files of the repository)
    document = source.documents[0]
    if document.kind != "buildspec" or not isinstance(document.root, MappingNode) or document.root.get("phases") is None:
        return None
    return BuildSpec(path, repo, document)


def _may_have_phases(data: bytes) -> bool:
    """False only when no loading could give the file a `phases` key, so most YAML files of a
    repository are not parsed: UTF-8 text without the word and without a backslash (a YAML
    escape such as `"ph\\x61ses"` spells it otherwise). UTF-16/32 text (NUL bytes) is loaded."""
    return b"phases" in data or b"\\" in data or b"\0" in data[:4]


# The writes that put a file's content in place (not a folder made, an archive, a tool's folder).
_FILE_WRITES = ("redirect", "tee", "output", "copy", "edit")


def rewritten_by(path: str) -> Optional[str]:
    """`buildspec:line` of the first command of any buildspec of the repository that writes or
    edits the file at `path` (`> path`, `tee`, `-o`, `cp`/`mv` to it, `sed -i`, `envsubst`,
    `jq`, a Python or Node renderer given the path, `aws ecs describe-task-definition > path`),
    with the working directory tracked from each place the build may start; a write to
    `$VAR/<same name>` counts too. None when no build touches it."""
    target = os.path.normpath(os.path.abspath(path))
    name = os.path.basename(target)
    for spec in repository_buildspecs(os.path.dirname(target)):
        for start in spec.starts:
            for write in spec.writes(start):
                if write.how in _FILE_WRITES and (write.path == target or (
                        write.path is None and os.path.basename(write.written) == name)):
                    return _shown_spec(spec, write.line)
    return None


def git_ignored(path: str) -> bool:
    """Whether git ignores the file at `path`, and it is not tracked: then it is not part of the
    source revision, but a local copy (often one a build generates)."""
    from speclint import gitrun

    folder = os.path.dirname(os.path.abspath(path))
    if repository_root(folder) is None:
        return False
    proc = gitrun.run(["-C", folder, "check-ignore", "-q", os.path.basename(path)])
    return proc is not None and proc.returncode == 0


# --- what a build uploads ---------------------------------------------------------------------

@record
class Artifact:
    """One artifact of a buildspec: its JSON path, `base-directory` ('' for the source root),
    `discard-paths`, its `files` entries as (index, scalar node), and its line."""

    json_path: tuple
    base: str
    discard_paths: bool
    patterns: list
    line: int = 0


def artifacts(doc) -> list:
    """The primary artifact and every secondary artifact that lists `files`, of a buildspec on
    disk ([] for standard input: what a build uploads depends on the files beside it)."""
    from speclint.rules.buildspec.artifact_paths import file_lists, patterns

    out: list = []
    if not doc.on_disk or not doc.fs_path or doc.mapping is None:
        return out
    for prefix, section in file_lists(doc):
        if prefix[0] != "artifacts":
            continue
        entries = list(patterns(section))
        if entries:
            out.append(_artifact(prefix, section, entries))
    return out


def _artifact(prefix: tuple, section: MappingNode, entries: list) -> Artifact:
    base_node = section.get("base-directory")
    base = base_node.value.strip() if isinstance(base_node, ScalarNode) and isinstance(base_node.value, str) else ""
    discard = section.get("discard-paths")
    discard_on = isinstance(discard, ScalarNode) and (discard.value is True or str(discard.value).lower() == "yes")
    return Artifact(prefix, _clean(base), discard_on, entries, section.start_line)


def _clean(path: str) -> str:
    path = path.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.strip("/")


@lru_cache(maxsize=256)
def _glob(pattern: str) -> "re.Pattern[str]":
    """A CodeBuild `files` pattern: `**` spans folders, `*` and `?` stay in one; a folder
    name also covers what is inside it."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(f"^{out}(?:/.*)?$")


def uploads(artifact: Artifact, relpath: str) -> Optional[tuple]:
    """(index, node) of the first `files` entry that uploads the file at `relpath` (relative to
    the source root), or None. A pattern with a variable (`$DIR/*`) is not judged: None."""
    path = _clean(relpath)
    if artifact.base:
        if "$" in artifact.base or not path.startswith(artifact.base + "/"):
            return None
        path = path[len(artifact.base) + 1:]
    for index, node in artifact.patterns:
        pattern = _clean(node.value)
        if pattern and "$" not in pattern and _glob(pattern).match(path):
            return index, node
    return None


def unuploaded_writes(doc, artifacts: list, folder: str, name: str) -> list:
    """(Write, path relative to the source root) of each distinct file called `name` that the
    buildspec's commands write into the source (the build starting in `folder`) and no
    artifact uploads, unless a later command copies or moves it on. Writes to a path with an
    unknown variable, or outside the source, are not judged."""
    from speclint.revision.build_writes import writes

    every = writes(doc.mapping, doc.text, folder)
    found = [w for w in every if w.how in ("redirect", "tee", "output", "copy") and w.path and os.path.basename(w.path) == name]
    copied_on = {w.source for w in every if w.how == "copy" and w.source}
    out, seen = [], set()
    for write in found:
        place = os.path.relpath(write.path, folder).replace(os.sep, "/")
        if place.startswith("../") or write.path in seen or write.path in copied_on:
            continue
        seen.add(write.path)
        if not any(uploads(artifact, place) for artifact in artifacts):
            out.append((write, place))
    return out


def mentions(command_text: str, name: str) -> list:
    """The paths (relative to the source root) under which commands name a file called `name`:
    `dist/imagedefinitions.json`, or just the name when it follows a variable."""
    found = []
    for match in re.finditer(r"[\w.${}/-]*" + re.escape(name) + r"(?![\w.-])", command_text):
        token = match.group(0)
        if "$" in token or "}" in token:
            token = name
        found.append(_clean(token))
    return found


def first_file(folder: str, bases: list, relative: str) -> Optional[str]:
    """The first of `folder/base/relative` for each base that is a file, or None."""
    for base in bases:
        path = os.path.normpath(os.path.join(folder, base, relative.strip().lstrip("/")))
        if os.path.isfile(path):
            return path
    return None


def head_text(path: str) -> str:
    """The first megabyte of a text file ('' when it cannot be read)."""
    try:
        with safe_open.open_regular(path, "r", encoding="utf-8", errors="replace") as handle:
            return handle.read(1024 * 1024)
    except OSError:
        return ""


def uploaded(folder: str, artifacts: list, command_text: str, name: str):
    """(artifact, (index, node)) of the first artifact entry that uploads a file called `name`
    that a command writes or the source holds, or None."""
    places = set(mentions(command_text, name))
    for artifact in artifacts:
        for base in ("", artifact.base):
            if "$" not in base and os.path.isfile(os.path.join(folder, base, name)):
                places.add(os.path.join(base, name).replace(os.sep, "/"))
    for artifact in artifacts:
        for place in sorted(places):
            hit = uploads(artifact, place)
            if hit:
                return artifact, hit
    return None


# --- is the task definition JSON? ---------------------------------------------------------------

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


@record
class JsonProblem:
    """Something in a task definition that a JSON parser rejects, at 1-based positions."""

    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    hint: str


def json_problems(path: str) -> list:
    """What keeps the file at `path` from being strict JSON (RFC 8259), first problem first.

    The file is read with the position-exact YAML loader (JSON is almost a subset of YAML);
    what YAML accepts and JSON does not is looked for in the tree and the text: trailing
    commas, comments, single quotes, unquoted strings and non-JSON literals (`True`, `0x1F`,
    `.5`), block-style YAML. [] when the file is JSON, or cannot be read at all.
    """
    data = _file_bytes(path)
    if data is None:
        return []
    loaded = _task_definition_tree(data)
    for problem in loaded.problems:
        if problem.check == "encoding":
            detail = problem.message.split(";")[0]
            return [JsonProblem(problem.line, problem.column, problem.line, problem.column + 1,
                                f"the file is not UTF-8 ({detail}), the encoding JSON requires (RFC 8259)",
                                "save the file as UTF-8 without a byte-order mark")]
        if problem.check == "yaml-syntax":
            return _comments(loaded.text) + [JsonProblem(problem.line, problem.column, problem.line, problem.column + 1,
                                f"the file is not valid JSON here ({problem.message})",
                                "check the brackets, commas and quotes around this position")]
    root = loaded.root
    if root is None:
        return [JsonProblem(1, 1, 1, 2, "the file is empty", "write the task definition as a JSON object")]
    if not getattr(root, "flow", False):
        return [JsonProblem(root.start_line, root.start_column, root.end_line, root.end_column,
                            "the file is YAML, not JSON", "write the task definition as a JSON object: { ... }")]
    found = _comments(loaded.text)
    lines = loaded.text.split("\n")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            problem = _scalar_problem(node)
            if problem:
                found.append(JsonProblem(node.start_line, node.start_column, node.end_line, node.end_column, *problem))
            continue
        if isinstance(node, MappingNode):
            for key, _ in node.pairs:
                if not (isinstance(key, ScalarNode) and key.style == "double"):
                    text = getattr(key, "text", "?")
                    found.append(JsonProblem(key.start_line, key.start_column, key.end_line, key.end_column,
                                             f"key {text} is not a string in double quotes", f'write "{text}"'))
            children = [value for _, value in node.pairs]
            last = node.pairs[-1][1] if node.pairs else None
        elif isinstance(node, SequenceNode):
            children = list(node.items)
            last = children[-1] if children else None
        else:
            continue
        comma = _trailing_comma(lines, last, node) if last is not None else None
        if comma:
            found.append(JsonProblem(comma[0], comma[1], comma[0], comma[1] + 1, "a comma after the last item",
                                     "remove this comma"))
        stack.extend(children)
    found.sort(key=lambda p: (p.line, p.column))
    return found


# A \\u escape of a UTF-16 surrogate (half of a pair such as "\\ud83d\\ude80"): valid JSON that the
# YAML loader rejects. An odd number of backslashes before the u makes it an escape.
_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# A template engine's placeholder outside a JSON string: "cpu": ${CPU}, "port": {{ port }}.
_HOLE = re.compile(r"\$\{[^}\n]*\}|\{\{[^}\n]*\}\}|<[A-Z][A-Z0-9_]*>|__[A-Z][A-Z0-9_]*__|#\{[^}\n]*\}|@@[A-Z0-9_]+@@")


def _loadable(data: bytes) -> bytes:
    """The file as the position-exact loader can read it, positions unchanged: surrogate
    escapes become another escape of the same length, and template placeholders outside
    strings (`template_holes`) become a number of the same length."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    text = _SURROGATE.sub(lambda m: m.group(1) + "\\ufffd", text)
    for line, column, hole in _holes(text):
        start = _offset(text, line, column)
        text = text[:start] + "1" + "0" * (len(hole) - 1) + text[start + len(hole):]
    return text.encode("utf-8")


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset + column - 1


def _holes(text: str) -> list:
    """(line, column, text) of each template placeholder outside a JSON string."""
    found = []

    def at(i: int, line: int, column: int) -> Optional[int]:
        match = _HOLE.match(text, i)
        if match is None:
            return None
        found.append((line, column, match.group(0)))
        return match.end()

    _outside_strings(text, at)
    return found


def _outside_strings(text: str, at) -> None:
    """Call `at(index, line, column)` for each character outside a JSON string (a line break
    ends a string left open); it returns None, or the index to go on from."""
    in_string, escaped = False, False
    line, line_start, i = 1, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\n":
            line, line_start, in_string = line + 1, i + 1, False
        elif in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        else:
            jump = at(i, line, i - line_start + 1)
            if jump is not None:
                i = jump
                continue
        i += 1


def template_holes(path: str) -> list:
    """(line, column, text) of each template placeholder outside a string in the file at `path`
    (`"cpu": ${CPU}`): the file is a template that something renders, not JSON yet."""
    data = _file_bytes(path)
    if data is None:
        return []
    return _holes(data.decode("utf-8", "replace"))


def too_large(path: str) -> bool:
    """Whether the file at `path` is larger than speclint reads for these checks (1 MiB)."""
    try:
        return os.path.getsize(path) > _READ_LIMIT
    except OSError:
        return False


def _scalar_problem(node: ScalarNode) -> Optional[tuple]:
    if node.style == "double":
        return None
    if node.style == "single":
        return f"'{node.value}' is in single quotes", f'write "{node.value}"'
    text = node.text
    if text in ("true", "false", "null") or _JSON_NUMBER.fullmatch(text):
        return None
    if node.value is None and text == "":
        return "a missing value", "write a value, or remove the key"
    return f"{text} is not a JSON value", f'quote it: "{text}"'


def _comments(text: str) -> list:
    """`#` and `//` comments outside strings."""
    found = []

    def at(i: int, line: int, column: int) -> Optional[int]:
        if text[i] != "#" and not text.startswith("//", i):
            return None
        found.append(JsonProblem(line, column, line, column + 1, "JSON has no comments", "remove the comment"))
        newline = text.find("\n", i)
        return len(text) if newline == -1 else newline

    _outside_strings(text, at)
    return found


def _trailing_comma(lines: list, last: Node, container: Node) -> Optional[tuple]:
    """(line, column) of a comma between the last child and the container's closing bracket."""
    line, column = last.end_line, last.end_column
    end_line, end_column = container.end_line, container.end_column - 1  # the bracket itself
    while (line, column) < (end_line, end_column):
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        stop = end_column if line == end_line else len(text) + 1
        segment = text[column - 1:stop - 1]
        if "," in segment:
            return line, column + segment.index(",")
        line, column = line + 1, 1
    return None
