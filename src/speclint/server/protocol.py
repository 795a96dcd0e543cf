"""The LSP wiring (pygls): the only module that imports pygls and lsprotocol.

Behaviour: diagnostics on open and save with ShellCheck (cached by content in the
ShellCheck cache), on change without it after a pause in typing (DEBOUNCE seconds) - the
ShellCheck findings of the last open or save stay where their line is unchanged; results
for an outdated version are dropped. Lints run in one worker thread, so hover, completion
and code actions are answered while a lint runs. A change of a configuration file (saved in
the editor, or reported by the client's file watcher) reloads the configuration and lints
every open document again. Nothing a client sends ends the server but `exit`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from speclint import __version__
from speclint.server import actions, complete, hover, lsp
from speclint.server.session import CONFIG_NAMES, Session
from speclint.source.positions import LineIndex

DEBOUNCE = 0.25  # seconds of no typing before a lint
LOG = logging.getLogger("speclint.server")

_KINDS = {"key": types.CompletionItemKind.Property, "value": types.CompletionItemKind.EnumMember,
          "hook": types.CompletionItemKind.Event, "phase": types.CompletionItemKind.Module,
          "runtime": types.CompletionItemKind.Module, "version": types.CompletionItemKind.Value}


class _Open:
    """What the server knows of one open document."""

    __slots__ = ("text", "found", "shell", "timer", "elsewhere", "ours")

    def __init__(self):
        self.text = ""
        self.found: list = []  # speclint Diagnostics of the last published lint
        self.shell: list = []  # (line text, Diagnostic) of the shell checks' findings at the last open/save
        self.timer = None
        self.elsewhere: set = set()  # paths of other files this document's findings were published for
        self.ours = False  # the last lint found a buildspec or appspec (or a template holding one)


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, but a request after `shutdown` gets JSON-RPC's InvalidRequest error
    (pygls dropped it without a reply, and the client waited forever)."""

    def handle_message(self, message):
        method = getattr(message, "method", None)
        if self._shutdown and method is not None and method != types.EXIT and getattr(message, "id", None) is not None:
            self._send_response(message.id, error=JsonRpcInvalidRequest(
                f"the server is shutting down: {method} is not answered; only exit is").to_response_error())
            return
        super().handle_message(message)


