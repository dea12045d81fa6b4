#!/usr/bin/env node
/**
 * WBXML codec throughput: decode (and encode) the AOSP corpus .wbxml messages repeated to at
 * least 50 MB, on one core. Run on demand, not in the tests:
 *
 *   node bench/codec-wbxml.mjs            # compiles src/wbxml into a temp dir first (tsc)
 *   DMTRACE_DIST=/path/to/dist node bench/codec-wbxml.mjs   # use an existing build
 *
 * Prints MB/s and messages/s. Target (issue 2): WBXML decode >= 100 MB/s.
 */
import os from 'node:os';
import { compile, corpusMessages, loadAverage, measure } from './lib.mjs';

const build = compile('wbxml', ['src/wbxml/read.ts', 'src/wbxml/write.ts']);
const { readWbxml } = await build.load('wbxml/read.js');
const { writeWbxml } = await build.load('wbxml/write.js');

const messages = corpusMessages('.wbxml');
const corpusBytes = messages.reduce((n, m) => n + m.length, 0);
const TARGET = 50 * 1024 * 1024;
const rounds = Math.ceil(TARGET / corpusBytes);

/** Three passes of >= 50 MB each; wall-clock and CPU-time throughput per pass, and the best. */
function run(label, fn, inputs) {
  const bytesPerRound = inputs.reduce((n, m) => n + m.length, 0);
  // Warm-up (JIT).
  for (let i = 0; i < Math.min(500, rounds); i++) for (const m of inputs) fn(m);
  let sink = 0;
  let best = 0;
  let bestCpu = 0;
  const mb = (bytesPerRound * rounds) / (1024 * 1024);
  const msgs = inputs.length * rounds;
  for (let pass = 1; pass <= 3; pass++) {
    const { seconds: s, cpuSeconds: cpu } = measure(() => {
      for (let i = 0; i < rounds; i++) for (const m of inputs) sink += fn(m);
    });
    best = Math.max(best, mb / s);
    bestCpu = Math.max(bestCpu, mb / cpu);
    console.log(
      `${label} pass ${pass}: ${mb.toFixed(1)} MB (${msgs} messages) in ${s.toFixed(2)} s = ${(mb / s).toFixed(1)} MB/s, ` +
        `${Math.round(msgs / s)} messages/s wall; ${(mb / cpu).toFixed(1)} MB/s per CPU-second`,
    );
  }
  console.log(
    `${label} best: ${best.toFixed(1)} MB/s, ${Math.round((best * 1024 * 1024) / (bytesPerRound / inputs.length))} messages/s wall; ` +
      `${bestCpu.toFixed(1)} MB/s per CPU-second (check ${sink})`,
  );
  return { wall: best, cpu: bestCpu };
}

console.log(
  `node ${process.version}, ${messages.length} corpus messages, ${corpusBytes} bytes, repeated ${rounds} times; ${loadAverage()}`,
);
const decode = run(
  'WBXML decode',
  (m) => {
    const r = readWbxml(m);
    return r.root ? 1 : 0;
  },
  messages,
);
const trees = messages.map((m) => readWbxml(m).root);
let k = 0;
run(
  'WBXML encode (sizes are the decoded inputs)',
  () => (writeWbxml(trees[k++ % trees.length]).length > 0 ? 1 : 0),
  messages,
);
// CPU time is the fairer figure on a shared machine (wall time includes waiting for a core).
const verdict = (v) => (v >= 100 ? 'met' : 'NOT met');
console.log(
  `decode target (>= 100 MB/s on one core): ${verdict(decode.wall)} by wall time (${decode.wall.toFixed(1)} MB/s), ` +
    `${verdict(decode.cpu)} by CPU time (${decode.cpu.toFixed(1)} MB/s); load average now ${os.loadavg()[0].toFixed(2)}`,
);
build.done();
