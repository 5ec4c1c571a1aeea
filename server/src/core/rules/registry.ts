import { builtinRules } from './builtin';
import { rules } from './index';
import type { RuleMeta } from './types';
import { workspaceRules } from '../workspace/checks';

/** Every rule id the extension can report, with its docs. */
export function allRuleMeta(): RuleMeta[] {
  return [...builtinRules, ...rules, ...workspaceRules];
}
