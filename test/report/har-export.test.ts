import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { sessionsFrom } from '../session/read.js';
import { renderHar, sessionToHar } from '../../src/report/har-export.js';
import { sessionJson } from '../../src/report/sessions-json.js';
import { readXml } from '../../src/xml/read.js';
import type { Session } from '../../src/session/types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dmtrace-har-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The sessions JSON without what depends on where the bytes were read from (origin, times). */
export function modOrigin(s: Session): unknown {
  const j = sessionJson(s) as Record<string, any>;
  delete j.start;
  delete j.end;
  delete j.durationMs;
  for (const m of j.messages) {
    delete m.origin;
    delete m.time;
  }
  return j;
}

async function roundTrip(
  file: string,
): Promise<{ before: Session; after: Session[]; har: ReturnType<typeof sessionToHar> }> {
  const { sessions } = await sessionsFrom([file]);
  expect(sessions).toHaveLength(1);
  const before = sessions[0]!;
  const out = path.join(tmp, `${path.basename(file)}.har`);
  writeFileSync(out, renderHar(before));
  const har = JSON.parse(readFileSync(out, 'utf8')) as ReturnType<typeof sessionToHar>;
  const { sessions: after } = await sessionsFrom([out]);
  return { before, after, har };
}

describe('HAR export', () => {
  it('writes the libdmclient session as HAR 1.2 with the XML bodies as text, and reads back to the same session', async () => {
    const file = path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng');
    const { before, after, har } = await roundTrip(file);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('dmtrace');
    expect(har.log.entries).toHaveLength(2);
    const [e1, e2] = har.log.entries;
    expect(e1!.request.method).toBe('POST');
    expect(e1!.request.url).toBe('http://127.0.0.1:8080/funambol/dm');
    expect(e1!.request.postData!.text).toBe(Buffer.from(before.messages[0]!.message.raw).toString('utf8'));
    expect(e1!.request.postData!._encoding).toBeUndefined();
    expect(e1!.request.postData).not.toHaveProperty('encoding');
    expect(e1!.request.postData!._dmtrace).toEqual({ direction: 'client', encoding: 'xml', package: 1, msgId: '1' });
    expect(e1!.response.status).toBe(200);
    expect(e1!.response.content.text).toBe(Buffer.from(before.messages[1]!.message.raw).toString('utf8'));
    expect(e1!.response.content._dmtrace).toMatchObject({ package: 2, msgId: '1' });
    // Package 3 keeps the newline the client sent before its XML declaration.
    expect(e2!.request.postData!.text.startsWith('\n<?xml')).toBe(true);
    expect(e1!.startedDateTime).toBe(new Date(before.messages[0]!.message.origin.time!).toISOString());
    expect(e1!.time).toBeGreaterThanOrEqual(0);
    expect(after).toHaveLength(1);
    expect(modOrigin(after[0]!)).toEqual(modOrigin(before));
  });

  it('writes WBXML bodies as base64 with the decoded XML beside them, and reads back to the same session', async () => {
    const { before, after, har } = await roundTrip(path.join(fixtures, 'sessions', 'wbxml.pcapng'));
    expect(har.log.entries).toHaveLength(3);
    const post = har.log.entries[0]!.request.postData!;
    // HAR 1.2 postData has no `encoding`: the base64 body says so in the custom `_encoding`.
    expect(post).not.toHaveProperty('encoding');
    expect(post._encoding).toBe('base64');
    expect(post.mimeType).toBe('application/vnd.syncml.dm+wbxml');
    expect(Buffer.from(post.text, 'base64').equals(Buffer.from(before.messages[0]!.message.raw))).toBe(true);
    const xml = post._dmtrace!.xml!;
    const tree = readXml(xml);
    expect(tree.root?.name).toBe('SyncML');
    expect(xml).toContain('<SessionID>4</SessionID>');
    expect(har.log.entries[0]!.response.content.encoding).toBe('base64');
    expect(modOrigin(after[0]!)).toEqual(modOrigin(before));
  });

  it.each([
    'large-object.pcapng',
    'md5-challenge.pcapng',
    'aborted-client.pcapng',
    'cut.pcapng',
    'multi-message.pcapng',
  ])('%s: export then read back gives the same session', async (name) => {
    const { before, after } = await roundTrip(path.join(fixtures, 'sessions', name));
    expect(after).toHaveLength(1);
    expect(modOrigin(after[0]!)).toEqual(modOrigin(before));
  });

  it('keeps a request left without answer as an entry with status 0', async () => {
    const { har } = await roundTrip(path.join(fixtures, 'sessions', 'cut.pcapng'));
    const last = har.log.entries[har.log.entries.length - 1]!;
    expect(last.response.status).toBe(0);
    expect(last.response.content.text).toBe('');
  });
});
