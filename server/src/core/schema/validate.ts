// Strict decoding as the API server does it (unknown fields, wrong JSON types), plus the enums and ranges that the
// schemas in schemas/ add, with each ajv error mapped to the YAML node a person would blame.
import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import serviceSchema from '../../../../schemas/service.schema.json';
import networkPolicySchema from '../../../../schemas/networkpolicy.schema.json';
import type { TargetKind } from '../rules/types';
import type { Fix, Path, Problem, Span } from '../types';
import { blame, formatPath, spanOf } from '../yaml/path';
import { renameKey, replaceValue } from '../edits';
import { closest } from '../util/strings';
import * as generated from './validators.generated';

/** A validation function as Ajv generates it: true when valid, else `errors` holds the error objects. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The validators of both schemas, precompiled at build time by scripts/gen-validators.mjs (Ajv standalone code with
 * the options in `generated.ajvOptions`), so no schema is compiled at run time.
 */
const compiled: Record<TargetKind, Validator> = {
  Service: generated.Service as Validator,
  NetworkPolicy: generated.NetworkPolicy as Validator,
};

export function validators(): Record<TargetKind, Validator> {
  return compiled;
}

export function schemaOf(kind: TargetKind): any {
  return kind === 'Service' ? serviceSchema : networkPolicySchema;
}

export interface SchemaResult {
  problems: Problem[];
  /** Fields an unknown field was most likely meant to be (`spec.ports` for `spec.poarts`). */
  intended: string[];
}

