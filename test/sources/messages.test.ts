import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { tsharkBodies } from './util.js';
import { readInputs } from '../../src/sources/index.js';
import { messagesOf, type DmExchange } from '../../src/sources/messages.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext, type ReadContext } from '../../src/sources/types.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-messages-'));
const har = (name: string): string => path.join(fixtures, 'har', name);

async function dm(inputs: string[]): Promise<{ out: DmExchange[]; problems: InputProblem[]; ctx: ReadContext }> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  const out: DmExchange[] = [];
  for await (const d of messagesOf(readInputs(inputs, ctx), ctx)) out.push(d);
  return { out, problems, ctx };
}

function harVariant(name: string, edit: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(har('browser.har'), 'utf8'));
  edit(doc);
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

function setType(part: any, type: string): void {
  for (const h of part.headers) if (h.name.toLowerCase() === 'content-type') h.value = type;
  if (part.content) part.content.mimeType = type;
  if (part.postData) part.postData.mimeType = type;
}

describe('messagesOf', () => {
  it('HAR: DM exchanges decoded with their HTTP side as direction; the favicon GET counted as non-DM and not shown', async () => {
    const { out, problems, ctx } = await dm([har('browser.har')]);
    expect(problems).toEqual([]);
    expect(out).toHaveLength(2);
    const msgs = out.flatMap((d) => d.messages);
    expect(msgs.map((m) => [m.direction, m.encoding, m.origin.entry, m.syncml?.hdr.msgID])).toEqual([
      ['client', 'xml', 0, '1'],
      ['server', 'xml', 0, '1'],
      ['client', 'xml', 1, '2'],
      ['server', 'xml', 1, '2'],
    ]);
    expect(msgs[0]!.http?.method).toBe('POST');
    expect(ctx.summary).toMatchObject({ httpExchanges: 3, dmMessages: 4, nonDmExchanges: 1, undecodable: 0 });
  });

  it('WBXML from mitmproxy and Charles HARs', async () => {
    const { out, problems, ctx } = await dm([har('mitmproxy.har'), har('charles.har')]);
    expect(problems).toEqual([]);
    for (const d of out) {
      expect(d.messages.map((m) => [m.direction, m.encoding])).toEqual([
        ['client', 'wbxml'],
        ['server', 'wbxml'],
      ]);
      expect(
        Buffer.from(d.messages[1]!.raw).equals(readFileSync(path.join(corpus, 'aosp-omadm/dm12/testget.wbxml'))),
      ).toBe(true);
    }
    expect(ctx.summary.dmMessages).toBe(4);
  });

  it('a SyncML body under another Content-Type is still DM; a non-SyncML body under a neutral type is not', async () => {
    const file = harVariant('types.har', (doc) => {
      setType(doc.log.entries[0].response, 'text/plain');
      setType(doc.log.entries[1].request, 'application/json');
      doc.log.entries[1].request.postData.text = '{"hello":"world"}';
      setType(doc.log.entries[1].response, 'application/json');
      doc.log.entries[1].response.content.text = '{"ok":true}';
    });
    const { out, problems, ctx } = await dm([file]);
    expect(problems).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0]!.messages.map((m) => m.direction)).toEqual(['client', 'server']);
    expect(ctx.summary).toMatchObject({ dmMessages: 2, nonDmExchanges: 2, undecodable: 0 });
  });

  it('a DM-typed body that is garbage: undecodable, one problem with its entry; the other body of the exchange is kept', async () => {
    const file = harVariant('garbage.har', (doc) => {
      doc.log.entries[1].response.content.text = 'Internal error: session table full';
    });
    const { out, problems, ctx } = await dm([file]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ input: file, entry: 1, code: 'dm-body-undecodable', severity: 'error' });
    expect(problems[0]!.message).toMatch(
      /^response body \(Content-Type application\/vnd\.syncml\.dm\+xml, 34 bytes\) is not a SyncML message/,
    );
    expect(out.map((d) => d.messages.length)).toEqual([2, 1]);
    expect(ctx.summary).toMatchObject({ dmMessages: 3, undecodable: 1, nonDmExchanges: 1, problems: 1 });
  });

  it('a garbage .wbxml file in a folder: undecodable with its file name; the others decode', async () => {
    const dir = path.join(tmp, 'folder');
    mkdirSync(dir);
    for (const f of ['msg1.xml', 'msg2.wbxml', 'msg10.xml'])
      copyFileSync(path.join(fixtures, 'messages', f), path.join(dir, f));
    writeFileSync(path.join(dir, 'msg3.wbxml'), Buffer.from([0x03, 0x01, 0x6a, 0x00, 0xff, 0xff]));
    const { out, problems, ctx } = await dm([dir]);
    expect(problems.map((p) => [path.basename(p.input), p.code])).toEqual([['msg3.wbxml', 'dm-body-undecodable']]);
    expect(out.map((d) => path.basename(d.messages[0]!.origin.input))).toEqual(['msg1.xml', 'msg2.wbxml', 'msg10.xml']);
    // Files do not say who sent them: inferred from the message (these are server packages: Get, Exec).
    expect(out.map((d) => d.messages[0]!.direction)).toEqual(['server', 'server', 'server']);
    expect(ctx.summary).toMatchObject({ dmMessages: 3, undecodable: 1 });
  });

  it('logs: lone messages keep their line and the direction the log gave', async () => {
    const file = path.join(fixtures, 'logs', 'logcat-threadtime.log');
    const { out, problems } = await dm([file]);
    expect(problems).toEqual([]);
    const starts = readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((l, i) => (l.includes('<?xml') ? [i + 1] : []));
    expect(out.map((d) => [d.messages[0]!.direction, d.messages[0]!.origin.line, d.messages[0]!.http])).toEqual([
      ['client', starts[0], undefined],
      ['server', starts[1], undefined],
    ]);
  });

  it('captures: one message per non-empty DM body, as many as tshark reassembles', async () => {
    for (const cap of ['libdmclient-xml-auth.pcapng', 'libdmclient-wbxml.pcapng']) {
      const { out, ctx } = await dm([path.join(corpus, 'captures', cap)]);
      const msgs = out.flatMap((d) => d.messages);
      const oracle = tsharkBodies(cap).filter((b) => b.length > 0);
      expect(msgs.map((m) => Buffer.from(m.raw).toString('hex'))).toEqual(oracle.map((b) => b.toString('hex')));
      expect(msgs.every((m) => m.origin.frame !== undefined)).toBe(true);
      expect(ctx.summary.dmMessages).toBe(oracle.length);
    }
  });

  it('Package 0: an application/vnd.syncml.notification body is kept raw as the notification', async () => {
    const trigger = readFileSync(path.join(fixtures, 'sessions', 'pkg0', 'trigger.bin'));
    const file = harVariant('pkg0.har', (doc) => {
      const e = doc.log.entries[0];
      setType(e.request, 'application/vnd.syncml.notification');
      e.request.postData = {
        mimeType: 'application/vnd.syncml.notification',
        text: trigger.toString('base64'),
        encoding: 'base64',
      };
      e.response.content = { size: 0, mimeType: 'text/plain', text: '' };
      setType(e.response, 'text/plain');
    });
    const { out, problems, ctx } = await dm([file]);
    expect(problems).toEqual([]);
    expect(out[0]!.messages).toEqual([]);
    expect(Buffer.from(out[0]!.notification!.bytes).equals(trigger)).toBe(true);
    expect(out[0]!.notification!.origin).toMatchObject({ input: file, entry: 0 });
    expect(ctx.summary.dmMessages).toBe(2);
  });
});
