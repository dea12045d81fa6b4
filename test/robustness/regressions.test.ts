/**
 * Inputs that once broke the "one clear message, located" rule, found by the mutation test
 * (test/robustness/mutation.test.ts); each is made here from a real fixture so it can fail again.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';
import { readHar } from '../../src/sources/har.js';
import { newReadContext, type InputProblem } from '../../src/sources/types.js';
import { runPipeline, violations } from './pipeline.js';

async function harProblems(text: string): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  for await (const _ of readHar({ name: 'bad.har', stream: [Buffer.from(text)] as unknown as AsyncIterable<Uint8Array> }, ctx)) void _;
  return problems;
}

describe('a HAR file with a stray character (Node 20 names no position for it)', () => {
  const good = readFileSync(path.join(fixtures, 'har', 'mitmproxy.har'), 'utf8');
  // mitmproxy.har#flip: a `"` turned into a backtick deep inside the file, in a multi-line region.
  const at = good.indexOf('"params"') + '"params":'.length + 1;
  const bad = good.slice(0, at) + '`' + good.slice(at + 1);

  it('gives one line saying where: line and column of the stray character', async () => {
    const problems = await harProblems(bad);
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p.code).toBe('har-malformed-json');
    expect(p.message).not.toMatch(/\n/);
    const before = bad.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    expect({ line: p.line, column: p.column }).toEqual({ line, column });
  });

  it('short files, where V8 quotes the whole text, are located too', async () => {
    const text = '{\n  "log":\n  `x\n}';
    const [p] = await harProblems(text);
    expect(p).toMatchObject({ code: 'har-malformed-json', line: 3, column: 3 });
    expect(p!.message).not.toMatch(/\n/);
  });
});

describe('an IPv6 fragment starting past the end its datagram declares (ipv6-frag.pcap, 4 bits flipped)', () => {
  it('is read without an internal error: the capture gives its located problems and goes on', async () => {
    const file = path.join(fixtures, 'robustness', 'ipv6-frag-offset-past-end.pcap');
    const run = await runPipeline([file]);
    // Before the fix: RangeError "offset is out of bounds" in src/net/ip.ts, caught as input-unreadable, the rest of the capture lost.
    expect(violations(run)).toEqual([]);
    expect(run.problems.map((p) => p.code)).not.toContain('input-unreadable');
    expect(run.ctx.summary.packets).toBe(execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).trim().split('\n').length);
  });
});
