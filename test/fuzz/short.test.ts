/**
 * The short seeded fuzz run of `npm test` (issue 11): every target of test/fuzz/targets.ts for a
 * few seconds from a fixed seed, through the same harness as `npm run fuzz` (a worker process per
 * run, the pipeline in-process and now and then a CLI command). Any finding fails the test with
 * its target, kind and message; minimize and write it with `npm run fuzz -- --target NAME --seed 7`.
 * The long run (≥ 1,000,000 iterations per target) is on demand: README "Limits".
 */
import { describe, expect, it } from 'vitest';
import { formatReports, fuzz, judgeAgain, Worker } from './fuzz.js';
import { TARGETS } from './targets.js';

/** Seconds per target: 7 targets × 4 s ≈ 30 s in all. */
const SECONDS = 4;

describe('fuzz, short seeded run', () => {
  it(
    'no target gives a finding',
    async () => {
      const reports = await fuzz({ targets: TARGETS, seconds: SECONDS, seed: 7, minimize: false, maxFindings: 5 });
      expect(reports.map((r) => r.target)).toEqual([...TARGETS]);
      // A run that read nothing would pass vacuously.
      for (const r of reports) expect(r.iterations, r.target).toBeGreaterThan(0);
      const findings = reports.flatMap((r) =>
        r.findings.map((f) => `${f.target} ${f.kind} (iteration ${f.iteration}, ${f.mutation}): ${f.detail}`),
      );
      expect(findings, formatReports(reports)).toEqual([]);
    },
    SECONDS * TARGETS.length * 1000 + 60_000,
  );

  it('shares a run between workers and goes on from a given iteration', async () => {
    const [r] = await fuzz({ targets: ['wbxml'], iterations: 40, from: 5000, workers: 2, seed: 7, minimize: false });
    expect(r!.from).toBe(5000);
    expect(r!.iterations).toBe(40);
    // both workers read inputs, and between them every iteration once
    expect(r!.perWorker).toHaveLength(2);
    for (const n of r!.perWorker) expect(n).toBeGreaterThan(0);
    expect(r!.perWorker[0]! + r!.perWorker[1]!).toBe(40);
    expect(r!.findings.map((f) => f.detail)).toEqual([]);
  }, 60_000);
});

describe('fuzz, the hang judge', () => {
  it('a worker that burns its CPU past the timeout is a hang; one that waits without CPU is not', async () => {
    const w = new Worker([]);
    try {
      const input = { base: 'x.xml', bytes: Buffer.from('<SyncML/>') };
      // start-up (loading every module) is not part of the request
      expect((await w.run({ id: 1, ...input }, 20_000)).ok).toBe(true);
      // 1.2 s without CPU against a 400 ms timeout: starved, not hung (wall allowance 6 × 400 ms)
      const idle = await w.run({ id: 2, ...input, stall: { idle: 1200 } }, 400);
      expect(idle.ok).toBe(true);
      const spin = await w.run({ id: 3, ...input, stall: { spin: 5000 } }, 400);
      expect(spin).toMatchObject({ ok: false, kind: 'hang' });
      if (!spin.ok) expect(spin.detail).toMatch(/no answer after \d+ ms, \d+ ms of it CPU/);
    } finally {
      w.kill();
    }
  }, 60_000);
});

describe('fuzz, the memory judge', () => {
  it('an input over the limit only in a worker that earlier inputs grew is no finding; one over it alone is', async () => {
    const w = new Worker([]);
    const opts = { slowMs: 20_000, hangMs: 20_000, rssMb: 400 };
    try {
      const input = { base: 'x.xml', bytes: Buffer.from('<SyncML/>') };
      // an earlier input left 500 MB in the worker: the next, small one is measured over the limit…
      expect((await w.run({ id: 1, ...input, stall: { retainMb: 500 } }, 20_000)).ok).toBe(true);
      const req = { id: 2, ...input };
      const grown = await w.run(req, 20_000);
      expect(grown.ok && grown.result.rss).toBeGreaterThan(400 * 1048576);
      // …and on a fresh worker it is not
      expect(await judgeAgain(w, req, grown, opts)).toBeUndefined();
      // an input that itself takes 500 MB is over it on a fresh worker too
      const big = { id: 3, ...input, stall: { retainMb: 500 } };
      expect(await judgeAgain(w, big, await w.run(big, 20_000), opts)).toMatchObject({ kind: 'memory' });
    } finally {
      w.kill();
    }
  }, 60_000);

  it('allows RSS_MB_PER_MIB per MiB of input: over 300 MB is a finding for a tiny input, not for an 8 MiB one', async () => {
    const w = new Worker([]);
    const opts = { slowMs: 20_000, hangMs: 20_000, rssMb: 300 };
    const pad = (n: number) =>
      Buffer.concat([Buffer.from('<SyncML>'), Buffer.alloc(n, 0x20), Buffer.from('</SyncML>')]);
    try {
      const tiny = { id: 1, base: 'x.xml', bytes: pad(0), stall: { retainMb: 400 } };
      expect(await judgeAgain(w, tiny, await w.run(tiny, 20_000), opts)).toMatchObject({
        kind: 'memory',
        detail: expect.stringMatching(/allowed 300 MB/),
      });
      // 300 MB + 8 MiB × RSS_MB_PER_MIB (32) = 556 MB allowed
      const big = { id: 2, base: 'x.xml', bytes: pad(8 * 1048576), stall: { retainMb: 250 } };
      const o = await w.run(big, 20_000);
      expect(o.ok && o.result.rss).toBeGreaterThan(300 * 1048576);
      expect(await judgeAgain(w, big, o, opts)).toBeUndefined();
    } finally {
      w.kill();
    }
  }, 60_000);
});
