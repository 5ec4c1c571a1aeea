// The files below a folder, for tests that run over fixtures, examples, the shared corpus or the sources.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file below `dir` whose name matches `name`, sorted; none when `dir` does not exist. */
export function filesBelow(dir: string, name: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesBelow(p, name));
    else if (name.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Every *.yaml / *.yml file below `dir`. */
export const yamlFiles = (dir: string): string[] => filesBelow(dir, /\.ya?ml$/);

/** Every TypeScript source below `dir`. */
export const sources = (dir: string): string[] => filesBelow(dir, /\.ts$/);

/** Whether a text is valid JSON (a fix on a JSON manifest must keep it so). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
