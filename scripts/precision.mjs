// Measures how many of the CLI's warnings and errors on real repositories are right.
//
//   npm run precision                      build, run, write docs/precision.md
//   node scripts/precision.mjs --check     verify only (CI): every finding has a verdict, none is TODO
//   node scripts/precision.mjs --prune     also remove verdicts that match no finding any more
//   options: --corpus DIR (default ../shared/corpus-precision beside the repository), --verdicts FILE (default
//            docs/precision-verdicts.json), --out FILE (default docs/precision.md), --require (fail, instead of
//            skipping, when the corpus is absent; CI=true does the same)
//
// Each sub-folder of the corpus is one workspace: the CLI checks it as the editor checks a workspace folder, run from
// inside the folder on `.`, so file paths come out relative to it. Findings of severity error and warning are judged;
// information and hints are only counted.
//
// The verdict key. A verdict says whether one claim about one object is right, so its key names the claim, not where
// it was printed:
//
//   <folder>/<file>|<rule id>|<Kind>/<metadata.name>|<hash>
//   kubeflow-manifests/common/x/service.yaml|service-selector-no-match|Service/web|3f2a9c01
//
// - folder and file: the file's path relative to the corpus, with `/`.
// - rule id: the claim's kind.
// - Kind/name: the object of the `---` document the finding is in (`?` for a part it does not set, `-` when the
//   document is not a mapping). Two objects in one file with the same message are two claims.
// - hash: the first 8 hex digits of the SHA-1 of the message normalised: line and column numbers removed ("line 12",
//   "lines 3-5", "file.yaml:12:3"), "and 106 more" counts removed (how many others a list leaves out is evidence, not
//   the claim), white space collapsed. A hash keeps keys short where messages list pod templates for 300 characters;
//   the verdict file keeps the normalised message next to each verdict so that a reader sees what was judged.
// - No line number: a line shift elsewhere in the file (or a finding moving to another node of the same object)
//   keeps the verdict. No severity: a verdict judges the claim; the report shows the severity it has now, and a
//   wrong claim promoted to an error counts as a wrong error.
// - A reworded message is a new claim and needs a new verdict: the script then names the stale verdict of the same
//   file, rule and object, to carry over after a look.
// Findings with the same key (same file, rule, object and message) share one verdict and count as many times as they
// occur.
//
// Exit code: 0 when every finding has a verdict and none is TODO (or the corpus is absent and not required); 1 when a
// finding has no verdict, a verdict is TODO or malformed, or the corpus is required and absent; 2 on bad usage or when
// the CLI cannot run. Stale verdicts are reported, not failed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'server', 'out', 'cli.js');
const VERDICTS = ['right', 'wrong', 'debatable'];
const GOAL = 0.95;
const MESSAGE_CHARS = 200;

const USAGE = `Usage: node scripts/precision.mjs [--check] [--prune] [--require] [--corpus DIR] [--verdicts FILE] [--out FILE]

Runs k8s-network-lens check on each folder of the corpus, matches every warning and error with its verdict and
writes the precision report. --check verifies only (writes nothing); --prune removes stale verdicts.
`;

