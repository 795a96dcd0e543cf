"""What becomes of each path an EC2/On-Premises appspec names (hook `location`s and `files`
sources) in its revision - the one judgement A116, A117, A120, A121 and A122 report from.

Each path gets one status:
- `ok`: it exists in the revision with exactly this spelling (`folder`: a location that is
  a folder);
- `built`: it is not on disk, and the build makes it - a command of the buildspec that
  assembles the revision names it (written, created, copied, moved, extracted), it is inside
  a folder a command creates or a build tool writes (`target/`, `dist/`, `bin/`), or git
  ignores it (so no checkout has it, and whatever bundles the revision builds it first);
- `near`: it is not on disk and not named by a build command, and a file on disk nearly
  spells it (case, `_`/`-`, extension; `path_suggest`): always a mistake;
- `outside`: it exists, but a symlink on its way leads out of the revision (`detail`: where
  to); it is never read or followed;
- `special`: it exists but is a named pipe, device or socket (`detail`: which), not a file;
- `absolute`: a location or source that is an absolute path on the instance
  (`/usr/local/bin/start.sh`): the agent looks for it inside the bundle;
- `missing`: none of the above.

The revision counts as checked - so `missing` is a finding, not a guess - when the root was
given (`--revision-root`, `revision-root`), or anything the appspec names is there (a near
miss included), or the folder of a missing path is there (`scripts/` without
`scripts/start.sh`), or a `source: /` brings the root's files and the root has application
files besides the appspec (not only notes such as README or *.txt). Otherwise the folder is not the revision (the bundle is assembled elsewhere), and
one note (A120) says so.
"""

from __future__ import annotations

import os
import posixpath
from typing import Iterator, Optional

from speclint.revision import files as revision_files
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode

# First folders of a Linux instance path: a location under one of these that the bundle
# does not have was written as a path on the instance.
INSTANCE_FOLDERS = ("usr", "opt", "etc", "var", "home", "srv", "tmp", "bin", "sbin", "lib", "lib64", "root", "mnt", "run")
_WHOLE = ("", "/", ".", "./")


class Item:
    """One named path: `kind` "location" or "source", its node, text and JSON path, its
    `status` (see the module), and `detail`: the near name (near), the reason the build makes
    it (built), else None."""

    __slots__ = ("kind", "node", "text", "json_path", "status", "detail")

    def __init__(self, kind, node, text, json_path):
        self.kind, self.node, self.text, self.json_path = kind, node, text, json_path
        self.status, self.detail = "missing", None


class Assessment:
    """`root`: the revision root (absolute); `explicit`: given by the user; `checked`: see
    the module; `build`: the revision.Build that assembles it, or None; `items`;
    `assembler`: a script of the repository that packs the bundle (when no buildspec does),
    posix path relative to the source root, or None."""

    __slots__ = ("root", "explicit", "checked", "build", "items", "assembler")

    def __init__(self, root, explicit, build, items):
        self.root, self.explicit, self.build, self.items = root, explicit, build, items
        self.checked = False
        self.assembler = None


def _named(doc) -> list:
    """The named paths, as posix paths (on Windows instances `\\` separates folders too)."""
    items = []
    windows = isinstance(doc.mapping.get("os"), ScalarNode) and doc.mapping.get("os").value == "windows"
    for event, index, _script, node, location in revision_files.hook_locations(doc):
        if " " not in location:  # a location with arguments: A105
            items.append(Item("location", node, location.replace("\\", "/") if windows else location,
                              ("hooks", event, index, "location")))
    files = doc.mapping.get("files") if doc.mapping else None
    if isinstance(files, SequenceNode):
        for index, entry in enumerate(files.items):
            node = entry.get("source") if isinstance(entry, MappingNode) else None
            if isinstance(node, ScalarNode) and isinstance(node.value, str):
                text = node.value.strip().replace("\\", "/") if windows else node.value.strip()
                if text not in _WHOLE and not any(c in text for c in "*?[$"):
                    items.append(Item("source", node, text, ("files", index, "source")))
    return items


def _brings_root(doc, root: str) -> bool:
    """Whether a `source: /` copies the root's files, and the root has files besides the appspec."""
    files = doc.mapping.get("files") if doc.mapping else None
    if not isinstance(files, SequenceNode):
        return False
    whole = any(isinstance(e, MappingNode) and isinstance(e.get("source"), ScalarNode)
                and str(e.get("source").value).strip() in _WHOLE for e in files.items)
    if not whole:
        return False
    try:
        names = os.listdir(root)
    except OSError:
        return False
    own = os.path.basename(doc.fs_path or "")
    content = [n for n in names if n != own and not n.startswith(".") and "buildspec" not in n.lower()
               and not n.lower().endswith((".md", ".txt", ".rst")) and not n.upper().startswith(("README", "LICENSE"))]
    return len(content) >= 2  # application files, not just notes beside a copied appspec


