import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { corpus, fixtures, runCli } from '../helpers.js';
import { detectFormat, looksLikeNotification } from '../../src/sources/detect.js';

const trigger = path.join(fixtures, 'sessions', 'pkg0', 'trigger.bin');

describe('a Package 0 notification saved to a file', () => {
  it('is detected by its layout (DM Notification 1.2 §6.2)', () => {
    const bytes = readFileSync(trigger);
    expect(detectFormat(bytes, 'trigger.bin', true)).toBe('notification');
    // Only when the whole input is in hand: a trigger is a few dozen bytes.
    expect(detectFormat(bytes, 'trigger.bin', false)).not.toBe('notification');
  });

  it('is not confused with the WBXML messages of the corpus', () => {
    for (const dir of ['dm11', 'dm12']) {
      for (const f of readdirSync(path.join(corpus, 'aosp-omadm', dir)).filter((n) => n.endsWith('.wbxml'))) {
        const bytes = readFileSync(path.join(corpus, 'aosp-omadm', dir, f));
        expect(looksLikeNotification(bytes, true), f).toBe(false);
        expect(detectFormat(bytes, f, true), f).toBe('wbxml');
      }
    }
  });

  it('refuses a trigger whose future-use bits are set or whose server id runs past the end', () => {
    const bytes = Buffer.from(readFileSync(trigger));
    const badBits = Buffer.from(bytes);
    badBits[20] = 0x01;
    expect(looksLikeNotification(badBits, true)).toBe(false);
    const cut = bytes.subarray(0, 24 + 3);
    expect(looksLikeNotification(cut, true)).toBe(false);
  });

  it('is tied to the session whose Package 1 answers it', async () => {
    const r = await runCli(['sessions', '--format', 'json', trigger, path.join(fixtures, 'sessions', 'pkg0')]);
    expect(r.code).toBe(0);
    const { sessions } = JSON.parse(r.stdout);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].packages).toEqual([0, 1, 2, 3, 4]);
    expect(sessions[0].notification).toMatchObject({
      sessionIdHex: '2A3F',
      serverId: 'dmtrace-test-server',
      version: 11,
    });
  });
});
