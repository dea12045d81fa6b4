/**
 * `dmtrace replay <trace...> --as client --server URL | --as server --listen HOST:PORT`: replays
 * one recorded session against a live DM server (dmtrace plays the device) or a live device
 * (dmtrace plays the server), compares the live session with the recording, lints it, and can
 * record it as HAR. Exit 0 clean (or divergent without --strict), 1 failed or divergent with
 * --strict, 2 bad usage or a trace that cannot be replayed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadCredentials, type Credentials } from '../auth/credentials.js';
import { newReadContext } from '../sources/types.js';
import { type CliIO, fail } from './io.js';
import { packageVersion } from './read.js';
import { checkOptions, replayOptions, type RawReplayOptions, type ReplayOptions } from '../replay/options.js';
import { loadSessions, pickSession, serverKey } from '../replay/load.js';
import { check, recordingOf, type Recording } from '../replay/recording.js';
import { replayAsClient } from '../replay/client.js';
import { startReplayServer } from '../replay/server.js';
import { expandTemplate } from '../replay/rewrite.js';
import {
  harOf,
  renderLoad,
  renderReport,
  replayFailed,
  reportJson,
  reportReplay,
  summarizeLoad,
  type ReplayReport,
} from '../replay/report.js';
import type { ReplayResult } from '../replay/live.js';

export function register(program: Command, io: CliIO): void {
  const cmd = program
    .command('replay')
    .description(
      'replay a recorded session against a live DM server (--as client) or a live device (--as server), compare and lint the live session',
    )
    .argument('<trace...>', 'the recording: capture, HAR, log, message files or folder (- for stdin)');
  for (const o of replayOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    `
Examples:
  dmtrace replay session.pcapng --as client --server https://dm.staging.example/dm --ca ca.pem
  dmtrace replay session.har --as server --listen 127.0.0.1:8080 --credentials creds.json
  dmtrace replay session.har --as client --server http://127.0.0.1:8080/dm --devices 100 --device-id 'IMEI:3569{n:6}'`,
  );
  cmd.action(async (inputs: string[], raw: RawReplayOptions) => {
    const opts = checkOptions(raw);
    if (typeof opts === 'string') {
      fail(io, opts);
      return;
    }
    const load = await loadCredentials({
      ...(opts.credentials !== undefined ? { file: opts.credentials } : {}),
      env: io.env,
    });
    const bad = load.problems.filter((p) => p.severity === 'error');
    for (const p of load.problems) io.stderr.write(`dmtrace: credentials: ${p.message}\n`);
    if (bad.length) {
      fail(io, 'credentials could not be loaded');
      return;
    }
    const hasCreds = load.credentials.devices.size + load.credentials.servers.size > 0;
    const credentials = hasCreds ? load.credentials : undefined;

    const ctx = newReadContext((p) =>
      io.stderr.write(
        `dmtrace: ${p.input}${p.frame !== undefined ? `: frame ${p.frame}` : p.entry !== undefined ? `: entry ${p.entry}` : p.line !== undefined ? `: line ${p.line}` : ''}: ${p.message}\n`,
      ),
    );
    const sessions = await loadSessions(inputs, ctx, { stdin: io.stdin });
    const picked = pickSession(sessions, opts.session);
    if ('error' in picked) {
      fail(io, picked.error);
      return;
    }
    const why = check(picked.session);
    if (why) {
      fail(io, `session ${picked.session.id} cannot be replayed: ${why}`);
      return;
    }
    const rec = recordingOf(picked.session);
    if (opts.role === 'client') await runClient(io, rec, opts, credentials);
    else await runServer(io, rec, opts, credentials);
  });
}

async function readPem(io: CliIO, file: string | undefined, what: string): Promise<Buffer | undefined | null> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file);
  } catch (e) {
    fail(io, `${file}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return null;
  }
}

function write(io: CliIO, opts: ReplayOptions, r: ReplayReport): void {
  if (opts.format === 'json') io.stdout.write(`${JSON.stringify(reportJson(r), null, 2)}\n`);
  else io.stdout.write(renderReport(r, { all: opts.all }));
}

async function record(io: CliIO, file: string, r: ReplayReport): Promise<void> {
  const har = harOf(r, packageVersion());
  if (!har) {
    io.stderr.write(`dmtrace: ${file}: nothing to record (no live message)\n`);
    return;
  }
  try {
    await writeFile(file, har);
    io.stderr.write(`live session recorded to ${file}\n`);
  } catch (e) {
    fail(io, `${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function raiseExit(io: CliIO, code: number): void {
  if (io.exitCode < code) io.exitCode = code;
}

async function runClient(
  io: CliIO,
  rec: Recording,
  opts: ReplayOptions,
  credentials: Credentials | undefined,
): Promise<void> {
  const ca = await readPem(io, opts.ca, 'the CA certificate');
  if (ca === null) return;
  const base = {
    url: opts.server!,
    timeoutMs: opts.timeoutMs,
    tls: { ...(ca ? { ca } : {}), insecure: opts.insecure },
    ...(credentials ? { credentials } : {}),
    ...(opts.sessionId !== undefined ? { sessionId: opts.sessionId } : {}),
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
  };
  const server = serverKey(opts.server!);
  const reportOpts = { input: `replay:${opts.server}`, server, ...(credentials ? { credentials } : {}) };
  if (opts.devices === 1) {
    const result = await replayAsClient(rec, {
      ...base,
      ...(opts.deviceId ? { deviceId: expandTemplate(opts.deviceId, 1) } : {}),
    });
    const r = reportReplay(rec, result, reportOpts);
    write(io, opts, r);
    if (opts.record) await record(io, opts.record, r);
    if (r.result.failure) io.stderr.write(`dmtrace: ${r.result.failure}\n`);
    if (replayFailed(r, opts.strict)) raiseExit(io, 1);
    return;
  }
  // Load: the same recording as N devices at once, each with its own identity.
  const template = opts.deviceId ?? `${rec.device}-{n}`;
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: opts.devices }, (_, i) =>
      replayAsClient(rec, { ...base, deviceId: expandTemplate(template, i + 1) }),
    ),
  );
  const wall = performance.now() - t0;
  const reports = results.map((res, i) => reportReplay(rec, res, { ...reportOpts, lint: i === 0 }));
  const summary = summarizeLoad(reports, wall);
  if (opts.format === 'json')
    io.stdout.write(`${JSON.stringify({ summary, devices: reports.map(reportJson) }, null, 2)}\n`);
  else {
    io.stdout.write(renderLoad(summary));
    const firstBad = reports.find((r) => r.result.outcome === 'failed' || r.comparison.divergent);
    if (firstBad)
      io.stdout.write(`first device with a divergence or failure:\n${renderReport(firstBad, { all: opts.all })}`);
  }
  if (opts.record) await record(io, opts.record, reports[0]!);
  if (reports.some((r) => replayFailed(r, opts.strict))) raiseExit(io, 1);
}

async function runServer(
  io: CliIO,
  rec: Recording,
  opts: ReplayOptions,
  credentials: Credentials | undefined,
): Promise<void> {
  const cert = await readPem(io, opts.tlsCert, 'the TLS certificate');
  if (cert === null) return;
  const key = await readPem(io, opts.tlsKey, 'the TLS key');
  if (key === null) return;
  let resolveOnce: () => void = () => {};
  const once = new Promise<void>((r) => (resolveOnce = r));
  let recorded = 0;
  let sessionsEnded = 0;
  let divergent = 0;
  let url = '';
  const pending: Array<Promise<void>> = [];
  const onSessionEnd = (res: ReplayResult): void => {
    if (opts.once && sessionsEnded > 0) return;
    sessionsEnded++;
    const r = reportReplay(rec, res, {
      input: `replay:${url}`,
      server: serverKey(url),
      ...(credentials ? { credentials } : {}),
    });
    if (r.comparison.divergent) divergent++;
    write(io, opts, r);
    if (opts.record) {
      const n = ++recorded;
      const file = n === 1 ? opts.record : opts.record.replace(/(\.har)?$/i, `.${n}$1`);
      pending.push(record(io, file, r));
    }
    if (replayFailed(r, opts.strict)) raiseExit(io, 1);
    if (opts.once) resolveOnce();
  };
  let server;
  try {
    server = await startReplayServer(rec, {
      host: opts.host,
      port: opts.port,
      maxBody: opts.maxBody,
      timeoutMs: opts.timeoutMs,
      ...(credentials ? { credentials } : {}),
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      ...(cert && key ? { tls: { cert, key } } : {}),
      log: (line) => io.stderr.write(`dmtrace: ${line}\n`),
      onSessionEnd,
    });
  } catch (e) {
    fail(
      io,
      `cannot listen on ${opts.host}:${opts.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
    return;
  }
  url = server.url;
  io.stderr.write(`listening on ${server.url}\n`);
  if (opts.once) await once;
  else {
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }
  await server.close();
  await Promise.all(pending);
  if (!opts.once || opts.format === 'text') {
    const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
    const dropped =
      server.dropped > 0
        ? `, dropped ${plural(server.dropped, 'connection')} (peer gone mid-request or TLS handshake failed)`
        : '';
    io.stderr.write(
      `served ${plural(sessionsEnded, 'session')} (${divergent} divergent, ${server.open()} unfinished), ` +
        `refused ${plural(server.refused, 'request')}${dropped}\n`,
    );
  }
}