class SpeclintServer(LanguageServer):
    def __init__(self):
        super().__init__("speclint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=_Protocol)
        self.session = Session()
        self.documents: dict = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speclint-lint")
        self.shown_config_error: Optional[str] = None
        # path of another file (a hook script) -> {URI of the document whose lint found them: Diagnostics}
        self.foreign: dict = {}

    # -- linting ------------------------------------------------------------------------

    def opened(self, uri: str):
        """The open document at `uri`, or None. Never pygls's `get_text_document`, which makes
        a document of a URI that was never opened and reads it from disk on the event loop's
        thread (a FIFO or /dev/stdin there blocks every request; any file outside the
        workspace would be read): the server answers only for what the editor opened."""
        from urllib.parse import unquote

        return self.workspace.text_documents.get(unquote(uri))

    def state(self, uri: str) -> _Open:
        return self.documents.setdefault(uri, _Open())

    def schedule(self, uri: str, shell: bool, delay: float = 0.0) -> None:
        state = self.state(uri)
        if state.timer is not None:
            state.timer.cancel()
            state.timer = None
        loop = asyncio.get_running_loop()
        if delay:
            state.timer = loop.call_later(delay, lambda: asyncio.ensure_future(self.lint(uri, shell)))
        else:
            asyncio.ensure_future(self.lint(uri, shell))

    async def lint(self, uri: str, shell: bool) -> None:
        document = self.opened(uri)
        if document is None:
            return  # closed meanwhile
        text, version = document.source, document.version
        path = lsp.uri_to_path(uri)
        loop = asyncio.get_running_loop()
        ours, found = await loop.run_in_executor(self.pool, self.session.check, path, text, shell)
        if uri not in self.documents:
            return  # closed meanwhile
        state = self.state(uri)
        lines = text.split("\n")
        if shell:  # kept even when this lint is superseded: the typing lints after it run no ShellCheck
            state.shell = [(_line(lines, d.span.line) if d.path == path else None, d) for d in found if _from_shell(d)]
        current = self.opened(uri)
        if current is None or (current.version != version and version is not None):
            return  # the buffer changed meanwhile: a newer lint is on its way
        self.config_message(path)
        state.ours = ours
        if not ours:  # not ours to lint (a hook script): show what the appspecs' lints found in it
            self.publish(uri, version, self.foreign_findings(path), text)
            return
        if not shell:  # keep the last shell findings whose line did not change (a hook script's: all)
            have = {(d.code, d.path, d.span, d.message) for d in found}
            found = found + [d for line_text, d in state.shell
                             if (d.path != path or _line(lines, d.span.line) == line_text)
                             and (d.code, d.path, d.span, d.message) not in have]
        self.publish(uri, version, [d for d in found if d.path == path], text)
        self.publish_elsewhere(uri, state, path, found)

    def publish(self, uri: str, version, found: list, text: str) -> None:
        state = self.state(uri)
        state.found, state.text = found, text
        index = LineIndex(text)
        diagnostics = [lsp_converter().structure(lsp.diagnostic(d, index), types.Diagnostic) for d in found]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def publish_elsewhere(self, owner: str, state: _Open, path: str, found: list) -> None:
        """Findings in other files (an appspec's hook scripts) under those files' URIs, merged
        with what other open documents' lints found there (two appspecs may share a script);
        a file whose findings are gone gets what is left (maybe an empty list)."""
        by_path: dict = {}
        for d in found:
            if d.path != path:
                by_path.setdefault(d.path, []).append(d)
        for other in state.elsewhere | set(by_path):
            owners = self.foreign.setdefault(other, {})
            if other in by_path:
                owners[owner] = by_path[other]
            else:
                owners.pop(owner, None)
            self.publish_foreign(other)
        state.elsewhere = set(by_path)

    def foreign_findings(self, path: str) -> list:
        """What the lints of open documents found in the file at `path`, each finding once."""
        seen, out = set(), []
        for items in self.foreign.get(path, {}).values():
            for d in items:
                key = (d.code, d.span, d.message)
                if key not in seen:
                    seen.add(key)
                    out.append(d)
        return out

    def publish_foreign(self, path: str) -> None:
        """Publish the file's findings from other documents' lints: against its open buffer
        when the editor has it open, else against the file on disk."""
        uri = lsp.path_to_uri(path)
        document = self.opened(uri)
        index = LineIndex(document.source) if document is not None else lsp.file_index(path)
        if index is None:
            return
        items = self.foreign_findings(path)
        if document is not None:
            self.state(uri).found, self.state(uri).text = items, document.source
        diagnostics = [lsp_converter().structure(lsp.diagnostic(d, index), types.Diagnostic) for d in items]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    def users_of(self, uri: str) -> list:
        """The open buildspecs/appspecs whose lint may read the file at `uri` (a hook script):
        those that found something in it, or whose text names the file."""
        path = lsp.uri_to_path(uri)
        name = os.path.basename(path)
        return [other for other, state in self.documents.items()
                if other != uri and state.ours and (path in state.elsewhere or (name and name in state.text))]

    def config_message(self, path: str) -> None:
        """Say once per distinct error that the configuration is broken (the lint used defaults)."""
        error = self.session.config_errors.get(path)
        if error and error != self.shown_config_error:
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning, message=f"speclint: configuration error (linting with defaults): {error}"))
            self.shown_config_error = error

    def config_changed(self) -> None:
        self.session.reload()
        for uri in list(self.documents):
            self.schedule(uri, shell=False)


def _from_shell(d) -> bool:
    """A finding only the shell checks make: ShellCheck's (SC...), its failures (X002), and the
    shell dialect notes (B026), which a lint without them (while typing) does not repeat."""
    return d.code.startswith("SC") or d.code in ("B026", "X002")


def _line(lines: list, number: int) -> Optional[str]:
    return lines[number - 1] if 0 < number <= len(lines) else None


_CONVERTER = None


def lsp_converter():
    global _CONVERTER
    if _CONVERTER is None:
        from lsprotocol.converters import get_converter

        _CONVERTER = get_converter()
    return _CONVERTER


server = SpeclintServer()


def _is_config(uri: str) -> bool:
    return os.path.basename(lsp.uri_to_path(uri)) in CONFIG_NAMES