def _parent_present(root: str, item: Item) -> bool:
    """Whether the folder a named path is in (below the root) exists: `scripts/` without `scripts/start.sh`."""
    parent = posixpath.dirname(posixpath.normpath(item.text.strip().strip("/")))
    return parent not in ("", ".") and not parent.startswith("..") and os.path.isdir(revision_files.resolve(root, parent))


def _tool_folder(src_root: str, rel: str, listings: Optional[dict] = None) -> Optional[str]:
    """Why `rel` is in a folder a build tool writes, judged by the build file beside that folder."""
    from speclint.revision.build_writes import tool_folders_for_build_files

    parts = rel.split("/")
    for depth in range(len(parts) - 1 if len(parts) > 1 else 1):
        folder = os.path.join(src_root, *parts[:depth]) if depth else src_root
        for tool, outputs in tool_folders_for_build_files(folder, listings):
            if parts[depth] in outputs:
                shown = "/".join(parts[: depth + 1])
                return f"{tool} writes {shown}/ (its build file is in {'/'.join(parts[:depth]) or 'the source root'})"
    return None


def assess(doc) -> Optional[Assessment]:
    """The assessment of an appspec on disk (computed once per document), or None."""
    cached = doc.state.get("_revision_paths")
    if cached is not None or "_revision_paths" in doc.state:
        return cached
    result = _assess(doc)
    doc.state["_revision_paths"] = result
    return result


def _assess(doc) -> Optional[Assessment]:
    from speclint.revision import build_writes
    from speclint import gitignored, path_suggest, revision

    root = revision.root_of(doc)
    if root is None:
        return None
    root = os.path.abspath(root)
    explicit = bool(doc.context.revision_root)
    folder = os.path.dirname(os.path.abspath(doc.fs_path))
    build = revision.build_for(os.path.abspath(doc.fs_path))
    src_root = revision.source_root(folder)
    outputs = build.outputs if build is not None else []
    items = _named(doc)
    result = Assessment(root, explicit, build, items)
    pending = []  # (item, source-root-relative path)
    flat = _flattened_names(build, src_root) if build is not None and build.flattened else None
    listings: dict = {}  # each folder listed once for all the paths (revision_files.folder_names)
    for item in items:
        path = revision_files.resolve(root, item.text)
        if flat is not None and "/" not in item.text.strip().strip("/") and item.text.strip().strip("/") in flat:
            item.status = "ok"  # discard-paths: yes puts every selected file at the root
            continue
        if revision_files.exists_exactly(path, listings):
            if revision_files.escapes(root, path):
                item.status, item.detail = "outside", os.path.realpath(path)
            elif revision_files.not_regular(path):
                item.status, item.detail = "special", revision_files.not_regular(path)
            else:
                item.status = "folder" if item.kind == "location" and os.path.isdir(path) else "ok"
            continue
        rel = os.path.relpath(path, src_root).replace(os.sep, "/")
        inside = not rel.startswith("..")
        made = build_writes.explain(outputs, rel, exact_only=True) if inside else None
        if made is not None:
            item.status, item.detail = "built", made.reason
            continue
        near = path_suggest.suggest(root, item.text, listings)
        if near is None and root != folder and not os.path.isdir(root):
            near = path_suggest.suggest(folder, item.text, listings)  # the build copies the appspec's folder
        if near is not None:
            item.status, item.detail = "near", near
            continue
        made = build_writes.explain(outputs, rel) if inside else None
        if made is not None:
            item.status, item.detail = "built", made.reason
            continue
        why = _tool_folder(src_root, rel, listings) if inside else None
        if why is not None:
            item.status, item.detail = "built", why
            continue
        if inside:
            pending.append((item, rel))
        _absolute_or_missing(item, root)
    if pending:
        ignored = gitignored.ignored(src_root, [rel for _, rel in pending])
        for item, rel in pending:
            if rel in ignored:
                name = f"; {build.shown} is expected to build it" if build is not None else ""
                item.status, item.detail = "built", f"git ignores {rel}, so it is made by a build{name}"
    if build is None and not explicit:
        result.assembler = _assembler(src_root, folder)
    result.checked = not result.assembler and (explicit or any(i.status in ("ok", "folder", "near", "outside", "special") for i in items)
                      or any(i.status == "missing" and _parent_present(root, i) for i in items) or _brings_root(doc, root))
    return result


