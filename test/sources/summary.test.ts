import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { corpus, fixtures } from '../helpers.js';
import { formatBytes, formatProblem, formatSummary, TLS_HINT } from '../../src/report/summary.js';
import { attachProgress, progressText } from '../../src/cli/progress.js';
import { newSummary } from '../../src/model/exchange.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';
import type { CliIO } from '../../src/cli/io.js';
import { readInputs } from '../../src/sources/index.js';
import { messagesOf } from '../../src/sources/messages.js';

describe('formatSummary', () => {
  it('leaves zero lines out, keeps DM messages, and gives the TLS hint next to TLS connections', () => {
    const s = {
      ...newSummary(),
      inputs: 2,
      bytes: 12_345,
      packets: 25,
      tcpStreams: 2,
      httpExchanges: 4,
      dmMessages: 3,
      nonDmExchanges: 1,
      tlsConnections: 1,
    };
    const lines = formatSummary(s).trimEnd().split('\n');
    expect(lines[0]).toBe('Read 2 inputs (12.3 kB)');
    expect(lines.slice(1).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['packets', '25'],
      ['TCP streams', '2'],
      ['HTTP exchanges', '4'],
      ['DM messages', '3'],
      ['non-DM exchanges', '1'],
      ['TLS connections', '1', TLS_HINT],
    ]);
  });

  it('without TLS connections there is no hint; with `all` every line is shown', () => {
    const s = { ...newSummary(), inputs: 1, bytes: 10 };
    expect(formatSummary(s)).toBe('Read 1 input (10 B)\n  DM messages  0\n');
    const all = formatSummary(s, { all: true });
    expect(all.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(10);
    expect(all).not.toContain('HTTPS');
  });

  it('counts what a real read counted', async () => {
    const ctx = newReadContext();
    for await (const _ of messagesOf(
      readInputs(
        [path.join(corpus, 'captures/libdmclient-xml-auth.pcapng'), path.join(fixtures, 'har/browser.har')],
        ctx,
      ),
      ctx,
    ))
      void _;
    const text = formatSummary(ctx.summary);
    expect(text).toContain(`Read 2 inputs (${formatBytes(ctx.summary.bytes)})`);
    expect(text).toMatch(new RegExp(`DM messages\\s+${ctx.summary.dmMessages}\\n`));
    expect(ctx.summary.dmMessages).toBe(8);
    expect(text).toMatch(/non-DM exchanges\s+1\n/);
  });

  it.each([
    [999, '999 B'],
    [1000, '1.00 kB'],
    [12_345, '12.3 kB'],
    [1_500_000, '1.50 MB'],
    [2_040_000_000, '2.04 GB'],
  ])('formatBytes(%d) = %s', (n, s) => expect(formatBytes(n)).toBe(s));
});

describe('formatProblem', () => {
  const base = { severity: 'error', code: 'capture-cut', message: 'what went wrong' } as const;
  it.each<[InputProblem, string]>([
    [{ ...base, input: 'cap.pcapng', frame: 12 }, 'cap.pcapng:frame 12: error: what went wrong [capture-cut]'],
    [{ ...base, input: 'log.txt', line: 4, column: 7 }, 'log.txt:line 4:7: error: what went wrong [capture-cut]'],
    [{ ...base, input: 'log.txt', line: 4 }, 'log.txt:line 4: error: what went wrong [capture-cut]'],
    [{ ...base, input: 'a.har', entry: 3 }, 'a.har:entry 3: error: what went wrong [capture-cut]'],
    [{ ...base, input: 'm.wbxml', offset: 29 }, 'm.wbxml: offset 0x1d: error: what went wrong [capture-cut]'],
    [
      { ...base, input: 'm.xml', path: 'SyncBody/Get[CmdID=2]' },
      'm.xml: SyncBody/Get[CmdID=2]: error: what went wrong [capture-cut]',
    ],
    [{ ...base, input: 'gone.pcap' }, 'gone.pcap: error: what went wrong [capture-cut]'],
  ])('%j', (p, line) => expect(formatProblem(p)).toBe(line));
});

describe('progress line', () => {
  function io(progress: boolean): { io: CliIO; written: () => string } {
    const err = Object.assign(new PassThrough(), { columns: 300 });
    const chunks: Buffer[] = [];
    err.on('data', (c: Buffer) => chunks.push(c));
    const cli: CliIO = {
      stdout: new PassThrough(),
      stderr: err,
      stdin: new PassThrough(),
      env: {},
      exitCode: 0,
      color: false,
      progress,
      debug: false,
    };
    return { io: cli, written: () => Buffer.concat(chunks).toString('utf8') };
  }

  it('writes nothing when io.progress is false (a pipe, CI)', async () => {
    const { io: cli, written } = io(false);
    const ctx = newReadContext();
    const p = attachProgress(cli, ctx);
    expect(ctx.progress).toBeUndefined();
    for await (const _ of readInputs([path.join(fixtures, 'har/browser.har')], ctx)) void _;
    p.done();
    expect(written()).toBe('');
  });

  it('on a terminal: one line redrawn in place with bytes read of total and messages found, cleared at the end', async () => {
    const { io: cli, written } = io(true);
    const ctx = newReadContext();
    let clock = 0;
    const p = attachProgress(cli, ctx, () => (clock += 1000));
    const file = path.join(corpus, 'captures/libdmclient-xml-auth.pcapng');
    for await (const _ of messagesOf(readInputs([file], ctx), ctx)) void _;
    p.done();
    const out = written();
    expect(out).not.toContain('\n');
    const frames = out.split('\r\x1b[2K').filter((f) => f !== '');
    expect(frames.length).toBeGreaterThan(0);
    // The reader reports the last chunk before the exchanges in it are decoded: messages counted so far.
    const last = frames.at(-1)!;
    const found = Number(/, (\d+) DM messages?$/.exec(last)?.[1]);
    expect(found).toBeLessThanOrEqual(ctx.summary.dmMessages);
    expect(last).toBe(progressText(file, ctx.summary.bytes, ctx.summary.bytes, found));
    expect(last).toContain(`of ${formatBytes(ctx.summary.bytes)} (100%)`);
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });
});
