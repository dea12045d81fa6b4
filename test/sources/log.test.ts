import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { collect, text, tsharkBodies } from './util.js';
import { execFileSync } from 'node:child_process';
import { directionFromWords, hexRow, unescapeXml } from '../../src/sources/log.js';

const log = (name: string): string => path.join(fixtures, 'logs', name);
const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-log-'));
const fileLines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');
/** 1-based number of the first line of `file` containing `needle` after line `after`. */
const lineOf = (file: string, needle: string, after = 0): number =>
  fileLines(file).findIndex((l, i) => i >= after && l.includes(needle)) + 1;

let p: string[]; // P1..P4 of the corpus XML session as tshark reassembles them
beforeAll(() => {
  p = tsharkBodies('libdmclient-xml-auth.pcapng').map((b) => b.toString('utf8'));
});

describe('logcat', () => {
  it('threadtime: two messages, prefixes stripped, another process interleaved left out, lines and directions kept', async () => {
    const file = log('logcat-threadtime.log');
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(2);
    // The bodies are the corpus messages exactly (a message ends at its </SyncML>).
    expect(text(exchanges[0]!.lone!.body)).toBe(p[0]!.trimEnd());
    expect(text(exchanges[1]!.lone!.body)).toBe(p[1]!.trimEnd());
    const first = lineOf(file, '<?xml');
    expect(exchanges[0]!.lone!.origin).toEqual({ input: file, line: first });
    expect(exchanges[1]!.lone!.origin).toEqual({ input: file, line: lineOf(file, '<?xml', first) });
    expect(exchanges.map((e) => e.lone!.direction)).toEqual(['client', 'server']);
  });

  it('brief: a message after an empty prefixed line, TX >> / RX << on the line before', async () => {
    const file = log('logcat-brief.log');
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    expect(exchanges.map((e) => text(e.lone!.body))).toEqual([p[2]!.trim(), p[3]!.trimEnd()]);
    expect(exchanges.map((e) => e.lone!.origin.line)).toEqual([
      lineOf(file, '<?xml'),
      lineOf(file, '<?xml', lineOf(file, '<?xml')),
    ]);
    expect(exchanges.map((e) => e.lone!.direction)).toEqual(['client', 'server']);
  });

  it('a log cut in the middle of a message: the messages before it, and one problem at the line where the cut one starts', async () => {
    const all = fileLines(log('logcat-threadtime.log'));
    const second = lineOf(log('logcat-threadtime.log'), '<?xml', lineOf(log('logcat-threadtime.log'), '<?xml'));
    const file = path.join(tmp, 'cut.log');
    writeFileSync(file, all.slice(0, second + 6).join('\n') + '\n');
    const { exchanges, problems, ctx } = await collect([file]);
    expect(exchanges).toHaveLength(1);
    expect(text(exchanges[0]!.lone!.body)).toBe(p[0]!.trimEnd());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ input: file, code: 'log-message-cut', line: second, severity: 'error' });
    expect(ctx.summary.undecodable).toBe(1);
  });

  it('a message cut by the start of the next one from the same writer: one problem, the next message whole', async () => {
    const file = path.join(tmp, 'unended.log');
    writeFileSync(file, readFileSync(log('logcat-brief.log'), 'utf8').replace('</SyncML>', ''));
    const { exchanges, problems } = await collect([file]);
    const first = lineOf(file, '<?xml');
    expect(problems.map((x) => [x.code, x.line])).toEqual([['log-message-cut', first]]);
    expect(exchanges.map((e) => [text(e.lone!.body), e.lone!.origin.line, e.lone!.direction])).toEqual([
      [p[3]!.trimEnd(), lineOf(file, '<?xml', first), 'server'],
    ]);
  });

  it('a message larger than maxDocumentSize is reported at its line and skipped; the next one is read', async () => {
    const file = log('logcat-threadtime.log');
    const { exchanges, problems } = await collect([file], { setup: (ctx) => (ctx.limits.maxDocumentSize = 2000) });
    // P1 (2894 bytes, one line) is over the limit, P2 (1261 bytes) is not.
    expect(problems.map((x) => [x.code, x.line])).toEqual([['log-message-too-large', lineOf(file, '<?xml')]]);
    expect(exchanges.map((e) => text(e.lone!.body))).toEqual([p[1]!.trimEnd()]);
  });
});

