/**
 * `lint --jobs N` (src/cli/jobs.ts) writes what `--jobs 1` writes, byte for byte, on stdout and
 * stderr, with the same exit code: on every input in fixtures/ at once (captures, HAR, logs, message
 * files, the robustness and verdict fixtures) in every format, and on a field-like capture of
 * hundreds of devices (bench/gen-field.mjs). Run through the real launcher: workers are threads of
 * the built CLI.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli, fixtures, repoRoot } from '../helpers.js';

async function lint(args: string[]) {
  try {
    const r = await promisify(execFile)(process.execPath, [cli, 'lint', ...args], { maxBuffer: 256 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function inputs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...inputs(file));
    else if (/\.(pcap|pcapng|har|log|xml|wbxml|png)$/.test(name)) out.push(file);
  }
  return out.sort();
}

describe('lint --jobs', () => {
  const all = inputs(fixtures);

  it.each(['stylish', 'json', 'sarif', 'junit', 'github'])(
    'writes the --jobs 1 report with 3 workers: every fixture at once, --format %s',
    async (format) => {
      const one = await lint([...all, '--format', format, '--jobs', '1']);
      const three = await lint([...all, '--format', format, '--jobs', '3']);
      expect(all.length).toBeGreaterThan(200);
      expect(one.stdout.length).toBeGreaterThan(100_000);
      expect(one.code).toBe(2); // picture.png has no DM in it
      expect(three).toEqual(one);
    },
  );

  it('writes the --jobs 1 report on a capture of many devices with 2 and 5 workers', async () => {
    const capture = path.join(mkdtempSync(path.join(tmpdir(), 'dmtrace-jobs-')), 'field.pcapng');
    execFileSync(process.execPath, [path.join(repoRoot, 'bench', 'gen-field.mjs'), capture, '2M', '--seed', '5']);
    for (const [format, jobs] of [
      ['json', ['2', '5']],
      ['junit', ['3']],
    ] as const) {
      const one = await lint([capture, '--format', format, '--jobs', '1']);
      expect(one.stdout.length).toBeGreaterThan(300_000);
      for (const n of jobs) expect(await lint([capture, '--format', format, '--jobs', n])).toEqual(one);
    }
  });

  it.each([
    ['0', /--jobs: expected auto or a whole number from 1 to 16, got "0"/],
    ['17', /from 1 to 16, got "17"/],
    ['two', /got "two"/],
  ])('refuses --jobs %s (exit 2)', async (jobs, message) => {
    const r = await lint([path.join(fixtures, 'captures', 'session.pcapng'), '--jobs', jobs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('reads stdin in one process', async () => {
    const r = await lint(['-', '--jobs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs: stdin \(-\) is read by one process; use --jobs 1/);
  });
});
