// The API server's field-error wording (apimachinery field.Error.Error()): `<path>: <type>: <value>: <detail>`.
// Rules build their messages with these so every message starts with the path the server would print.
import type { Path } from '../types';

/** A problem found by a shared check, for a rule to report: the message, and where to underline. */
export interface FieldProblem {
  /** The path in the manifest to underline (may differ from the server's path in the message). */
  at: Path;
  on: 'key' | 'value';
  message: string;
}

/** How the server prints a value: strings quoted, numbers bare, lists and objects as JSON. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? 'null';
}

export const invalid = (path: string, value: unknown, detail: string) => `${path}: Invalid value: ${goValue(value)}: ${detail}`;
export const required = (path: string, detail = '') => `${path}: Required value${detail ? `: ${detail}` : ''}`;
export const forbidden = (path: string, detail: string) => `${path}: Forbidden: ${detail}`;
export const duplicate = (path: string, value: unknown) => `${path}: Duplicate value: ${goValue(value)}`;
export const notSupported = (path: string, value: unknown, supported: readonly string[]) =>
  `${path}: Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
export const tooLong = (path: string, max: number) => `${path}: Too long: may not be more than ${max} bytes`;

/** Appends a plain-language sentence where the server's wording alone is cryptic. */
export const explain = (serverMessage: string, sentence: string) => `${serverMessage} — ${sentence}`;
