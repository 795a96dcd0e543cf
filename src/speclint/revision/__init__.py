"""Where a CodeDeploy revision starts, and which build (if any) assembles it.

The folder on disk is either the bundle itself or the input of a build that produces it.
It is the input of a build when a buildspec of the same source tree has an artifact that
reaches the appspec: the appspec lies under the artifact's `base-directory` and one of its
`files` patterns selects it, or a command of the buildspec names the appspec (copies or
renders it, or copies a folder's contents into the base directory) and the artifact's
patterns select `appspec.yml` in the base directory.

The revision root is, in order: `--revision-root` (or `revision-root` in the
configuration); else the `base-directory` of the artifact that reaches the appspec (the
folder CodeBuild zips, which a clean checkout may not have); else the appspec's own folder.

Buildspecs are looked for where CodeBuild projects keep them: files named `*buildspec*.yml`
or `.yaml` in the source root, in every folder from there down to the appspec, and in the
source root's `buildspec(s)`, `codebuild`, `ci`, `.codebuild`, `aws`, `deploy` and
`pipeline` folders. Commands run from the source root (`CODEBUILD_SRC_DIR`): the git work
tree the appspec is in; outside git, the nearest folder at or up to three levels above the
appspec that holds a buildspec; else the appspec's folder.

Source: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.artifacts
"""

from __future__ import annotations

import os
import posixpath
from typing import Optional

from speclint.run_scope import per_run
from speclint.gitrun import repo_root

_BUILDSPEC_FOLDERS = ("buildspec", "buildspecs", "codebuild", "ci", ".codebuild", "aws", "deploy", "pipeline")


@per_run(maxsize=256)
@per_run(maxsize=256)
def source_root(folder: str) -> str:
    """The folder CodeBuild checks the source out to: the git work tree; outside git (an
    unpacked archive), the nearest of `folder` and its three parents that holds a
    `*buildspec*.yml`; else `folder`."""
    found = repo_root(folder)
    if found:
        return found
    current = os.path.abspath(folder)
    for _ in range(4):
        try:
            if any("buildspec" in n.lower() and n.lower().endswith((".yml", ".yaml")) for n in os.listdir(current)):
                return current
        except OSError:
            pass
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return os.path.abspath(folder)


class Build:
    """The buildspec whose artifact is the revision. `path`: the buildspec on disk; `shown`:
    its path relative to the source root; `base`: the artifact's base directory (posix,
    relative to the source root, "" for the root); `outputs`: what its commands write
    (build_writes.Write); `flattened`: `discard-paths: yes`; `copies_appspec`: a command
    names the appspec (copies, moves or renders it into place)."""

    __slots__ = ("path", "shown", "base", "outputs", "flattened", "copies_appspec")

    def __init__(self, path, shown, base, outputs, flattened, copies_appspec):
        self.path, self.shown, self.base, self.outputs = path, shown, base, outputs
        self.flattened, self.copies_appspec = flattened, copies_appspec


def _candidates(src_root: str, appspec_folder: str) -> list:
    folders = [src_root]
    rel = os.path.relpath(appspec_folder, src_root)
    if not rel.startswith(".."):
        current = src_root
        for part in ([] if rel == "." else rel.split(os.sep)):
            current = os.path.join(current, part)
            folders.append(current)
    folders += [os.path.join(src_root, name) for name in _BUILDSPEC_FOLDERS]
    found = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            lower = name.lower()
            if "buildspec" in lower and lower.endswith((".yml", ".yaml")):
                path = os.path.join(folder, name)
                if path not in found and os.path.isfile(path):
                    found.append(path)
    # the default buildspec first
    found.sort(key=lambda p: (os.path.basename(p).lower() != "buildspec.yml", os.path.dirname(p) != src_root, p))
    return found


def load_buildspec(path: str):
    """A buildspec on disk as a Document (kind buildspec), or None when it cannot be read
    (read through the linter's front end, source.open_source, with a 1 MiB limit)."""
    from speclint.source import open_source

    source = open_source(path, kind="buildspec", max_file_size=1024 * 1024)
    return source.documents[0] if source.documents else None


def variables_of(doc) -> dict:
    """A buildspec's `env.variables` as name -> string value."""
    from speclint.revision.build_writes import env_variables

    return env_variables(doc.mapping)


def command_texts(doc) -> list:
    from speclint.source.nodes import ScalarNode
    from speclint.rules.helpers import commands

    return [str(node.value) for _, node in commands(doc) if isinstance(node, ScalarNode) and node.value is not None]


