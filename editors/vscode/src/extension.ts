// The speclint extension: starts `speclint server` (LSP over stdio) and lets VS Code's
// language client do the rest. Every YAML and JSON file and every Terraform file is offered
// to the server, which answers only for buildspecs and appspecs (by name, or by content such
// as codebuild/release.yml) and for templates that hold one (CloudFormation, SAM, CDK
// output, Terraform); other files get no diagnostics.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const settings = vscode.workspace.getConfiguration("speclint");
  const command = settings.get<string>("path") || "speclint";
  const args = ["server", ...(settings.get<string[]>("args") || [])];
  return { command, args, transport: TransportKind.stdio };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
      { scheme: "file", language: "json" },
      { scheme: "file", pattern: "**/*.tf" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{.speclint.toml,speclint.toml,pyproject.toml}"),
    },
  };
  client = new LanguageClient("speclint", "speclint", serverOptions(), clientOptions);
  try {
    await client.start();
  } catch (error) {
    const command = vscode.workspace.getConfiguration("speclint").get<string>("path") || "speclint";
    vscode.window.showErrorMessage(
      `speclint: could not start "${command} server" - install it with pip install 'speclint[lsp]' ` +
        `or set speclint.path (${error})`
    );
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("speclint.restart", async () => {
      await client?.stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("speclint.path") || event.affectsConfiguration("speclint.args")) {
        await client?.stop();
        await start(context);
      }
    })
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
