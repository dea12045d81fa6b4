/**
 * Per-input verdicts of lint, scr and sessions (issue 11; README "lint and scr"): an input with no
 * SyncML DM message at all is a usage error (exit 2) that says what the input was read as; an
 * input read only in part (a cut capture, a TCP gap) makes lint exit 1 with an `input-partial`
 * error, unless --allow-partial. Never "✔ no problems" for either.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from '../helpers.js';

const picture = 'fixtures/verdicts/picture.png';
const tlsOnly = 'fixtures/verdicts/no-dm-tls.pcapng';
const cut = 'fixtures/captures/cut.pcapng';
const lost = 'fixtures/captures/lost.pcap';
const sample = 'fixtures/sample/session.pcapng';

interface LintJson {
  problems: Array<{ input: string; code: string; severity: string; message: string; frame?: number }>;
  sessions: Array<{ input: string }>;
  summary: Record<string, number>;
}

/** Packet blocks (Enhanced 6, Simple 3, obsolete Packet 2) of a little-endian pcapng, counted by walking its blocks. */
function pcapngPackets(file: string): number {
  const b = readFileSync(path.join(fixtures, '..', file));
  let n = 0;
  for (let off = 0; off + 8 <= b.length; off += b.readUInt32LE(off + 4)) {
    if ([2, 3, 6].includes(b.readUInt32LE(off))) n++;
    if (b.readUInt32LE(off + 4) < 12) throw new Error(`bad block at ${off}`);
  }
  return n;
}

const lintJson = async (args: string[]) => {
  const r = await runCli(['lint', '--format', 'json', ...args]);
  return { ...r, json: JSON.parse(r.stdout) as LintJson };
};