/** Paths in output are relative to the current folder: no absolute path of this machine is printed or written. */
const shown = (p) => (path.relative(process.cwd(), p) || '.').split(path.sep).join('/');
const slash = (p) => p.split(path.sep).join('/').replace(/^\.\//, '');

function parseArgs(argv) {
  const o = { corpus: path.resolve(REPO, '..', 'shared', 'corpus-precision'), verdicts: path.join(REPO, 'docs', 'precision-verdicts.json'), out: path.join(REPO, 'docs', 'precision.md'), check: false, prune: false, require: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return path.resolve(v);
    };
    if (name === '--corpus') o.corpus = value();
    else if (name === '--verdicts') o.verdicts = value();
    else if (name === '--out') o.out = value();
    else if (name === '--check') o.check = true;
    else if (name === '--prune') o.prune = true;
    else if (name === '--require') o.require = true;
    else if (name === '--help' || name === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** The message a verdict judges: without line and column numbers and other counts that are not the claim. */
function normaliseMessage(message) {
  return message
    .replace(/\b(lines?|columns?)\s+\d+(?:\s*(?:-|–|to|and)\s*\d+)?/gi, '$1 N')
    .replace(/(\.(?:ya?ml|json)):\d+(?::\d+)?/gi, '$1:N')
    .replace(/\band \d+ more\b/g, 'and N more')
    .replace(/\s+/g, ' ')
    .trim();
}

const hash = (s) => createHash('sha1').update(s).digest('hex').slice(0, 8);

/** Reads a corpus file (UTF-8, as these repositories are) without its byte order mark. */
const readText = (file) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');

/** Finds `Kind/name` of the `---` document at a 1-based line and column (UTF-16 units, as the CLI counts them). */
function objectLocator() {
  const cache = new Map();
  const parse = (file) => {
    let entry = cache.get(file);
    if (!entry) {
      try {
        const text = readText(file);
        const starts = [0];
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
        entry = { starts, docs: [...parseAllDocuments(text, { logLevel: 'silent', uniqueKeys: false })] };
      } catch {
        entry = { starts: [0], docs: [] };
      }
      cache.set(file, entry);
    }
    return entry;
  };
  return (file, line, column) => {
    const { starts, docs } = parse(file);
    const offset = (starts[line - 1] ?? 0) + column - 1;
    let doc = docs.find((d) => d.range[0] <= offset && offset < d.range[2]);
    doc ??= docs.filter((d) => d.range[0] <= offset).pop() ?? docs[0];
    if (!doc) return '-';
    try {
      if (!doc.contents || typeof doc.contents.get !== 'function' || !('items' in doc.contents)) return '-';
      const str = (v) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : '?');
      return `${str(doc.get('kind'))}/${str(doc.getIn(['metadata', 'name']))}`;
    } catch {
      return '-';
    }
  };
}

function runCli(folderPath) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: folderPath, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? err.code : 0;
      if (code !== 0 && code !== 1) {
        reject(new Error(`the CLI failed on ${shown(folderPath)} (exit ${code ?? err.signal}): ${String(stderr).slice(0, 2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        reject(new Error(`the CLI printed no JSON on ${shown(folderPath)}: ${e.message}`));
      }
    });
  });
}

function loadVerdicts(file) {
  if (!fs.existsSync(file)) return { verdicts: {}, problems: [], absent: true };
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { verdicts: {}, problems: [`${shown(file)} is not valid JSON: ${e.message}`] };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { verdicts: {}, problems: [`${shown(file)} must hold one JSON object of key: { verdict, reason }`] };
  const problems = [];
  for (const [key, v] of Object.entries(data)) {
    if (!v || typeof v !== 'object') problems.push(`${key}: not an object { "verdict": ..., "reason": ... }`);
    else if (v.verdict !== 'TODO' && !VERDICTS.includes(v.verdict)) problems.push(`${key}: verdict must be right, wrong or debatable, not ${JSON.stringify(v.verdict)}`);
    else if (v.verdict !== 'TODO' && (typeof v.reason !== 'string' || !v.reason.trim())) problems.push(`${key}: a ${v.verdict} verdict needs a reason`);
    else if (typeof v.reason === 'string' && /[\r\n]/.test(v.reason)) problems.push(`${key}: the reason must be one line`);
  }
  return { verdicts: data, problems };
}

const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (n, d) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

function emptyStats() {
  return { judged: 0, right: 0, wrong: 0, debatable: 0, unjudged: 0, errors: 0, wrongErrors: 0 };
}

function add(stats, finding, verdict) {
  stats.judged++;
  if (finding.severity === 'error') stats.errors++;
  if (verdict === 'right' || verdict === 'wrong' || verdict === 'debatable') stats[verdict]++;
  else stats.unjudged++;
  if (verdict === 'wrong' && finding.severity === 'error') stats.wrongErrors++;
}

function goalOf(all) {
  const reasons = [];
  if (all.unjudged) reasons.push(`${all.unjudged} without a verdict`);
  if (all.judged && all.right / all.judged < GOAL) reasons.push(`${pct(all.right, all.judged)} right`);
  if (all.wrongErrors) reasons.push(`${all.wrongErrors} wrong error${all.wrongErrors === 1 ? '' : 's'}`);
  return { met: reasons.length === 0, reasons };
}

/** Markdown text: no character of a message may start formatting, a link or an HTML tag. */
const md = (s) => s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
const shorten = (s, n = MESSAGE_CHARS) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

function report({ corpusName, verdictsLink, folders, groups, verdicts, stats, total, others }) {
  const goal = goalOf(total);
  const lines = [];
  lines.push('# Precision on real repositories', '');
  lines.push(`Generated by \`npm run precision\` (\`scripts/precision.mjs\`); do not edit by hand.`);
  lines.push(`The CLI checks each folder of \`${corpusName}\` as one workspace; each warning and error is matched with its verdict in [${path.basename(verdictsLink)}](${verdictsLink}).`);
  lines.push('Precision is right / (right + wrong): debatable findings are left out; right / all counts them, and findings without a verdict, against.', '');
  lines.push(`**Goal: at least 95% of warnings and errors right, no wrong error — ${goal.met ? 'met' : `not met (${goal.reasons.join(', ')})`}.**`, '');
  lines.push('| folder | warnings + errors | right | wrong | debatable | no verdict | right / (right + wrong) | right / all | wrong errors |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const row = (name, s) => `| ${name} | ${s.judged} | ${s.right} | ${s.wrong} | ${s.debatable} | ${s.unjudged} | ${pct(s.right, s.right + s.wrong)} | ${pct(s.right, s.judged)} | ${s.wrongErrors} |`;
  for (const f of folders) lines.push(row(md(f), stats.get(f)));
  lines.push(row('**all**', total), '');
  lines.push('Information and hints, not judged:', '');
  if (others.size === 0) lines.push('none.', '');
  else {
    lines.push('| folder | rule | severity | count |', '|---|---|---|---:|');
    for (const [k, n] of [...others].sort(([a], [b]) => a.localeCompare(b))) {
      const [folder, severity, rule] = k.split('\t');
      lines.push(`| ${md(folder)} | ${rule} | ${severity} | ${n} |`);
    }
    lines.push('');
  }
  lines.push('## Warnings and errors', '');
  for (const folder of folders) {
    lines.push(`### ${md(folder)}`, '');
    const findings = groups.filter((g) => g.folder === folder).flatMap((g) => g.findings.map((f) => ({ g, f })));
    if (!findings.length) {
      lines.push('No warning or error.', '');
      continue;
    }
    findings.sort((a, b) => a.f.file.localeCompare(b.f.file) || a.f.line - b.f.line || a.f.column - b.f.column || a.f.rule.localeCompare(b.f.rule));
    let file;
    for (const { g, f } of findings) {
      if (f.file !== file) {
        if (file !== undefined) lines.push('');
        file = f.file;
        lines.push(`#### ${md(file)}`, '');
      }
      const v = verdicts[g.key];
      const verdict = !v ? '**no verdict**' : v.verdict === 'TODO' ? '**TODO**' : `**${v.verdict}**${v.reason ? `: ${md(v.reason)}` : ''}`;
      lines.push(`- \`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}\` (${md(g.object)}) — ${verdict}`);
      lines.push(`  <br>${md(shorten(f.message))}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`precision: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!fs.existsSync(o.corpus)) {
    const required = o.require || process.env.CI === 'true';
    const msg = `precision: no corpus at ${shown(o.corpus)} (the real repositories are kept beside the repository, not in it)`;
    if (required) {
      process.stderr.write(`${msg}; it is required (${o.require ? '--require' : 'CI=true'}).\n`);
      return 1;
    }
    process.stdout.write(`${msg}: skipped.\n`);
    return 0;
  }
  if (!fs.existsSync(CLI)) {
    process.stderr.write(`precision: ${shown(CLI)} is missing: run npm run build first.\n`);
    return 2;
  }
  const folders = fs
    .readdirSync(o.corpus, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isSymbolicLink() && fs.statSync(path.join(o.corpus, e.name)).isDirectory())))
    .map((e) => e.name)
    .sort();
  if (!folders.length) {
    process.stderr.write(`precision: ${shown(o.corpus)} has no folder to check.\n`);
    return 2;
  }

  const started = Date.now();
  let outputs;
  try {
    outputs = await Promise.all(folders.map((f) => runCli(path.join(o.corpus, f))));
  } catch (e) {
    process.stderr.write(`precision: ${e.message}\n`);
    return 2;
  }
  const cliMs = Date.now() - started;

  const { verdicts, problems, absent } = loadVerdicts(o.verdicts);
  const locate = objectLocator();
  const groups = new Map();
  const others = new Map();
  folders.forEach((folder, i) => {
    for (const raw of outputs[i]) {
      const f = { ...raw, file: slash(raw.file) };
      if (f.severity !== 'error' && f.severity !== 'warning') {
        const k = `${folder}\t${f.severity}\t${f.rule}`;
        others.set(k, (others.get(k) ?? 0) + 1);
        continue;
      }
      const object = locate(path.join(o.corpus, folder, f.file), f.line, f.column);
      const message = normaliseMessage(f.message);
      const key = `${folder}/${f.file}|${f.rule}|${object}|${hash(message)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, folder, file: f.file, rule: f.rule, object, message, findings: [] }));
      g.findings.push(f);
    }
  });
  const all = [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));

  const stats = new Map(folders.map((f) => [f, emptyStats()]));
  const total = emptyStats();
  for (const g of all) {
    const v = verdicts[g.key]?.verdict;
    for (const f of g.findings) {
      add(stats.get(g.folder), f, v);
      add(total, f, v);
    }
  }

  const missing = all.filter((g) => !verdicts[g.key]);
  const todo = all.filter((g) => verdicts[g.key]?.verdict === 'TODO');
  const stale = Object.keys(verdicts).filter((k) => !groups.has(k));
  const failed = problems.length > 0 || missing.length > 0 || todo.length > 0;

  const say = (s = '') => process.stdout.write(`${s}\n`);
  say(`precision: ${count(folders.length, 'folder')} of ${shown(o.corpus)} checked in ${(cliMs / 1000).toFixed(1)} s: ${count(total.judged, 'warning or error', 'warnings and errors')} (${count(all.length, 'verdict key')}), ${[...others.values()].reduce((a, b) => a + b, 0)} information and hints`);
  for (const f of folders) {
    const s = stats.get(f);
    say(`  ${f}: ${s.judged} (right ${s.right}, wrong ${s.wrong}, debatable ${s.debatable}, no verdict ${s.unjudged}), precision ${pct(s.right, s.right + s.wrong)}, right/all ${pct(s.right, s.judged)}, wrong errors ${s.wrongErrors}`);
  }
  say(`  all: ${total.judged} (right ${total.right}, wrong ${total.wrong}, debatable ${total.debatable}, no verdict ${total.unjudged}), precision ${pct(total.right, total.right + total.wrong)}, right/all ${pct(total.right, total.judged)}, wrong errors ${total.wrongErrors}`);
  const goal = goalOf(total);
  say(`Goal: at least 95% of warnings and errors right, no wrong error — ${goal.met ? 'met' : `not met (${goal.reasons.join(', ')})`}.`);

  if (absent) say(`\n${shown(o.verdicts)} does not exist: every finding lacks a verdict.`);
  for (const p of problems) process.stderr.write(`precision: ${p}\n`);

  if (todo.length) {
    say(`\n${todo.length} verdict${todo.length === 1 ? ' is' : 's are'} still TODO in ${shown(o.verdicts)}:`);
    for (const g of todo) say(`  ${g.folder}/${g.findings[0].file}:${g.findings[0].line}:${g.findings[0].column} ${g.findings[0].severity} ${g.rule}  ${g.key}`);
  }

  if (missing.length) {
    const n = missing.reduce((a, g) => a + g.findings.length, 0);
    say(`\n${n} finding${n === 1 ? ' has' : 's have'} no verdict (${missing.length} key${missing.length === 1 ? '' : 's'}):`);
    for (const g of missing) {
      const [first, ...more] = g.findings;
      say(`  ${g.folder}/${first.file}:${first.line}:${first.column} ${first.severity} ${g.rule} (${g.object})${more.length ? ` and ${more.length} more: ${more.map((f) => `${f.line}:${f.column}`).join(', ')}` : ''}`);
      say(`    ${shorten(g.message)}`);
      const prefix = `${g.folder}/${g.file}|${g.rule}|${g.object}|`;
      for (const k of stale.filter((k) => k.startsWith(prefix))) say(`    reworded? the stale verdict ${JSON.stringify(k)} (${verdicts[k].verdict}) is about the same file, rule and object`);
    }
    say(`\nJudge each, then paste into ${shown(o.verdicts)} (after its opening brace; a comma must follow the last line if entries come after it):`);
    missing.forEach((g, i) => {
      const entry = JSON.stringify({ verdict: 'TODO', reason: '', message: g.message });
      say(`  ${JSON.stringify(g.key)}: ${entry}${i < missing.length - 1 ? ',' : ''}`);
    });
  }

  if (stale.length) {
    say(`\n${stale.length} stale verdict${stale.length === 1 ? '' : 's'} match${stale.length === 1 ? 'es' : ''} no finding any more${o.prune ? ' (removed: --prune)' : ' (run with --prune to remove them)'}:`);
    for (const k of stale) say(`  ${k} (${verdicts[k]?.verdict})`);
    if (o.prune && !problems.length) {
      const kept = Object.fromEntries(Object.keys(verdicts).filter((k) => groups.has(k)).sort().map((k) => [k, verdicts[k]]));
      fs.writeFileSync(o.verdicts, `${JSON.stringify(kept, null, 2)}\n`);
    }
  }

  const verdictsLink = slash(path.relative(path.dirname(o.out), o.verdicts));
  const text = `${report({ corpusName: slash(path.relative(REPO, o.corpus)), verdictsLink, folders, groups: all, verdicts, stats, total, others })}\n`;
  if (o.check) {
    const current = fs.existsSync(o.out) ? fs.readFileSync(o.out, 'utf8') : undefined;
    if (current !== text) say(`\nnote: ${shown(o.out)} is out of date (run npm run precision to refresh it); --check does not fail for it.`);
  } else {
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, text);
    say(`\nWrote ${shown(o.out)}.`);
  }
  if (failed) say(`\nprecision: FAILED: ${[problems.length && count(problems.length, 'malformed verdict'), missing.length && `${count(missing.length, 'key')} without a verdict`, todo.length && count(todo.length, 'TODO verdict')].filter(Boolean).join(', ')}.`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
