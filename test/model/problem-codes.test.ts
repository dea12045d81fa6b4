/**
 * The problem-code catalogue (src/model/problem-codes.ts): docs/problems.md is generated from it,
 * every declared code is emitted somewhere in src (no stale entries), and every code src emits is
 * declared (the compiler checks the calls; this checks the literals too).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowsSeverity, isPartial, isProblemCode, PROBLEM_CODES } from '../../src/model/problem-codes.js';
import { renderProblemCodesMarkdown, GROUP_DESCRIPTIONS } from '../../src/report/problem-codes-md.js';
import { rules } from '../../src/rules/index.js';
import { repoRoot, runCli } from '../helpers.js';

const file = path.join(repoRoot, 'docs', 'problems.md');
const codes = Object.keys(PROBLEM_CODES);

/** Every quoted kebab-case literal of src/ with the file it is in (the catalogue itself left out). */
function srcLiterals(): Map<string, string[]> {
  const out = execFileSync('grep', ['-rnoE', "'[a-z][a-z0-9]*(-[a-z0-9]+)+'", 'src', '--include=*.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const found = new Map<string, string[]>();
  for (const line of out.trim().split('\n')) {
    const [f, , lit] = line.split(':');
    if (!f || !lit || f === 'src/model/problem-codes.ts' || f === 'src/report/problem-codes-md.ts') continue;
    const code = lit.slice(1, -1);
    found.set(code, [...(found.get(code) ?? []), f]);
  }
  return found;
}

describe('docs/problems.md', () => {
  const rendered = renderProblemCodesMarkdown();
  if (process.env.DMTRACE_UPDATE_DOCS) writeFileSync(file, rendered);

  it('matches the catalogue (regenerate: `npm run docs`, or DMTRACE_UPDATE_DOCS=1 npx vitest run test/model)', () => {
    expect(readFileSync(file, 'utf8')).toBe(rendered);
  });

  it('lists every code once with an anchor, and every group', () => {
    const md = readFileSync(file, 'utf8');
    const anchors = [...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
    expect(anchors).toEqual(codes);
    for (const g of Object.keys(GROUP_DESCRIPTIONS)) expect(md).toContain(`| \`${g}\` |`);
  });

  it('`dmtrace docs --problems` prints it', async () => {
    const r = await runCli(['docs', '--problems']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(rendered);
  });
});

describe('the catalogue', () => {
  const literals = srcLiterals();

  it('has no stale entry: every declared code is emitted somewhere in src', () => {
    const unused = codes.filter((c) => !literals.has(c));
    expect(unused).toEqual([]);
  });

  it('declares every problem code src emits (literals in problem(...), code: ..., report/say/add/warn)', () => {
    // Codes by layer prefix; other kebab-case literals in src are charsets, headers, outcomes.
    const prefixes =
      /^(input|folder|message|internal|capture|pcapng|packet|tcp|ip|http|har|body|log|dm|session|wbxml|xml|syncml|pkg0|credentials)-/;
    const notCodes = new Set([
      ...rules.map((r) => r.id),
      'content-length',
      'content-type',
      'content-encoding',
      'transfer-encoding',
      'keep-alive',
      'x-syncml-hmac',
      'auth-failed',
      'not-specified',
      'user-interaction',
      'session-ended',
      'logcat-brief',
      'logcat-threadtime',
      'logcat-time',
      'syslog-iso',
      'chunk-data',
      'chunk-end',
      'chunk-size',
    ]);
    const undeclared = [...literals.keys()].filter((l) => prefixes.test(l) && !notCodes.has(l) && !isProblemCode(l));
    expect(undeclared).toEqual([]);
  });

  it('has a description (a sentence), a group and severities for every code', () => {
    for (const [code, info] of Object.entries(PROBLEM_CODES)) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(info.description, code).toMatch(/^[A-Z"`].*\.$/);
      expect(Object.keys(GROUP_DESCRIPTIONS), code).toContain(info.group);
      expect(allowsSeverity(code as keyof typeof PROBLEM_CODES, info.severity)).toBe(true);
    }
    // What makes lint fail a partial read: a cut capture does, an unknown pcapng block does not.
    expect(isPartial('capture-cut')).toBe(true);
    expect(isPartial('pcapng-unknown-block')).toBe(false);
  });
});
