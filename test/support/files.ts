// The YAML files below a folder, for tests that run over fixtures, examples and the shared corpus.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every *.yaml / *.yml file below `dir`, sorted; none when `dir` does not exist. */
export function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}
