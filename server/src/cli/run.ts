// The CLI: walks folders for YAML and JSON files, analyses each exactly as the server does, prints `file:line:col severity rule message`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, AnalysisOptions, globMatcher, jsonStartsLikeManifest, lineStarts, positionOf, Problem, withDefaults } from '../core';
import { readConfig } from './config';
import { sarifLog, type SarifFinding } from './sarif';

interface Writable {
  write(s: string): unknown;
}

const USAGE = `Usage: k8s-network-lens check [--format text|json|github|sarif] [--max-warnings N] [--config settings.json] [paths...]

Checks Kubernetes Service and NetworkPolicy manifests in YAML and JSON files (folders are searched recursively;
a JSON file counts when it is an object with apiVersion and kind, a List too; other JSON files are left alone).
All files found are checked together as one workspace, as the editor does with a workspace folder.

  --format json     machine-readable output
  --format github   GitHub Actions annotations (::error / ::warning / ::notice workflow commands)
  --format sarif    SARIF 2.1.0 for code scanning (locations relative to the first folder given)
  --max-warnings N  fail (exit 1) when more than N warnings are found
  --config FILE     the editor's settings: a VS Code settings.json ("k8sNetworkLens.rules": {...}),
                    {"k8sNetworkLens": {...}} or {"rules": {...}}; "ignore" globs skip files

Exit code: 0 when nothing fails; 1 when an error is found or more warnings than --max-warnings; 2 on bad usage.
`;

const SKIP_DIRS = new Set(['node_modules', '.git']);
/** YAML, and JSON: the core says nothing about a JSON file that is not a manifest (package.json, tsconfig.json...). */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export function findManifestFiles(root: string): string[] {
  const out: string[] = [];
  // Each real folder is walked once: two symlinks to a parent folder would otherwise make the walk exponential.
  const seen = new Set<string>();
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (SKIP_DIRS.has(path.basename(p))) return;
      let real: string;
      let entries: string[];
      try {
        real = fs.realpathSync(p);
        entries = fs.readdirSync(p).sort();
      } catch {
        return;
      }
      if (seen.has(real)) return;
      seen.add(real);
      for (const e of entries) visit(path.join(p, e));
    } else if (MANIFEST_FILE.test(p)) out.push(p);
  };
  visit(root);
  return out;
}

export interface FileReport {
  file: string;
  text: string;
  problems: readonly Problem[];
}

