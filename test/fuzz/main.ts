/**
 * `npm run fuzz -- [--target NAME]... [--seconds N] [--iterations N] [--seed N] [--workers N] [--from K] [--out DIR]
 * [--slow-ms N] [--hang-ms N] [--rss-mb N] [--cli-every N] [--render-every N] [--no-minimize] [--json FILE]`
 *
 * Runs test/fuzz/fuzz.ts on demand (default: every target, 60 s each, seed 1, findings written to
 * fixtures/robustness/fuzz/). Prints a progress line every 30 s and a table at the end; exits 1 when
 * there were findings, 2 on bad usage.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtures } from '../helpers.js';
import { formatReports, fuzz, type FuzzOptions } from './fuzz.js';
import { TARGETS, type TargetName } from './targets.js';

const USAGE = `usage: npm run fuzz -- [--target ${TARGETS.join('|')}|all]... [--seconds N] [--iterations N]
  [--seed N] [--workers N] [--from K] [--out DIR] [--slow-ms N] [--hang-ms N] [--rss-mb N] [--cli-every N] [--render-every N] [--no-minimize] [--json FILE]`;

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const targets: TargetName[] = [];
const opts: Partial<FuzzOptions> = { seed: 1, outDir: path.join(fixtures, 'robustness', 'fuzz') };
let json: string | undefined;
const num = (v: string | undefined, flag: string): number => {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < 0) fail(`${flag} needs a number`);
  return n;
};
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const v = args[i + 1];
  switch (a) {
    case '--target':
    case '-t':
      if (v === 'all') targets.push(...TARGETS);
      else if ((TARGETS as readonly string[]).includes(v ?? '')) targets.push(v as TargetName);
      else fail(`unknown target ${JSON.stringify(v)}`);
      i++;
      break;
    case '--seconds':
      opts.seconds = num(v, a);
      i++;
      break;
    case '--iterations':
      opts.iterations = num(v, a);
      i++;
      break;
    case '--workers':
    case '-j':
      opts.workers = num(v, a);
      i++;
      break;
    case '--from':
      opts.from = num(v, a);
      i++;
      break;
    case '--seed':
      opts.seed = num(v, a);
      i++;
      break;
    case '--out':
      if (!v) fail('--out needs a folder');
      opts.outDir = path.resolve(v);
      i++;
      break;
    case '--slow-ms':
      opts.slowMs = num(v, a);
      i++;
      break;
    case '--hang-ms':
      opts.hangMs = num(v, a);
      i++;
      break;
    case '--rss-mb':
      opts.rssMb = num(v, a);
      i++;
      break;
    case '--cli-every':
      opts.cliEvery = num(v, a);
      i++;
      break;
    case '--render-every':
      opts.renderEvery = num(v, a);
      i++;
      break;
    case '--no-minimize':
      opts.minimize = false;
      break;
    case '--json':
      json = v;
      i++;
      break;
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
      break;
    default:
      fail(`unknown argument ${JSON.stringify(a)}`);
  }
}
if (opts.seconds === undefined && opts.iterations === undefined) opts.seconds = 60;
const started = new Date().toISOString();
const reports = await fuzz({
  ...opts,
  seed: opts.seed ?? 1,
  targets: targets.length ? targets : TARGETS,
  log: (l) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`),
});
process.stdout.write(formatReports(reports));
if (json)
  writeFileSync(
    json,
    JSON.stringify(
      {
        started,
        seed: opts.seed,
        reports: reports.map((r) => ({
          ...r,
          findings: r.findings.map(({ bytes, ...f }) => ({ ...f, size: bytes.length })),
        })),
      },
      null,
      2,
    ),
  );
process.exit(reports.some((r) => r.findings.length > 0) ? 1 : 0);
