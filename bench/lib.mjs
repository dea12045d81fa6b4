/**
 * What the benches share: building the modules they need into a directory of their own (never the
 * shared dist/), the AOSP corpus messages, the synthetic DM session pieces, and the measurements
 * (CPU and wall time of a pass, percentiles, resident set size, load average).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The compiled modules a bench imports. With `dist` (default: $DMTRACE_DIST) that build is used
 * as it is; otherwise `entries` (paths below the repository, e.g. 'src/wbxml/read.ts') and what
 * they import are compiled by tsc into a fresh directory under node_modules/.cache, so that the
 * compiled files resolve saxes & co. from the repository. tsc's type errors in files being changed
 * elsewhere do not stop the bench (tsc still emits JavaScript); a missing entry does.
 * `outDir` compiles into that fixed directory instead (kept afterwards), with a note of the checkout
 * and commit it was built from; `build: false` skips tsc and then refuses a build made from
 * another checkout or commit (node_modules/.cache can be shared by several git worktrees, and a
 * stale build once gave a table its figures); `quiet` hides tsc's output.
 * `load('wbxml/read.js')` imports a compiled module; `done()` removes a fresh directory.
 */
export function compile(name, entries, { dist = process.env.DMTRACE_DIST, outDir, build = true, quiet = false } = {}) {
  const fresh = !dist && !outDir;
  if (!dist) {
    if (outDir) dist = outDir;
    else {
      const cache = path.join(repo, 'node_modules', '.cache');
      mkdirSync(cache, { recursive: true });
      dist = mkdtempSync(path.join(cache, `dmtrace-bench-${name}-`));
    }
    if (build) {
      try {
        execFileSync(
          process.execPath,
          [
            path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'),
            '--outDir',
            dist,
            '--rootDir',
            path.join(repo, 'src'),
            '--module',
            'nodenext',
            '--moduleResolution',
            'nodenext',
            '--target',
            'es2022',
            '--ignoreConfig',
            '--skipLibCheck',
            '--types',
            'node',
            '--lib',
            'es2023',
            '--resolveJsonModule',
            ...entries.map((e) => path.join(repo, e)),
          ],
          { stdio: quiet ? 'ignore' : 'inherit' },
        );
      } catch {
        // tsc reports type errors of files in progress elsewhere but still emits JavaScript.
      }
      mkdirSync(dist, { recursive: true });
      writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');
      if (outDir) writeFileSync(path.join(dist, 'built-from.json'), `${JSON.stringify(checkout())}\n`);
    } else if (outDir) {
      const stamp = path.join(dist, 'built-from.json');
      const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : 'nothing recorded';
      const here = JSON.stringify(checkout());
      if (built !== here) {
        console.error(
          `--no-build: ${dist} was built from ${built}, not from this checkout (${here}); run without --no-build`,
        );
        process.exit(2);
      }
    }
  }
  for (const e of entries) {
    const js = path.join(dist, path.relative(path.join(repo, 'src'), path.join(repo, e)).replace(/\.ts$/, '.js'));
    if (!existsSync(js)) throw new Error(`build failed: ${js} missing`);
  }
  return {
    dist,
    load: (p) => import(pathToFileURL(path.join(dist, p)).href),
    done: () => {
      if (fresh) rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** This checkout and its commit (a build's note of where it came from). */
function checkout() {
  let head = 'unknown';
  try {
    head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the path alone
  }
  return { repo, head };
}

/** The AOSP corpus messages (dm11 and dm12) whose file names end with `ext` ('.xml', '.wbxml'). */
export function corpusMessages(ext) {
  const corpusDir = path.join(repo, 'fixtures', 'corpus', 'aosp-omadm');
  return ['dm11', 'dm12'].flatMap((d) =>
    readdirSync(path.join(corpusDir, d))
      .filter((f) => f.endsWith(ext))
      .map((f) => new Uint8Array(readFileSync(path.join(corpusDir, d, f)))),
  );
}

/** `load average L on N CPUs` */
export const loadAverage = () => `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`;

/** Runs `fn` once; its wall-clock and CPU (user + system) seconds. */
export function measure(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cu = process.cpuUsage(c0);
  return { seconds, cpuSeconds: (cu.user + cu.system) / 1e6 };
}

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];

/** This process's resident set size now, in MB. */
export const rssMB = () => process.memoryUsage().rss / 2 ** 20;

// ---- Synthetic DM 1.2 sessions (the lint and sessions benches)

const SERVER = 'http://dm.example.com/dm';
const enc = new TextEncoder();

/** A SyncHdr of a message from `dir` ('client' or 'server') in session `sid` of `device`. */
export function hdr(dir, sid, msgId, device) {
  const [t, s] = dir === 'client' ? [SERVER, device] : [device, SERVER];
  return (
    `<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>${sid}` +
    `</SessionID><MsgID>${msgId}</MsgID><Target><LocURI>${t}` +
    `</LocURI></Target><Source><LocURI>${s}</LocURI></Source></SyncHdr>`
  );
}

/** A whole SyncML message: header `h`, `body` and Final. */
export const wrap = (h, body) =>
  `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2">${h}<SyncBody>${body}<Final/></SyncBody></SyncML>`;

/**
 * One HTTP exchange (id `id`, frames `frame` and `frame + 1`, at `time` and half a second later)
 * carrying XML `req` and `res`, with both messages decoded by `decodeMessage`, as the assembler
 * takes it.
 */
export function syntheticExchange(decodeMessage, { id, frame, time, req, res }) {
  const ro = { input: 'synthetic', frame, time };
  const so = { input: 'synthetic', frame: frame + 1, time: time + 0.5 };
  const request = {
    direction: 'client',
    method: 'POST',
    url: '/dm',
    headers: [],
    contentType: 'application/vnd.syncml.dm+xml',
    body: enc.encode(req),
    origin: ro,
  };
  const response = {
    direction: 'server',
    statusCode: 200,
    headers: [],
    contentType: 'application/vnd.syncml.dm+xml',
    body: enc.encode(res),
    origin: so,
  };
  return {
    exchange: { id, server: 'dm.example.com/dm', request, response },
    messages: [
      decodeMessage(request.body, { origin: ro, contentType: request.contentType, direction: 'client', http: request }),
      decodeMessage(response.body, {
        origin: so,
        contentType: response.contentType,
        direction: 'server',
        http: response,
      }),
    ],
  };
}
