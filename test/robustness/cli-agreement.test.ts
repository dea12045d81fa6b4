/**
 * Commands agree about the same damaged input (found by the robustness tests, fixed in src/cli):
 * the same exit code for a capture cut after its messages, and the same stderr line for its problem.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from '../helpers.js';

const cut = path.join(fixtures, 'captures', 'cut.pcapng');

describe('commands agree about the same damaged input (src/cli)', () => {
  // docs/architecture.md "Command line": exit 2 is for bad usage or *unreadable* input. cut.pcapng is readable:
  // every command finds its session (decode used to exit 2 for any input problem). lint alone fails
  // a partial read (exit 1, input-partial) unless --allow-partial, and then agrees with the others.
  it('a cut capture whose messages were read gives decode the same exit code as sessions, scr and lint --allow-partial', async () => {
    const codes = await Promise.all(
      [['decode'], ['sessions'], ['lint', '--allow-partial'], ['scr']].map(
        async (c) => (await runCli([...c, cut])).code,
      ),
    );
    expect(codes[0]).toBeLessThan(2);
    expect(new Set(codes).size).toBe(1);
    expect((await runCli(['lint', cut])).code).toBe(1);
  });

  // One line for the capture-cut problem in every command (it used to be printed three ways).
  // lint's stylish report shows input problems on stdout; its other formats put them on stderr.
  it('the same input problem is the same stderr line for every reading command', async () => {
    const lines = await Promise.all(
      [['decode'], ['sessions'], ['lint', '--format', 'json'], ['scr']].map(async (c) =>
        (await runCli([...c, cut])).stderr.split('\n').find((l) => l.includes('capture cut at byte offset')),
      ),
    );
    expect(lines.every((l) => l !== undefined)).toBe(true);
    expect(new Set(lines).size).toBe(1);
  });
});
