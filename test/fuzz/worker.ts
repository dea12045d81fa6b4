/**
 * A fuzz worker (a child process, started by test/fuzz/fuzz.ts with test/fuzz/register.mjs): reads
 * each input it is sent, from memory (src/sources/index.ts readBytes, under the name of a file in a
 * temporary folder), through the whole pipeline in-process (test/robustness/pipeline.ts) and
 * sometimes through one CLI command (test/helpers.ts runCli), and answers with what broke:
 * anything thrown, the pipeline's violations (accounting, undeclared codes, multi-line or unplaced
 * problems), for a HAR file every DM body it declares accounted for, for a command an exit code
 * other than 0, 1, 2, a stack trace, an internal error, a stray stderr line or output that does not
 * parse. Time and memory are measured here and judged by the parent, which also kills a worker
 * that does not answer (a hang) and notices one that dies (out of memory).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers.js';
import { DETECT_BYTES, detectFormat } from '../../src/sources/detect.js';
import { badStderrLines, runPipeline, unlocated, violations } from '../robustness/pipeline.js';
import { DM_MEDIA_TYPES, mediaType } from '../../src/sources/messages.js';

import type { WorkRequest, WorkResult } from './protocol.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-fuzz-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

/**
 * DM message bodies a HAR file declares (a DM message Content-Type or mimeType, and text or a size):
 * each must reach the decoder or be counted undecodable by the reader.
 */
function declaredHarBodies(bytes: Uint8Array): number | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const log = obj(doc) ? doc.log : undefined;
  const entries = obj(log) ? log.entries : undefined;
  if (!Array.isArray(entries)) return undefined;
  const typeOf = (headers: unknown, body: Record<string, unknown> | undefined): string | undefined => {
    if (Array.isArray(headers))
      for (const h of headers)
        if (obj(h) && typeof h.name === 'string' && h.name.toLowerCase() === 'content-type')
          return typeof h.value === 'string' ? h.value : String(h.value ?? '');
    return body && typeof body.mimeType === 'string' && body.mimeType !== '' ? body.mimeType : undefined;
  };
  const isDm = (t: string | undefined) =>
    DM_MEDIA_TYPES[(mediaType(t) ?? '') as keyof typeof DM_MEDIA_TYPES] === 'message';
  let n = 0;
  for (const e of entries) {
    if (!obj(e) || !obj(e.request)) continue;
    const post = obj(e.request.postData) ? e.request.postData : undefined;
    if (isDm(typeOf(e.request.headers, post))) {
      if (post && typeof post.text === 'string' ? post.text !== '' : Number(e.request.bodySize) > 0) n++;
    }
    if (obj(e.response)) {
      const content = obj(e.response.content) ? e.response.content : undefined;
      if (isDm(typeOf(e.response.headers, content))) {
        if (content && typeof content.text === 'string' ? content.text !== '' : Number(content?.size) > 0) n++;
      }
    }
  }
  return n;
}

/** What `stall.retainMb` keeps for the rest of the worker's life. */
const retained: Buffer[] = [];

async function work(req: WorkRequest): Promise<WorkResult> {
  if (req.stall?.retainMb) retained.push(Buffer.alloc(req.stall.retainMb * 1048576, 1));
  if (req.stall?.idle) await new Promise((r) => setTimeout(r, req.stall!.idle));
  if (req.stall?.spin) for (const end = Date.now() + req.stall.spin; Date.now() < end;);
  const d = path.join(dir, String(++serial % 4));
  const file = path.join(d, req.base);
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  // The pipeline reads the input from memory under the file's name; only a CLI command needs the file.
  if (req.cli && req.cli.at(-1) !== '-') {
    mkdirSync(d, { recursive: true });
    writeFileSync(file, bytes);
  }
  const out: string[] = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let problems = 0;
  let sessions = 0;
  let findings = 0;
  try {
    const run = await runPipeline({ name: file, bytes }, {}, { render: req.render !== false });
    problems = run.problems.length;
    sessions = run.sessions.length;
    findings = run.result.findings.length + run.problems.length;
    out.push(...violations(run));
    const format = detectFormat(bytes.subarray(0, DETECT_BYTES), req.base, bytes.length <= DETECT_BYTES);
    if (format === 'capture' || format === 'har' || format === 'log')
      for (const p of unlocated(run)) out.push(`problem without frame/entry/line/offset: ${p.code}: ${p.message}`);
    for (const p of run.problems) if (p.input !== file) out.push(`problem names ${p.input}, not the input`);
    if (format === 'har') {
      const declared = declaredHarBodies(bytes);
      if (declared !== undefined && run.declaredDmBodies + run.readerUndecodable < declared)
        out.push(
          `HAR declares ${declared} DM bodies; ${run.declaredDmBodies} reached the decoder and ${run.readerUndecodable} were counted undecodable`,
        );
    }
  } catch (err) {
    out.push(`threw: ${(err as Error)?.stack ?? String(err)}`);
  }
  let exit: number | undefined;
  if (req.cli) {
    const stdin = req.cli.at(-1) === '-';
    const args = stdin ? req.cli : [...req.cli, file];
    const what = `dmtrace ${req.cli.join(' ')}`;
    try {
      const r = await runCli(args, stdin ? { stdin: bytes } : {});
      exit = r.code;
      if (![0, 1, 2].includes(r.code)) out.push(`${what}: exit ${r.code}`);
      if (/internal error/.test(r.stderr))
        out.push(`${what}: ${r.stderr.split('\n').find((l) => l.includes('internal error'))}`);
      if (/\n\s+at /.test(r.stderr) || /\n\s+at /.test(r.stdout)) out.push(`${what}: stack trace`);
      for (const l of badStderrLines(r.stderr, stdin ? '-' : file).slice(0, 3))
        out.push(`${what}: stray stderr line ${JSON.stringify(l.slice(0, 160))}`);
      if (r.code !== 2 && req.cli.includes('json')) {
        try {
          JSON.parse(r.stdout);
        } catch {
          out.push(`${what}: stdout is not JSON`);
        }
      }
    } catch (err) {
      out.push(`${what}: threw: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const m = process.memoryUsage();
  return {
    id: req.id,
    violations: out,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rss: m.rss,
    heap: m.heapUsed,
    problems,
    sessions,
    findings,
    ...(exit !== undefined ? { exit } : {}),
  };
}

// One request at a time, in order: the parent waits for each answer.
process.on('message', (req: WorkRequest) => {
  void work(req).then((r) => process.send!(r));
});
process.send!({ ready: true });
// The parent is done (or gone): nothing more will come.
process.on('disconnect', () => process.exit(0));
