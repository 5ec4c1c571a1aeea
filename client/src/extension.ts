// The client only wires: it starts the server, restarts it a few times if it crashes, and registers commands.
import * as path from 'node:path';
import { commands, env, ExtensionContext, window, workspace } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { Commands, EXTENSION_ID, SETTINGS_SECTION } from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const output = window.createOutputChannel('Kubernetes Network Lens', { log: true });
  const crashes: number[] = [];
  const clientOptions: LanguageClientOptions = {
    // JSON too: a JSON manifest is checked, any other JSON file gets nothing (the server decides by its content).
    // VS Code opens tsconfig.json and settings files as `jsonc`, which is not asked for.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: workspace.createFileSystemWatcher('**/*.{yaml,yml,json}') },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      // Restart after a crash, but at most 4 times in 3 minutes; then tell the user once and stop.
      closed: () => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && crashes[0] < now - 180_000) crashes.shift();
        if (crashes.length <= 4) return { action: CloseAction.Restart, handled: true };
        return {
          action: CloseAction.DoNotRestart,
          message: 'The Kubernetes Network Lens server crashed 5 times in 3 minutes and was stopped. See the output channel; run "Kubernetes Network Lens: Restart Server" to try again.',
        };
      },
    },
  };
  client = new LanguageClient(EXTENSION_ID, 'Kubernetes Network Lens', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    commands.registerCommand(Commands.restartServer, async () => {
      crashes.length = 0;
      await client?.restart();
    }),
    // The DNS CodeLens passes the Service's names; the user picks one and it goes to the clipboard.
    commands.registerCommand(Commands.copyDnsName, async (names: unknown) => {
      const list = Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
      const picked = list.length > 1 ? await window.showQuickPick(list, { placeHolder: 'DNS name to copy' }) : list[0];
      if (!picked) return;
      await env.clipboard.writeText(picked);
      window.setStatusBarMessage(`Copied ${picked}`, 3000);
    }),
  );
  // Activation returns at once: the server starts in the background, and VS Code queues requests until it is ready.
  client.start().catch((e: unknown) => output.error(`The language server failed to start: ${e instanceof Error ? e.message : String(e)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
