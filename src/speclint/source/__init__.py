"""The source layer: a file (or bytes) becomes a Source holding one or more Documents.

`open_source(path or bytes, ...)` is the one front end - read -> load -> classify - that
`speclint check` (lint.py), `speclint lifecycle`, the revision checks (revision/) and
`--list-files` (cli/runner.py) share:

- read: the file's bytes, or a Problem saying why there are none (not found, a directory,
  a pipe or device, too large, unreadable); `--max-file-size` is checked before reading.
- load: decoding and the YAML node tree (source/loader.py), with the loader's problems.
- documents: a plain file is one Document (`name` None, `position_map` IDENTITY). A host
  file (a CloudFormation/SAM template, a Terraform file, ...) holds embedded documents:
- classify: each document's kind and variant (source/classify.py), and whether it is a
  template source (source/templates.py).

Hosts plug in here. `host_readers()` returns the readers of the `speclint.source.hosts`
package when it exists: its `READERS` sequence. A reader has

    name: str                                  # "cloudformation", "terraform", ...
    claims(shown: str, text: str) -> bool      # cheap: is this file mine? (name, first bytes)
    documents(source: Source) -> list[Embedded] # the documents it embeds (source/document.py)

The first reader that claims a file gives its documents; each Embedded text is loaded and
classified like a plain file's (its `kind`, when set, is forced), keeps its `name` and
`position_map` (document offsets -> host offsets, source/positions.py), and its `context`
(LintContext fields) overrides the file's context for that document. A claimed file with no embedded document yields
no documents. Findings stay in document positions until lint.to_host converts them.

Nothing here raises on user input, and nothing about a file is kept between calls.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from typing import Optional, Union

from speclint.record import field, record
from speclint.source.document import Document, Embedded
from speclint.source.loader import DEFAULT_MAX_FILE_SIZE, load
from speclint.source.positions import IDENTITY, LineIndex


@record
class Problem:
    """Why a file's bytes could not be had: the loader check it is reported as (`encoding`,
    `file-too-large`, `path-not-found`), message and hint."""

    check: str
    message: str
    hint: str


@record
class Source:
    """One file (or standard input) as read: `shown` is the path findings name, `fs_path`
    where it really is (None for bytes not read from a file), `data` the raw bytes, `text`
    the decoded text (line breaks normalized like the loader's), `encoding` and `bom` how it
    was stored, and `documents` what it holds. `problem` is set (and `documents` empty) when
    the bytes could not be read."""

    shown: str
    fs_path: Optional[str] = None
    data: Optional[bytes] = None
    text: str = ""
    encoding: str = "utf-8"
    bom: bool = False
    on_disk: bool = False
    documents: list = field(default_factory=list)
    problem: Optional[Problem] = None
    host: Optional[str] = None  # the host reader that claimed the file, None for a plain file
    loaded: Optional[object] = None  # a claimed file's loader result (its node tree), for its reader
    _index: Optional[LineIndex] = field(default=None, compare=False)

    @property
    def missing(self) -> bool:
        """The path does not exist (F006): reported, but no file was checked."""
        return self.problem is not None and self.problem.check == "path-not-found"

    @property
    def line_index(self) -> LineIndex:
        """Line starts of `text` (positions.LineIndex), computed on first use."""
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index


def read(path: str, max_file_size: int = DEFAULT_MAX_FILE_SIZE,
         shown: Optional[str] = None) -> tuple[Optional[bytes], Optional[Problem]]:
    """The file's bytes, or a Problem (naming the shown path) that says why they could not be had."""
    from speclint.source import safe_open

    shown = shown or path
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO would wait forever, a device could stream forever.
            kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
            return None, Problem("encoding", f"{shown} is {kind}, not a regular file; it was not read",
                                 "pass the path of a buildspec or appspec file")
        size = info.st_size
        if size > max_file_size:
            from speclint.source.classify import kind_from_name
            from speclint.source.hosts import is_host_name

            template = is_host_name(os.path.basename(shown)) and not kind_from_name(os.path.basename(shown))
            return None, Problem(
                "file-too-large", f"file is {size:,} bytes, over the {max_file_size:,}-byte limit; it was not checked",
                ("a CloudFormation template is at most 1 MB (uploaded to S3), a buildspec or appspec a few KB: "
                 if template else "a real buildspec or appspec is a few KB: ")
                + "check this is the right file, or raise --max-file-size")
        return safe_open.read_regular(path, max_file_size + 1), None
    except safe_open.NotRegularFile as exc:  # swapped after the stat: checked again on the open file
        return None, Problem("encoding", f"{shown} {exc.strerror}; it was not read",
                             "pass the path of a buildspec or appspec file")
    except IsADirectoryError:
        message = "is a directory, not a file"
    except PermissionError:
        message = "cannot be read: permission denied"
    except FileNotFoundError:
        if os.path.islink(path):
            message = f"{shown} is a symbolic link to {os.readlink(path)}, which does not exist"
        else:
            message = f"{shown} does not exist"
        return None, Problem("path-not-found", message, "check the spelling of the path")
    except OSError as exc:
        message = f"cannot be read: {exc.strerror or exc}"
    return None, Problem("encoding", f"{shown} {message}", "check the path and its permissions")


STDIN = "-"  # the path that means standard input, in every command that reads a file


def open_source(target: Union[str, bytes], *, shown: Optional[str] = None, fs_path: Optional[str] = None,
                on_disk: Optional[bool] = None, kind: Optional[str] = None,
                max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Source:
    """Read, load and classify a file (`target` a path) or bytes (`target` the data, `shown`
    their name, `fs_path` the file they came from if any) or standard input (`target` is
    STDIN, "-": read here, named `shown`, "<stdin>" by default; a closed standard input is
    speclint.stdio.StreamFailure). `kind` forces buildspec/appspec.
    Bytes over `max_file_size` are not loaded (a file-too-large Problem)."""
    if target == STDIN:
        from speclint.stdio import read_stdin

        target = read_stdin(max_file_size + 1)
    if isinstance(target, (bytes, bytearray)):
        shown = shown or "<stdin>"
        on_disk = bool(on_disk)
        fs_path = fs_path or (shown if on_disk else None)
        data = bytes(target)
        if len(data) > max_file_size:
            return Source(shown, fs_path, data, on_disk=on_disk, problem=Problem(
                "file-too-large", f"input is over the {max_file_size:,}-byte limit; it was not checked",
                "raise --max-file-size if this really is a buildspec or appspec"))
    else:
        fs_path = fs_path or target
        shown = shown or target
        on_disk = True if on_disk is None else on_disk
        data, problem = read(target, max_file_size, shown)
        if data is None:
            return Source(shown, fs_path, None, on_disk=on_disk, problem=problem)
    loaded = load(data)
    source = Source(shown, fs_path, data, loaded.text, loaded.encoding, loaded.bom, on_disk, _index=loaded.line_index)
    reader = _claimant(shown, loaded.text) if kind is None else None  # a forced kind is one plain document
    if reader is None:
        source.documents = [_document(source, loaded, kind, None, IDENTITY)]
        return source
    source.host, source.loaded = reader.name, loaded
    for embedded in reader.documents(source):
        document = _document(source, load(embedded.text.encode("utf-8")), embedded.kind or kind, embedded.name,
                             embedded.position_map)
        document.host_context.update(embedded.context)
        document.state.update(embedded.state)
        source.documents.append(document)
    return source


def _document(source: Source, loaded, kind: Optional[str], name: Optional[str], position_map) -> Document:
    from speclint.source import classify

    found = classify.classify(source.shown, loaded.root, kind)
    return Document(path=source.shown, text=loaded.text, root=loaded.root, kind=found.kind, variant=found.variant,
                    bom=loaded.bom, on_disk=source.on_disk, fs_path=source.fs_path, name=name,
                    position_map=position_map, problems=list(loaded.problems), encoding=loaded.encoding,
                    classification=found, template=_template(loaded.text))


def _template(text: str) -> Optional[tuple]:
    """The template syntax of a template source (speclint.source.templates), else None (cheaply, for most files)."""
    if not text or ("{{" not in text and "{%" not in text and "<%" not in text and "{#" not in text and "%{" not in text):
        return None
    from speclint.source.templates import template_syntax

    return template_syntax(text)


@lru_cache(maxsize=1)
def host_readers() -> tuple:
    """The host readers of `speclint.source.hosts` (its READERS), or () while there are none
    (looked up once per process: the installed package does not change while it runs)."""
    from importlib.util import find_spec

    if find_spec("speclint.source.hosts") is None:
        return ()
    from speclint.source import hosts

    return tuple(getattr(hosts, "READERS", ()))


def _claimant(shown: str, text: str):
    for reader in host_readers():
        if reader.claims(shown, text):
            return reader
    return None
