#!/usr/bin/env node
/**
 * Session assembly memory: a synthetic stream of DM sessions (each Package 1/2 and 3/4 over two
 * HTTP exchanges, XML decoded by the real codec), generated lazily in memory with a fixed number
 * of sessions open at once, fed to assembleSessions. Peak heap (after GC, sampled) should follow
 * the number of sessions open at once, not the total. Run on demand, not in the tests:
 *
 *   node --expose-gc bench/sessions.mjs                       # compiles src into a temp dir (tsc)
 *   DMTRACE_DIST=/path/to/dist node --expose-gc bench/sessions.mjs
 *   node --expose-gc bench/sessions.mjs 100000:1000           # only this total:slots run (add :keep to retain sessions)
 *
 * Prints, per run: sessions, slots (sessions kept in flight), the measured peak of sessions open
 * at once, exchanges, time, sessions/s, peak heap above the baseline, and heap per open session.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compile, hdr, syntheticExchange, wrap } from './lib.mjs';

if (typeof globalThis.gc !== 'function') {
  // Re-run with --expose-gc so that heap samples measure live data, not garbage.
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: process.env,
  });
  process.exit(r.status ?? 1);
}

const build = compile('sessions', ['src/session/assemble.ts', 'src/syncml/message.ts']);
const { assembleSessions } = await build.load('session/assemble.js');
const { decodeMessage } = await build.load('syncml/message.js');

/** The four messages of one session, as [request, response] pairs. */
function sessionExchanges(device, sid) {
  const devinfo = ['DevId', 'Man', 'Mod', 'DmV', 'Lang']
    .map(
      (n) =>
        `<Item><Source><LocURI>./DevInfo/${n}</LocURI></Source><Data>${n === 'DevId' ? device : `value of ${n}`}</Data></Item>`,
    )
    .join('');
  return [
    [
      wrap(
        hdr('client', sid, '1', device),
        `<Alert><CmdID>1</CmdID><Data>1201</Data></Alert><Replace><CmdID>2</CmdID>${devinfo}</Replace>`,
      ),
      wrap(
        hdr('server', sid, '1', device),
        `<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>` +
          `212</Data></Status><Status><CmdID>2</CmdID><MsgRef>1</MsgRef><CmdRef>1</CmdRef><Cmd>` +
          `Alert</Cmd><Data>200</Data></Status><Get><CmdID>3</CmdID><Item><Target><LocURI>` +
          `./DevDetail/SwV</LocURI></Target></Item></Get>`,
      ),
    ],
    [
      wrap(
        hdr('client', sid, '2', device),
        `<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>` +
          `200</Data></Status><Status><CmdID>2</CmdID><MsgRef>1</MsgRef><CmdRef>3</CmdRef><Cmd>` +
          `Get</Cmd><Data>200</Data></Status><Results><CmdID>3</CmdID><MsgRef>1</MsgRef><CmdRef>` +
          `3</CmdRef><Item><Source><LocURI>./DevDetail/SwV</LocURI></Source><Data>1.0.${sid}` +
          `</Data></Item></Results>`,
      ),
      wrap(
        hdr('server', sid, '2', device),
        `<Status><CmdID>1</CmdID><MsgRef>2</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>212</Data></Status>`,
      ),
    ],
  ];
}

/** A small deterministic PRNG (mulberry32), so that runs are repeatable. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Lazily: `open` slots, each running one session after another, the next exchange taken from a
 * random slot (so sessions interleave as in a busy capture), until `total` sessions have started.
 * `stats.inFlight` counts sessions between their first and last exchange; every `sampleEvery`
 * exchanges the heap is measured after a GC.
 */
function* exchanges(total, open, stats, sample) {
  const slots = [];
  const random = rng(42);
  let started = 0;
  let id = 0;
  let time = Date.UTC(2026, 10, 24);
  const start = () => {
    const n = started++;
    return { steps: sessionExchanges(`IMEI:${String(n).padStart(15, '0')}`, String((n % 65535) + 1)), next: 0 };
  };
  while (slots.length < open && started < total) slots.push(start());
  while (slots.length) {
    const i = Math.floor(random() * slots.length);
    const slot = slots[i];
    const [req, res] = slot.steps[slot.next++];
    if (slot.next === 1) stats.inFlight++;
    time += 1;
    const frame = stats.frames + 1;
    stats.frames += 2;
    stats.exchanges++;
    if (stats.exchanges % 997 === 0) sample();
    yield syntheticExchange(decodeMessage, { id: ++id, frame, time, req, res });
    if (slot.next === slot.steps.length) {
      stats.inFlight--;
      if (started < total) slots[i] = start();
      else slots.splice(i, 1);
    }
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
  }
}

async function run(total, open, keep = false) {
  globalThis.gc();
  const base = process.memoryUsage().heapUsed;
  const stats = { frames: 0, exchanges: 0, inFlight: 0, peakInFlight: 0 };
  let sessions = 0;
  let completed = 0;
  let peakHeap = 0;
  const kept = [];
  const sample = () => {
    globalThis.gc();
    const h = process.memoryUsage().heapUsed - base;
    peakHeap = Math.max(peakHeap, h);
  };
  const t0 = performance.now();
  for await (const s of assembleSessions(exchanges(total, open, stats, sample))) {
    sessions++;
    if (s.outcome === 'completed') completed++;
    if (keep) kept.push(s);
  }
  const ms = performance.now() - t0;
  sample();
  return {
    total,
    open,
    keep,
    sessions,
    completed,
    exchanges: stats.exchanges,
    seconds: ms / 1000,
    rate: Math.round(sessions / (ms / 1000)),
    peakHeapMB: peakHeap / 2 ** 20,
    peakOpen: stats.peakInFlight,
    kept: kept.length,
  };
}

const runs = process.argv.slice(2).length
  ? process.argv.slice(2).map((a) => {
      const [t, o, k] = a.split(':');
      return [Number(t), Number(o), k === 'keep'];
    })
  : [
      [10_000, 1_000, false],
      [100_000, 1_000, false],
      [100_000, 100, false],
      [20_000, 5_000, false],
      [10_000, 100, true],
    ];

console.log(
  'total sessions | slots | peak open (measured) | kept by consumer | exchanges | seconds | sessions/s | completed | peak heap above baseline | per open session',
);
for (const [total, open, keep] of runs) {
  const r = await run(total, open, keep);
  console.log(
    `${String(r.total).padStart(14)} | ${String(r.open).padStart(5)} | ` +
      `${String(r.peakOpen).padStart(20)} | ${String(r.keep ? 'all' : 'none').padStart(16)} | ` +
      `${String(r.exchanges).padStart(9)} | ${r.seconds.toFixed(1).padStart(7)} | ` +
      `${String(r.rate).padStart(10)} | ${String(r.completed).padStart(9)} | ` +
      `${r.peakHeapMB.toFixed(1).padStart(21)} MB | ` +
      `${r.keep ? '-' : `${((r.peakHeapMB * 1024) / r.peakOpen).toFixed(1)} KB`}`,
  );
}
build.done();