describe('an input with no SyncML DM message', () => {
  it('lint: a picture is a usage error that says what it was read as, not "no problems"', async () => {
    const size = readFileSync(path.join(fixtures, 'verdicts', 'picture.png')).length;
    const r = await runCli(['lint', picture]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`no SyncML DM message found in ${picture} (read as text log: ${size} bytes)`);
    expect(r.stdout).not.toContain('no problems');
    expect(r.stdout).toContain('✖ no findings, but');
    expect(r.stdout + r.stderr).not.toMatch(/could not be read|at .*\.(ts|js):\d+/);
  });

  it('lint: a capture of TLS only gives its packets and bytes and names the TLS connection', async () => {
    const bytes = readFileSync(path.join(fixtures, 'verdicts', 'no-dm-tls.pcapng')).length;
    const { code, json, stderr } = await lintJson([tlsOnly]);
    expect(code).toBe(2);
    const noDm = json.problems.filter((p) => p.code === 'input-no-dm');
    expect(noDm).toHaveLength(1);
    expect(noDm[0]?.severity).toBe('error');
    expect(noDm[0]?.message).toBe(
      `no SyncML DM message found in ${tlsOnly} (read as pcapng: ${pcapngPackets(tlsOnly)} packets / ${bytes} bytes; 1 TLS connection, encrypted: export decrypted HTTP from Wireshark)`,
    );
    // Not stylish on stdout: the verdict goes to stderr as one line too.
    expect(stderr.split('\n').filter((l) => l.includes('input-no-dm'))).toHaveLength(1);
  });

  it('scr and sessions: exit 2 with the same one line', async () => {
    for (const cmd of ['scr', 'sessions']) {
      const r = await runCli([cmd, picture]);
      expect(r.code, cmd).toBe(2);
      expect(
        r.stderr.split('\n').filter((l) => l.includes(`no SyncML DM message found in ${picture} (read as text log:`)),
        cmd,
      ).toHaveLength(1);
    }
  });

  it('several inputs: the DM input is still linted, only the empty-of-DM one is named, exit 2', async () => {
    const { code, json } = await lintJson([sample, picture]);
    expect(code).toBe(2);
    expect(json.sessions.length).toBeGreaterThan(0);
    expect(json.sessions.every((s) => s.input === sample)).toBe(true);
    expect(json.problems.filter((p) => p.code === 'input-no-dm').map((p) => p.input)).toEqual([picture]);
    const s = await runCli(['sessions', sample, picture]);
    expect(s.code).toBe(2);
    expect(s.stdout).toMatch(/completed/);
  });

  it('a folder: a README.txt beside the messages is not a wrong input; a folder with no DM in any file is', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-folder-'));
    try {
      for (const f of ['msg1.xml', 'msg2.wbxml']) copyFileSync(path.join(fixtures, 'messages', f), path.join(dir, f));
      writeFileSync(path.join(dir, 'README.txt'), 'Messages of a field trace, one per file.\n');
      const { code, json } = await lintJson([dir]);
      expect(json.problems.filter((p) => p.code === 'input-no-dm')).toEqual([]);
      expect(json.sessions.length).toBeGreaterThan(0);
      expect(code).toBeLessThan(2);
      expect((await runCli(['sessions', dir])).code).toBe(0);

      const notes = mkdtempSync(path.join(tmpdir(), 'dmtrace-notes-'));
      try {
        writeFileSync(path.join(notes, 'a.txt'), 'no DM here\n');
        writeFileSync(path.join(notes, 'b.log'), 'nor here\n');
        const none = await lintJson([notes]);
        expect(none.code).toBe(2);
        expect(none.json.problems.filter((p) => p.code === 'input-no-dm').map((p) => path.basename(p.input))).toEqual([
          'a.txt',
          'b.log',
        ]);
        // A folder with DM does not excuse a file named on its own.
        const both = await lintJson([dir, path.join(notes, 'a.txt')]);
        expect(both.code).toBe(2);
        expect(both.json.problems.filter((p) => p.code === 'input-no-dm').map((p) => path.basename(p.input))).toEqual([
          'a.txt',
        ]);
      } finally {
        rmSync(notes, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an input with DM is not called empty', async () => {
    const { code, json } = await lintJson([sample]);
    expect(json.problems.filter((p) => p.code === 'input-no-dm' || p.code === 'input-partial')).toEqual([]);
    expect(code).toBeLessThan(2);
  });
});

describe('an input read only in part', () => {
  it('lint: a cut capture is an input-partial error at the cut, exit 1', async () => {
    const { code, json } = await lintJson([cut]);
    expect(code).toBe(1);
    const cutAt = json.problems.find((p) => p.code === 'capture-cut');
    const partial = json.problems.filter((p) => p.code === 'input-partial');
    expect(partial).toHaveLength(1);
    expect(partial[0]?.frame).toBe(cutAt?.frame);
    expect(partial[0]?.message).toContain('[capture-cut]');
    expect(partial[0]?.message).toContain('--allow-partial');
    const stylish = await runCli(['lint', cut]);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).not.toContain('no problems');
  });

  it('lint --allow-partial: the cut is still reported, but does not fail the run', async () => {
    const { code, json } = await lintJson(['--allow-partial', cut]);
    expect(code).toBe(0);
    expect(json.problems.some((p) => p.code === 'capture-cut')).toBe(true);
    expect(json.problems.some((p) => p.code === 'input-partial')).toBe(false);
    const stylish = await runCli(['lint', '--allow-partial', cut]);
    expect(stylish.stdout).toContain('accepted: --allow-partial');
  });

  it('lint: a lost TCP segment (warnings only) still fails, naming the first of its problems and how many more', async () => {
    const { code, json } = await lintJson([lost]);
    expect(code).toBe(1);
    const partial = json.problems.filter((p) => p.code === 'input-partial');
    expect(partial).toHaveLength(1);
    expect(partial[0]?.message).toMatch(/\[tcp-gap\] \(and 1 more such problem\)/);
    expect((await lintJson(['--allow-partial', lost])).code).toBe(0);
  });

  it('--help says so', async () => {
    const r = await runCli(['lint', '--help']);
    expect(r.stdout).toContain('--allow-partial');
    expect(r.stdout).toMatch(/no SyncML DM\s+message in it/);
  });
});
