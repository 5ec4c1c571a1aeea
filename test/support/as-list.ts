// The objects of a YAML file written again as one List, in JSON (`kubectl get -o json`) or YAML (`-o yaml`): the same
// objects in another form, for tests that compare what the core says about both.
import { Document } from 'yaml';
import { splitDocuments } from '../../server/src/core';
import { parseSegment } from '../../server/src/core/yaml/parse';

/** The objects of `text` (a List's objects too), or undefined when a document does not parse or is not an object. */
export function objectsOf(text: string): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  for (const seg of splitDocuments(text)) {
    for (const p of parseSegment(seg.text)) {
      if (p.list) continue;
      if (p.doc.errors.length || p.value === undefined) return undefined;
      if (p.value === null) continue;
      if (typeof p.value !== 'object' || Array.isArray(p.value)) return undefined;
      out.push(p.value as Record<string, unknown>);
    }
  }
  return out;
}

export function asList(text: string, format: 'json' | 'yaml'): string | undefined {
  const items = objectsOf(text);
  if (!items?.length) return undefined;
  const list = { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } };
  // kubectl indents its JSON by 4; the YAML is read back as YAML 1.1, so `yes` and `0755` must come out quoted.
  return format === 'json' ? JSON.stringify(list, null, 4) + '\n' : new Document(list, { version: '1.1' }).toString();
}
