// Generates the README's rules table (between `<!-- rules:start -->` and `<!-- rules:end -->`) and docs/rules.md
// from the rule registry, so the documentation never drifts from the rules.
// `npm run rules-table` rewrites both; `--check` exits 1 when either is stale. test/unit/rules-registry.test.ts
// renders the same text from the compiled registry (UPDATE_GOLDEN=1 rewrites).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadSource } from './load-source.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const README = join(root, 'README.md');
export const DOCS = join(root, 'docs', 'rules.md');

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const codeCell = (s) =>
  s
    ? `<code>${s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '&#124;')
        .replace(/ {2}/g, '&nbsp;&nbsp;')
        .replace(/\n/g, '<br>')}</code>`
    : '';
/** GitHub's heading anchor for a kebab-case id is the id itself. */
const anchor = (id) => id;

export function rulesTable(metas) {
  const rows = metas.map((r) => `| [\`${r.id}\`](docs/rules.md#${anchor(r.id)}) | ${r.defaultSeverity} | ${cell(r.docs)} | ${codeCell(r.example)} |`);
  return ['| rule | severity | what it reports | example |', '|---|---|---|---|', ...rows].join('\n');
}

export function withTable(readme, table) {
  return readme.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, `$1${table}\n$2`);
}

export function rulesDoc(metas) {
  const out = [
    '# Rules',
    '',
    'Generated from the rule registry by `npm run rules-table`; do not edit by hand.',
    'Every rule can be set to `error`, `warning`, `information`, `hint` or `off` with the setting `k8sNetworkLens.rules`,',
    'or silenced on one line with `# k8s-network-lens-disable-next-line <id>`.',
    '',
  ];
  for (const r of metas) {
    out.push(`## ${r.id}`, '', r.docs, '');
    out.push(`- default severity: ${r.defaultSeverity}`, `- category: ${r.category}`, `- kinds: ${r.kinds.join(', ')}`);
    if (r.source) out.push(`- source: ${r.source}`);
    out.push('');
    if (r.example) out.push('Reported:', '', '```yaml', r.example, '```', '');
  }
  return out.join('\n');
}

/** Loads the registry straight from the TypeScript sources (esbuild bundles it in memory). */
async function loadRegistry() {
  return (await loadSource(join(root, 'server/src/core/rules/registry.ts'))).allRuleMeta();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metas = await loadRegistry();
  const readme = readFileSync(README, 'utf8');
  const nextReadme = withTable(readme, rulesTable(metas));
  const nextDocs = rulesDoc(metas);
  let docs = '';
  try {
    docs = readFileSync(DOCS, 'utf8');
  } catch {
    // First run: docs/rules.md does not exist yet.
  }
  if (process.argv.includes('--check')) {
    if (nextReadme !== readme || nextDocs !== docs) {
      console.error('README.md rules table or docs/rules.md is stale: run `npm run rules-table`');
      process.exit(1);
    }
  } else {
    if (nextReadme !== readme) writeFileSync(README, nextReadme);
    mkdirSync(dirname(DOCS), { recursive: true });
    if (nextDocs !== docs) writeFileSync(DOCS, nextDocs);
  }
}
