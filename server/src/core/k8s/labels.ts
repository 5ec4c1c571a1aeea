// ValidateLabels / ValidateLabelName / ValidateLabelSelector (apimachinery): shared by metadata.labels,
// Service spec.selector and every NetworkPolicy selector.
import type { Path } from '../types';
import { FieldProblem, invalid } from './field';
import { formatPath } from '../yaml/path';
import { labelValue, qualifiedName } from './names';
import { isObj, list, str } from './values';

/**
 * Problems of a label map. The server's path is the map itself (`metadata.labels`), with no key; we underline the key
 * or the value at fault. Non-string values are the schema's to report. Paths are formatted only for a problem found.
 */
export function labelMapProblems(map: unknown, path: Path): FieldProblem[] {
  if (!isObj(map)) return [];
  const out: FieldProblem[] = [];
  for (const [key, value] of Object.entries(map)) {
    for (const m of qualifiedName(key)) out.push({ at: [...path, key], on: 'key', message: invalid(formatPath(path), key, m) });
    if (typeof value === 'string') {
      for (const m of labelValue(value)) out.push({ at: [...path, key], on: 'value', message: invalid(formatPath(path), value, m) });
    }
  }
  return out;
}

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector with AllowInvalidLabelValueInSelector=false (create). Unknown operators are the schema's. */
export function selectorProblems(selector: unknown, path: Path): FieldProblem[] {
  if (!isObj(selector)) return [];
  const fmt = formatPath;
  const out = labelMapProblems(selector.matchLabels, [...path, 'matchLabels']);
  list(selector.matchExpressions).forEach((req, i) => {
    if (!isObj(req)) return;
    const at = [...path, 'matchExpressions', i];
    const op = str(req.operator);
    const values = list(req.values);
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      out.push({ at: [...at, 'values'], on: 'key', message: `${fmt([...at, 'values'])}: Required value: must be specified when \`operator\` is 'In' or 'NotIn'` });
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      out.push({
        at: [...at, 'values'],
        on: 'key',
        message: `${fmt([...at, 'values'])}: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      });
    }
    const key = str(req.key);
    if (key !== undefined) for (const m of qualifiedName(key)) out.push({ at: [...at, 'key'], on: 'value', message: invalid(fmt([...at, 'key']), key, m) });
    values.forEach((v, j) => {
      if (typeof v !== 'string') return;
      for (const m of labelValue(v)) out.push({ at: [...at, 'values', j], on: 'value', message: invalid(fmt([...at, 'values', j]), v, m) });
    });
  });
  return out;
}
