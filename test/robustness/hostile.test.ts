/**
 * Hostile inputs: each is read through the whole pipeline (test/robustness/pipeline.ts) with
 * memory staying bounded, and each gives a clear, located problem saying which limit it hit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';
import { tcpPcap } from './pcap.js';
import { runPipeline, violations, type PipelineRun } from './pipeline.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Growth allowed in heap + array buffers while reading one hostile input (the inputs claim 100 MB to 1 GB). */
const MEMORY_BOUND = 192 * 1024 * 1024;

const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Runs the pipeline, sampling memory while it runs; returns the run and the peak growth. */
async function measured(files: string[]): Promise<{ run: PipelineRun; growth: number }> {
  const before = used();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 2);
  try {
    const run = await runPipeline(files);
    peak = Math.max(peak, used());
    return { run, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

const file = (name: string, bytes: Buffer | string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
};

const pkg1 = readFileSync(path.join(fixtures, 'messages', 'msg1.xml'), 'utf8');

/** Every problem of a run, input problems and each message's own decoding problems, as `code@where`. */
function codes(run: PipelineRun): string[] {
  return [
    ...run.problems.map((p) => p.code),
    ...run.sessions.flatMap((s) => s.messages.flatMap((m) => m.message.problems.map((p) => p.code))),
  ];
}

export function show(run: PipelineRun) {
  return [
    ...run.problems.map((p) => ({
      code: p.code,
      message: p.message.slice(0, 200),
      line: p.line,
      frame: p.frame,
      entry: p.entry,
      offset: p.offset,
    })),
    ...run.sessions.flatMap((s) =>
      s.messages.flatMap((m) =>
        m.message.problems.map((p) => `msg: ${p.code} ${p.message.slice(0, 150)} ${p.line}:${p.column} @${p.offset}`),
      ),
    ),
    ...run.result.findings
      .filter((f) => f.rule === 'syncml-decode')
      .map((f) => `finding ${f.message.slice(0, 150)} ${JSON.stringify(f.location)}`),
  ];
}

describe('hostile inputs', () => {
  it('an XML bomb (billion laughs)', async () => {
    const ents = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb =
      `<?xml version="1.0"?>\n<!DOCTYPE SyncML [\n${ents.join('\n')}\n]>\n` +
      pkg1.replace(/^<\?xml[^>]*>\s*/, '').replace('<SyncBody>', '<SyncBody><Data>&lol9;</Data>');
    const { run, growth } = await measured([file('bomb.xml', bomb)]);
    expect(violations(run)).toEqual([]);
    // Entities are never expanded: the declaration and the reference are each said, with their line.
    expect(codes(run)).toEqual(expect.arrayContaining(['xml-entity-declaration', 'xml-undefined-entity']));
    const f = run.result.findings.find((x) => x.message.includes('[xml-entity-declaration]'));
    // Located inside the DOCTYPE (lines 2 to 13 of the file).
    expect(f?.location.input).toBe(path.join(dir, 'bomb.xml'));
    expect(f?.location.line).toBeGreaterThanOrEqual(2);
    expect(f?.location.line).toBeLessThanOrEqual(2 + ents.length + 1);
    expect(run.sessions[0]!.messages[0]!.message.raw.length).toBe(Buffer.byteLength(bomb));
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('100 000-deep XML', async () => {
    const deep = pkg1.replace('<SyncBody>', '<SyncBody>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000));
    const { run, growth } = await measured([file('deep.xml', deep)]);
    expect(violations(run)).toEqual([]);
    const tooDeep = run.sessions[0]!.messages[0]!.message.problems.filter((p) => p.code === 'xml-too-deep');
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]!.message).toContain(`limit of ${run.ctx.limits.maxDepth} levels`);
    expect(tooDeep[0]!.line).toBe(deep.slice(0, deep.indexOf('<a>')).split('\n').length);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('100 000-deep WBXML', async () => {
    const wb = readFileSync(path.join(fixtures, 'messages', 'msg2.wbxml'));
    const at = wb.indexOf(0x6b, 4) + 1;
    const deep = Buffer.concat([
      wb.subarray(0, at),
      Buffer.alloc(100_000, 0x6b),
      Buffer.alloc(100_000, 0x01),
      wb.subarray(at),
    ]);
    const { run, growth } = await measured([file('deep.wbxml', deep)]);
    expect(violations(run)).toEqual([]);
    const tooDeep = run.sessions[0]!.messages[0]!.message.problems.filter((p) => p.code === 'wbxml-too-deep');
    expect(tooDeep).toHaveLength(1);
    // The first SyncBody past the limit: at + (maxDepth - depth of the first SyncBody) tokens in.
    expect(tooDeep[0]!.offset).toBeGreaterThan(at);
    expect(tooDeep[0]!.offset).toBeLessThan(at + run.ctx.limits.maxDepth);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('a 100 MB Content-Length with a short body', async () => {
    const body = Buffer.from(pkg1);
    const req = Buffer.concat([
      Buffer.from(
        `POST /dm HTTP/1.1\r\nHost: dm.example\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Length: 104857600\r\n\r\n`,
      ),
      body,
    ]);
    const f = file('cl100m.pcap', tcpPcap(req, Buffer.alloc(0)));
    // tshark reads the hand-made capture as this HTTP request (not waiting for the body it never gets).
    expect(
      execFileSync(
        'tshark',
        [
          '-r',
          f,
          '-o',
          'http.desegment_body:FALSE',
          '-Y',
          'http.request',
          '-T',
          'fields',
          '-e',
          'http.content_length_header',
        ],
        { encoding: 'utf8' },
      ).trim(),
    ).toBe('104857600');
    const { run, growth } = await measured([f]);
    expect(violations(run)).toEqual([]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]).toMatchObject({ input: f, code: 'http-message-lost', frame: 5 });
    expect(run.problems[0]!.message).toContain(
      `(${body.length} body bytes read, ${104857600 - body.length} more declared)`,
    );
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('a gzip bomb in a capture', async () => {
    const gz = createGzip({ level: 9 });
    const chunks: Buffer[] = [];
    gz.on('data', (d: Buffer) => chunks.push(d));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 256; i++) if (!gz.write(zeros)) await once(gz, 'drain');
    gz.end();
    await once(gz, 'end');
    const bomb = Buffer.concat(chunks);
    const req = Buffer.concat([
      Buffer.from(
        `POST /dm HTTP/1.1\r\nHost: dm.example\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`,
      ),
      bomb,
    ]);
    const resp = Buffer.from(
      `HTTP/1.1 200 OK\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Length: ${pkg1.length}\r\n\r\n${pkg1}`,
    );
    const f = file('gzbomb.pcap', tcpPcap(req, resp));
    const { run, growth } = await measured([f]);
    expect(violations(run)).toEqual([]);
    const enc = run.problems.filter((p) => p.code === 'http-content-encoding');
    expect(enc).toHaveLength(1);
    expect(enc[0]!.message).toContain(`exceeds the ${run.ctx.limits.maxBodySize}-byte limit`);
    expect(enc[0]!.frame).toBeGreaterThan(100);
    // The request body stays counted (undecodable); the response is read.
    expect(run.ctx.summary).toMatchObject({ httpExchanges: 1, dmMessages: 1, undecodable: 1 });
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('a HAR with a 500 MB base64 claim', async () => {
    const har = JSON.parse(readFileSync(path.join(fixtures, 'har', 'charles.har'), 'utf8'));
    const c = har.log.entries[0].response.content;
    c.size = 500 * 1024 * 1024;
    c.encoding = 'base64';
    c.text = Buffer.from(pkg1).toString('base64');
    har.log.entries[0].response.bodySize = 500 * 1024 * 1024;
    const f = file('claim.har', JSON.stringify(har));
    const { run, growth } = await measured([f]);
    expect(violations(run)).toEqual([]);
    expect(run.problems.filter((p) => p.code === 'har-body-cut')).toEqual([
      expect.objectContaining({
        input: f,
        entry: 0,
        message: `response body: content.size claims ${500 * 1024 * 1024} bytes (over the ${run.ctx.limits.maxBodySize}-byte limit, maxBodySize) but the HAR holds ${pkg1.length}; read what is there`,
      }),
    ]);
    expect(run.ctx.summary.dmMessages).toBe(2);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('a log line of 50 MB without a newline', async () => {
    const f = path.join(dir, 'long.log');
    const ws = createWriteStream(f);
    ws.write('11-24 05:10:55.123  1234  1234 D DmClient: <SyncML><SyncHdr>');
    const piece = Buffer.alloc(1 << 20, 'A');
    for (let i = 0; i < 50; i++) if (!ws.write(piece)) await once(ws, 'drain');
    ws.end();
    await once(ws, 'finish');
    const { run, growth } = await measured([f]);
    expect(violations(run)).toEqual([]);
    expect(run.problems.find((p) => p.code === 'log-message-too-large')).toMatchObject({ input: f, line: 1 });
    expect(run.ctx.summary.undecodable).toBe(1);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('a HAR larger than maxHarSize (a real 40 MB base64 body, limit lowered to 8 MiB): skipped whole, said once', async () => {
    const har = JSON.parse(readFileSync(path.join(fixtures, 'har', 'charles.har'), 'utf8'));
    har.log.entries[0].response.content = {
      size: 30_000_000,
      mimeType: 'application/vnd.syncml.dm+wbxml',
      encoding: 'base64',
      text: Buffer.alloc(30_000_000, 7).toString('base64'),
    };
    const f = file('big.har', JSON.stringify(har));
    const before = used();
    const run = await runPipeline([f], { maxHarSize: 8 * 1024 * 1024 });
    expect(violations(run)).toEqual([]);
    expect(run.problems).toEqual([expect.objectContaining({ input: f, code: 'har-too-large' })]);
    expect(run.ctx.summary.httpExchanges).toBe(0);
    expect(used() - before).toBeLessThan(MEMORY_BOUND);
  });
});
