"""`speclint server` end to end: a real LSP client (pygls's) talks to the server over stdio.

initialize, open, diagnostics, change, code action applied, hover, completion, config
reload, shutdown - and the bad input of issue 18 (half-typed YAML, a 10 MB buffer, positions
out of range, a file outside the workspace, a configuration broken while typing): the server
answers with a diagnostic or nothing and keeps serving.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

pygls = pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from speclint.server.lsp import path_to_uri  # noqa: E402

TIMEOUT = 60  # seconds: a generous bound for a loaded machine, never a speed test

BUILDSPEC = """version: 0.2
phases:
  biuld:
    commands:
      - make
"""


class Client:
    """A started client with the diagnostics the server published, per URI."""

    def __init__(self):
        self.lsp = LanguageClient("speclint-tests", "1")
        self.published: dict = {}
        self.messages: list = []

        @self.lsp.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(*args):
            params = args[-1]
            self.published[params.uri] = params

        @self.lsp.feature(types.WINDOW_SHOW_MESSAGE)
        def _message(*args):
            params = args[-1]
            self.messages.append(params.message)

        @self.lsp.feature(types.WINDOW_LOG_MESSAGE)
        def _log(*args):
            pass

    async def start(self, root: str) -> types.InitializeResult:
        await self.lsp.start_io(sys.executable, "-m", "speclint", "server", cwd=root)
        capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=False)))
        result = await self.lsp.initialize_async(types.InitializeParams(
            capabilities=capabilities, root_uri=path_to_uri(root),
            workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(root), name="ws")]))
        self.lsp.initialized(types.InitializedParams())
        return result

    async def diagnostics(self, uri: str, version) -> list:
        """The diagnostics published for `version` of the document (waits for them)."""
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while asyncio.get_running_loop().time() < deadline:
            params = self.published.get(uri)
            if params is not None and params.version == version:
                return list(params.diagnostics)
            await asyncio.sleep(0.05)
        raise AssertionError(f"no diagnostics for {uri} version {version}; have {self.published.get(uri)}")

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.lsp.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)))

    def replace(self, uri: str, text: str, version: int) -> None:
        self.lsp.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def stop(self) -> None:
        await asyncio.wait_for(self.lsp.shutdown_async(None), TIMEOUT)
        self.lsp.exit(None)
        await asyncio.wait_for(self.lsp.stop(), TIMEOUT)


def _apply(text: str, edits: list) -> str:
    """Apply LSP TextEdits (UTF-16 positions; these texts are ASCII) back to front."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    def offset(pos):
        return offsets[pos.line] + pos.character
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, TIMEOUT * 4))


def test_open_change_action_hover_completion_shutdown(tmp_path):
    async def scenario():
        client = Client()
        result = await client.start(str(tmp_path))
        assert result.server_info.name == "speclint"
        path = tmp_path / "buildspec.yml"
        path.write_text(BUILDSPEC)
        uri = path_to_uri(str(path))
        client.open(uri, BUILDSPEC)
        found = await client.diagnostics(uri, 1)
        phase = [d for d in found if d.code == "B002"]
        assert phase, found
        assert phase[0].range.start.line == 2 and phase[0].range.start.character == 2
        assert phase[0].severity == types.DiagnosticSeverity.Error
        assert "biuld" in phase[0].message and phase[0].source == "speclint"

        # hover on the finding: its rule and docs link
        hover = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=3)))
        assert "B002" in hover.contents.value and "phase-name" in hover.contents.value and "docs" in hover.contents.value.lower()

        # the code action "ignore B002 on this line", applied: the finding goes away
        actions = await client.lsp.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=phase[0].range,
            context=types.CodeActionContext(diagnostics=phase)))
        titles = [a.title for a in actions]
        assert "Ignore B002 on this line" in titles and "Ignore B002 in this file" in titles
        chosen = next(a for a in actions if a.title == "Ignore B002 on this line")
        edited = _apply(BUILDSPEC, chosen.edit.changes[uri])
        assert "  biuld:  # speclint: ignore[B002]" in edited
        client.replace(uri, edited, 2)
        assert not [d for d in await client.diagnostics(uri, 2) if d.code == "B002"]

        # a change that fixes the phase name: no finding left
        fixed = BUILDSPEC.replace("biuld", "build")
        client.replace(uri, fixed, 3)
        assert await client.diagnostics(uri, 3) == []

        # hover on a key: the schema's description; on a phase: its place in the lifecycle
        key = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=2)))
        assert "phases" in key.contents.value.lower()
        step = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=3)))
        assert "step" in step.contents.value and "PRE_BUILD" in step.contents.value

        # completion: the phases not yet written, under phases:
        typing = fixed + "  \n"
        client.replace(uri, typing, 4)
        items = await client.lsp.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=5, character=2)))
        labels = [i.label for i in items.items]
        assert labels == ["install", "pre_build", "post_build"]
        await client.stop()

    run(scenario())


