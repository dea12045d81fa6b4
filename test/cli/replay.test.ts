/**
 * `dmtrace replay` on the command line: usage errors (exit 2), the client side against a replay
 * server, --record read back by `dmtrace sessions` and replayed again, --strict, --devices, the
 * server side with --once (its port read from stderr), timeouts. Ports are always 0.
 */
import { describe, expect, test } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import net from 'node:net';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { corpus, fixtures, runCli } from '../helpers.js';
import { credentialsFrom, recordingFrom, withMessage, withReplayServer } from '../replay/helpers.js';
import { replayAsClient } from '../../src/replay/client.js';
import type { ReplayReport } from '../../src/replay/report.js';
import type { Recording } from '../../src/replay/recording.js';
import type { CliIO } from '../../src/cli/io.js';
import { appendCommands, bodyOf } from '../../src/replay/dm.js';
import { readXml } from '../../src/xml/read.js';
import type { Element } from '../../src/model/tree.js';

const TRACE = path.join(corpus, 'captures/libdmclient-xml-auth.pcapng');
const CREDS = path.join(fixtures, 'replay/libdmclient-credentials.json');

async function withServer<T>(rec: Recording, fn: (url: string, ended: ReplayReport[]) => Promise<T>): Promise<T> {
  const creds = await credentialsFrom(CREDS);
  creds.devices.set('*', { user: 'funambol', password: 'funambol' });
  return withReplayServer(rec, { credentials: creds }, (srv, ended) => fn(`${srv.url}funambol/dm`, ended));
}

/** Runs the CLI in-process, calling `onStderr` with each chunk as it comes (to read the chosen port). */
async function runCliLive(
  args: string[],
  onStderr: (text: string) => void,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.js');
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  err.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    onStderr(stderr);
  });
  const io: CliIO = {
    stdout: out,
    stderr: err,
    stdin: Readable.from([]),
    env: {},
    exitCode: 0,
    color: false,
    progress: false,
    debug: false,
  };
  const code = await main(['node', 'dmtrace', ...args], io);
  return { code, stdout, stderr };
}