@server.feature(types.INITIALIZED)
def initialized(ls: SpeclintServer, params: types.InitializedParams) -> None:
    capabilities = ls.client_capabilities
    watch = capabilities.workspace and capabilities.workspace.did_change_watched_files
    if watch and watch.dynamic_registration:
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
        ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="speclint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SpeclintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.state(params.text_document.uri)
    ls.schedule(params.text_document.uri, shell=True)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SpeclintServer, params: types.DidChangeTextDocumentParams) -> None:
    if _is_config(params.text_document.uri):
        return
    ls.schedule(params.text_document.uri, shell=False, delay=DEBOUNCE)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: SpeclintServer, params: types.DidSaveTextDocumentParams) -> None:
    if _is_config(params.text_document.uri):
        ls.config_changed()
        return
    ls.schedule(params.text_document.uri, shell=True)
    for user in ls.users_of(params.text_document.uri):  # a hook script saved: its appspecs read it again
        ls.schedule(user, shell=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SpeclintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = ls.documents.pop(uri, None)
    if state is not None and state.timer is not None:
        state.timer.cancel()
    if state is not None and state.ours:
        for other in state.elsewhere:  # its findings in hook scripts go with it
            ls.foreign.get(other, {}).pop(uri, None)
            ls.publish_foreign(other)
    path = lsp.uri_to_path(uri)
    if ls.foreign.get(path):
        ls.publish_foreign(path)  # a hook script closed: what the open appspecs found in it stays
    else:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: SpeclintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(_is_config(change.uri) for change in params.changes):
        ls.config_changed()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: SpeclintServer, params: types.DidChangeConfigurationParams) -> None:
    ls.config_changed()


def _request_state(ls: SpeclintServer, uri: str) -> tuple:
    """(path, text, findings) of an open document, findings only when they belong to this
    text; LookupError for a document that is not open (nothing is read from disk)."""
    document = ls.opened(uri)
    if document is None:
        raise LookupError(uri)
    text = document.source
    state = ls.documents.get(uri)
    found = state.found if state is not None and state.text == text else []
    return lsp.uri_to_path(uri), text, found


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: SpeclintServer, params: types.HoverParams) -> Optional[types.Hover]:
    try:
        path, text, found = _request_state(ls, params.text_document.uri)
        line, column = lsp.from_position(LineIndex(text), {"line": params.position.line, "character": params.position.character})
        context = ls.session.context(path) if Session.ours(path, text) else None
        markdown = hover.hover(path, text, found, line, column, context)
    except LookupError:
        return None
    except Exception:  # noqa: BLE001 - a hover never breaks the session
        LOG.exception("hover failed")
        return None
    if not markdown:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " "]))
def on_completion(ls: SpeclintServer, params: types.CompletionParams) -> Optional[types.CompletionList]:
    try:
        path, text, _ = _request_state(ls, params.text_document.uri)
        if not Session.ours(path, text):
            return None
        line, column = lsp.from_position(LineIndex(text), {"line": params.position.line, "character": params.position.character})
        items = complete.complete(path, text, line, column, ls.session.context(path))
    except LookupError:
        return None
    except Exception:  # noqa: BLE001
        LOG.exception("completion failed")
        return None
    return types.CompletionList(is_incomplete=False, items=[
        types.CompletionItem(label=i["label"], kind=_KINDS.get(i["kind"]), detail=i["detail"] or None,
                             documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=i["documentation"])
                             if i["documentation"] else None)
        for i in items])


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def on_code_action(ls: SpeclintServer, params: types.CodeActionParams) -> Optional[list]:
    try:
        path, text, found = _request_state(ls, params.text_document.uri)
        wanted = [lsp_converter().unstructure(d) for d in params.context.diagnostics]
        found_actions = actions.code_actions(params.text_document.uri, path, text, found, wanted)
    except LookupError:
        return None
    except Exception:  # noqa: BLE001
        LOG.exception("code action failed")
        return None
    return [lsp_converter().structure(a, types.CodeAction) for a in found_actions]


def serve() -> int:
    """Serve over stdio until `exit` (or the end of standard input): 0 after a `shutdown`
    request, 1 without one, as the protocol says."""
    server.start_io()
    return 0 if server.protocol._shutdown else 1
