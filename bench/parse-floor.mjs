// The floor: the `yaml` package (the version the server bundles) parsing the whole file with parseAllDocuments,
// in a fresh process like a freshly started server. Prints JSON: the first (cold) parse and the median of the next ones.
//   node bench/parse-floor.mjs <file> [warm runs = 3]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const { parseAllDocuments } = require('yaml');
const text = readFileSync(process.argv[2], 'utf8');
const runs = Number(process.argv[3] ?? 3);
const once = () => {
  const t = performance.now();
  const docs = parseAllDocuments(text);
  const ms = performance.now() - t;
  return { ms, docs: Array.isArray(docs) ? docs.length : 0 };
};
const cold = once();
const warm = [];
for (let i = 0; i < runs; i++) warm.push(once().ms);
warm.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ coldMs: cold.ms, warmMs: warm[warm.length >> 1], docs: cold.docs }));