describe('usage errors exit 2 with one line', () => {
  test('--as is required', async () => {
    const r = await runCli(['replay', TRACE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as/);
  });

  test('--as client needs --server', async () => {
    const r = await runCli(['replay', TRACE, '--as', 'client']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dmtrace: --as client needs --server URL (the live DM server)\n');
  });

  test('--as takes client or server only', async () => {
    const r = await runCli(['replay', TRACE, '--as', 'proxy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are client, server/);
  });

  test('several sessions and no --session: the ids are listed', async () => {
    const r = await runCli([
      'replay',
      path.join(fixtures, 'sessions/three-devices.pcapng'),
      '--as',
      'client',
      '--server',
      'http://127.0.0.1:9/dm',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /holds 3 sessions; pick one with --session ID: IMEI:012345678901237\/21, IMEI:356938035643817\/23, IMEI:490154203237526\/22\n$/,
    );
  });

  test('an unknown --session is named with the ids there are', async () => {
    const r = await runCli([
      'replay',
      TRACE,
      '--as',
      'client',
      '--server',
      'http://127.0.0.1:9/dm',
      '--session',
      'nope/1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no session "nope\/1" in the trace; sessions: DMCtest\/1/);
  });

  test('a session without server messages cannot be replayed', async () => {
    const r = await runCli([
      'replay',
      path.join(fixtures, 'xml/libdmclient-pkg1.xml'),
      '--as',
      'client',
      '--server',
      'http://127.0.0.1:9/dm',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be replayed: no server messages/);
  });

  test('server-only options with --as client are refused', async () => {
    const r = await runCli(['replay', TRACE, '--as', 'client', '--server', 'http://127.0.0.1:9/dm', '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--once is for --as server/);
  });
});

describe('--as client', () => {
  test('against the replay server: no divergence, lint, --record read back by sessions and replayed again', async () => {
    const rec = await recordingFrom(TRACE);
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-cli-replay-'));
    try {
      await withServer(rec, async (url) => {
        const har = path.join(dir, 'live.har');
        const r = await runCli([
          'replay',
          TRACE,
          '--as',
          'client',
          '--server',
          url,
          '--credentials',
          CREDS,
          '--record',
          har,
        ]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^replay of DMCtest\/1 as DMCtest \(SessionID 1\): completed, 4 live messages\n/);
        expect(r.stdout).toContain('no divergence from the recording');
        expect(r.stdout).toContain('lint of the live session');
        expect(r.stdout + r.stderr).not.toContain('srvpwd');
        const s = await runCli(['sessions', har, '--format', 'json']);
        expect(s.code, s.stderr).toBe(0);
        const json = JSON.parse(s.stdout) as {
          sessions: Array<{ packages: number[]; outcome: string; device: string }>;
        };
        expect(json.sessions).toHaveLength(1);
        expect(json.sessions[0]).toMatchObject({ packages: [1, 2, 3, 4], outcome: 'completed', device: 'DMCtest' });
        // The recorded live session is itself a trace to replay.
        const again = await runCli(['replay', har, '--as', 'client', '--server', url, '--credentials', CREDS]);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain('no divergence from the recording');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('credentials from the environment', async () => {
    const rec = await recordingFrom(TRACE);
    await withServer(rec, async (url, ended) => {
      const r = await runCli(['replay', TRACE, '--as', 'client', '--server', url], {
        env: { DMTRACE_CLIENT_USER: 'funambol', DMTRACE_CLIENT_PASSWORD: 'funambol' },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(ended[0]!.comparison.divergent).toBe(false);
      expect(ended[0]!.result.notes).toEqual([]);
    });
  });

  test('a divergent server: the diff is shown; --strict makes it exit 1', async () => {
    const rec = await recordingFrom(TRACE);
    const get = readXml(
      '<X xmlns="SYNCML:SYNCML1.2"><Get><CmdID>9</CmdID><Item><Target><LocURI>./DevDetail/FwV</LocURI></Target></Item></Get></X>',
    ).root!.children[0] as Element;
    const serverRec = withMessage(rec, 1, (t) => appendCommands(t, [get]));
    await withServer(serverRec, async (url) => {
      const lax = await runCli(['replay', TRACE, '--as', 'client', '--server', url, '--credentials', CREDS]);
      expect(lax.code).toBe(0);
      expect(lax.stdout).toContain('Pkg2 server msg 1\n  + Get ./DevDetail/FwV (live only)\n');
      expect(lax.stdout).toContain('Pkg3 client msg 2\n  + Status(Get ./DevDetail/FwV) 404 (live only)\n');
      expect(lax.stdout).toContain('2 divergences from the recording');
      const strict = await runCli([
        'replay',
        TRACE,
        '--as',
        'client',
        '--server',
        url,
        '--credentials',
        CREDS,
        '--strict',
        '--format',
        'json',
      ]);
      expect(strict.code).toBe(1);
      const json = JSON.parse(strict.stdout) as { divergent: boolean; divergences: number };
      expect(json).toMatchObject({ divergent: true, divergences: 2 });
    });
  });

  test('--devices with identity templating: per-device summary with latency percentiles', async () => {
    const rec = await recordingFrom(TRACE);
    await withServer(rec, async (url, ended) => {
      const r = await runCli([
        'replay',
        TRACE,
        '--as',
        'client',
        '--server',
        url,
        '--credentials',
        CREDS,
        '--devices',
        '3',
        '--device-id',
        'IMEI:3569{n:6}',
      ]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(
        /^devices: 3: 3 completed, 0 diverged, 0 failed\nround trips: 6, p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms\n/,
      );
      expect(ended.map((e) => e.result.device).sort()).toEqual([
        'IMEI:3569000001',
        'IMEI:3569000002',
        'IMEI:3569000003',
      ]);
      for (const e of ended) expect(e.comparison.divergent).toBe(false);
    });
  });

  test('a server that never answers: --timeout, and which package went unanswered', async () => {
    const sockets: net.Socket[] = [];
    const mute = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', () => r()));
    const port = (mute.address() as net.AddressInfo).port;
    try {
      const r = await runCli([
        'replay',
        TRACE,
        '--as',
        'client',
        '--server',
        `http://127.0.0.1:${port}/dm`,
        '--timeout',
        '200',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `dmtrace: the server did not answer Package 1 (client msg 1) at http://127.0.0.1:${port}/dm: no answer within 200 ms\n`,
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => mute.close(() => r()));
    }
  });
});

describe('--as server', () => {
  async function serveOnce(args: string[], clientRec: (rec: Recording) => Recording = (r) => r) {
    const rec = await recordingFrom(TRACE);
    const creds = await credentialsFrom(CREDS);
    let started: (url: string) => void = () => {};
    const listening = new Promise<string>((r) => (started = r));
    const run = runCliLive(
      ['replay', TRACE, '--as', 'server', '--listen', '127.0.0.1:0', '--once', '--credentials', CREDS, ...args],
      (text) => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
        if (m) started(m[1]!);
      },
    );
    const url = await listening;
    const client = await replayAsClient(clientRec(rec), { url: `${url}dm`, timeoutMs: 10_000, credentials: creds });
    return { client, cli: await run, url };
  }

  test('--once: one session, the comparison, exit 0', async () => {
    const { client, cli, url } = await serveOnce([]);
    expect(client.outcome).toBe('completed');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toContain(`listening on ${url}`);
    expect(cli.stdout).toContain('no divergence from the recording');
    expect(cli.stderr).toMatch(/served 1 session \(0 divergent, 0 unfinished\), refused 0 requests/);
  });

  test('--once --strict: a device that leaves out a Status exits 1 with the diff', async () => {
    const { cli } = await serveOnce(['--strict'], (rec) =>
      withMessage(rec, 2, (t) => {
        const body = bodyOf(t)!;
        body.children = body.children.filter(
          (c) =>
            !(
              c.kind === 'element' &&
              c.name === 'Status' &&
              c.children.some(
                (x) =>
                  x.kind === 'element' &&
                  x.name === 'Cmd' &&
                  x.children.some((y) => y.kind === 'text' && y.value === 'Replace'),
              )
            ),
        );
      }),
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('Pkg3 client msg 2\n  - Status(Replace ./DevInfo/Lang) 425\n');
  });

  test('without --once it serves until interrupted, then prints a summary (SIGINT, clean shutdown)', async () => {
    const rec = await recordingFrom(TRACE);
    const creds = await credentialsFrom(CREDS);
    let started: (url: string) => void = () => {};
    const listening = new Promise<string>((r) => (started = r));
    const run = runCliLive(['replay', TRACE, '--as', 'server', '--credentials', CREDS], (text) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (m) started(m[1]!);
    });
    const url = await listening;
    for (const deviceId of ['IMEI:1', 'IMEI:2']) {
      const c = await replayAsClient(rec, { url: `${url}dm`, timeoutMs: 10_000, credentials: creds, deviceId });
      expect(c.outcome).toBe('completed');
    }
    process.emit('SIGINT');
    const cli = await run;
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout.match(/^replay of DMCtest\/1 as IMEI:\d/gm)).toHaveLength(2);
    expect(cli.stderr).toMatch(/served 2 sessions \(0 divergent, 0 unfinished\), refused 0 requests\n$/);
    expect(process.listeners('SIGINT')).toHaveLength(0);
  });
});
