import { isMap } from 'yaml';
import type { Rule, RuleContext } from './types';
import type { Fix, Path, TextEdit } from '../types';
import { explain, required } from '../k8s/field';
import { dns1123Label } from '../k8s/names';
import { serviceView, ServicePortView } from '../k8s/defaults';
import { deref, locate, spanOf } from '../yaml/path';
import { writtenAsJson } from '../fixes/yaml-edit';

/** Names people already use for the most common ports; anything else becomes `<protocol>-<port>`. */
const WELL_KNOWN: Record<string, string> = { 'TCP/80': 'http', 'TCP/443': 'https', 'UDP/53': 'dns', 'TCP/53': 'dns-tcp' };

export const servicePortNameRequired: Rule = {
  id: 'service-port-name-required',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A Service with more than one port leaves a port unnamed; every port needs a name then (quick fix: a generated unique name such as `http` or `tcp-8080`).',
  source: 'validation.go validateServicePort',
  example: 'ports:\n  - port: 80\n  - port: 443',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.ports.length < 2) return;
    const unnamed = v.ports.filter((p) => p.name === '');
    if (unnamed.length === 0) return;
    const names = generateNames(v.ports, unnamed);
    for (const p of unnamed) {
      const name = names.get(p.index);
      const edit = name ? insertName(ctx, p.path, name) : undefined;
      const fixes: Fix[] = edit ? [{ title: `Name this port "${name}"`, edits: [edit], isPreferred: true }] : [];
      ctx.report([...p.path, 'name'], explain(required(`spec.ports[${p.index}].name`), 'a Service with more than one port must name each one'), { fixes });
    }
  },
};

/** One unique, valid name per unnamed port, so that applying every fix at once still yields distinct names. */
function generateNames(all: ServicePortView[], unnamed: ServicePortView[]): Map<number, string> {
  const taken = new Set(all.map((p) => p.name).filter((n): n is string => !!n));
  const out = new Map<number, string>();
  for (const p of unnamed) {
    const proto = p.protocol ?? 'TCP';
    const base = p.port === undefined || p.port < 1 || p.port > 65535 ? 'port' : WELL_KNOWN[`${proto}/${p.port}`] ?? `${proto.toLowerCase()}-${p.port}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    if (dns1123Label(name).length > 0) continue;
    taken.add(name);
    out.set(p.index, name);
  }
  return out;
}

/** Inserts `name: <name>` as the first key of the port's mapping, in its own style (block or flow). */
function insertName(ctx: RuleContext, path: Path, name: string): TextEdit | undefined {
  const loc = locate(ctx.doc, path);
  const item = deref(ctx.doc, loc.node);
  if (loc.depth !== path.length || !isMap(item) || item.items.length === 0) return undefined;
  const first = spanOf(item.items[0].key);
  if (!first) return undefined;
  if (item.flow) return { start: first.start, end: first.start, newText: writtenAsJson(ctx.doc.contents) ? `"name": "${name}", ` : `name: ${name}, ` };
  const lineStart = ctx.text.lastIndexOf('\n', first.start - 1) + 1;
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  return { start: first.start, end: first.start, newText: `name: ${name}${eol}${' '.repeat(first.start - lineStart)}` };
}
