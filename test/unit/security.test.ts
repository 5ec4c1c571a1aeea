// The server only reads text: it never executes, fetches or opens anything a workspace names. These tests check
// the sources and the shipped bundle for process, network and code-evaluation APIs, the JSON schemas for remote
// $refs, the manifest for the untrusted-workspace declaration, and every regular expression literal in server/src
// against long adversarial inputs (catastrophic backtracking would freeze the editor on a hostile file).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import * as ts from 'typescript';
import { LspClient } from '../support/lsp-client';
import { sources } from '../support/files';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'server', 'src');

/** Modules that run programs, open connections or evaluate code. */
const FORBIDDEN_MODULES = /^(node:)?(child_process|net|http|https|http2|dgram|tls|dns|vm|cluster|inspector)$/;
/** Globals and calls with the same powers. */
const FORBIDDEN_CALLS = /\b(fetch|eval|XMLHttpRequest|WebSocket|EventSource|importScripts)\s*\(|\bnew\s+Function\s*\(|\bprocess\.(binding|dlopen)\b|\bFiles\.resolve\w*\(|\bimport\s*\(/;

test('server sources import no process, network or code-evaluation module and call no such API', () => {
  const bad: string[] = [];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      let spec: string | undefined;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) spec = node.moduleSpecifier.text;
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        spec = node.arguments[0].text;
      }
      if (spec !== undefined && FORBIDDEN_MODULES.test(spec)) bad.push(`${path.relative(ROOT, file)} imports ${spec}`);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    // Comments may mention the APIs; code may not.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
    const m = code.match(FORBIDDEN_CALLS);
    if (m) bad.push(`${path.relative(ROOT, file)} calls ${m[0]}`);
  }
  assert.deepEqual(bad, []);
});

test('nothing in server/src writes to stdout, the LSP channel of `--stdio` (the CLI excepted)', () => {
  const bad: string[] = [];
  for (const file of sources(SRC)) {
    const rel = path.relative(SRC, file);
    if (rel.startsWith('cli')) continue;
    const code = fs.readFileSync(file, 'utf8').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
    // `connection.console` sends window/logMessage, which is fine; the global console is not.
    const m = code.match(/\bprocess\.stdout\b|(?<![\w.])console\.(log|info|debug|dir|table|trace)\s*\(/);
    if (m) bad.push(`${rel}: ${m[0]}`);
  }
  assert.deepEqual(bad, []);
});

test('the bundled server uses process and network modules only inside the LSP transport library', () => {
  const bundle = path.join(ROOT, 'server', 'out', 'server.js');
  const text = fs.readFileSync(bundle, 'utf8');
  // esbuild starts each bundled module with a `// path/of/module.js` comment.
  const marks = [...text.matchAll(/^\/\/ ((?:node_modules|server|schemas)\/\S+)$/gm)];
  assert.ok(marks.length > 10, 'the bundle has no module markers; was it built by scripts/build.mjs?');
  const bad: string[] = [];
  const allowed = /^node_modules\/(vscode-jsonrpc|vscode-languageserver)\//;
  for (let i = 0; i < marks.length; i++) {
    const mod = marks[i][1];
    const body = text.slice(marks[i].index!, i + 1 < marks.length ? marks[i + 1].index : text.length);
    for (const r of body.matchAll(/require\("([^"]+)"\)/g)) {
      if (FORBIDDEN_MODULES.test(r[1]) && !allowed.test(mod)) bad.push(`${mod} requires ${r[1]}`);
    }
    if (/^server\//.test(mod) && /\b(fetch|eval)\s*\(|\bnew Function\(/.test(body)) bad.push(`${mod} fetches or evaluates code`);
  }
  assert.deepEqual(bad, []);
});

test('JSON schemas are self-contained and ajv never loads a schema', () => {
  const dir = path.join(ROOT, 'schemas');
  const refs: string[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    // `$id` and `$schema` only name schemas; a `$ref` that is not a JSON pointer into the same file would be fetched.
    for (const m of text.matchAll(/"\$(ref|dynamicRef|recursiveRef)"\s*:\s*"([^"]*)"/g)) {
      if (!m[2].startsWith('#')) refs.push(`${f}: ${m[1]} ${m[2]}`);
    }
  }
  assert.deepEqual(refs, [], 'a schema refers to something outside itself');
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/from 'ajv'|require\('ajv'\)/.test(text)) continue;
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
    assert.doesNotMatch(code, /loadSchema|compileAsync|addMetaSchema\(|addSchema\(\s*await/, `${path.relative(ROOT, file)} lets ajv load schemas`);
  }
});

test('package.json declares support for untrusted (restricted mode) workspaces', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, true);
});

// ---- regular expressions ----

interface Found {
  file: string;
  line: number;
  source: string;
  flags: string;
}