def test_appspec_hook_hover_and_completion(tmp_path):
    appspec = "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: run.sh\n  \n"
    (tmp_path / "run.sh").write_text("#!/bin/bash\nnohup node server.js &\n")

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        path = tmp_path / "appspec.yml"
        path.write_text(appspec)
        uri = path_to_uri(str(path))
        client.open(uri, appspec)
        await client.diagnostics(uri, 1)
        # the hook script's finding is published under the script's own URI, at its line
        script = await client.diagnostics(path_to_uri(str(tmp_path / "run.sh")), None)
        assert [(d.code, d.range.start.line) for d in script] == [("A119", 1)]
        hover = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=4)))
        assert "AfterInstall" in hover.contents.value and "before ApplicationStart" in hover.contents.value
        items = await client.lsp.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=5, character=2)))
        labels = [i.label for i in items.items]
        assert "ApplicationStart" in labels and "AfterInstall" not in labels and "AllowTraffic" not in labels
        await client.stop()

    run(scenario())


def test_bad_input_never_ends_the_server(tmp_path):
    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        uri = path_to_uri(str(tmp_path / "buildspec.yml"))
        client.open(uri, "version: 0.2\nphases:\n  build:\n    commands:\n      - 'unterminated\n")
        half = await client.diagnostics(uri, 1)
        assert half and half[0].code.startswith("Y")

        big = "version: 0.2\n" + "#" * (10 * 1024 * 1024) + "\n"
        client.replace(uri, big, 2)
        too_large = await client.diagnostics(uri, 2)
        assert [d.code for d in too_large] == ["Y008"]
        nothing = await client.lsp.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=5)))
        assert nothing is None or not nothing.items  # inside a comment: nothing to offer

        # positions far outside the text (and inside no line): clamped, answered
        client.replace(uri, BUILDSPEC, 3)
        await client.diagnostics(uri, 3)
        far = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=10_000, character=99_999)))
        assert far is None or far.contents.value
        # a negative position, written straight to the server (the client library refuses to send it)
        body = json.dumps({"jsonrpc": "2.0", "id": 99999, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": -1, "character": -7}}}).encode()
        client.lsp._server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        # ...and the server still answers
        still = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=3)))
        assert "B002" in still.contents.value

        # a file outside the workspace, which does not exist on disk
        outside = "file:///nonexistent-speclint-test/appspec.yml"
        client.open(outside, "version: 0.0\nos: mac\n")
        assert [d.code for d in await client.diagnostics(outside, 1)] == ["S005"]

        # not ours: another tool's YAML gets no diagnostics at all
        other = path_to_uri(str(tmp_path / "docker-compose.yml"))
        client.open(other, "services:\n  web:\n    image: nginx\n")
        assert await client.diagnostics(other, 1) == []

        # a configuration broken while typing: the server says so once and lints with defaults
        (tmp_path / ".git").mkdir()
        (tmp_path / ".speclint.toml").write_text("select = [\n")
        client.lsp.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=path_to_uri(str(tmp_path / ".speclint.toml")), type=types.FileChangeType.Changed)]))
        client.replace(uri, BUILDSPEC + "\n", 4)
        assert [d.code for d in await client.diagnostics(uri, 4)] == ["B002"]
        assert any("configuration" in m for m in client.messages)

        # fixed configuration, reloaded: B002 ignored by it
        (tmp_path / ".speclint.toml").write_text('ignore = ["B002"]\n')
        client.lsp.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=path_to_uri(str(tmp_path / ".speclint.toml")), type=types.FileChangeType.Changed)]))
        client.replace(uri, BUILDSPEC, 5)
        assert await client.diagnostics(uri, 5) == []
        await client.stop()

    run(scenario())


def test_cli_start_up_does_not_import_pygls():
    import subprocess

    code = "import sys; from speclint.cli.entry import main; sys.argv=['speclint','--version']\ntry:\n main()\nexcept SystemExit: pass\nprint('pygls' in sys.modules, 'lsprotocol' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}).stdout
    assert out.strip().endswith("False False")


