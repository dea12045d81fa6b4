/** Colour follows FORCE_COLOR, NO_COLOR, TERM and --color / --no-color the way Node's own output does. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { colorWanted } from '../../src/cli/io.js';
import { cli, fixtures } from '../helpers.js';

const sample = path.join(fixtures, 'sample', 'session.pcapng');
const ESC = '\x1b[';

describe('colorWanted', () => {
  it.each([
    // [stdout is a terminal, env, flag, colour]
    [true, {}, undefined, true],
    [false, {}, undefined, false],
    [false, { FORCE_COLOR: '1' }, undefined, true],
    [false, { FORCE_COLOR: '' }, undefined, true],
    [false, { FORCE_COLOR: '3' }, undefined, true],
    [false, { FORCE_COLOR: 'true' }, undefined, true],
    [true, { FORCE_COLOR: '0' }, undefined, false],
    [true, { FORCE_COLOR: 'false' }, undefined, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined, true],
    [true, { NO_COLOR: '1' }, undefined, false],
    [true, { NO_COLOR: '' }, undefined, true],
    [true, { TERM: 'dumb' }, undefined, false],
    [false, {}, true, true],
    [true, { FORCE_COLOR: '1' }, false, false],
  ] as const)('tty=%s env=%j flag=%s → %s', (tty, env, flag, want) => {
    expect(colorWanted(tty, env, flag)).toBe(want);
  });
});

describe('the launcher into a pipe', () => {
  const run = async (args: string[], env: NodeJS.ProcessEnv) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !['FORCE_COLOR', 'NO_COLOR', 'TERM'].includes(k)),
    );
    try {
      const r = await promisify(execFile)(process.execPath, [cli, ...args], { env: { ...clean, ...env } });
      return r.stdout;
    } catch (err) {
      return (err as { stdout: string }).stdout; // lint exits 1 on the sample's errors
    }
  };

  it('is plain by default and coloured with FORCE_COLOR=1', async () => {
    const plain = await run(['lint', sample], {});
    const forced = await run(['lint', sample], { FORCE_COLOR: '1' });
    expect(plain).toContain('dm-content-type');
    expect(plain).not.toContain(ESC);
    expect(forced).toContain(ESC);
    expect(forced.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('--no-color wins over FORCE_COLOR, --color over NO_COLOR', async () => {
    expect(await run(['lint', '--no-color', sample], { FORCE_COLOR: '1' })).not.toContain(ESC);
    expect(await run(['--color', 'sessions', sample], { NO_COLOR: '1' })).toContain(ESC);
  });
});
