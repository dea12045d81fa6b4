/**
 * The same mutants (test/robustness/mutate.ts) through every reading command, in-process
 * (test/helpers.ts runCli): exit code 0, 1 or 2 only, no stack trace on stderr, every stderr line
 * one `dmtrace: ...` or `<input>...` line (or the summary block), and machine formats still parse.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { mutantsOf, prng, rel, sourceFiles } from './mutate.js';
import { badStderrLines } from './pipeline.js';

const SEED = 0xc11;
/** Mutants per sampled source. */
const PER_SOURCE = 3;

const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-cli-mutants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS: ReadonlyArray<{
  name: string;
  args: (f: string, session: string) => string[];
  parse?: (out: string) => void;
  stdin?: boolean;
}> = [
  { name: 'decode', args: (f) => ['decode', f] },
  { name: 'decode json', args: (f) => ['decode', '--format', 'json', f], parse: (o) => JSON.parse(o) },
  { name: 'sessions json', args: (f) => ['sessions', '--format', 'json', f], parse: (o) => JSON.parse(o) },
  { name: 'lint json', args: (f) => ['lint', '--format', 'json', f], parse: (o) => JSON.parse(o) },
  { name: 'lint sarif', args: (f) => ['lint', '--format', 'sarif', f], parse: (o) => JSON.parse(o) },
  {
    name: 'lint junit',
    args: (f) => ['lint', '--format', 'junit', f],
    parse: (o) => expect(o).toMatch(/^<\?xml[\s\S]*<\/testsuites>\s*$/),
  },
  { name: 'scr json', args: (f) => ['scr', '--format', 'json', f], parse: (o) => JSON.parse(o) },
  { name: 'export', args: (f, s) => ['export', '-s', s, '-o', '-', f] },
  { name: 'lint stdin', args: () => ['lint', '--format', 'json', '-'], parse: (o) => JSON.parse(o), stdin: true },
];

// A sample: every capture, HAR and log (where the framing is), and one message file in four.
let runs = 0;
let problemLines = 0;
const exits = [0, 0, 0];
afterAll(() =>
  console.log(`CLI robustness: ${runs} runs; exit 0/1/2: ${exits.join('/')}; ${problemLines} problem lines on stderr`),
);

const sources = sourceFiles().filter(
  (f, i) => /\.(pcap|pcapng|har|log)$/.test(f) || f.includes('/logs/') || i % 4 === 0,
);

describe('mutants through every command, in-process', () => {
  for (const [i, file] of sources.entries()) {
    it(rel(file), async () => {
      const all = mutantsOf(file, SEED + i, 4);
      const rnd = prng(SEED + i);
      const picked = Array.from({ length: PER_SOURCE }, () => all[Math.floor(rnd() * all.length)]!);
      const failures: string[] = [];
      for (const [k, m] of picked.entries()) {
        const d = path.join(dir, `${i}-${k}`);
        mkdirSync(d);
        const f = path.join(d, m.base);
        writeFileSync(f, m.bytes);
        // The session to export: the first `sessions --format json` finds, else one that is not there (exit 2).
        let session = 'no-such-session';
        for (const c of COMMANDS) {
          const args = c.args(f, session);
          const r = await runCli(args, c.stdin ? { stdin: m.bytes } : {});
          const input = c.stdin ? '-' : f;
          runs++;
          exits[r.code] = (exits[r.code] ?? 0) + 1;
          problemLines += r.stderr
            .split('\n')
            .filter((l) => l.startsWith(input) || l.startsWith(`dmtrace: ${input}`)).length;
          const what = `${m.name}: dmtrace ${c.stdin ? args.join(' ') : args.slice(0, -1).join(' ')}`;
          if (![0, 1, 2].includes(r.code)) failures.push(`${what}: exit ${r.code}`);
          // main() turns anything thrown into `dmtrace: internal error: ...`: a crash, however politely said.
          if (/internal error/.test(r.stderr))
            failures.push(`${what}: ${r.stderr.split('\n').find((l) => l.includes('internal error'))}`);
          if (/\n\s+at /.test(r.stderr) || /\n\s+at /.test(r.stdout))
            failures.push(`${what}: stack trace: ${r.stderr.slice(0, 500)}`);
          for (const l of badStderrLines(r.stderr, input))
            failures.push(`${what}: stderr line ${JSON.stringify(l.slice(0, 200))}`);
          if (c.parse && r.code !== 2) {
            try {
              c.parse(r.stdout);
            } catch (err) {
              failures.push(`${what}: stdout does not parse (${(err as Error).message.slice(0, 120)})`);
            }
          }
          if (c.name === 'sessions json' && r.code !== 2) {
            const first = (JSON.parse(r.stdout) as { sessions: Array<{ id: string }> }).sessions[0];
            if (first) session = first.id;
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('saw damage: problems on stderr and every exit code (not a vacuous pass)', () => {
    expect(problemLines).toBeGreaterThan(50);
    expect(exits.every((n) => n > 0)).toBe(true);
  });
});
