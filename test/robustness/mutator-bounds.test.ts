/**
 * The mutators stay within the fuzzer's means: a HAR mutant repeated entries without a bound, and
 * three stacked repeats ran the fuzzer's own process out of memory (har target, seed 11).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';
import { JSON_OPS } from './mutators/har.js';
import { prng } from './mutate.js';
import type { MutateContext } from './mutators/bytes.js';

describe('HAR repeatEntry', () => {
  it('repeated again and again, stays under 20,000 entries', () => {
    type Doc = Parameters<NonNullable<(typeof JSON_OPS)['repeatEntry']>>[0];
    const doc = JSON.parse(readFileSync(path.join(fixtures, 'har', 'mitmproxy.har'), 'utf8')) as Doc;
    const entries = () => (doc as { log: { entries: unknown[] } }).log.entries.length;
    const before = entries();
    const rnd = prng(11);
    const ctx: MutateContext = { others: [] };
    let grew = 0;
    for (let k = 0; k < 50; k++) if (JSON_OPS.repeatEntry!(doc, rnd, ctx)) grew++;
    expect(grew).toBeGreaterThan(0);
    expect(entries()).toBeGreaterThan(before);
    expect(entries()).toBeLessThanOrEqual(20_000);
  });
});