/** Analyses the files together, so the cross-file checks see all of them, exactly as the server sees a workspace. */
export function checkFiles(files: string[], options: AnalysisOptions): FileReport[] {
  // A file that cannot be read, or is far over the size limit (not even read), gets one information problem.
  const unread = new Map<string, Problem>();
  const note = (file: string, message: string) => {
    unread.set(file, { ruleId: 'analysis-limit', severity: 'information', start: 0, end: 0, message });
    return { file, text: '' };
  };
  const sources = files.map((file) => {
    try {
      const st = fs.statSync(file);
      // A FIFO or a device named *.yaml would block the read forever.
      if (!st.isFile()) return note(file, 'This is not a regular file and was not read.');
      const size = st.size;
      // Over 3 bytes per UTF-16 unit is impossible, so such a file is surely over the limit.
      if (size > 3 * options.maxFileSize) {
        // A big JSON file says nothing unless it starts like a manifest (package-lock.json is not our business).
        if (/\.json$/i.test(file) && !jsonStartsLikeManifest(readHead(file))) return { file, text: '' };
        return note(file, `This file is ${(size / 1024 / 1024).toFixed(1)} MB and was not analysed: the limit is ${(options.maxFileSize / 1024 / 1024).toFixed(1)} MB (setting k8sNetworkLens.maxFileSizeMB).`);
      }
      return { file, text: readText(file) };
    } catch (e) {
      return note(file, `This file could not be read and was not analysed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return analyzeFiles(sources, options).map((r) => {
    const p = unread.get(r.file);
    return p ? { ...r, problems: [p, ...r.problems] } : r;
  });
}

/** The first 200 bytes of a file, as UTF-8 (enough to tell a JSON manifest by its first key). */
function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(200);
    return buf.subarray(0, fs.readSync(fd, buf, 0, 200, 0)).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a file as the editor shows it: UTF-8 without its BOM, or UTF-16 with a BOM. A binary file (NUL bytes in
 * its first 8 KB, no UTF-16 BOM) reads as empty: there is nothing to check in it.
 */
export function readText(file: string): string {
  const buf = fs.readFileSync(file);
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    le.swap16();
    return le.toString('utf16le');
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf.subarray(0, 8192).includes(0)) return '';
  return buf.toString('utf8');
}

let lines: { text: string; starts: Uint32Array } | undefined;

/** 1-based line and column of an offset. The line starts of the last text are kept: a file with thousands of
 * problems is not rescanned from its start for each one (quadratic on a big file). */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  if (lines?.text !== text) lines = { text, starts: lineStarts(text) };
  const p = positionOf(lines.starts, offset);
  return { line: p.line + 1, col: p.character + 1 };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function runCli(argv: string[], out: Writable, err: Writable): number {
  const args = [...argv];
  if (args[0] !== 'check' || args.includes('--help') || args.includes('-h')) {
    (args.includes('--help') || args.includes('-h') ? out : err).write(USAGE);
    return args.includes('--help') || args.includes('-h') ? 0 : 2;
  }
  args.shift();
  let format = 'text';
  let maxWarnings = Infinity;
  let options = withDefaults();
  let ignore: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format') format = args[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--max-warnings' || a.startsWith('--max-warnings=')) {
      const v = a === '--max-warnings' ? args[++i] : a.slice('--max-warnings='.length);
      if (!/^\d+$/.test(v ?? '')) {
        err.write(`k8s-network-lens: --max-warnings takes a number of warnings (0 or more)\n`);
        return 2;
      }
      maxWarnings = Number(v);
    }
    else if (a === '--config' || a.startsWith('--config=')) {
      const file = a === '--config' ? args[++i] : a.slice('--config='.length);
      try {
        const config = readConfig(JSON.parse(fs.readFileSync(file, 'utf8')));
        for (const w of config.warnings) err.write(`k8s-network-lens: --config ${file}: ${w}\n`);
        options = config.settings.options;
        ignore = config.settings.ignore;
      } catch (e) {
        err.write(`k8s-network-lens: cannot read --config ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
    } else if (a.startsWith('-')) {
      err.write(`k8s-network-lens: unknown option ${a}\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (format !== 'text' && format !== 'json' && format !== 'github' && format !== 'sarif') {
    err.write(`k8s-network-lens: --format must be text, json, github or sarif\n`);
    return 2;
  }
  if (paths.length === 0) paths.push('.');
  const files: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      err.write(`k8s-network-lens: no such file or folder: ${p}\n`);
      return 2;
    }
    // `ignore` globs are relative to the folder given, as they are to a workspace folder in the editor.
    const ignored = globMatcher(ignore);
    const base = fs.statSync(p).isDirectory() ? p : path.dirname(p);
    files.push(...findManifestFiles(p).filter((f) => !ignored(path.relative(base, f))));
  }
  const reports = checkFiles(files, options);
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  const json: unknown[] = [];
  const sarif: SarifFinding[] = [];
  for (const r of reports) {
    for (const p of r.problems) {
      if (p.severity === 'error') errors++;
      else if (p.severity === 'warning') warnings++;
      else infos++;
      const s = lineCol(r.text, p.start);
      const e = lineCol(r.text, p.end);
      const relatedOf = () =>
        p.related?.map((x) => {
          const at = x.at ?? { line: lineCol(r.text, x.start).line - 1, character: lineCol(r.text, x.start).col - 1 };
          return { file: x.file ?? r.file, line: at.line + 1, column: at.character + 1, message: x.message };
        });
      if (format === 'sarif') {
        sarif.push({ file: r.file, problem: p, start: s, end: e, snippet: r.text.slice(p.start, p.end), related: relatedOf() ?? [] });
      } else if (format === 'json') {
        const related = relatedOf();
        json.push({ file: r.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col, severity: p.severity, rule: p.ruleId, message: p.message, path: p.path, related });
      } else if (format === 'github') {
        out.write(githubAnnotation(r.file, s, e, p) + '\n');
      } else {
        out.write(`${r.file}:${s.line}:${s.col} ${p.severity} ${p.ruleId} ${p.message}\n`);
      }
    }
  }
  if (format === 'json') out.write(JSON.stringify(json, null, 2) + '\n');
  else if (format === 'sarif') {
    const first = path.resolve(paths[0]);
    const root = paths.length === 1 && fs.statSync(first).isDirectory() ? first : process.cwd();
    out.write(JSON.stringify(sarifLog(sarif, root), null, 2) + '\n');
  } else err.write(`${count(files.length, 'file')} checked: ${count(errors, 'error')}, ${count(warnings, 'warning')}, ${infos} information\n`);
  if (warnings > maxWarnings) err.write(`k8s-network-lens: ${count(warnings, 'warning')}, more than --max-warnings ${maxWarnings}\n`);
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

/** Escapes a workflow command's message (`%`, CR, LF) and, with `property`, its property values (also `:` and `,`). */
function escapeCommand(s: string, property = false): string {
  const t = s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return property ? t.replace(/:/g, '%3A').replace(/,/g, '%2C') : t;
}

/** A GitHub Actions annotation: `::warning file=a.yaml,line=3,col=5,endLine=3,endColumn=9,title=rule-id::message`. */
export function githubAnnotation(file: string, s: { line: number; col: number }, e: { line: number; col: number }, p: Problem): string {
  const level = p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'notice';
  const props = [`file=${escapeCommand(file.split(path.sep).join('/'), true)}`, `line=${s.line}`, `col=${s.col}`, `endLine=${e.line}`, `endColumn=${e.col}`, `title=${escapeCommand(p.ruleId, true)}`];
  return `::${level} ${props.join(',')}::${escapeCommand(p.message)}`;
}
