/** Shared by the source tests: run readers over inputs and collect what they yield and report. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpus } from '../helpers.js';
import { readInputs } from '../../src/sources/index.js';
import { type Exchange } from '../../src/model/exchange.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext, type ReadContext } from '../../src/sources/types.js';

export interface Collected {
  exchanges: Exchange[];
  problems: InputProblem[];
  ctx: ReadContext;
}

export async function collect(
  inputs: string[],
  opts: { stdin?: NodeJS.ReadableStream; setup?: (ctx: ReadContext) => void } = {},
): Promise<Collected> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  opts.setup?.(ctx);
  const exchanges: Exchange[] = [];
  for await (const ex of readInputs(inputs, ctx, opts.stdin ? { stdin: opts.stdin } : {})) exchanges.push(ex);
  return { exchanges, problems, ctx };
}

/** The HTTP bodies tshark reassembles from a corpus capture (`--export-objects http`), in order. */
export function tsharkBodies(capture: string): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-objects-'));
  execFileSync('tshark', ['-r', path.join(corpus, 'captures', capture), '-q', '--export-objects', `http,${dir}`], {
    stdio: 'ignore',
  });
  // tshark names them dm, dm(1), dm(2), ... in packet order.
  const names = readdirSync(dir).sort((a, b) => index(a) - index(b));
  return names.map((n) => readFileSync(path.join(dir, n)));
}

function index(name: string): number {
  const m = /\((\d+)\)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

export const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
