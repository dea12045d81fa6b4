import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { corpus, fixtures } from '../helpers.js';
import { collect, tsharkBodies } from './util.js';
import { detectFormat, naturalCompare, readBytes } from '../../src/sources/index.js';
import { newReadContext } from '../../src/sources/types.js';
import type { InputProblem } from '../../src/model/problem.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-inputs-'));
const messages = path.join(fixtures, 'messages');

describe('format detection by content', () => {
  const head = (file: string): Uint8Array => readFileSync(file).subarray(0, 65536);
  it.each([
    ['captures/libdmclient-xml-auth.pcapng', 'capture'],
    ['aosp-omadm/dm12/testget.wbxml', 'wbxml'],
    ['aosp-omadm/dm11/testreplace.wbxml', 'wbxml'],
    ['aosp-omadm/dm12/testgetscript.xml', 'xml'],
  ])('corpus %s is %s, whatever its name says', (file, format) => {
    const bytes = head(path.join(corpus, file));
    expect(detectFormat(bytes, path.join(corpus, file))).toBe(format);
    expect(detectFormat(bytes, 'renamed.txt')).toBe(format);
    expect(detectFormat(bytes, 'renamed.har')).toBe(format);
  });
  it.each([
    ['har/browser.har', 'har'],
    ['har/charles.har', 'har'],
    ['logs/logcat-threadtime.log', 'log'],
    ['logs/eventlog.xml', 'log'], // an XML document whose root is not SyncML: a log to search
  ])('fixture %s is %s', (file, format) => {
    expect(detectFormat(head(path.join(fixtures, file)), 'renamed.txt')).toBe(format);
  });
  it('the extension breaks ties only where the content is inconclusive', () => {
    const decl = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>');
    expect(detectFormat(decl, 'cut.xml')).toBe('xml');
    expect(detectFormat(decl, 'cut.log')).toBe('log');
    expect(detectFormat(Buffer.from('{"broken'), 'x.har')).toBe('har');
    expect(detectFormat(Buffer.from('{"broken'), 'x.txt')).toBe('log');
    // A message with a DOCTYPE and a comment before the root.
    const doctype = Buffer.from(
      '<?xml version="1.0"?>\n<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN" ' +
        '"http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd">\n<!-- saved ' +
        '-->\n<SyncML xmlns="SYNCML:SYNCML1.2">',
    );
    expect(detectFormat(doctype, 'm.txt')).toBe('xml');
  });
});

