import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { collect, tsharkBodies } from './util.js';

const har = (name: string): string => path.join(fixtures, 'har', name);
const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-har-'));
function variant(name: string, edit: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(har('browser.har'), 'utf8'));
  edit(doc);
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

let xmlBodies: Buffer[];
let wbxmlBodies: Buffer[];
beforeAll(() => {
  xmlBodies = tsharkBodies('libdmclient-xml-auth.pcapng');
  wbxmlBodies = tsharkBodies('libdmclient-wbxml.pcapng');
});

describe('HAR 1.2 (browser export)', () => {
  it('yields one exchange per entry with bodies byte-identical to what tshark reassembles from the capture they came from', async () => {
    const { exchanges, problems, ctx } = await collect([har('browser.har')]);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(3);
    const doc = JSON.parse(readFileSync(har('browser.har'), 'utf8'));
    expect(Buffer.from(exchanges[0]!.request!.body).equals(xmlBodies[0]!)).toBe(true);
    expect(Buffer.from(exchanges[0]!.response!.body).equals(xmlBodies[1]!)).toBe(true);
    expect(Buffer.from(exchanges[1]!.request!.body).equals(xmlBodies[2]!)).toBe(true);
    expect(Buffer.from(exchanges[1]!.response!.body).equals(xmlBodies[3]!)).toBe(true);
    expect(exchanges[2]!.request!.method).toBe('GET');
    expect(exchanges[2]!.request!.body.length).toBe(0);
    expect(exchanges[2]!.response!.statusCode).toBe(404);
    expect(ctx.summary.httpExchanges).toBe(3);
    expect(ctx.summary.inputs).toBe(1);
    expect(ctx.summary.bytes).toBe(readFileSync(har('browser.har')).length);
    exchanges.forEach((ex, i) => {
      const e = doc.log.entries[i];
      const url = new URL(e.request.url);
      expect(ex.id).toBe(i + 1);
      expect(ex.server).toBe(`${url.host}${url.pathname}`);
      expect(ex.request!.direction).toBe('client');
      expect(ex.response!.direction).toBe('server');
      expect(ex.request!.origin).toMatchObject({
        input: har('browser.har'),
        entry: i,
        time: Date.parse(e.startedDateTime),
        dst: `127.0.0.1:${url.port}`,
      });
      expect(ex.response!.origin).toMatchObject({
        entry: i,
        time: Date.parse(e.startedDateTime) + e.time,
        src: `127.0.0.1:${url.port}`,
      });
      expect(ex.request!.headers).toEqual(e.request.headers.map((h: any) => [h.name, h.value]));
      expect(ex.response!.headers).toEqual(e.response.headers.map((h: any) => [h.name, h.value]));
    });
    expect(exchanges[0]!.request!.contentType).toBe('application/vnd.syncml+xml');
    expect(exchanges[0]!.response!.contentType).toBe('application/vnd.syncml.dm+xml');
  });

  it('ignores custom `_` fields, such as the `_dmtrace` one dmtrace export writes beside the bodies', async () => {
    const file = variant('custom.har', (doc) => {
      for (const e of doc.log.entries) {
        e._dmtrace = { direction: 'client', note: 'ignored' };
        if (e.request.postData) e.request.postData._dmtrace = { xml: '<SyncML/>' };
        e.response.content._dmtrace = { xml: '<SyncML/>' };
      }
    });
    const plain = await collect([har('browser.har')]);
    const custom = await collect([file]);
    expect(custom.problems).toEqual([]);
    expect(custom.exchanges.map((e) => [e.request!.body, e.response!.body])).toEqual(
      plain.exchanges.map((e) => [e.request!.body, e.response!.body]),
    );
  });
});

describe('HAR variants', () => {
  it('mitmproxy: WBXML request stored as Latin-1 text, response content base64', async () => {
    const { exchanges, problems } = await collect([har('mitmproxy.har')]);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(1);
    expect(Buffer.from(exchanges[0]!.request!.body).equals(wbxmlBodies[0]!)).toBe(true);
    expect(
      Buffer.from(exchanges[0]!.response!.body).equals(
        readFileSync(path.join(corpus, 'aosp-omadm/dm12/testget.wbxml')),
      ),
    ).toBe(true);
    expect(exchanges[0]!.response!.contentType).toBe('application/vnd.syncml.dm+wbxml');
  });

  it('Charles: postData.encoding base64 and content base64', async () => {
    const doc = JSON.parse(readFileSync(har('charles.har'), 'utf8'));
    expect(doc.log.entries[0].request.postData.encoding).toBe('base64');
    const { exchanges, problems } = await collect([har('charles.har')]);
    expect(problems).toEqual([]);
    expect(Buffer.from(exchanges[0]!.request!.body).equals(wbxmlBodies[0]!)).toBe(true);
    expect(
      Buffer.from(exchanges[0]!.response!.body).equals(
        readFileSync(path.join(corpus, 'aosp-omadm/dm12/testget.wbxml')),
      ),
    ).toBe(true);
  });
});

describe('bad HAR input', () => {
  it('malformed JSON: one problem with the line and column of the error, and the next input is still read', async () => {
    const good = readFileSync(har('browser.har'), 'utf8').split('\n');
    const at = good.findIndex((l) => l.includes('"startedDateTime"'));
    good[at] = good[at]!.replace('"', "'"); // a single quote where JSON needs a double one
    const file = path.join(tmp, 'quote.har');
    writeFileSync(file, good.join('\n'));
    const { exchanges, problems } = await collect([file, har('charles.har')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ input: file, code: 'har-malformed-json', severity: 'error', line: at + 1 });
    expect(problems[0]!.column).toBe(good[at]!.indexOf("'") + 1);
    expect(exchanges).toHaveLength(1);
  });

  it('a HAR cut short: the error is at its last line', async () => {
    const all = readFileSync(har('browser.har'), 'utf8');
    const cutText = all.slice(0, Math.floor(all.length / 2));
    const file = path.join(tmp, 'cut.har');
    writeFileSync(file, cutText);
    const { problems } = await collect([file]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'har-malformed-json', line: cutText.split('\n').length });
  });

  it('an entry without a request is reported with its entry number; the others are read', async () => {
    const file = variant('norequest.har', (doc) => delete doc.log.entries[1].request);
    const { exchanges, problems, ctx } = await collect([file]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'har-entry-without-request', entry: 1 });
    expect(exchanges.map((e) => e.request!.origin.entry)).toEqual([0, 2]);
    expect(ctx.summary.httpExchanges).toBe(2);
  });

  it('a DM body the HAR did not save is reported with its entry number, and counted undecodable', async () => {
    const file = variant('nobody.har', (doc) => delete doc.log.entries[0].response.content.text);
    const { exchanges, problems, ctx } = await collect([file]);
    // Accounting (issue 11): every DM body the HAR declares is a message or counted undecodable.
    expect(ctx.summary.undecodable).toBe(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'har-body-missing', entry: 0, severity: 'warning' });
    expect(exchanges[0]!.response!.body.length).toBe(0);
    expect(exchanges[0]!.request!.body.length).toBeGreaterThan(0);
  });

  it('JSON that is not a HAR', async () => {
    const file = path.join(tmp, 'other.har');
    writeFileSync(file, JSON.stringify({ log: { version: '1.2' } }));
    const { exchanges, problems } = await collect([file]);
    expect(exchanges).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['har-no-entries']);
  });
});
