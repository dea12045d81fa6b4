/**
 * `lint --format json` is written as sessions are linted (src/cli/lint.ts, LintJsonWriter): byte
 * for byte what the in-memory formatter gives for the whole result, to stdout and to -o FILE.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, repoRoot, runCli } from '../helpers.js';
import { formatJson } from '../../src/report/lint-json.js';
import { lintInputs } from '../../src/cli/lint.js';
import { rules } from '../../src/rules/index.js';
import type { CliIO } from '../../src/cli/io.js';

const quietIo = (): CliIO =>
  ({
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    color: false,
    exitCode: 0,
  }) as unknown as CliIO;

describe('lint --format json, streamed', () => {
  const inputs = [
    path.join(fixtures, 'sessions'),
    path.join(fixtures, 'har', 'mitmproxy.har'),
    path.join(fixtures, 'sample', 'session.pcapng'),
  ].map((p) => path.relative(repoRoot, p));

  it('is what the in-memory formatter writes for the same run', async () => {
    const streamed = await runCli(['lint', '--format', 'json', ...inputs]);
    const result = await lintInputs(inputs, quietIo(), { rules });
    const whole = formatJson(result, { cwd: repoRoot, rules, version: '' });
    expect(JSON.parse(streamed.stdout).findings.length).toBeGreaterThan(0);
    expect(streamed.stdout).toBe(whole);
    expect(result.findings.length).toBe(JSON.parse(whole).findings.length);

    const out = path.join(mkdtempSync(path.join(tmpdir(), 'dmtrace-lint-')), 'sub', 'report.json');
    const toFile = await runCli(['lint', '--format', 'json', '-o', out, ...inputs]);
    expect(toFile.code).toBe(streamed.code);
    expect(readFileSync(out, 'utf8')).toBe(whole);
  });

  it('an -o FILE that cannot be opened fails before reading, with one line', async () => {
    const r = await runCli([
      'lint',
      '--format',
      'json',
      '-o',
      path.join(repoRoot, 'package.json', 'x.json'),
      inputs[2]!,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.json: cannot write the report \((ENOTDIR|EEXIST)\)/);
    expect(r.stdout).toBe('');
  });
});
