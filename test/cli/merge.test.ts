/**
 * `dmtrace merge` (issue 9, README "Past one machine"): what shards of one job wrote, merged, is
 * byte for byte what one run over all their inputs writes — for lint JSON, SARIF and sessions JSON
 * — and a document that cannot be merged is one line and exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from '../helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-merge-'));
const shards = [
  path.join(fixtures, 'sample', 'session.pcapng'),
  path.join(fixtures, 'sessions', 'three-devices.pcapng'),
  path.join(fixtures, 'sessions', 'multi-message.pcapng'),
];

async function shardOutputs(args: string[], ext: string): Promise<{ files: string[]; whole: string }> {
  const files: string[] = [];
  for (const [i, input] of shards.entries()) {
    const r = await runCli([...args, input]);
    expect([0, 1]).toContain(r.code);
    const f = path.join(tmp, `${args.join('-')}-${i}.${ext}`);
    writeFileSync(f, r.stdout);
    files.push(f);
  }
  const whole = await runCli([...args, ...shards]);
  return { files, whole: whole.stdout };
}

describe('dmtrace merge', () => {
  it.each([
    [['lint', '--format', 'json'], 'json', 1, /^merged 3 lint documents: \d+ error-level findings?\n$/],
    [['lint', '--format', 'sarif'], 'sarif', 1, /^merged 3 sarif documents: \d+ error-level findings?\n$/],
    [['sessions', '--format', 'json'], 'json', 0, /^merged 3 sessions documents\n$/],
  ] as const)('%j of three shards is what one run over all three writes', async (args, ext, code, said) => {
    const { files, whole } = await shardOutputs([...args], ext);
    const merged = await runCli(['merge', ...files]);
    expect(merged.stderr).toMatch(said);
    expect(merged.code).toBe(code);
    expect(JSON.parse(whole)).toBeTruthy();
    expect(merged.stdout).toBe(whole);
    // -o writes the same document.
    const out = path.join(tmp, `merged-${args.join('-')}.${ext}`);
    expect((await runCli(['merge', ...files, '-o', out])).code).toBe(code);
    expect(readFileSync(out, 'utf8')).toBe(whole);
  });

  it('SARIF: runs of one tool become one run, results re-pointed at the united rules; another tool keeps its run', async () => {
    const { files } = await shardOutputs(['lint', '--format', 'sarif'], 'sarif');
    const a = JSON.parse(readFileSync(files[0]!, 'utf8'));
    // A shard whose driver lists its rules in another order, and a run of some other tool.
    a.runs[0].tool.driver.rules.reverse();
    const n = a.runs[0].tool.driver.rules.length;
    for (const r of a.runs[0].results) r.ruleIndex = n - 1 - r.ruleIndex;
    a.runs.push({
      tool: { driver: { name: 'other', version: '1', rules: [{ id: 'x' }] } },
      results: [{ ruleId: 'x', ruleIndex: 0 }],
    });
    writeFileSync(files[0]!, JSON.stringify(a));
    const r = await runCli(['merge', files[0]!, files[1]!]);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((x: { tool: { driver: { name: string } } }) => x.tool.driver.name)).toEqual([
      'dmtrace',
      'other',
    ]);
    const run = doc.runs[0];
    expect(run.results.length).toBeGreaterThan(1);
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(doc.runs[1].results).toEqual([{ ruleId: 'x', ruleIndex: 0 }]);
  });

  it('a document that cannot be merged is one line naming it, and exit 2', async () => {
    const notJson = path.join(tmp, 'not.json');
    writeFileSync(notJson, '{"findings": [');
    const other = path.join(tmp, 'other.json');
    writeFileSync(other, '{"name": "not dmtrace"}');
    const { files } = await shardOutputs(['sessions', '--format', 'json'], 'json');
    const lint = path.join(tmp, 'lint.json');
    writeFileSync(lint, (await runCli(['lint', '--format', 'json', shards[0]!])).stdout);
    for (const [args, line] of [
      [[notJson], new RegExp(`^dmtrace: ${notJson}: not JSON: `)],
      [[other], new RegExp(`^dmtrace: ${other}: neither lint JSON, sessions JSON nor SARIF`)],
      [[path.join(tmp, 'missing.json')], /^dmtrace: .*missing\.json: cannot read: ENOENT$/],
      [
        [files[0]!, lint],
        /^dmtrace: documents of different kinds \(.* is sessions, .*lint\.json is lint\): merge documents of one kind$/,
      ],
    ] as const) {
      const r = await runCli(['merge', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(line);
    }
  });
});
