// Real manifests to start from and to paste: the team's fixtures and the shared corpus (read-only, beside the repo).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES_DIR = path.join(ROOT, 'test', 'fixtures');
export const CORPUS_DIR = path.resolve(ROOT, '..', 'shared', 'corpus');

export function listYaml(dir: string, filter: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(e.name) && filter(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface Sample {
  name: string;
  text: string;
}

let cached: Sample[] | undefined;

/** Every fixture and corpus manifest (Helm templates included: they are text users paste too). */
export function samples(): Sample[] {
  if (!cached) {
    const files = [...listYaml(FIXTURES_DIR), ...listYaml(CORPUS_DIR)];
    cached = files.map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));
    if (cached.length === 0) cached = [{ name: 'empty', text: '' }];
  }
  return cached;
}