def _flattened_names(build, src_root: str) -> set:
    """The file names a `discard-paths: yes` artifact puts at its root: every file its
    patterns select in the source tree, and every file a command of the build names."""
    from speclint.globs import any_match
    from speclint.revision import load_buildspec
    from speclint.rules.buildspec.artifact_paths import patterns

    doc = load_buildspec(build.path)
    artifacts = doc.mapping.get("artifacts") if doc is not None and doc.mapping else None
    selected = [str(n.value).strip() for _, n in patterns(artifacts)] if isinstance(artifacts, MappingNode) else []
    names = {posixpath.basename(w.pattern) for w in build.outputs
             if w.certain and w.exact and w.pattern is not None and "*" not in w.pattern}
    base = os.path.join(src_root, *build.base.split("/")) if build.base else src_root
    for current, folders, files in os.walk(base):
        folders[:] = [f for f in folders if f not in (".git", "node_modules")]
        rel_folder = os.path.relpath(current, base).replace(os.sep, "/")
        for name in files:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if any_match(selected, rel):
                names.add(name)
    return names


_ASSEMBLER_SUFFIXES = (".sh", ".bash", ".ps1", ".bat", ".cmd", ".py")


def _assembler(src_root: str, folder: str) -> Optional[str]:
    """A script beside the appspec, in its parent folder or at the source root that names
    the appspec or its folder: without a buildspec, that script packs the bundle, and paths
    missing from the appspec's folder may be made by it."""
    from speclint.gitrun import repo_root

    own = os.path.basename(folder) if folder != repo_root(folder) else None  # not the repository's own name
    seen = set()
    for place in (folder, os.path.dirname(folder), src_root):
        if place in seen:
            continue
        seen.add(place)
        try:
            names = sorted(os.listdir(place))
        except OSError:
            continue
        for name in names:
            if not (name.endswith(_ASSEMBLER_SUFFIXES) or name in ("Makefile", "makefile")):
                continue
            text = revision_files.read_text(os.path.join(place, name), 256 * 1024) or ""
            lower = text.lower()
            if "appspec" in lower or (own and own.lower() in lower and ("zip" in lower or "cp " in lower or "copy" in lower)):
                return os.path.relpath(os.path.join(place, name), src_root).replace(os.sep, "/")
    return None


def _absolute_or_missing(item: Item, root: str) -> None:
    text = item.text.replace("\\", "/")
    first = text.lstrip("/").split("/", 1)[0]
    if text.startswith("/") and first in INSTANCE_FOLDERS and not os.path.isdir(os.path.join(root, first)):
        item.status = "absolute"
        parts = text.strip("/").split("/")
        for start in range(1, len(parts)):  # /opt/app/scripts/x.sh when the bundle has scripts/x.sh
            rest = "/".join(parts[start:])
            if revision_files.exists_exactly(revision_files.resolve(root, rest)):
                item.detail = rest
                break
    else:
        item.status = "missing"


def archive_path(text: str) -> str:
    """How the agent spells a location inside the bundle: `<archive>/usr/local/bin/start.sh`."""
    return posixpath.join("<archive>", text.lstrip("/"))


def unsafe(found: Assessment, kind: str, noun: str) -> Iterator[tuple]:
    """(item, message, hint) of each path of `kind` that is a symlink leading out of the
    revision or is not a regular file (A116, A117 warnings): speclint does not read it."""
    for item in found.items:
        if item.kind != kind:
            continue
        if item.status == "outside":
            yield item, (f'{noun} "{item.text}" is a symlink that leads out of the revision (to {item.detail}); '
                         "speclint does not follow it"), "put the file itself in the revision instead of a link to a file outside it"
        elif item.status == "special":
            yield item, (f'{noun} "{item.text}" is {item.detail}, not a regular file; speclint does not read it'), \
                "put a regular file at this path in the revision"


def absent(found: Assessment, kind: str, noun: str, add: str) -> Iterator[tuple]:
    """(item, message, hint) of each near miss of `kind` (always a mistake) and, in a checked
    revision, each missing path (A116, A117); `noun` names the kind, `add` starts the hint
    for a missing one."""
    from speclint.path_suggest import difference

    built = f", and the build that assembles it ({found.build.shown}) does not make it" if found.build else ""
    for item in found.items:
        if item.kind != kind:
            continue
        if item.status == "near":
            yield item, (f'{noun} "{item.text}" does not exist in the revision; it has "{item.detail}"'
                         f"{difference(item.text, item.detail)}"), f'write "{item.detail}"'
        elif item.status == "missing" and found.checked:
            yield item, f'{noun} "{item.text}" does not exist in the revision{built}', \
                f"{add}, or fix the path (relative to the revision root{'' if found.explicit else ', see --revision-root'})"
