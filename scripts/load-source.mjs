// Loads a TypeScript module of the project, bundled from source in memory with esbuild, so scripts and benchmarks
// see the current code without a prior build.
import { build } from 'esbuild';
import { createRequire } from 'node:module';

export async function loadSource(entry) {
  const out = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning', loader: { '.json': 'json' } });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}