def test_shellcheck_runs_on_open_and_save_and_its_findings_stay_while_typing(tmp_path):
    from speclint.shell import check

    if check.binary() is None:
        pytest.skip("ShellCheck is not installed")
    text = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo /{REPOSITORY_NAME}\n      - make\n"

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        uri = path_to_uri(str(tmp_path / "buildspec.yml"))
        client.open(uri, text)
        assert [d.code for d in await client.diagnostics(uri, 1)] == ["SC1083"]
        # typing elsewhere: no ShellCheck run, its finding stays where its line is unchanged
        client.replace(uri, text.replace("- make", "- make all"), 2)
        assert [(d.code, d.range.start.line) for d in await client.diagnostics(uri, 2)] == [("SC1083", 4)]
        # the line itself changed: the old finding goes until ShellCheck runs again (save)
        fixed = text.replace("/{REPOSITORY_NAME}", "/$REPOSITORY_NAME")
        client.replace(uri, fixed, 3)
        assert await client.diagnostics(uri, 3) == []
        # the line as it was when ShellCheck ran: its finding is valid again
        client.replace(uri, text, 4)
        assert [d.code for d in await client.diagnostics(uri, 4)] == ["SC1083"]
        # a new mistake on a new line: seen at the next save
        client.replace(uri, text.replace("REPOSITORY_NAME", "IMAGE_TAG"), 5)
        assert await client.diagnostics(uri, 5) == []
        client.lsp.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while not [d for d in client.published[uri].diagnostics if d.code == "SC1083"]:
            assert asyncio.get_running_loop().time() < deadline, "no ShellCheck finding after save"
            await asyncio.sleep(0.05)
        await client.stop()

    run(scenario())


def test_a_long_lint_does_not_hold_up_other_requests(tmp_path):
    """Lints run in a worker thread: hover on one document is answered while another,
    large one is still being linted (its diagnostics arrive after the hover's answer)."""
    commands = "".join(f"      - echo step {i} && make target-{i}\n" for i in range(3_000))
    large = "version: 0.2\nphases:\n  build:\n    commands:\n" + commands

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        small = path_to_uri(str(tmp_path / "buildspec.yml"))
        client.open(small, BUILDSPEC)
        await client.diagnostics(small, 1)
        big = path_to_uri(str(tmp_path / "big" / "buildspec.yml"))
        client.open(big, large)
        hover = await client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=small), position=types.Position(line=2, character=3)))
        assert "B002" in hover.contents.value
        assert big not in client.published, "the large buffer's lint should still be running"
        await client.diagnostics(big, 1)
        await client.stop()

    run(scenario())


def test_a_fix_is_offered_and_applying_it_clears_the_finding(tmp_path):
    """Issue "Autofix": a finding's fix (Diagnostic.fix) is a code action; applied by the
    client, the finding is gone. Skipped while no finding carries a fix (before issue 17)."""
    appspec = "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv\npermissions:\n  - object: /srv\n    mode: 0644\n"

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        uri = path_to_uri(str(tmp_path / "appspec.yml"))
        client.open(uri, appspec)
        found = [d for d in await client.diagnostics(uri, 1) if d.code == "A103"]
        assert found
        offered = await client.lsp.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=found[0].range,
            context=types.CodeActionContext(diagnostics=found)))
        fixes = [a for a in offered if a.title.startswith("Fix:")]
        if not fixes:
            await client.stop()
            return False
        edited = _apply(appspec, fixes[0].edit.changes[uri])
        assert 'mode: "0644"' in edited
        client.replace(uri, edited, 2)
        assert not [d for d in await client.diagnostics(uri, 2) if d.code == "A103"]
        await client.stop()
        return True

    if not run(scenario()):
        pytest.skip("no finding carries a fix yet (Diagnostic.fix, issue 17)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("method", ["hover", "completion", "code_action"])
def test_a_request_for_a_document_never_opened_reads_nothing_and_blocks_nothing(tmp_path, method):
    """Only open documents are answered: a URI never opened (here a FIFO, which a read would
    block on forever; it could as well be any file outside the workspace) gets an empty
    answer, and the requests after it are answered."""
    fifo = tmp_path / "buildspec-fifo.yml"
    os.mkfifo(fifo)
    other = tmp_path / "elsewhere" / "buildspec.yml"
    other.parent.mkdir()
    other.write_text(BUILDSPEC)

    async def ask(client, uri):
        document = types.TextDocumentIdentifier(uri=uri)
        position = types.Position(line=2, character=3)
        if method == "hover":
            return await client.lsp.text_document_hover_async(types.HoverParams(text_document=document, position=position))
        if method == "completion":
            return await client.lsp.text_document_completion_async(types.CompletionParams(text_document=document, position=position))
        return await client.lsp.text_document_code_action_async(types.CodeActionParams(
            text_document=document, range=types.Range(start=position, end=position),
            context=types.CodeActionContext(diagnostics=[])))

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        small = path_to_uri(str(tmp_path / "buildspec.yml"))
        client.open(small, BUILDSPEC)
        await client.diagnostics(small, 1)
        assert await asyncio.wait_for(ask(client, path_to_uri(str(fifo))), TIMEOUT) is None
        assert await asyncio.wait_for(ask(client, path_to_uri(str(other))), TIMEOUT) is None  # on disk, never opened
        hover = await asyncio.wait_for(client.lsp.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=small), position=types.Position(line=2, character=3))), TIMEOUT)
        assert "B002" in hover.contents.value
        await client.stop()

    run(scenario())


