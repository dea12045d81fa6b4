#!/usr/bin/env node
/**
 * Lint throughput: sessions per second through every registered rule.
 *
 * Sessions are synthesized in memory (a realistic DM 1.2 session: Package 1 with Alert 1201 and
 * DevInfo, Package 2 with a Get and a Replace, Package 3 with statuses and Results, Package 4),
 * decoded by the real codec and put together by the real assembler; a few sessions in every
 * hundred carry defects so rules report findings. Two measures:
 *   - lint only: lintSession over sessions already assembled (the rules' cost);
 *   - pipeline: decode + assemble + lint, streaming (what `dmtrace lint` does after reading).
 * With a capture (`node bench/lint.mjs FILE.pcapng`, e.g. from bench/gen-capture.mjs), it also runs
 * the whole `dmtrace lint` pipeline on it (read + decode + assemble + lint + JSON report).
 *
 *   node bench/lint.mjs                 # compiles src into a temp dir (tsc); never touches dist/
 *   DMTRACE_DIST=/path/to/dist node bench/lint.mjs [SESSIONS] [CAPTURE]
 *
 * Run on demand, not in the tests.
 */
import { statSync } from 'node:fs';
import { compile, hdr, rssMB, syntheticExchange, wrap } from './lib.mjs';

const args = process.argv.slice(2);
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 20000);
const capture = args.find((a) => !/^\d+$/.test(a));

const entries = [
  'src/rules/index.ts',
  'src/rules/engine.ts',
  'src/session/assemble.ts',
  'src/syncml/message.ts',
  'src/report/lint-json.ts',
];
if (capture) entries.push('src/cli/lint.ts');
const build = compile('lint', entries);
const { load } = build;
const { rules } = await load('rules/index.js');
const { lintSession, lintStream } = await load('rules/engine.js');
const { assembleSessions } = await load('session/assemble.js');
const { decodeMessage } = await load('syncml/message.js');

const status = (id, msgRef, cmdRef, cmd, code) =>
  `<Status><CmdID>${id}</CmdID><MsgRef>${msgRef}</MsgRef><CmdRef>${cmdRef}</CmdRef><Cmd>${cmd}</Cmd><Data>${code}</Data></Status>`;

/** One session as two [request, response] pairs; `defect` drops the DevInfo Replace or a Status. */
function sessionPairs(device, sid, defect) {
  const devinfo = ['DevId', 'Man', 'Mod', 'DmV', 'Lang']
    .map(
      (n) =>
        `<Item><Source><LocURI>./DevInfo/${n}</LocURI></Source><Meta><Format xmlns="syncml:metinf">chr</Format></Meta><Data>${n === 'DevId' ? device : `value of ${n}`}</Data></Item>`,
    )
    .join('');
  const replace = defect === 'no-devinfo' ? '' : `<Replace><CmdID>2</CmdID>${devinfo}</Replace>`;
  const pkg3Statuses =
    defect === 'no-status'
      ? status(1, 1, 0, 'SyncHdr', 200)
      : status(1, 1, 0, 'SyncHdr', 200) + status(2, 1, 3, 'Get', 200) + status(4, 1, 4, 'Replace', 200);
  return [
    [
      wrap(hdr('client', sid, '1', device), `<Alert><CmdID>1</CmdID><Data>1201</Data></Alert>${replace}`),
      wrap(
        hdr('server', sid, '1', device),
        status(1, 1, 0, 'SyncHdr', 200) +
          status(2, 1, 1, 'Alert', 200) +
          (replace ? status(3, 1, 2, 'Replace', 200) : '') +
          `<Get><CmdID>4</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get><Replace><CmdID>5</CmdID><Item><Target><LocURI>./DevInfo/Lang</LocURI></Target><Meta><Format ` +
          `xmlns="syncml:metinf">chr</Format></Meta><Data>fr-FR</Data></Item></Replace>`,
      ),
    ],
    [
      wrap(
        hdr('client', sid, '2', device),
        pkg3Statuses
          .replace('<CmdRef>3</CmdRef><Cmd>Get', '<CmdRef>4</CmdRef><Cmd>Get')
          .replace('<CmdRef>4</CmdRef><Cmd>Replace', '<CmdRef>5</CmdRef><Cmd>Replace') +
          (defect === 'no-status'
            ? ''
            : `<Results><CmdID>3</CmdID><MsgRef>1</MsgRef><CmdRef>4</CmdRef><Item><Source><LocURI>./DevDetail/SwV</LocURI></Source><Meta><Format ` +
              `xmlns="syncml:metinf">chr</Format></Meta><Data>1.0.${sid}</Data></Item></Results>`),
      ),
      wrap(hdr('server', sid, '2', device), status(1, 2, 0, 'SyncHdr', 200)),
    ],
  ];
}

