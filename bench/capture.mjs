#!/usr/bin/env node
// Reads a capture (from bench/gen-capture.mjs) with dmtrace's readCapture and, in the same run,
// with tshark (`tshark -r FILE -Y http`, the reference), and prints throughput, peak RSS and the
// ratios. dmtrace is built into a temporary outDir (never the shared dist/).
//
//   node bench/capture.mjs FILE [--no-build]
//
// Peak RSS: dmtrace's from process.resourceUsage().maxRSS in its own child process; tshark's from
// /usr/bin/time -v. Both read the same file; the page cache is warmed first so neither pays for the disk.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compile } from './lib.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: capture.mjs FILE [--no-build]');
  process.exit(2);
}
const size = fs.statSync(file).size;

// Type errors elsewhere in the tree still emit JavaScript; only a missing reader is fatal.
const { dist: outDir } = compile('capture', ['src/sources/capture.ts', 'src/sources/types.ts'], {
  outDir: '/tmp/dmtrace-cap-bench',
  build: !process.argv.includes('--no-build'),
  quiet: true,
});

// Warm the page cache.
for await (const _ of fs.createReadStream(file, { highWaterMark: 1 << 22 }));

function run(cmd, argv) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let lines = 0;
    p.stdout.on('data', (d) => {
      out = (out + d).slice(-65536);
      for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++;
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err, lines }));
  });
}

const script = `
import fs from 'node:fs';
const { readCapture } = await import(${JSON.stringify(path.join(outDir, 'sources', 'capture.js'))});
const { newReadContext } = await import(${JSON.stringify(path.join(outDir, 'sources', 'types.js'))});
const ctx = newReadContext();
const t0 = process.hrtime.bigint();
let requests = 0, responses = 0;
for await (const e of readCapture({ name: 'bench', stream: fs.createReadStream(process.argv[1], { highWaterMark: 1 << 20 }) }, ctx)) {
  if (e.request) requests++;
  if (e.response) responses++;
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ seconds, maxRssKB: process.resourceUsage().maxRSS, requests, responses, summary: ctx.summary }));
`;
const d = await run(process.execPath, ['--input-type=module', '-e', script, file]);
if (d.code !== 0) throw new Error(`dmtrace run failed: ${d.err}`);
const dm = JSON.parse(d.out.trim().split('\n').pop());

const t0 = process.hrtime.bigint();
const t = await run('/usr/bin/time', ['-v', 'tshark', '-r', file, '-Y', 'http', '-T', 'fields', '-e', 'frame.number']);
const tSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const tRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(t.err)?.[1] ?? NaN);

const mb = size / 1e6;
const row = (name, s, rssKB, msgs) =>
  `${name.padEnd(8)} ${s.toFixed(2).padStart(8)} s ${(mb / s).toFixed(1).padStart(8)} MB/s ${(rssKB / 1024).toFixed(0).padStart(6)} MB peak RSS ${String(msgs).padStart(9)} HTTP messages`;
console.log(
  `${path.basename(file)}: ${mb.toFixed(1)} MB, ${dm.summary.packets} packets, ` +
    `${dm.summary.tcpStreams} TCP streams, ${dm.summary.httpExchanges} exchanges, ` +
    `${dm.summary.tlsConnections} TLS, ${dm.summary.gaps} gaps, ${dm.summary.problems} problems`,
);
console.log(row('dmtrace', dm.seconds, dm.maxRssKB, dm.requests + dm.responses));
console.log(row('tshark', tSeconds, tRss, t.lines));
console.log(
  `ratio    dmtrace is ${(tSeconds / dm.seconds).toFixed(1)}x tshark's speed, ` +
    `${(dm.maxRssKB / tRss).toFixed(2)}x its peak RSS; HTTP messages ` +
    `${dm.requests + dm.responses === t.lines ? 'match' : 'DIFFER'}`,
);
