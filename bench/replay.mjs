#!/usr/bin/env node
/**
 * Replay load: the client side (`--devices`) against the server side on loopback, both replaying
 * the real libdmclient recording (fixtures/corpus/captures/libdmclient-xml-auth.pcapng, 4
 * messages, basic + MD5 credentials verified and recomputed on every session). For 1, 10 and 100
 * concurrent devices: sessions per second and p50 / p99 latency per message round trip (as the
 * device measures it), and how many sessions completed without divergence.
 *
 * The server side runs in a child process (`node bench/replay.mjs --serve DIST`), the devices in
 * this one, as `dmtrace replay --as server` and `dmtrace replay --as client --devices N` would.
 *
 *   node bench/replay.mjs [SESSIONS_PER_LEVEL]     # compiles src into a temp dir; never touches dist/
 *   DMTRACE_DIST=/path/to/dist node bench/replay.mjs
 *
 * Run on demand, not in the tests.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, percentile, repo } from './lib.mjs';

const serveIndex = process.argv.indexOf('--serve');
const perLevel = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);
const trace = path.join(repo, 'fixtures', 'corpus', 'captures', 'libdmclient-xml-auth.pcapng');
const credFile = path.join(repo, 'fixtures', 'replay', 'libdmclient-credentials.json');

const build = compile(
  'replay',
  [
    'src/replay/client.ts',
    'src/replay/server.ts',
    'src/replay/load.ts',
    'src/replay/compare.ts',
    'src/auth/credentials.ts',
  ],
  { dist: serveIndex >= 0 ? process.argv[serveIndex + 1] : process.env.DMTRACE_DIST },
);
const { dist, load } = build;
const { replayAsClient } = await load('replay/client.js');
const { startReplayServer } = await load('replay/server.js');
const { loadSessions, pickSession } = await load('replay/load.js');
const { recordingOf } = await load('replay/recording.js');
const { compareSessions } = await load('replay/compare.js');
const { parseCredentials } = await load('auth/credentials.js');
const { newReadContext } = await load('sources/types.js');

const ctx = newReadContext(() => {});
const picked = pickSession(await loadSessions([trace], ctx), undefined);
if (picked.error) throw new Error(picked.error);
const rec = recordingOf(picked.session);
const { credentials } = parseCredentials(readFileSync(credFile, 'utf8'), credFile);
credentials.devices.set('*', { user: 'funambol', password: 'funambol' });

if (serveIndex >= 0) {
  // The server side: listen, say where, serve until the parent closes stdin.
  const srv = await startReplayServer(rec, {
    host: '127.0.0.1',
    port: 0,
    maxBody: 1 << 20,
    timeoutMs: 30_000,
    credentials,
    maxSessions: 100_000,
    keepEnded: 0,
  });
  process.stdout.write(`${srv.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await srv.close();
    process.exit(0);
  });
  await new Promise(() => {});
}
const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', dist], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /^(https?:\/\/\S+)\n/.exec(out);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`server side exited with ${code}`)));
});
const url = `${base}dm`;
console.log(
  `replay bench: ${path.relative(repo, trace)} (${rec.messages.length} messages per session), server side in a child process, node ${process.version}`,
);
console.log('devices  sessions  sessions/s   p50 ms   p99 ms   completed  diverged  failed');

// Warm-up (JIT, and the keep-alive sockets of the largest level: opening 100 connections at once
// while the same process is busy serving makes the accept queue drop SYNs, retried after 1 s / 3 s,
// which would be measured as latency).
for (let w = 0; w < 3; w++)
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      replayAsClient(rec, { url, timeoutMs: 30_000, credentials, deviceId: `IMEI:warm${w}-${i}` }),
    ),
  );

let serial = 0;
for (const devices of [1, 10, 100]) {
  const sessions = Math.max(perLevel, devices);
  const per = Math.ceil(sessions / devices);
  const rts = [];
  let completed = 0;
  let diverged = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: devices }, async () => {
      for (let k = 0; k < per; k++) {
        const r = await replayAsClient(rec, {
          url,
          timeoutMs: 30_000,
          credentials,
          deviceId: `IMEI:${String(++serial).padStart(15, '0')}`,
        });
        rts.push(...r.roundTrips);
        if (r.outcome === 'failed') failed++;
        else if (
          compareSessions(r.recordedView ?? rec.messages, r.live, r.notes, {
            aliases: r.identity ? [[r.identity.live, r.identity.recorded]] : [],
          }).divergent
        )
          diverged++;
        else completed++;
      }
    }),
  );
  const wall = performance.now() - t0;
  rts.sort((a, b) => a - b);
  const n = devices * per;
  console.log(
    `${String(devices).padStart(7)}  ${String(n).padStart(8)}  ` +
      `${(n / (wall / 1000)).toFixed(0).padStart(10)}  ` +
      `${percentile(rts, 50).toFixed(2).padStart(7)}  ` +
      `${percentile(rts, 99).toFixed(2).padStart(7)}  ${String(completed).padStart(9)}  ` +
      `${String(diverged).padStart(8)}  ${String(failed).padStart(6)}`,
  );
}
child.stdin.end();
await new Promise((r) => child.on('exit', r));
build.done();
process.exit(0);
