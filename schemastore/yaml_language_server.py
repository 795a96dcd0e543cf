"""The SchemaStore test files in yaml-language-server, the YAML server of VS Code, Neovim and Helix.

    python schemastore/yaml_language_server.py PATH/TO/yaml-language-server

Maps the two schemas as an editor's `yaml.schemas` setting would, opens every file of
src/test/ and src/negative_test/, and requires no diagnostic for a positive test and at least
one error for a negative test; then asks for completion where the schemas offer values
(`on-failure:`, hook names). Exit code 1 on any failure. Uses pygls's LSP client.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent / "src"
TIMEOUT = 30.0


async def check(server: str) -> list:
    client = LanguageClient("speclint-schemastore-check", "1")
    published: dict = {}
    settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False},
                         "schemas": {(HERE / "schemas/json/buildspec.json").as_uri(): ["*buildspec*"],
                                     (HERE / "schemas/json/appspec.json").as_uri(): ["*appspec*"]}}}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(*args):
        published[args[-1].uri] = args[-1].diagnostics

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def _configuration(*args):
        return [settings["yaml"]] * len(args[-1].items)

    await client.start_io(server, "--stdio")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True))))
    client.initialized(types.InitializedParams())
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
    problems = []

    async def diagnostics(name: str, text: str) -> list:
        uri = f"file:///speclint-check/{name}"
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
        for _ in range(int(TIMEOUT * 10)):
            if uri in published:
                return list(published[uri])
            await asyncio.sleep(0.1)
        raise TimeoutError(f"yaml-language-server published nothing for {name}")

    count = 0
    for folder, positive in (("test", True), ("negative_test", False)):
        for path in sorted((HERE / folder).glob("*/*")):
            kind = path.parent.name
            found = await diagnostics(f"{folder}-{path.stem}-{kind}.yaml", path.read_text())
            errors = [d for d in found if d.severity in (None, types.DiagnosticSeverity.Error)]
            count += 1
            if positive and found:
                problems.append(f"{folder}/{kind}/{path.name}: {[d.message for d in found]}")
            if not positive and not errors:
                problems.append(f"{folder}/{kind}/{path.name}: no error")
    for name, text, position, wanted in (
            ("c1-buildspec.yaml", "version: 0.2\nphases:\n  build:\n    on-failure: \n", (3, 16), "ABORT"),
            ("c2-appspec.yaml", "version: 0.0\nos: linux\nhooks:\n  \n", (3, 2), "AfterInstall")):
        await diagnostics(name, text)
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=f"file:///speclint-check/{name}"),
            position=types.Position(line=position[0], character=position[1])))
        labels = [item.label for item in (result.items if result else [])]
        if wanted not in labels:
            problems.append(f"completion in {name} lacks {wanted}: {labels}")
    await client.shutdown_async(None)
    client.exit(None)
    print(f"schemastore: yaml-language-server agrees on {count} test files; completion offers the canonical values")
    return problems


def main() -> int:
    problems = asyncio.run(asyncio.wait_for(check(sys.argv[1]), TIMEOUT * 10))
    for problem in problems:
        print(f"schemastore: yaml-language-server: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
