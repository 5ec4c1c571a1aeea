// The registry of rules that check one manifest. Each rule lives in its own file named after its id.
import type { Rule } from './types';

export const rules: Rule[] = [];
