/**
 * `lint` writes every format as sessions are linted (src/cli/lint.ts,
 * src/report/lint-formats.ts lintWriters): byte for byte what the in-memory formatter gives for
 * the whole result, to stdout and to -o FILE.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, repoRoot, runCli, quietIo } from '../helpers.js';
import { lintFormats, lintWriters, type LintFormatName } from '../../src/report/lint-formats.js';
import { packageVersion } from '../../src/cli/read.js';
import { lintInputs } from '../../src/cli/lint.js';
import { rules } from '../../src/rules/index.js';

describe('lint, streamed', () => {
  // a folder of message files, a HAR file, a capture, and a cut capture (an input problem and an input-partial error)
  const inputs = [
    path.join(fixtures, 'sessions'),
    path.join(fixtures, 'har', 'mitmproxy.har'),
    path.join(fixtures, 'sample', 'session.pcapng'),
    path.join(fixtures, 'captures', 'cut.pcapng'),
  ].map((p) => path.relative(repoRoot, p));
  const streamedFormats = Object.keys(lintWriters) as LintFormatName[];

  it('writes every format as it goes', () => {
    expect(streamedFormats.sort()).toEqual(['github', 'json', 'junit', 'sarif', 'stylish']);
  });

  it.each(streamedFormats)('%s is what the in-memory formatter writes for the same run', async (format) => {
    const streamed = await runCli(['lint', '--format', format, ...inputs]);
    const result = await lintInputs(inputs, quietIo(), { rules });
    const whole = lintFormats[format](result, { cwd: repoRoot, rules, version: packageVersion() });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(streamed.code).toBe(1);
    expect(streamed.stdout).toBe(whole);

    const out = path.join(mkdtempSync(path.join(tmpdir(), 'dmtrace-lint-')), 'sub', `report.${format}`);
    const toFile = await runCli(['lint', '--format', format, '-o', out, ...inputs]);
    expect(toFile.code).toBe(streamed.code);
    expect(readFileSync(out, 'utf8')).toBe(whole);
  });

  it('sarif streamed is the whole log as JSON.stringify writes it, every finding a result', async () => {
    const streamed = await runCli(['lint', '--format', 'sarif', ...inputs]);
    const log = JSON.parse(streamed.stdout);
    expect(streamed.stdout).toBe(JSON.stringify(log, null, 2) + '\n');
    const json = JSON.parse((await runCli(['lint', '--format', 'json', ...inputs])).stdout);
    expect(log.runs[0].results).toHaveLength(json.findings.length);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(json.problems.length);
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