describe('readInputs', () => {
  it('reads a folder in natural name order (msg2 before msg10), one lone exchange per message file', async () => {
    expect(['msg10.xml', 'msg2.wbxml', 'msg1.xml'].sort(naturalCompare)).toEqual([
      'msg1.xml',
      'msg2.wbxml',
      'msg10.xml',
    ]);
    const { exchanges, problems, ctx } = await collect([messages]);
    expect(problems).toEqual([]);
    const names = ['msg1.xml', 'msg2.wbxml', 'msg10.xml'];
    expect(exchanges.map((e) => e.lone!.origin.input)).toEqual(names.map((n) => path.join(messages, n)));
    exchanges.forEach((e, i) => {
      expect(e.id).toBe(i + 1);
      expect(Buffer.from(e.lone!.body).equals(readFileSync(path.join(messages, names[i]!)))).toBe(true);
      expect(e.lone!.direction).toBeUndefined();
      expect(e.request).toBeUndefined();
    });
    expect(ctx.summary.inputs).toBe(3);
    expect(ctx.summary.bytes).toBe(names.reduce((n, f) => n + statSync(path.join(messages, f)).size, 0));
  });

  it('skips files of other kinds in a folder', async () => {
    const dir = path.join(tmp, 'mixed');
    mkdirSync(dir);
    copyFileSync(path.join(messages, 'msg2.wbxml'), path.join(dir, 'a.wbxml'));
    writeFileSync(path.join(dir, 'notes.md'), '# not a message');
    const { exchanges, problems } = await collect([dir]);
    expect(problems).toEqual([]);
    expect(exchanges.map((e) => path.basename(e.lone!.origin.input))).toEqual(['a.wbxml']);
  });

  it('reads stdin as `-`, detected by content', async () => {
    const bytes = readFileSync(path.join(messages, 'msg2.wbxml'));
    const { exchanges, problems } = await collect(['-'], {
      stdin: Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]),
    });
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.lone!.origin.input).toBe('-');
    expect(Buffer.from(exchanges[0]!.lone!.body).equals(bytes)).toBe(true);
    const har = readFileSync(path.join(fixtures, 'har', 'charles.har'));
    const fromHar = await collect(['-'], { stdin: Readable.from([har]) });
    expect(fromHar.exchanges).toHaveLength(1);
    expect(fromHar.exchanges[0]!.request!.origin).toMatchObject({ input: '-', entry: 0 });
  });

  it('readBytes reads an input held in memory as the file of that name would be read', async () => {
    for (const file of [
      path.join(fixtures, 'sessions', 'multi-message.pcapng'),
      path.join(fixtures, 'har', 'charles.har'),
      path.join(messages, 'msg2.wbxml'),
    ]) {
      const fromFile = await collect([file]);
      const problems: InputProblem[] = [];
      const ctx = newReadContext((p) => problems.push(p));
      const fromMemory = [];
      for await (const ex of readBytes(file, readFileSync(file), ctx)) fromMemory.push(ex);
      expect(fromMemory.length, file).toBeGreaterThan(0);
      expect(fromMemory).toEqual(fromFile.exchanges);
      expect(problems).toEqual(fromFile.problems);
      expect(ctx.summary).toEqual(fromFile.ctx.summary);
      expect([...ctx.reads.values()]).toEqual([...fromFile.ctx.reads.values()]);
    }
  });

  it('a missing file, an empty file and a folder without messages are one problem each; the other inputs are read', async () => {
    const empty = path.join(tmp, 'empty.xml');
    writeFileSync(empty, '');
    const bare = path.join(tmp, 'bare');
    mkdirSync(bare);
    writeFileSync(path.join(bare, 'readme.md'), 'nothing');
    const missing = path.join(tmp, 'missing.pcapng');
    const { exchanges, problems, ctx } = await collect([missing, empty, bare, path.join(messages, 'msg1.xml')]);
    expect(problems.map((p) => [p.input, p.code])).toEqual([
      [missing, 'input-not-found'],
      [empty, 'input-empty'],
      [bare, 'folder-without-messages'],
    ]);
    expect(problems[0]!.message).toMatch(/no such file/);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.id).toBe(1);
    expect(ctx.summary.problems).toBe(3);
  });

  it('a file that fails while read (EIO) is one problem; the next input is read', async () => {
    // /proc/self/mem stats as a file but reading at offset 0 fails with EIO (Linux).
    const { exchanges, problems } = await collect(['/proc/self/mem', path.join(messages, 'msg1.xml')]);
    expect(problems.map((p) => [p.input, p.code])).toEqual([['/proc/self/mem', 'input-unreadable']]);
    expect(problems[0]!.message).toMatch(/^cannot read: /);
    expect(exchanges.map((e) => path.basename(e.lone!.origin.input))).toEqual(['msg1.xml']);
  });

  it('an XML file holding several messages one after the other: one message each, with its line', async () => {
    const a = readFileSync(path.join(messages, 'msg1.xml'), 'utf8');
    const b = readFileSync(path.join(messages, 'msg10.xml'), 'utf8');
    const file = path.join(tmp, 'session.xml');
    writeFileSync(file, a + b);
    const { exchanges, problems } = await collect([file]);
    expect(problems).toEqual([]);
    expect(exchanges.map((e) => [Buffer.from(e.lone!.body).toString('utf8'), e.lone!.origin.line])).toEqual([
      [a.trimEnd(), 1],
      [b.trimEnd(), a.split('\n').length],
    ]);
  });

  it('a message over the size limit is reported and skipped', async () => {
    const { exchanges, problems } = await collect([path.join(messages, 'msg1.xml')], {
      setup: (ctx) => (ctx.limits.maxDocumentSize = 100),
    });
    expect(exchanges).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['message-too-large']);
  });

  it('hands captures to the capture reader: the same HTTP bodies as tshark, bytes counted once', async () => {
    const file = path.join(corpus, 'captures/libdmclient-xml-auth.pcapng');
    const seen: number[] = [];
    const { exchanges, ctx } = await collect([file], { setup: (c) => (c.progress = (_i, read) => seen.push(read)) });
    const bodies = exchanges
      .flatMap((e) => [e.request, e.response])
      .filter((p) => p && p.body.length > 0)
      .map((p) => Buffer.from(p!.body));
    const oracle = tsharkBodies('libdmclient-xml-auth.pcapng');
    expect(bodies.length).toBe(oracle.length);
    bodies.forEach((b, i) => expect(b.equals(oracle[i]!)).toBe(true));
    expect(ctx.summary.bytes).toBe(statSync(file).size);
    expect(ctx.summary.inputs).toBe(1);
    expect(seen.at(-1)).toBe(statSync(file).size);
  });
});