def test_a_hook_scripts_findings_stay_when_it_is_opened_and_follow_its_saves(tmp_path):
    """The appspec's lint owns its hook script's findings: opening the script (not a
    buildspec or appspec) keeps them, saving a fixed or broken script re-lints the appspec,
    closing the script keeps them, closing the appspec takes them away."""
    from speclint.shell import check

    if check.binary() is None:
        pytest.skip("ShellCheck is not installed")
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "start.sh"
    broken, fixed = "#!/bin/bash\nrm -rf $TARGET/\n", "#!/bin/bash\necho started\n"
    script.write_text(broken)
    appspec_text = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"
    (tmp_path / "appspec.yml").write_text(appspec_text)  # the revision checks read the revision on disk

    async def codes_of(client, uri, want):
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while asyncio.get_running_loop().time() < deadline:
            params = client.published.get(uri)
            if params is not None and {d.code for d in params.diagnostics} == want:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{uri}: wanted {want}, have {client.published.get(uri)} of {list(client.published)}")

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        appspec, sh = path_to_uri(str(tmp_path / "appspec.yml")), path_to_uri(str(script))
        client.open(appspec, appspec_text)
        await codes_of(client, sh, {"SC2115"})
        client.lsp.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=sh, language_id="shellscript", version=1, text=broken)))
        await client.diagnostics(sh, 1)  # its own (non-)lint answered...
        await asyncio.sleep(0.5)
        await codes_of(client, sh, {"SC2115"})  # ...and the appspec's findings are still there
        for version, text, want in ((2, fixed, set()), (3, broken, {"SC2115"})):
            client.replace(sh, text, version)
            script.write_text(text)
            client.lsp.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=sh)))
            await codes_of(client, sh, want)
        client.lsp.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=sh)))
        await asyncio.sleep(0.5)
        await codes_of(client, sh, {"SC2115"})
        client.lsp.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=appspec)))
        await codes_of(client, sh, set())
        await client.stop()

    run(scenario())


def test_shellcheck_findings_of_an_open_lint_survive_typing_right_after_opening(tmp_path):
    """The open lint (with ShellCheck) is superseded when the user types at once; the
    typing lints (without it) still show its findings on the lines that did not change."""
    from speclint.shell import check

    if check.binary() is None:
        pytest.skip("ShellCheck is not installed")
    text = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo /{REPOSITORY_NAME}\n      - make\n"

    async def scenario():
        client = Client()
        await client.start(str(tmp_path))
        uri = path_to_uri(str(tmp_path / "buildspec.yml"))
        client.open(uri, text)
        client.replace(uri, text.replace("- make", "- make all"), 2)  # before the open lint is done
        assert [(d.code, d.range.start.line) for d in await client.diagnostics(uri, 2)] == [("SC1083", 4)]
        await client.stop()

    run(scenario())


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.mark.parametrize("shutdown, code", [(True, 0), (False, 1)])
def test_exit_code_says_whether_shutdown_came_first_and_later_requests_get_an_error(tmp_path, shutdown, code):
    import subprocess

    messages = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": None}},
                {"jsonrpc": "2.0", "method": "initialized", "params": {}}]
    if shutdown:
        messages += [{"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                     {"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {
                         "textDocument": {"uri": path_to_uri(str(tmp_path / "buildspec.yml"))},
                         "position": {"line": 0, "character": 0}}}]
    messages.append({"jsonrpc": "2.0", "method": "exit"})
    done = subprocess.run([sys.executable, "-m", "speclint", "server"], input=b"".join(map(_frame, messages)),
                          capture_output=True, cwd=tmp_path, timeout=TIMEOUT)
    assert done.returncode == code
    if shutdown:
        replies = [json.loads(part.split(b"\r\n\r\n", 1)[1]) for part in done.stdout.split(b"Content-Length: ")[1:]]
        late = [r for r in replies if r.get("id") == 3]
        assert late and late[0]["error"]["code"] == -32600
