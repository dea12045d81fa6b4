/**
 * HAR 1.2 validity of `dmtrace export` (issue 12): every exported file passes har-validator,
 * the HAR 1.2 JSON schemas (har-schema) that HAR tools such as httpsnippet use. The schema is
 * strict where dmtrace was wrong before: postData has no `encoding` field.
 */
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { corpus, fixtures, runCli } from '../helpers.js';

const require = createRequire(import.meta.url);
const validator = require('har-validator') as { har(data: unknown): Promise<unknown> };
const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-har-valid-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function errorsOf(data: unknown): Promise<unknown[]> {
  try {
    await validator.har(data);
    return [];
  } catch (err) {
    return (err as { errors?: unknown[] }).errors ?? [String(err)];
  }
}

interface Har {
  log: { entries: { request: { postData: Record<string, unknown> }; startedDateTime?: string }[] };
}

/** `dmtrace export INPUT --session ID`, parsed. */
async function exported(input: string, session: string): Promise<Har> {
  const out = path.join(tmp, `${path.basename(input)}.har`);
  const r = await runCli(['export', input, '--session', session, '-o', out]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Har;
}

describe('HAR export is valid HAR 1.2', () => {
  it.each([
    ['XML session with MD5 auth', path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng'), 'DMCtest/1'],
    ['WBXML session', path.join(fixtures, 'sessions', 'wbxml.pcapng'), 'IMEI:356938035643809/4'],
    ['Package 0 and its session', path.join(fixtures, 'sessions', 'pkg0.pcapng'), 'IMEI:352099001761481/2A3F'],
  ])('%s', async (_name, input, session) => {
    const har = await exported(input, session);
    expect(har.log.entries.length).toBeGreaterThan(0);
    expect(await errorsOf(har)).toEqual([]);
  });

  // har-schema allows fields it does not name, so HAR 1.2's postData fields are checked here.
  const POSTDATA_FIELDS = new Set(['mimeType', 'params', 'text', 'comment']);

  it('postData holds only HAR 1.2 fields and custom `_` fields; the validator is live', async () => {
    const har = await exported(path.join(fixtures, 'sessions', 'wbxml.pcapng'), 'IMEI:356938035643809/4');
    for (const e of har.log.entries) {
      const extra = Object.keys(e.request.postData).filter((k) => !POSTDATA_FIELDS.has(k) && !k.startsWith('_'));
      expect(extra).toEqual([]);
    }
    delete har.log.entries[0]!.startedDateTime;
    expect((await errorsOf(har)).length).toBeGreaterThan(0);
  });
});
