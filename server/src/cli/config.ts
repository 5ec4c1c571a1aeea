// Reads a `--config` file the way people write one: a VS Code settings.json (flat `"k8sNetworkLens.rules"` keys),
// the nested `{"k8sNetworkLens": {...}}` form, or bare `{"rules": {...}}`. Whatever it cannot use is reported, not
// silently dropped: a misspelt rule id or severity would otherwise leave the user believing a rule is configured.
import { allRuleMeta } from '../core';
import { ServerSettings, settingsFrom } from '../lsp/settings';

const PREFIX = 'k8sNetworkLens';
/** Settings the CLI understands (the editor-only ones are accepted and ignored). */
const KNOWN = new Set(['enable', 'rules', 'nodePortRange', 'kubernetesVersion', 'maxFileSizeMB', 'maxDocuments', 'clusterDomain', 'defaultNamespace', 'ignore', 'dns', 'trace']);
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

function isObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

/** `{"k8sNetworkLens.dns.port": 5353}` and `{"k8sNetworkLens": {"dns": {"port": 5353}}}` both become `{dns: {port: 5353}}`. */
export function unflatten(raw: unknown): { section: Record<string, unknown>; others: string[] } {
  const section: Record<string, unknown> = {};
  const others: string[] = [];
  if (!isObject(raw)) return { section, others };
  const set = (path: string[], value: unknown) => {
    let o = section;
    for (const k of path.slice(0, -1)) {
      if (!isObject(o[k])) o[k] = {};
      o = o[k] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    o[last] = isObject(value) && isObject(o[last]) ? { ...(o[last] as object), ...value } : value;
  };
  const hasPrefix = Object.keys(raw).some((k) => k === PREFIX || k.startsWith(`${PREFIX}.`));
  for (const [key, value] of Object.entries(raw)) {
    if (key === PREFIX && isObject(value)) for (const [k, v] of Object.entries(value)) set([k], v);
    else if (key.startsWith(`${PREFIX}.`)) set(key.slice(PREFIX.length + 1).split('.'), value);
    else if (!hasPrefix) set([key], value);
    else others.push(key);
  }
  return { section, others };
}

export interface CliConfig {
  settings: ServerSettings;
  warnings: string[];
}

export function readConfig(raw: unknown): CliConfig {
  const { section, others } = unflatten(raw);
  const warnings: string[] = [];
  if (others.length && Object.keys(section).length === 0) warnings.push(`no ${PREFIX} settings found (keys: ${others.slice(0, 5).join(', ')})`);
  for (const key of Object.keys(section)) if (!KNOWN.has(key)) warnings.push(`unknown setting "${PREFIX}.${key}"`);
  const ids = new Set(allRuleMeta().map((r) => r.id));
  if (isObject(section.rules)) {
    for (const [id, sev] of Object.entries(section.rules)) {
      if (!ids.has(id)) warnings.push(`unknown rule id "${id}" in ${PREFIX}.rules`);
      if (typeof sev !== 'string' || !SEVERITIES.has(sev)) warnings.push(`${PREFIX}.rules["${id}"]: ${JSON.stringify(sev)} is not one of error, warning, information, hint, off`);
    }
  }
  return { settings: settingsFrom(section), warnings };
}