@per_run(maxsize=64)
def build_writes_of(path: str, src_root: str) -> tuple:
    """(document, writes) of a buildspec on disk; (None, []) when unreadable."""
    from speclint.revision.build_writes import writes

    doc = load_buildspec(path)
    if doc is None or doc.mapping is None:
        return None, []
    shown = os.path.relpath(path, src_root).replace(os.sep, "/")
    return doc, writes(doc.mapping, doc.text, src_root, shown)


@per_run(maxsize=64)
def build_for(appspec_path: str) -> Optional[Build]:
    """The build whose artifact reaches the appspec at `appspec_path`, or None."""
    from speclint.globs import any_match
    from speclint.source.nodes import ScalarNode
    from speclint.rules.buildspec.artifact_paths import file_lists, patterns

    folder = os.path.dirname(os.path.abspath(appspec_path))
    src_root = source_root(folder)
    appspec_rel = os.path.relpath(os.path.abspath(appspec_path), src_root).replace(os.sep, "/")
    appspec_name = posixpath.basename(appspec_rel)
    for path in _candidates(src_root, folder):
        doc, outputs = build_writes_of(path, src_root)
        if doc is None:
            continue
        variables = variables_of(doc)
        mentions = any("appspec" in text.lower() for text in command_texts(doc))
        from speclint.revision.build_writes import expand, explain
        for prefix, section in file_lists(doc):
            if prefix[0] != "artifacts":
                continue
            base_node = section.get("base-directory")
            base = ""
            if isinstance(base_node, ScalarNode) and base_node.value not in (None, ""):
                expanded = expand(str(base_node.value), variables)
                if expanded is None or any(c in expanded for c in "*?["):
                    continue
                base = posixpath.normpath(expanded.strip().lstrip("./").strip("/") or ".")
                base = "" if base == "." else base
            selected = [str(node.value).strip() for _, node in patterns(section)]
            inside = base == "" or appspec_rel.startswith(base + "/")
            rel = appspec_rel[len(base) + 1:] if base else appspec_rel
            reaches = inside and any_match(selected, rel)
            made = explain(outputs, posixpath.join(base, appspec_name) if base else appspec_name)
            placed = mentions or (made is not None and made.exact)  # a command copies it, not a tool's folder
            copies = bool(placed) and any_match(selected, appspec_name)
            if reaches or copies:
                discard = section.get("discard-paths")
                flattened = isinstance(discard, ScalarNode) and str(discard.value).lower() in ("yes", "true")
                shown = os.path.relpath(path, src_root).replace(os.sep, "/")
                return Build(path, shown, base, outputs, flattened, bool(placed))
    return None


def revision_root(fs_path: str, configured: Optional[str]) -> Optional[str]:
    """The revision root an appspec's setting or build implies, or None (then the appspec's
    own folder is taken)."""
    if configured:
        return configured
    build = build_for(os.path.abspath(fs_path))
    if build is None:
        return None
    return os.path.join(source_root(os.path.dirname(os.path.abspath(fs_path))), *build.base.split("/")) if build.base else \
        source_root(os.path.dirname(os.path.abspath(fs_path)))


def root_of(doc) -> Optional[str]:
    """The revision root for an appspec on disk: --revision-root, else the base directory of
    the build that assembles it (when the appspec is at its root, or copied there by the
    build), else the appspec's own folder. None when the file is not on disk."""
    if not doc.on_disk or not doc.fs_path:
        return None
    configured = doc.context.revision_root
    if configured:
        return configured
    folder = os.path.dirname(os.path.abspath(doc.fs_path))
    build = build_for(os.path.abspath(doc.fs_path))
    root = revision_root(doc.fs_path, None)
    if build is not None and root and (build.copies_appspec or os.path.abspath(root) == folder):
        return root
    return folder


def linux_root(doc) -> Optional[str]:
    """The revision root of an `os: linux` appspec on disk (the shell-script checks' scope);
    when the build's output folder is not there yet, the appspec's folder, whose scripts the
    build copies."""
    from speclint.source.nodes import ScalarNode

    os_node = doc.mapping.get("os") if doc.mapping else None
    if not (isinstance(os_node, ScalarNode) and os_node.value == "linux"):
        return None
    root = root_of(doc)
    if root is not None and not os.path.isdir(root):
        return os.path.dirname(os.path.abspath(doc.fs_path))
    return root
