// Generates the README's settings table from package.json (contributes.configuration), so the two never drift.
// `node scripts/readme-settings.mjs` rewrites README.md; `--check` exits 1 when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function settingsTable(pkg) {
  const props = pkg.contributes?.configuration?.properties ?? {};
  const rows = Object.entries(props).map(([key, p]) => {
    const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    const desc = (p.markdownDescription ?? p.description ?? '').replace(/\n+/g, ' ').replace(/\|/g, '\\|');
    return `| \`${key}\` | ${def} | ${desc} |`;
  });
  return ['| setting | default | what it does |', '|---|---|---|', ...rows].join('\n');
}

export function withTable(readme, table) {
  return readme.replace(/(<!-- settings:start -->\n)[\s\S]*?(<!-- settings:end -->)/, `$1${table}\n$2`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const next = withTable(readme, settingsTable(pkg));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md settings table is stale: run `node scripts/readme-settings.mjs`');
      process.exit(1);
    }
  } else if (next !== readme) writeFileSync(path, next);
}