describe('other logs', () => {
  it('a server log with ISO timestamps on every line: generic prefix, request/response words, times', async () => {
    const file = log('server.log');
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    expect(exchanges.map((e) => text(e.lone!.body))).toEqual([p[0]!.trimEnd(), p[1]!.trimEnd()]);
    // "Received request" is the client's message even though the server received it; "Sending response" the server's.
    expect(exchanges.map((e) => e.lone!.direction)).toEqual(['client', 'server']);
    const stamp = (n: number): number => Date.parse(fileLines(file)[n - 1]!.slice(0, 24));
    expect(exchanges.map((e) => e.lone!.origin.time)).toEqual([stamp(1), stamp(3)]);
    expect(exchanges.map((e) => e.lone!.origin.line)).toEqual([1, 3]);
  });

  it('a Windows event log exported as XML: escaped SyncML unescaped, line ends given as &#xA; too', async () => {
    const file = log('eventlog.xml');
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    const getScript = readFileSync(path.join(corpus, 'aosp-omadm/dm12/testgetscript.xml'), 'utf8');
    const execScript = readFileSync(path.join(corpus, 'aosp-omadm/dm12/testexecscript.xml'), 'utf8');
    expect(exchanges.map((e) => text(e.lone!.body))).toEqual([getScript.trimEnd(), execScript.trimEnd()]);
    expect(exchanges.map((e) => e.lone!.origin.line)).toEqual([
      lineOf(file, '&lt;SyncML'),
      lineOf(file, '&lt;SyncML', lineOf(file, '&lt;SyncML')),
    ]);
    expect(exchanges.map((e) => e.lone!.direction)).toEqual([undefined, undefined]);
  });

  it('the same event log in UTF-16LE with a BOM', async () => {
    const file = path.join(tmp, 'eventlog-utf16.xml');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(log('eventlog.xml'), 'utf8'), 'utf16le')]),
    );
    const utf16 = await collect([file]);
    const utf8 = await collect([log('eventlog.xml')]);
    expect(utf16.problems).toEqual([]);
    expect(utf16.exchanges.map((e) => [text(e.lone!.body), e.lone!.origin.line])).toEqual(
      utf8.exchanges.map((e) => [text(e.lone!.body), e.lone!.origin.line]),
    );
  });

  it('a log with no SyncML in it is one warning', async () => {
    const file = path.join(tmp, 'plain.log');
    writeFileSync(
      file,
      fileLines(log('logcat-threadtime.log'))
        .filter((l) => !l.includes(' OMADM '))
        .join('\n'),
    );
    const { exchanges, problems } = await collect([file]);
    expect(exchanges).toEqual([]);
    expect(problems.map((x) => [x.code, x.severity])).toEqual([['log-without-messages', 'warning']]);
  });

  it('an XML declaration of some other document is not taken for a message', async () => {
    const file = path.join(tmp, 'other-xml.log');
    const lines = ['<?xml version="1.0"?>', '<config><a>1</a></config>', ...fileLines(log('logcat-brief.log'))];
    writeFileSync(file, lines.join('\n'));
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[0]!.lone!.origin.line).toBe(lineOf(file, '<?xml', 2));
  });
});

describe('hex dumps of WBXML', () => {
  it('hexdump -C, xxd, od and a hex string: the bytes exactly, with their lines and directions', async () => {
    const file = log('hexdump.log');
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    const wbxml = (f: string): Buffer => readFileSync(path.join(corpus, 'aosp-omadm', f));
    const expected = [
      tsharkBodies('libdmclient-wbxml.pcapng')[0]!,
      wbxml('dm12/testget.wbxml'),
      wbxml('dm11/testadd.wbxml'),
      wbxml('dm11/testget.wbxml'),
    ];
    expect(exchanges).toHaveLength(4);
    exchanges.forEach((e, i) => expect(Buffer.from(e.lone!.body).equals(expected[i]!)).toBe(true));
    const lines = fileLines(file);
    const after = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 2;
    expect(exchanges.map((e) => e.lone!.origin.line)).toEqual([
      after('hexdump -C'),
      after('(xxd)'),
      after('(od -A'),
      after('incoming WBXML') - 1,
    ]);
    expect(exchanges.map((e) => e.lone!.direction)).toEqual(['client', 'server', 'server', 'server']);
  });

  it('hexdump -C `*` rows (repeated rows) are expanded', async () => {
    // A WBXML message followed by 64 zero bytes: hexdump prints the repeated zero rows as `*`.
    const bytes = Buffer.concat([readFileSync(path.join(corpus, 'aosp-omadm/dm12/testget.wbxml')), Buffer.alloc(64)]);
    const bin = path.join(tmp, 'zeros.wbxml');
    writeFileSync(bin, bytes);
    const dump = execFileSync('hexdump', ['-C', bin], { encoding: 'utf8' });
    expect(dump).toMatch(/^\*$/m);
    const file = path.join(tmp, 'zeros.log');
    writeFileSync(file, dump);
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(1);
    expect(Buffer.from(exchanges[0]!.lone!.body).equals(bytes)).toBe(true);
  });

  it('rows that are not a WBXML SyncML dump are ignored', async () => {
    const file = path.join(tmp, 'other-hex.log');
    writeFileSync(
      file,
      execFileSync('hexdump', ['-C', path.join(fixtures, 'logs', 'eventlog.xml')], { encoding: 'utf8' }) +
        '01 02 03 04 05\n',
    );
    const { exchanges, problems } = await collect([file]);
    expect(exchanges).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['log-without-messages']);
  });

  it.each([
    [
      '00000010  44 4d 2f 31 2e 32 00 01  65 03 31 00 01 5b 03 31  |DM/1.2..e.1..[.1|',
      16,
      '444d2f312e3200016503310001 5b0331',
    ],
    ['00000010: 4454 4420 5379 6e63 4d4c 2031 2e31 2f2f  DTD SyncML 1.1//', 16, '4454442053796e634d4c20312e312f2f'],
    ['000010 44 54 44 20 53 79 6e 63', 16, '4454442053796e63'],
  ])('row %s', (row, offset, hex) => {
    const r = hexRow(row)!;
    expect(r.offset).toBe(offset);
    expect(Buffer.from(r.bytes).toString('hex')).toBe(hex.replace(/ /g, ''));
  });
});

describe('log heuristics', () => {
  it.each([
    ['sending DM message to server', 'client'],
    ['HTTP 200, message from server:', 'server'],
    ['Received request:', 'client'],
    ['Sending response:', 'server'],
    ['TX >>', 'client'],
    ['RX <<', 'server'],
    ['outgoing', 'client'],
    ['incoming', 'server'],
    ['message:', undefined],
    ['send or receive', undefined],
  ])('%s → %s', (words, direction) => {
    expect(directionFromWords(words)).toBe(direction);
  });

  it('undoes one level of XML escaping', () => {
    expect(unescapeXml('&lt;Data&gt;a&amp;amp;b &quot;c&quot; &#x41;&#66;&lt;/Data&gt;')).toBe(
      '<Data>a&amp;b "c" AB</Data>',
    );
  });
});
