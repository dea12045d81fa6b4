/**
 * The spool (src/report/spool.ts) that JUnit's testcases and lint json's `sessions` wait in: the
 * same text back from memory and from its file, multi-byte characters whole across the 1 MiB
 * pieces it reads back, pieces cut at line ends, and no file left behind. The writers that use it
 * write the same bytes whether it stays in memory or not.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../src/report/spool.js';
import { JsonArrayWriter, SpooledArray } from '../../src/report/json-stream.js';
import { junitWriter } from '../../src/report/lint-junit.js';
import { LintJsonWriter } from '../../src/report/lint-json.js';
import { formatWith } from '../../src/report/lint-types.js';
import { lintInputs } from '../../src/cli/lint.js';
import { rules } from '../../src/rules/index.js';
import { packageVersion } from '../../src/cli/read.js';
import { fixtures, repoRoot, quietIo } from '../helpers.js';

const spoolDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('dmtrace-spool-'));

function copied(spool: Spool, range?: readonly [number, number]): { text: string; pieces: string[] } {
  const pieces: string[] = [];
  spool.copy((t) => pieces.push(t), range);
  return { text: pieces.join(''), pieces };
}

describe('Spool', () => {
  it('gives back each range as appended, in memory and after moving to a file', () => {
    const before = spoolDirs().length;
    const spool = new Spool(100);
    const parts = ['first line\n', 'zwei – ü\n', 'x'.repeat(80), '\nlast'];
    const ranges = parts.map((p) => spool.append(p));
    expect(spool.onDisk).toBe(true);
    // the file is unlinked as soon as it is open: nothing in the temporary folder
    expect(spoolDirs().length).toBe(before);
    parts.forEach((p, i) => expect(copied(spool, ranges[i]).text).toBe(p));
    expect(copied(spool).text).toBe(parts.join(''));
    expect(spool.length).toBe(Buffer.byteLength(parts.join('')));
    spool.close();
    expect(spool.length).toBe(0);
    expect(copied(spool).text).toBe('');
  });

  it('stays in memory under its limit', () => {
    const spool = new Spool(1000);
    const r = spool.append('ä'.repeat(400));
    expect(spool.onDisk).toBe(false);
    expect(r).toEqual([0, 800]);
    expect(copied(spool, r).text).toBe('ä'.repeat(400));
    spool.close();
  });

  it('reads a large file back in pieces that end at line ends, multi-byte characters whole', () => {
    const spool = new Spool(0);
    // 3-byte characters and lines of odd length: the 1 MiB pieces fall inside characters and lines
    const line = `${'€'.repeat(333)}${'a'.repeat(7)}\n`;
    const text = line.repeat(4000);
    spool.append(text);
    const { text: back, pieces } = copied(spool);
    expect(back).toBe(text);
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) expect(p.endsWith('\n')).toBe(true);
    spool.close();
  });
});

describe('writers over a spool', () => {
  it('SpooledArray in a JsonArrayWriter gives what JSON.stringify gives, from memory or a file', () => {
    for (const limit of [0, 1 << 20]) {
      for (const n of [0, 1, 5]) {
        const items = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, nested: { a: [i, 'x\ny'] } }));
        let text = '';
        const w = new JsonArrayWriter((t) => (text += t), 'findings');
        w.item({ f: 1 });
        const later = new SpooledArray(limit);
        for (const it of items) later.item(it);
        w.end({ summary: { n }, sessions: later, problems: [] });
        const doc = { findings: [{ f: 1 }], summary: { n }, sessions: items, problems: [] };
        expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
      }
    }
  });

  it('lint json and junit write the same bytes with their spool in a file', async () => {
    const inputs = [path.join(fixtures, 'sessions'), path.join(fixtures, 'captures', 'cut.pcapng')].map((p) =>
      path.relative(repoRoot, p),
    );
    const result = await lintInputs(inputs, quietIo(), { rules });
    expect(result.sessions.length).toBeGreaterThan(3);
    const opts = { cwd: repoRoot, rules, version: packageVersion() };
    const junitMemory = formatWith(junitWriter())(result, opts);
    const junitFile = formatWith(junitWriter({ memoryLimit: 0 }))(result, opts);
    expect(junitFile).toBe(junitMemory);
    // one testcase per session, and one `read` testcase per input with problems (the cut capture's)
    const withProblems = new Set(result.problems.map((p) => p.input));
    expect(withProblems.size).toBeGreaterThan(0);
    expect(junitMemory.match(/<testcase /g)).toHaveLength(result.sessions.length + withProblems.size);

    const json = (limit?: number) => {
      let text = '';
      const w = new LintJsonWriter((t) => (text += t), limit === undefined ? {} : { memoryLimit: limit });
      for (const f of result.findings) w.finding(f);
      for (const s of result.sessions) w.entry(s);
      w.end(result);
      return text;
    };
    expect(json(0)).toBe(json());
    expect(JSON.parse(json(0)).sessions).toHaveLength(result.sessions.length);
  });

  it('what junit and lint json keep in a spool file has had the secrets taken out (lint --credentials)', async () => {
    const inputs = [path.relative(repoRoot, path.join(fixtures, 'sessions'))];
    const result = await lintInputs(inputs, quietIo(), { rules });
    const device = result.sessions[0]!.device;
    expect(device.length).toBeGreaterThan(3);
    const redact = (t: string) => t.split(device).join('***');
    const opts = { cwd: repoRoot, rules, version: packageVersion(), redact };
    // the writers' own write is not redacting here: only what they kept was redacted
    const junit = formatWith(junitWriter({ memoryLimit: 0 }))(result, opts);
    expect(junit).toContain('<testcase ');
    expect(junit).not.toContain(device);
    let json = '';
    const w = new LintJsonWriter((t) => (json += t), { memoryLimit: 0, redact });
    for (const s of result.sessions) w.entry(s);
    w.end(result);
    expect(JSON.parse(json).sessions.map((s: { device: string }) => s.device)).toContain('***');
    expect(json).not.toContain(device);
  });
});
