/**
 * Mutation test: every fixture and corpus input, damaged in deterministic ways (test/robustness/
 * mutate.ts), goes through the whole pipeline in-process — read, decode, sessions, every lint
 * rule, every report. Nothing may throw, every problem names its input (and for captures, HAR
 * files and logs where in it), and the summary accounts for every DM body.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';
import { kindOf, mutantsOf, rel, sourceFiles, type Mutant } from './mutate.js';
import { DETECT_BYTES, detectFormat } from '../../src/sources/detect.js';
import { runPipeline, unlocated, violations } from './pipeline.js';

const SEED = 0x5eed;
/** Random mutants per source on top of the truncations and format-aware ones. */
const RANDOM_PER_FILE = { container: 12, message: 5 };
/** A run that takes longer than this is reported as not terminating (a hang guard, not a timing assertion). */
const HANG_MS = 20_000;

const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-mutants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let serial = 0;
export function writeMutant(m: Mutant, root = dir): string {
  const d = path.join(root, String(++serial));
  mkdirSync(d);
  const f = path.join(d, m.base);
  writeFileSync(f, m.bytes);
  return f;
}

async function guarded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const sources = sourceFiles();
let total = 0;
afterAll(() => console.log(`mutation test: ${total} mutants of ${sources.length} inputs`));

describe('mutants of every fixture and corpus input through the whole pipeline', () => {
  it('finds the inputs', () => {
    // Captures, HAR files, logs and messages are all there (the test would pass vacuously otherwise).
    const kinds = new Set(sources.map((f) => kindOf(f, Buffer.alloc(0))));
    expect(sources.length).toBeGreaterThan(40);
    expect([...kinds]).toEqual(expect.arrayContaining(['har', 'log', 'xml', 'wbxml']));
    expect(sources.some((f) => f.endsWith('.pcapng'))).toBe(true);
    expect(sources.some((f) => f.endsWith('.pcap'))).toBe(true);
  });

  for (const [i, file] of sources.entries()) {
    it(rel(file), async () => {
      const container = /\.(pcap|pcapng|har|log)$/.test(file) || file.includes('/logs/');
      const mutants = mutantsOf(file, SEED + i, container ? RANDOM_PER_FILE.container : RANDOM_PER_FILE.message);
      total += mutants.length;
      const failures: string[] = [];
      let problems = 0;
      for (const m of mutants) {
        const f = writeMutant(m);
        let run;
        try {
          run = await guarded(runPipeline([f]), m.name);
        } catch (err) {
          failures.push(`${m.name}: threw ${(err as Error)?.stack ?? String(err)}`);
          continue;
        }
        for (const v of violations(run)) failures.push(`${m.name}: ${v}`);
        // A capture, HAR file or log has frames, entries, lines to point at; a lone message file is its own place.
        const format = detectFormat(m.bytes.subarray(0, DETECT_BYTES), m.base, m.bytes.length <= DETECT_BYTES);
        if (format === 'capture' || format === 'har' || format === 'log') {
          for (const p of unlocated(run))
            failures.push(`${m.name}: problem without frame/entry/line/offset: ${p.code}: ${p.message}`);
        }
        for (const p of run.problems)
          if (p.input !== f) failures.push(`${m.name}: problem names ${p.input}, not the input ${f}`);
        problems += run.problems.length;
        expect(run.rendered).toBeGreaterThan(0);
      }
      expect(failures).toEqual([]);
      // The damage was noticed somewhere: not every mutant can be read without a problem.
      expect(problems).toBeGreaterThan(0);
    });
  }
});

describe('several damaged inputs in one run', () => {
  it('each problem names its own input, and one bad input does not stop the others', async () => {
    // One mutant of every capture, HAR file and log, read together (as `dmtrace lint a b c ...`).
    const containers = sources.filter((f) => /\.(pcap|pcapng|har|log)$/.test(f));
    const files = containers.map((f, i) => {
      const ms = mutantsOf(f, SEED ^ (i + 1), 2);
      return writeMutant(ms[(i * 7) % ms.length]!);
    });
    const clean = path.join(fixtures, 'sample', 'session.pcapng');
    const run = await guarded(runPipeline([...files, clean]), 'all containers');
    expect(violations(run)).toEqual([]);
    const inputs = new Set([...files, clean]);
    for (const p of run.problems) expect(inputs.has(p.input)).toBe(true);
    expect(run.ctx.summary.inputs).toBe(files.length + 1);
    // The clean capture at the end is still read whole: its session is there.
    expect(run.sessions.some((s) => s.messages.some((m) => m.message.origin.input === clean))).toBe(true);
  });
});
