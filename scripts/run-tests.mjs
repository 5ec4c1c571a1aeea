// Runs the compiled unit tests with node's test runner (node 20 takes no globs); `npm test` then runs the Neovim check.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'out/test/unit';
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    // Only tests whose source still exists: a test deleted from test/unit must not keep running from a stale out/.
    else if (p.endsWith('.test.js') && existsSync(p.replace(/^out[\\/]/, '').replace(/\.js$/, '.ts'))) files.push(p);
  }
};
walk(root);
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (!selected.length) {
  // node --test without files would go looking for tests everywhere under the current folder.
  console.error(`no compiled test in ${root} matches ${only.join(', ') || '(anything)'}: run npx tsc -p test first?`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(r.status ?? 1);
