// The standard @vscode/test-electron runner: downloads VS Code (needs internet, so it is NOT
// what runs on offline machines; there e2e/run-all.sh runs the same suite in code-server).
//   npm run test:electron            (VS Code stable)
//   VSCODE_TEST_VERSION=1.100.3 npm run test:electron
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..'); // test/electron/out -> repository root
  const extensionDevelopmentPath = root;
  const extensionTestsPath = path.join(root, 'test/e2e/out/suite/index');
  // The suite edits documents (never saves); still, give it a throwaway copy of the workspace.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-network-lens-ws-'));
  fs.cpSync(path.join(root, 'test/e2e/workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (err) {
    console.error('Failed to run tests:', err);
    process.exitCode = 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
