/**
 * peekHeader (src/syncml/message.ts) reads a message only up to the end of its SyncHdr, for
 * `--jobs` to tell which worker's device a message is of. A worker that got it wrong would split a
 * session between two workers, so it must give decodeMessage's header on every message there is:
 * every XML and WBXML message in fixtures/ (the corpus's real ones among them), and each cut short.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMessage, peekHeader } from '../../src/syncml/message.js';
import { fixtures } from '../helpers.js';

function messages(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...messages(file));
    else if (/\.(xml|wbxml)$/.test(name)) out.push(file);
  }
  return out.sort();
}

const files = messages(fixtures);
const origin = { input: 'peek' };

function same(bytes: Uint8Array) {
  return [peekHeader(bytes), decodeMessage(bytes, { origin }).syncml?.hdr];
}

describe('peekHeader', () => {
  it('reads the fixtures: over 150 messages, XML and WBXML', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.filter((f) => f.endsWith('.wbxml')).length).toBeGreaterThan(25);
  });

  it('gives the header decodeMessage gives, on every message of fixtures/', () => {
    let withHeader = 0;
    for (const f of files) {
      const [peeked, decoded] = same(readFileSync(f));
      expect(peeked, f).toEqual(decoded);
      if (decoded?.source?.locURI) withHeader++;
    }
    expect(withHeader).toBeGreaterThan(150);
  });

  it('gives it on every message cut short (at 8 places each)', () => {
    for (const f of files) {
      const bytes = readFileSync(f);
      for (let k = 1; k <= 8; k++) {
        const cut = bytes.subarray(0, Math.floor((bytes.length * k) / 9));
        const [peeked, decoded] = same(cut);
        expect(peeked, `${f} cut at ${cut.length}`).toEqual(decoded);
      }
    }
  });
});