/** Exchanges of `n` sessions, 50 in flight at once (round robin), decoded as they are produced. */
function* exchanges(n) {
  let time = Date.UTC(2026, 10, 24);
  let frame = 0;
  let id = 0;
  const open = [];
  let started = 0;
  const start = () => {
    const k = started++;
    const defect = k % 100 === 7 ? 'no-devinfo' : k % 100 === 42 ? 'no-status' : undefined;
    return { pairs: sessionPairs(`IMEI:${String(k).padStart(15, '0')}`, String((k % 65535) + 1), defect), next: 0 };
  };
  while (open.length < 50 && started < n) open.push(start());
  let cursor = 0;
  while (open.length) {
    const i = cursor % open.length;
    cursor = i + 1;
    const slot = open[i];
    const [req, res] = slot.pairs[slot.next++];
    time += 1;
    yield syntheticExchange(decodeMessage, { id: ++id, frame: frame + 1, time, req, res });
    frame += 2;
    if (slot.next === slot.pairs.length) {
      if (started < n) open[i] = start();
      else {
        open.splice(i, 1);
        cursor = i;
      }
    }
  }
}

console.log(`${rules.length} rules; ${total} synthetic sessions (4 messages each, 2% with defects)`);

// Lint only.
const sessions = [];
for await (const s of assembleSessions(exchanges(total))) sessions.push(s);
let findings = 0;
const byRule = new Map();
const crashes = new Set();
const t0 = performance.now();
for (const s of sessions) {
  const fs = lintSession(s, { rules, onCrash: (c) => crashes.add(`${c.rule}: ${c.error}`) });
  findings += fs.length;
  for (const f of fs) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
}
const lintMs = performance.now() - t0;
console.log(
  `lint only:  ${sessions.length} sessions in ${(lintMs / 1000).toFixed(2)} s = ` +
    `${Math.round(sessions.length / (lintMs / 1000))} sessions/s, ${findings} findings ` +
    `(${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')})`,
);
for (const c of crashes) console.log(`  rule crash: ${c}`);
// The slowest rules, each timed alone over the same sessions.
const perRule = rules.map((rule) => {
  const t = performance.now();
  for (const s of sessions) lintSession(s, { rules: [rule] });
  return [rule.id, performance.now() - t];
});
perRule.sort((a, b) => b[1] - a[1]);
console.log(
  `  slowest rules: ${perRule
    .slice(0, 5)
    .map(([id, ms]) => `${id} ${((ms / sessions.length) * 1000).toFixed(1)} µs/session`)
    .join(', ')}`,
);
sessions.length = 0;

// Decode + assemble + lint, streaming.
const t1 = performance.now();
const result = await lintStream(assembleSessions(exchanges(total)), { rules });
const pipeMs = performance.now() - t1;
console.log(
  `pipeline:   ${result.summary.sessions} sessions in ${(pipeMs / 1000).toFixed(2)} s = ` +
    `${Math.round(result.summary.sessions / (pipeMs / 1000))} sessions/s (decode + assemble + ` +
    `lint), ${result.findings.length} findings; rss ${rssMB().toFixed(0)} MB`,
);

if (capture) {
  const { lintInputs } = await load('cli/lint.js');
  const { formatJson } = await load('report/lint-json.js');
  const { PassThrough } = await import('node:stream');
  const io = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    exitCode: 0,
    color: false,
    progress: false,
    debug: false,
  };
  const t2 = performance.now();
  const r = await lintInputs([capture], io, { rules });
  const json = formatJson(r, { cwd: process.cwd(), rules, version: 'bench' });
  const ms = performance.now() - t2;
  const mb = statSync(capture).size / 2 ** 20;
  const capRules = new Map();
  for (const f of r.findings) capRules.set(f.rule, (capRules.get(f.rule) ?? 0) + 1);
  console.log(
    `capture:    ${capture} (${mb.toFixed(1)} MB): ${r.summary.sessions} sessions in ` +
      `${(ms / 1000).toFixed(2)} s = ${Math.round(r.summary.sessions / (ms / 1000))} sessions/s, ` +
      `${(mb / (ms / 1000)).toFixed(1)} MB/s, ${r.findings.length} findings ` +
      `(${[...capRules].map(([id, n]) => `${id} ${n}`).join(', ')}), JSON ` +
      `${(json.length / 2 ** 20).toFixed(1)} MB`,
  );
}

build.done();