function regexLiterals(): Found[] {
  const out: Found[] = [];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const lit = node.getText(sf);
        const slash = lit.lastIndexOf('/');
        out.push({ file: path.relative(ROOT, file), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, source: lit.slice(1, slash), flags: lit.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

let N = 100_000;
/** Long inputs that make backtracking regexes explode: runs of one character, of a pair, and such runs ending badly. */
function adversarial(): string[] {
  const units = ['\n', ' ', '\t', 'a', '0', '-', ':', ' :', ': ', '- ', '#', '# ', '{', '[', '"', "'", '\\', '/', '.', ',', 'a ', 'a-', 'a.', 'a:', '\r\n', ' \n', '{{', '%', '*', '&', '!', '|', '=', '@', 'é'];
  const out: string[] = [];
  for (const u of units) {
    const run = u.repeat(Math.ceil(N / u.length)).slice(0, N);
    out.push(run + '\u0000!', 'kind: ' + run, run + '\nkind: Service');
  }
  return out;
}

/**
 * Inputs that get past a regex's literal prefix (`# k8s-network-lens-disable `, `kind: `) so that the quantifiers
 * after it are exercised: the expression's own words, then a long run, then a character that makes it fail.
 */
function prefixed(source: string): string[] {
  const words = [...new Set(source.replace(/\\[a-zA-Z]/g, ' ').match(/[A-Za-z][\w-]{2,}/g) ?? [])].slice(0, 3);
  const out: string[] = [];
  for (const w of words) {
    for (const u of ['a', 'a-', 'a ', ' ', 'a,', ', ', '0', '.', ' :']) {
      const run = u.repeat(Math.ceil(N / u.length)).slice(0, N);
      out.push(`${w} ${run}!`, `# ${w} ${run}!`, `${w}: ${run}!`);
    }
  }
  return out;
}

test('every regular expression literal in server/src runs in linear time on 100k-character adversarial input (< 100 ms each)', { timeout: 600_000 }, () => {
  const found = regexLiterals();
  assert.ok(found.length > 10, `only ${found.length} regex literals found`);
  const inputs = adversarial();
  const slow: string[] = [];
  let runs = 0;
  for (const r of found) {
    let re: RegExp;
    try {
      re = new RegExp(r.source, r.flags);
    } catch {
      continue; // a literal the runtime does not accept would not have compiled
    }
    // Exponential backtracking shows on 24 characters already; catch it there, before a 100k input hangs the test.
    const saved = N;
    N = 24;
    const short = [...adversarial(), ...prefixed(r.source)];
    N = saved;
    const t = performance.now();
    for (const input of short) {
      if (re.global || re.sticky) input.match(re);
      else re.test(input);
      if (performance.now() - t > 500) break;
    }
    if (performance.now() - t > 500) {
      slow.push(`${r.file}:${r.line} /${r.source}/${r.flags} takes ${Math.round(performance.now() - t)} ms on 24-character inputs (exponential backtracking)`);
      continue;
    }
    let strikes = 0;
    for (const input of [...inputs, ...prefixed(r.source)]) {
      if (strikes >= 2) break; // reported already; do not spend minutes proving it again
      const t0 = performance.now();
      if (re.global || re.sticky) {
        re.lastIndex = 0;
        let n = 0;
        // Every match, as matchAll/replace would; a zero-width match must still advance.
        for (let m = re.exec(input); m && n < 1_000_000; m = re.exec(input), n++) if (m[0] === '') re.lastIndex++;
      } else re.test(input);
      const dt = performance.now() - t0;
      runs++;
      if (dt > 100) {
        // Re-measure once: the test machine is shared, a single slow run may be someone else's build.
        const t1 = performance.now();
        if (re.global || re.sticky) input.match(re);
        else re.test(input);
        const again = performance.now() - t1;
        if (again > 100) strikes++;
        if (again > 100) slow.push(`${r.file}:${r.line} /${r.source}/${r.flags} took ${Math.round(Math.min(dt, again))} ms on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars)`);
      }
    }
  }
  console.log(`[security] ${found.length} regex literals × ${inputs.length} adversarial inputs = ${runs} runs`);
  assert.deepEqual(slow, []);
});

test('a pathological glob in the workspace settings cannot freeze the server (regex fallback to a linear engine)', { timeout: 60_000 }, async () => {
  // k8sNetworkLens.ignore (and files.exclude) come from the workspace's own .vscode/settings.json, which an untrusted
  // repository controls. `*a*a*a…b` against a long name of a's backtracks for hours in a plain regex engine.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knl-glob-'));
  fs.writeFileSync(path.join(dir, `${'a'.repeat(60)}.yaml`), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports: [{port: 80}]\n');
  const client = new LspClient();
  const folder = `file://${dir}`;
  await client.start({ rootUri: folder, workspaceFolders: [{ uri: folder, name: 'glob' }], settings: { ignore: [`${'*a'.repeat(12)}*b`, `**${'a**'.repeat(12)}b`] } });
  try {
    const t0 = Date.now();
    while (!client.logs.some((l) => /Workspace index|workspace scan failed/.test(l.message)) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    const dt = Date.now() - t0;
    assert.ok(client.logs.some((l) => /Workspace index/.test(l.message)), `the workspace scan did not finish in ${dt} ms`);
    // And the server still answers at once.
    const s = Date.now();
    await client.request('k8sNetworkLens/ping', null, 5000).catch(() => undefined);
    assert.ok(Date.now() - s < 2000);
  } finally {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