export function validateSchema(kind: TargetKind, value: unknown, doc: Document, text: string): SchemaResult {
  const validate = validators()[kind];
  if (validate(value)) return { problems: [], intended: [] };
  const problems: Problem[] = [];
  const intended: string[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const p = toProblem(err, doc, text, intended);
    if (!p) continue;
    const key = `${p.start}:${p.end}:${p.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  return { problems, intended };
}

function pathOf(instancePath: string): Path {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
};

/** Why an unquoted YAML 1.1 scalar is not the string its author wrote. */
function yamlHint(value: unknown, source: string, expected: string[]): string {
  if (expected.length !== 1 || expected[0] !== 'string') return '';
  if (typeof value === 'boolean' || typeof value === 'number') {
    // `true` and `80` are not strings in any YAML; `yes`, `on` and `0755` are not strings only in YAML 1.1, as kubectl reads it.
    const onlyIn11 = !/^(true|false|[-+]?\d+(\.\d+)?)$/i.test(source);
    const what = typeof value === 'boolean' ? 'a boolean' : 'a number';
    return ` — kubectl reads the unquoted ${source} as ${what}${onlyIn11 ? ' (YAML 1.1)' : ''}; quote it: "${source}"`;
  }
  return '';
}

function toProblem(err: ErrorObject, doc: Document, text: string, intended: string[]): Problem | undefined {
  const path = pathOf(err.instancePath);
  const where = formatPath(path) || '(root)';
  const problem = toProblemAt(err, doc, text, path, where, intended);
  return problem && { ...problem, path: problem.path ?? where };
}

function toProblemAt(err: ErrorObject, doc: Document, text: string, path: Path, where: string, intended: string[]): Problem | undefined {
  switch (err.keyword) {
    case 'additionalProperties': {
      const field = String((err.params as any).additionalProperty);
      const full = [...path, field];
      const known = Object.keys((err.parentSchema as any)?.properties ?? {});
      const present = err.data && typeof err.data === 'object' ? (err.data as Record<string, unknown>) : {};
      const suggestion = closest(field, known);
      // A fix that renames to a field the mapping already has would only make a duplicate key: explain instead.
      const taken = suggestion !== undefined && Object.prototype.hasOwnProperty.call(present, suggestion);
      if (suggestion && !taken) intended.push(formatPath([...path, suggestion]));
      const fixes: Fix[] = [];
      if (suggestion && !taken) {
        const edit = renameKey(doc, full, suggestion);
        if (edit) fixes.push({ title: `Change to "${suggestion}"`, edits: [edit], isPreferred: true });
      }
      const span = blame(doc, full, 'key');
      const hint = taken
        ? ` Did you mean "${suggestion}"? "${suggestion}" is also set in this mapping: merge the two or remove this one.`
        : suggestion
          ? ` Did you mean "${suggestion}"?`
          : known.length && known.length <= 12
            ? ` Known fields: ${known.join(', ')}.`
            : '';
      return {
        ruleId: 'schema-unknown-field',
        severity: 'error',
        ...span,
        path: formatPath(full),
        message: `${formatPath(full)}: unknown field "${field}" (strict decoding rejects it).${hint}`,
        fixes: fixes.length ? fixes : undefined,
      };
    }
    case 'required': {
      const field = String((err.params as any).missingProperty);
      const full = [...path, field];
      const span = blame(doc, full);
      const desc = firstSentence((err.parentSchema as any)?.properties?.[field]?.description);
      return {
        ruleId: 'schema-required',
        severity: 'error',
        ...span,
        path: formatPath(full),
        message: `${formatPath(full)}: Required value${desc ? `: ${desc}` : ''}`,
      };
    }
    case 'type': {
      const expected = String((err.params as any).type)
        .split(',')
        .filter((t) => t !== 'null');
      const span = blame(doc, path);
      const source = text.slice(span.start, span.end);
      const names = expected.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      return {
        ruleId: 'schema-type',
        severity: 'error',
        ...span,
        message: `${where}: expected ${names}, got ${describe(err.data)}${yamlHint(err.data, source, expected)}`,
        fixes: quoteFix(err.data, source, span, expected),
      };
    }
    case 'enum': {
      const allowed = ((err.params as any).allowedValues as unknown[]).filter((v) => v !== null && v !== '').map(String);
      const span = blame(doc, path);
      const got = err.data;
      const suggestion = typeof got === 'string' ? closest(got, allowed, true) : undefined;
      const fixes: Fix[] = [];
      if (suggestion) {
        const edit = replaceValue(doc, path, suggestion);
        if (edit) fixes.push({ title: `Change to "${suggestion}"`, edits: [edit], isPreferred: true });
      }
      return {
        ruleId: 'schema-enum',
        severity: 'error',
        ...span,
        message:
          `${where}: Unsupported value: ${JSON.stringify(got)}: supported values: ${allowed.map((v) => `"${v}"`).join(', ')}` +
          (suggestion ? `. Did you mean "${suggestion}"?` : ''),
        fixes: fixes.length ? fixes : undefined,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const span = blame(doc, path);
      const s = err.parentSchema as any;
      const lo = s?.minimum;
      const hi = s?.maximum;
      const range = lo !== undefined && hi !== undefined ? `must be between ${lo} and ${hi}, inclusive` : err.message;
      return { ruleId: 'schema-range', severity: 'error', ...span, message: `${where}: Invalid value: ${String(err.data)}: ${range}` };
    }
    default: {
      const span = blame(doc, path);
      return { ruleId: 'schema-invalid', severity: 'error', ...span, message: `${where}: ${err.message ?? 'invalid value'}` };
    }
  }
}

function quoteFix(value: unknown, source: string, span: Span, expected: string[]): Fix[] | undefined {
  if (expected.length !== 1 || expected[0] !== 'string' || (typeof value !== 'boolean' && typeof value !== 'number')) return undefined;
  if (/^["']/.test(source) || /[\n#]/.test(source)) return undefined;
  return [{ title: `Quote ${source} as a string`, edits: [{ ...span, newText: JSON.stringify(source) }], isPreferred: true }];
}

function firstSentence(s: unknown): string {
  if (typeof s !== 'string') return '';
  const m = s.match(/^[^.]*\./);
  return (m ? m[0] : s).trim();
}

export { spanOf };
