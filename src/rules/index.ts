/**
 * The rule registry (typescript-eslint style): every rule, in the order docs/rules.md lists them.
 * Add a rule by importing its module and appending it here; test/rules/engine.test.ts checks the ids
 * are unique and test/rules/docs.test.ts that docs/rules.md was regenerated (`npm run docs`).
 */
import type { Rule } from './types.js';
import { syncmlDecode } from './engine.js';

export const rules = [
  syncmlDecode,
] as const satisfies readonly Rule[];

/** Rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));
