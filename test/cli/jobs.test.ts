/**
 * `lint --jobs N`, `scr --jobs N`, `sessions --jobs N` and `decode --jobs N` (src/cli/jobs.ts) write what `--jobs 1` writes, byte for byte, on stdout and
 * stderr, with the same exit code: on every input in fixtures/ at once (captures, HAR, logs, message
 * files, the robustness and verdict fixtures), and on a field-like capture of hundreds of devices
 * (bench/gen-field.mjs). The formats are written by the main thread from what the workers hand on
 * (the same writers as without workers); those that group or order by input are among the ones here. Run through the real launcher: workers are threads of
 * the built CLI.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, fixtures, repoRoot } from '../helpers.js';

async function dmtrace(command: string, args: string[]) {
  try {
    const r = await promisify(execFile)(process.execPath, [cli, command, ...args], { maxBuffer: 256 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lint = (args: string[]) => dmtrace('lint', args);

function inputs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...inputs(file));
    else if (/\.(pcap|pcapng|har|log|xml|wbxml|png)$/.test(name)) out.push(file);
  }
  return out.sort();
}

describe('--jobs', () => {
  const all = inputs(fixtures);

  it.each(['stylish', 'json', 'junit'])(
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

  it.each(['table', 'ladder'])(
    'sessions --jobs 3 writes what --jobs 1 writes: every fixture at once, --format %s',
    async (format) => {
      const one = await dmtrace('sessions', [...all, '--format', format, '--jobs', '1']);
      expect(one.stdout.length).toBeGreaterThan(100_000);
      expect(await dmtrace('sessions', [...all, '--format', format, '--jobs', '3'])).toEqual(one);
    },
  );

  it.each(['table', 'json'])(
    'scr --jobs 3 writes what --jobs 1 writes: every fixture at once, --format %s',
    async (format) => {
      const one = await dmtrace('scr', [...all, '--format', format, '--jobs', '1']);
      expect(one.stdout).toMatch(format === 'json' ? /"verdict": "failed"/ : /failed/);
      expect(one.stderr.length).toBeGreaterThan(2_000);
      expect(await dmtrace('scr', [...all, '--format', format, '--jobs', '3'])).toEqual(one);
    },
  );

  it.each(['xml', 'tree', 'json'])(
    'decode --jobs 3 writes what --jobs 1 writes: every fixture at once, --format %s --summary',
    async (format) => {
      const one = await dmtrace('decode', [...all, '--format', format, '--summary', '--jobs', '1']);
      expect(one.stdout.length).toBeGreaterThan(500_000);
      // the input problems and the messages' errors, and the summary's counts
      expect(one.stderr).toMatch(/capture-cut[\s\S]*DM messages/);
      expect(one.code).toBe(2);
      expect(await dmtrace('decode', [...all, '--format', format, '--summary', '--jobs', '3'])).toEqual(one);
    },
  );

  describe('on a capture of many devices (bench/gen-field.mjs)', () => {
    let capture = '';
    beforeAll(() => {
      capture = path.join(mkdtempSync(path.join(tmpdir(), 'dmtrace-jobs-')), 'field.pcapng');
      execFileSync(process.execPath, [path.join(repoRoot, 'bench', 'gen-field.mjs'), capture, '2M', '--seed', '5']);
    });

    it('lint --format json with 2 and 5 workers', { timeout: 90_000 }, async () => {
      const one = await lint([capture, '--format', 'json', '--jobs', '1']);
      expect(one.stdout.length).toBeGreaterThan(300_000);
      expect(await lint([capture, '--format', 'json', '--jobs', '2'])).toEqual(one);
      expect(await lint([capture, '--format', 'json', '--jobs', '5'])).toEqual(one);
    });

    it('scr --format json with 2 workers', { timeout: 90_000 }, async () => {
      const one = await dmtrace('scr', [capture, '--format', 'json']);
      const report = JSON.parse(one.stdout) as {
        sessions: number;
        items: Array<{ verdict: string; evidence: unknown[] }>;
      };
      expect(report.sessions).toBeGreaterThan(400);
      expect(report.items.filter((i) => i.verdict === 'passed').length).toBeGreaterThan(10);
      expect(await dmtrace('scr', [capture, '--format', 'json', '--jobs', '2'])).toEqual(one);
    });

    it('decode --format json with 2 workers', { timeout: 90_000 }, async () => {
      const one = await dmtrace('decode', [capture, '--format', 'json']);
      expect(JSON.parse(one.stdout).messages.length).toBeGreaterThan(1_000);
      expect(await dmtrace('decode', [capture, '--format', 'json', '--jobs', '2'])).toEqual(one);
    });

    it('sessions --format json --idle 60 with 3 workers', { timeout: 90_000 }, async () => {
      const one = await dmtrace('sessions', [capture, '--format', 'json', '--idle', '60']);
      expect(one.stdout.length).toBeGreaterThan(1_000_000);
      expect(JSON.parse(one.stdout).sessions.length).toBeGreaterThan(400);
      expect(await dmtrace('sessions', [capture, '--format', 'json', '--idle', '60', '--jobs', '3'])).toEqual(one);
    });
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
