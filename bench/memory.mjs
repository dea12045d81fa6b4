#!/usr/bin/env node
// Peak memory and wall time of every dmtrace command on the field captures of bench/gen-field.mjs,
// at several sizes, so that one can see whether memory stays flat as the input grows (issue 9),
// beside `tshark -r F -Y http` (the reference dissector's HTTP pass, in the same run) and `cat F`
// (the read-speed limit): wall, user+sys, peak RSS, MB/s, and how many times tshark's wall time.
//
//   node bench/memory.mjs              10M and 100M
//   node bench/memory.mjs 10M 100M 1G  the sizes given (a capture is generated once, in temp/bench/)
//   node bench/memory.mjs --only sessions,lint --no-build
//
// Each command runs in its own child under /usr/bin/time (peak RSS = its "maximum resident set
// size", wall and user+sys from it); stdout goes to /dev/null (the cost of writing the output is in
// the figure, not the terminal's). The CLI is compiled into node_modules/.cache/dmtrace-bench-memory/dist
// (never the shared dist/), with the launcher of bin/dmtrace.js (same V8 flags). Sessions found are
// read from the summary on stderr and compared with the generator's truth file.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, loadAverage, repo } from './lib.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const sizes = args.filter((a, i) => /^\d+[KMG]$/i.test(a) && args[i - 1] !== '--only');
if (!sizes.length) sizes.push('10M', '100M');

// The layout of the package (dist/ beside package.json, which the CLI reads for its version).
const base = path.join(repo, 'node_modules', '.cache', 'dmtrace-bench-memory');
const outDir = path.join(base, 'dist');
// jobs-worker.ts: the worker threads of `lint --jobs`, loaded by path (src/cli/jobs.ts), not imported.
compile('memory', ['src/cli/main.ts', 'src/cli/jobs-worker.ts'], {
  outDir,
  build: !args.includes('--no-build'),
  quiet: true,
});
fs.copyFileSync(path.join(repo, 'package.json'), path.join(base, 'package.json'));
const launcher = path.join(base, 'dmtrace.mjs');
fs.writeFileSync(
  launcher,
  fs
    .readFileSync(path.join(repo, 'bin', 'dmtrace.js'), 'utf8')
    .replace('../dist/cli/main.js', pathToFileURL(path.join(outDir, 'cli', 'main.js')).href),
);

/** The capture of `size`, generated if missing, and its true counts. */
function capture(size) {
  const file = path.join(repo, 'temp', 'bench', `field-${size}.pcapng`);
  if (!fs.existsSync(`${file}.truth.json`))
    execFileSync(process.execPath, [path.join(repo, 'bench', 'gen-field.mjs'), size], { stdio: 'inherit' });
  return { file, truth: JSON.parse(fs.readFileSync(`${file}.truth.json`, 'utf8')) };
}

/** Runs the CLI under /usr/bin/time: wall s, cpu s, peak RSS MB, sessions found (from the summary). */
function run(argv, cmd = [process.execPath, launcher]) {
  return new Promise((resolve) => {
    const p = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...cmd, ...argv], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d) => (err = (err + d).slice(-20000)));
    p.on('close', (code) => {
      const t = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      const s = /^ {2}sessions (\d+)/m.exec(err) ?? /(\d+) sessions? in \d+ input/.exec(err);
      resolve({
        code,
        wall: t ? Number(t[1]) : NaN,
        cpu: t ? Number(t[2]) + Number(t[3]) : NaN,
        rss: t ? Number(t[4]) / 1024 : NaN,
        sessions: s ? Number(s[1]) : undefined,
      });
    });
  });
}

const commands = [
  ['decode', ['decode']],
  ['decode json', ['decode', '--format', 'json']],
  ['decode json --jobs 2', ['decode', '--format', 'json', '--jobs', '2']],
  ['sessions', ['sessions']],
  ['sessions json', ['sessions', '--format', 'json']],
  ['sessions ladder', ['sessions', '--format', 'ladder', '--width', '120']],
  ['lint', ['lint']],
  ['lint json', ['lint', '--format', 'json']],
  ['lint sarif', ['lint', '--format', 'sarif']],
  ['lint junit', ['lint', '--format', 'junit']],
  ['lint github', ['lint', '--format', 'github']],
  ['lint json --jobs 2', ['lint', '--format', 'json', '--jobs', '2']],
  ['lint json --jobs 4', ['lint', '--format', 'json', '--jobs', '4']],
  ['scr', ['scr']],
  ['scr --jobs 2', ['scr', '--jobs', '2']],
  ['export', ['export', '--session', 'FIRST', '-o', '-']],
].filter(([name]) => !only || only.some((o) => name === o || name.startsWith(`${o} `) || name === o.trim()));

console.log(`# bench/memory.mjs · ${os.cpus().length} CPUs · node ${process.version}`);
console.log(
  '| size | file MB | command | wall s | user+sys s | peak RSS MB | MB/s | × tshark | sessions (truth) | exit | load |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const hasTshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
for (const size of sizes) {
  const { file, truth } = capture(size);
  const bytes = fs.statSync(file).size;
  const mb = (bytes / 2 ** 20).toFixed(1);
  for await (const _ of fs.createReadStream(file, { highWaterMark: 1 << 22 })); // warm the page cache
  const row = (name, r, tsharkWall, found = '') =>
    console.log(
      `| ${size} | ${mb} | ${name} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.rss.toFixed(0)} | ` +
        `${r.wall > 0 ? (bytes / 2 ** 20 / r.wall).toFixed(1) : '∞'} | ${tsharkWall && r.wall > 0 ? (tsharkWall / r.wall).toFixed(2) : ''} | ` +
        `${found} | ${r.code} | ${os.loadavg()[0].toFixed(2)} |`,
    );
  row('`cat F`', await run([file], ['cat']));
  const tshark = hasTshark
    ? await run(['-r', file, '-Y', 'http', '-T', 'fields', '-e', 'frame.number'], ['tshark'])
    : undefined;
  if (tshark) row('`tshark -r F -Y http`', tshark, tshark.wall);
  else console.log(`| ${size} | ${mb} | tshark | not installed | | | | | | | |`);
  let first;
  for (const [name, argv] of commands) {
    if (argv.includes('FIRST')) {
      // The first session of the capture, from the JSON (the export must find one by id).
      first ??= /"id": "([^"]+)"/.exec(
        execFileSync(process.execPath, [launcher, 'sessions', '--format', 'json', file], {
          maxBuffer: 1 << 30,
          stdio: ['ignore', 'pipe', 'ignore'],
        }).toString('utf8', 0, 4096),
      )?.[1];
    }
    const r = await run(argv.map((a) => (a === 'FIRST' ? first : a)).concat(file));
    const found = r.sessions === undefined ? '' : `${r.sessions} (${truth.dmSessions})`;
    row(name, r, tshark?.wall, found);
  }
}
console.log(`# ${loadAverage()}`);
