// Bundles the client, the server and the CLI so that the .vsix and `npx k8s-network-lens` need no node_modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // The schemas are plain JSON under schemas/; esbuild inlines them so the server reads no file at run time.
  loader: { '.json': 'json' },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'server/out/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js' }),
]);
