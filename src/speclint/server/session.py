"""The lint of an editor buffer, many times in one process.

Shapes: `Session.lint(path, text, shell)` returns the findings (speclint Diagnostics, 1-based
code-point positions) the CLI would print for `path` with this text, all severities
(the editor shows notes as hints); `Session.ours(path, text)` says whether the buffer is a
buildspec or appspec at all (editors send every YAML file). Never raises on user input:
a failure inside speclint becomes one X001 finding, as in the CLI.
"""

from __future__ import annotations

import os
import threading
from typing import Optional

from speclint.config.settings import Flags, Resolver
from speclint.diagnostics import Diagnostic, Severity
from speclint.lint import lint_bytes
from speclint.source import classify

#: Configuration file names whose change reloads the configuration.
CONFIG_NAMES = (".speclint.toml", "speclint.toml", "pyproject.toml")


class Session:
    """One editor session: flags (from the client's initialization options) and the resolver."""

    def __init__(self, flags: Optional[Flags] = None):
        self.flags = flags or Flags()
        self._lock = threading.Lock()
        self.resolver = Resolver(self.flags)
        # path -> the configuration error met when it was last linted (linted with defaults then)
        self.config_errors: dict = {}

    def reload(self) -> None:
        """Forget every configuration read so far (a configuration file changed, or a `.git`
        folder appeared): the resolver and the configuration module's per-process caches."""
        forget()
        with self._lock:
            self.resolver = Resolver(self.flags)

    def context(self, path: str):
        """The file's LintContext (image, deployment set-up...) for hover and completion; the
        defaults when the configuration is broken."""
        from speclint.context import LintContext

        try:
            return self.resolver.options_for(path).context
        except Exception:  # noqa: BLE001
            return LintContext()

    @staticmethod
    def ours(path: str, text: str) -> bool:
        """A buildspec or appspec by its name, or by its content (the folder search's test)."""
        if classify.kind_from_name(path) is not None:
            return True
        return classify.sniff(text[:4096].encode("utf-8", "surrogatepass")) is not None

    def lint(self, path: str, text: str, shell: bool = False) -> list:
        """The findings for `text` as the file at `path`, the CLI's (also those in another file:
        a hook script's, whose `path` is the script's). ShellCheck runs only with `shell`."""
        return self.check(path, text, shell)[1]

    def check(self, path: str, text: str, shell: bool = False) -> tuple:
        """(whether the buffer is a buildspec or appspec - or a host file holding one - at all,
        its findings). Editors send every YAML file; the others get no findings."""
        data = text.encode("utf-8", "surrogatepass")
        on_disk = os.path.isfile(path)
        try:
            options = self.resolver.options_for(path)
            self.config_errors.pop(path, None)
        except Exception as exc:  # noqa: BLE001 - a configuration broken while typing
            self.config_errors[path] = str(exc)
            options = Resolver(Flags(isolated=True)).options_for(path)
        if shell:
            forget()  # open and save: the files around it (scripts, buildspecs) may have changed
        else:
            from speclint.context import replace

            options.context = replace(options.context, shell_checks=False)
        options.defer_shell = False
        try:
            result = lint_bytes(path, data, options, on_disk=on_disk, fs_path=path if on_disk else None)
        except Exception as exc:  # noqa: BLE001 - never die on a buffer
            return True, [_internal(path, exc)]
        ours = result.kind is not None or self.ours(path, text)
        return ours, list(result.diagnostics) if ours else []


def forget() -> None:
    """Clear the per-process caches that hold what was read from disk: configuration files and
    repository roots (speclint.config), the revision's build outputs (speclint.revision). A
    CLI run reads the disk once; a server must read it again when it may have changed."""
    from speclint import config, revision

    for module in (config, revision):
        for name in dir(module):
            cached = getattr(getattr(module, name), "cache_clear", None)
            if callable(cached):
                cached()


def _internal(path: str, exc: Exception) -> Diagnostic:
    from speclint.rules import core
    from speclint.source.document import Document

    doc = Document(path=path, text="", root=None, kind=None)
    return core.InternalError().report(doc, None, f"speclint failed on this buffer: {type(exc).__name__}: {exc}",
                                       "this is a bug in speclint; please report it", severity=Severity.ERROR)


def document(path: str, text: str, context=None):
    """The speclint Document of the buffer (kind and variant as the linter decides them,
    through the one front end, speclint.source.open_source), or None when the text is too
    large or holds no plain document (an embedded one: hover and completion stay quiet there).
    For hover and completion."""
    from speclint.source import open_source
    from speclint.source.loader import DEFAULT_MAX_FILE_SIZE

    if len(text) > DEFAULT_MAX_FILE_SIZE:
        return None  # a pasted 10 MB buffer: the lint says it is too large; hover and completion stay quick
    try:
        source = open_source(text.encode("utf-8", "surrogatepass"), shown=path)
    except Exception:  # noqa: BLE001 - half-typed YAML
        return None
    if source.host is not None or not source.documents:
        return None
    doc = source.documents[0]
    if context is not None:
        doc.context = context
    return doc
