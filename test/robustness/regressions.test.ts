/**
 * Inputs that once broke the "one clear message, located" rule, found by the mutation test
 * (test/robustness/mutation.test.ts); each is made here from a real fixture so it can fail again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, repoRoot, runCli } from '../helpers.js';
import { readHar } from '../../src/sources/har.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';
import { runPipeline, violations } from './pipeline.js';
import { cellText, MAX_CELL, renderSessionsTable } from '../../src/report/sessions-table.js';
import { renderSessionsJson } from '../../src/report/sessions-json.js';
import { formatStylish } from '../../src/report/lint-stylish.js';
import { decodeMessage } from '../../src/syncml/message.js';
import { shownName } from '../../src/wbxml/read.js';
import { newSummary } from '../../src/model/exchange.js';
import type { LintResult } from '../../src/rules/engine.js';
import type { Finding } from '../../src/rules/types.js';

async function harProblems(text: string): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  for await (const _ of readHar(
    { name: 'bad.har', stream: [Buffer.from(text)] as unknown as AsyncIterable<Uint8Array> },
    ctx,
  ))
    void _;
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
    expect(run.ctx.summary.packets).toBe(
      execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' })
        .trim()
        .split('\n').length,
    );
  });
});

describe('a server URI that swallows the rest of its message (corpus testnewdatatype.xml, 32 bits flipped)', () => {
  // `</LocURI>` turned into `<?LocURI>` makes the Source LocURI run to the end of the document:
  // a 3 kB server name of ~170 lines. cli-table3 took 40 s to lay that cell out.
  const file = path.join(fixtures, 'robustness', 'server-uri-swallows-message.xml');

  it('the sessions table shows it cut (wrapped in its cell); JSON keeps the value as read', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    const s = run.sessions[0]!;
    expect(s.server.split('\n').length).toBeGreaterThan(100);
    const table = renderSessionsTable(run.sessions);
    const lines = table.split('\n');
    const first = lines.findIndex((l) => l.startsWith('│') && l.includes('000000011234564'));
    expect(first).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith('│') && l.includes('000000011234564'))).toHaveLength(1);
    // The Server column of the row's lines, read down, is the cut value (wrapped at spaces).
    const rowLines = lines.slice(
      first,
      lines.findIndex((l, i) => i > first && !l.startsWith('│')),
    );
    const server = rowLines.map((l) => l.split('│')[2]!.trim()).join('');
    expect(server.replace(/\s/g, '')).toBe(`${cellText(s.server).slice(0, MAX_CELL - 1)}…`.replace(/\s/g, ''));
    // Header, one row (auth takes two lines), borders, the incomplete-session note: a handful of lines.
    expect(table.split('\n').length).toBeLessThan(12);
    expect(JSON.parse(renderSessionsJson(run.sessions, run.ctx.summary)).sessions[0].server).toBe(s.server);
  });
});

describe('a pcapng timestamp past what a Date holds (sessions/aborted-server.pcapng, 4 bits flipped)', () => {
  // Byte 432 is the high byte of frame 1's EPB timestamp: 2^58 µs, far past ±8.64e15 ms.
  // renderSessionsJson threw RangeError: Invalid time value (Date.toISOString).
  const file = path.join(fixtures, 'robustness', 'pcapng-timestamp-past-date-range.pcapng');

  it('the frame is read without a time, said once, and every report renders', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    const bad = run.problems.filter((p) => p.code === 'capture-bad-timestamp');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ input: file, frame: 1, severity: 'warning' });
    // tshark reads frame 1's time as the same out-of-range value (seconds since the epoch).
    const epoch = Number(
      execFileSync('tshark', ['-r', file, '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch'], {
        encoding: 'utf8',
      }).trim(),
    );
    expect(epoch * 1000).toBeGreaterThan(8.64e15);
    expect(bad[0]!.message).toContain(
      `frame time ${Math.round(epoch * 1000)
        .toString()
        .slice(0, 6)}`,
    );
    expect(run.sessions.length).toBeGreaterThan(0);
  });

  it('every command prints it without an internal error', async () => {
    for (const args of [
      ['decode'],
      ['sessions', '--format', 'json'],
      ['sessions'],
      ['export', '-s', 'x', '-o', '-'],
      ['lint', '--format', 'sarif'],
    ]) {
      const r = await runCli([...args, file]);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
      expect([0, 1, 2]).toContain(r.code);
    }
  });
});

describe('a WBXML public-id string-table index past the end of a short document (issue 11)', () => {
  // corpus dm12/testdelete.wbxml cut to 6 bytes, its public-id index byte set to 5: the header
  // declares a 29-byte string table and an FPI at index 5 of it, the document holds 1 byte of it.
  // Before the fix: RangeError "offset" is outside of buffer bounds in isSyncML's header sniffing
  // (src/syncml/message.ts), `dmtrace decode` said `internal error`.
  const file = path.join(fixtures, 'robustness', 'wbxml-fpi-index-past-end.wbxml');

  it('is one located problem, not an internal error, in every command', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]).toMatchObject({ code: 'dm-body-undecodable', input: file });
    expect(run.problems[0]!.message).toContain('29 bytes declared, 1 present');
    for (const cmd of ['decode', 'lint', 'sessions']) {
      const r = await runCli([cmd, file]);
      expect(r.stderr, cmd).not.toMatch(/internal error/);
      expect(r.code, cmd).toBe(2);
    }
  });
});

describe('hundreds of thousands of problems in one message (issue 11: "Maximum call stack size exceeded")', () => {
  // `problems.push(...list)` in decodeMessage and `Math.max(...rows)` in the stylish formatter
  // passed every problem as an argument: past ~120,000 the stack overflows.
  const msg1 = readFileSync(path.join(fixtures, 'messages', 'msg1.xml'), 'utf8');
  const at = msg1.indexOf('<SyncBody>') + '<SyncBody>'.length;

  it('decodeMessage keeps the message and its problems', () => {
    const bytes = Buffer.from(msg1.slice(0, at) + '<Foo/>'.repeat(150_000) + msg1.slice(at));
    const m = decodeMessage(bytes, { origin: { input: 'many.xml' } });
    expect(m.problems.map((p) => p.code)).not.toContain('syncml-internal-error');
    expect(m.syncml?.hdr.sessionID).toBe('11');
  });

  it('the stylish formatter lays out a session with 150,000 findings', () => {
    const finding: Finding = {
      rule: 'syncml-decode',
      severity: 'warning',
      section: 'RepPro',
      scr: [],
      side: 'client',
      session: 's/1',
      message: 'x',
      messageId: 'problem',
      data: {},
      location: { input: 'many.xml', messageIndex: 0 },
    };
    const result: LintResult = {
      findings: Array.from({ length: 150_000 }, () => finding),
      sessions: [],
      inputs: ['many.xml'],
      problems: [],
      crashes: [],
      summary: { ...newSummary(), sessions: 1, messages: 1, errors: 0, warnings: 150_000, infos: 0 },
    };
    const text = formatStylish(result, { cwd: '/', rules: [], version: '0' });
    expect(text.split('\n').filter((l) => l.includes('syncml-decode'))).toHaveLength(150_000);
  });
});

describe('a WBXML string table repeated by STR_T references (issue 11: 62 kB gave 4.4 MB of text in 1.2 s)', () => {
  // fixtures/robustness/wbxml-strtbl-text-blowup.wbxml: a 7 kB document whose 1,000-byte string is
  // referenced 3,000 times: 3 MB of text without the budget (its size + maxExtraText, 1 MiB).
  const file = path.join(fixtures, 'robustness', 'wbxml-strtbl-text-blowup.wbxml');
  const bytes = readFileSync(file);

  it('decodes text up to the budget and says once where it stopped', () => {
    const m = decodeMessage(bytes, { origin: { input: file } });
    const cut = m.problems.filter((p) => p.code === 'wbxml-text-budget');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.offset).toBeGreaterThan(0);
    const text = m.tree!.children.map((c) => (c.kind === 'text' ? c.value.length : 0)).reduce((a, b) => a + b, 0);
    expect(text).toBeLessThanOrEqual(bytes.length + 1024 * 1024);
    expect(text).toBeGreaterThan(1024 * 1024 - 1000);
  });

  it('the full document within a larger budget (the budget is what cuts it)', async () => {
    const { readWbxml } = await import('../../src/wbxml/read.js');
    const r = readWbxml(bytes, { maxExtraText: 4 * 1024 * 1024 });
    expect(r.problems.map((p) => p.code)).not.toContain('wbxml-text-budget');
    const t = r.root!.children[0];
    expect(t?.kind === 'text' ? t.value.length : 0).toBe(3_000_000);
  });
});

describe('a message with hundreds of problems (issue 11: maxProblems, README "Limits")', () => {
  // fixtures/robustness/many-problems.xml: a SyncML message whose SyncBody holds 300 elements
  // SyncBody does not allow (Bogus0 … Bogus299): one syncml-unexpected-element warning each.
  const file = path.join(fixtures, 'robustness', 'many-problems.xml');
  const bytes = readFileSync(file);

  it('lists the first 100 and counts the rest in one problem, placed at the first of them', () => {
    const m = decodeMessage(bytes, { origin: { input: file } });
    expect(m.syncml).toBeDefined();
    expect(m.problems).toHaveLength(101);
    const more = m.problems[100]!;
    expect(more.code).toBe('syncml-too-many-problems');
    expect(more.severity).toBe('warning');
    expect(more.message).toMatch(
      /^200 more problems in this message are not listed \(maxProblems 100\): syncml-unexpected-element ×200$/,
    );
    expect(more.path).toBe('SyncBody/Bogus100');
    expect(more.line).toBe(1);
  });

  it('a lower limit, and the worst severity of what was dropped', async () => {
    const { capProblems } = await import('../../src/syncml/message.js');
    const m = decodeMessage(bytes, { origin: { input: file }, maxProblems: 10 });
    expect(m.problems).toHaveLength(11);
    expect(m.problems[10]!.message).toMatch(/^290 more/);
    const list = [
      { severity: 'info', code: 'syncml-unexpected-element', message: 'a' },
      { severity: 'warning', code: 'syncml-unexpected-element', message: 'b' },
      { severity: 'error', code: 'syncml-internal-error', message: 'c', offset: 7 },
      { severity: 'info', code: 'syncml-unexpected-element', message: 'd' },
    ] as Parameters<typeof capProblems>[0];
    capProblems(list, 2);
    expect(list).toHaveLength(3);
    expect(list[2]).toMatchObject({ severity: 'error', code: 'syncml-too-many-problems', offset: 7 });
    expect(list[2]!.message).toContain('syncml-internal-error ×1');
  });

  it('lint: one finding per listed problem plus the count, never 300 lines', async () => {
    const r = await runCli(['lint', '--format', 'json', file]);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ message: string }> }).findings;
    const decode = findings.filter((f) => /syncml-unexpected-element|syncml-too-many-problems/.test(f.message));
    expect(decode).toHaveLength(101);
  });
});

describe('a HAR that declares a DM body it does not hold (issue 11: HAR accounting)', () => {
  // fixtures/robustness/har-dm-body-size-only.har: har/browser.har with entry 0's request postData
  // text replaced by "size": -1 (the fuzzer's mutant, seed 7): bodySize still says 2,894 bytes.
  const file = path.join(fixtures, 'robustness', 'har-dm-body-size-only.har');

  it('the missing body is one located warning and counted undecodable: 4 declared = 3 messages + 1 undecodable', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    const missing = run.problems.filter((p) => p.code === 'har-body-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ entry: 0, severity: 'warning' });
    expect(run.ctx.summary.dmMessages).toBe(3);
    expect(run.ctx.summary.undecodable).toBe(1);
    expect(run.declaredDmBodies + run.readerUndecodable).toBe(4);
  });
});

describe('deep XML nesting in a message file and in a log (issue 11: "Maximum call stack size exceeded" in decode and stylish)', () => {
  // fixtures/robustness/xml-deep-nesting.xml: a SyncML message whose Item Data holds 5,000 nested
  // <x> (line 2); log-deep-nesting.log: the same message on one logcat line (line 2).
  const xml = path.join(fixtures, 'robustness', 'xml-deep-nesting.xml');
  const log = path.join(fixtures, 'robustness', 'log-deep-nesting.log');
  // SyncML, SyncBody, Replace, Item, Data are levels 1-5 (SyncHdr is closed): the 60th <x> is level 65.
  const line2 = readFileSync(xml, 'utf8').split('\n')[1]!;
  const column = 59 * '<x>'.length + 1;
  expect(line2.slice(column - 1, column + 2)).toBe('<x>');

  for (const [file, where] of [
    [xml, { line: 2, column }],
    [log, { line: 2 }],
  ] as const) {
    const name = path.basename(file);
    it(`${name}: every command reads it with one located xml-too-deep error and no stack trace`, async () => {
      for (const args of [
        ['decode'],
        ['lint'],
        ['lint', '--format', 'json'],
        ['sessions'],
        ['sessions', '--format', 'ladder'],
        ['scr'],
      ]) {
        const r = await runCli([...args, file]);
        const out = r.stdout + r.stderr;
        expect(r.code, args.join(' ')).toBeLessThanOrEqual(2);
        expect(out, args.join(' ')).not.toMatch(/RangeError|call stack|internal error|\n\s+at .*:\d+:\d+/);
      }
      const json = JSON.parse((await runCli(['lint', '--format', 'json', file])).stdout) as {
        findings: Array<{ message: string; location: { line?: number } }>;
        summary: { sessions: number };
      };
      expect(json.summary.sessions).toBe(1);
      const deep = json.findings.filter((f) => f.message.includes('[xml-too-deep]'));
      expect(deep).toHaveLength(1);
      expect(deep[0]!.location.line).toBe(where.line);
      if ('column' in where) expect(deep[0]!.message).toContain(`line ${where.line}:${where.column} of the message`);
      const stylish = await runCli(['lint', file]);
      expect(stylish.stdout).toMatch(/nests deeper than the limit of 64 levels \(maxDepth\)/);
    });
  }
});

describe('a log line holding thousands of SyncML messages (fuzz: xml target, seed 1, iteration 8,206)', () => {
  // The mutant repeated the SyncML element of sessions/assembly/pkg1-no-final/04-server.xml 6,170
  // times on one line. Each message that ended on the line started the next one by a call, so the
  // reader recursed once per message ("Maximum call stack size exceeded", the input lost as
  // unreadable), and each start re-cut the whole line before it into prefix candidates (quadratic:
  // 1,000 messages took 33 s and 666 MB). Made here from the fixture, compacted to one line.
  const message = readFileSync(path.join(fixtures, 'sessions', 'assembly', 'pkg1-no-final', '04-server.xml'), 'utf8')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/>\s+</g, '><')
    .trim();
  const count = 5000;
  const line = `2026-12-07 10:00:00.123 D/OmaDm: received ${message.repeat(count)}\n`;

  it('reads every message on the line, with no internal error and nothing unaccounted', async () => {
    const run = await runPipeline({ name: 'one-line.log', bytes: Buffer.from(line) }, {}, { render: false });
    expect(violations(run)).toEqual([]);
    expect(run.problems.map((p) => p.code)).not.toContain('input-unreadable');
    expect(run.ctx.summary.dmMessages).toBe(count);
    expect(run.ctx.summary.undecodable).toBe(0);
  });
});

describe('text before a message start too long to be a log prefix (fuzz: xml target, seed 11, iteration 21,816)', () => {
  // pkg1-no-final/02-server.xml nested 98,292 deep and spliced, minimized to 33 kB: one line of
  // `<Sequence>` runs before a message start. The log reader made a continuation-line regex of the
  // whole text before it ("Regular expression too large"), caught as an internal error that quoted
  // the 4 MB regex. Prefixes are now cut at 256 characters, and an internal error's message at 300.
  const file = path.join(fixtures, 'robustness', 'log-prefix-regex-too-large.xml');

  it('is read with no internal error, each problem one short line', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    expect(run.problems.map((p) => p.code)).not.toContain('internal-error');
    for (const p of run.problems) expect(p.message.length, p.code).toBeLessThan(500);
  });
});

describe('an HTTP body whose XML prolog has an unclosed <? (fuzz pcapng, seed 12, iteration 344,797)', () => {
  // sessions/assembly/sessionid-change.pcapng, a block duplicated, the snap length and 16 bits
  // changed: a body holding `<?` with no `?>` after its first characters sent isSyncML's root-name
  // search back to the same `<` for ever (src/syncml/message.ts xmlRootName); `dmtrace decode` ran
  // until killed.
  const file = path.join(fixtures, 'robustness', 'pcapng-unclosed-pi-loops.pcapng');

  it('is read to the end, every problem located, and every command ends', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    expect(run.problems.length).toBeGreaterThan(0);
    for (const args of [['decode'], ['sessions', '--format', 'json'], ['lint']]) {
      const r = await runCli([...args, file]);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
      expect([0, 1, 2]).toContain(r.code);
    }
  }, 30_000);
});

describe('a WBXML literal tag whose name holds a newline (fuzz wbxml, seed 12, iteration 297,866)', () => {
  // sessions/assembly/sessionid-change-wbxml/06-server.wbxml mutated to 53 bytes: its string table
  // is the tag's name, binary with a newline in it; the document ends inside that element's
  // attribute list, and the problem quoted the open elements as they were: two lines.
  const file = path.join(fixtures, 'robustness', 'wbxml-literal-tag-name-newline.wbxml');

  it('is one problem on one line, the name quoted with its control characters escaped', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    const p = run.problems.find((x) => x.message.includes('open elements'));
    expect(p, JSON.stringify(run.problems)).toBeDefined();
    expect(p!.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(p!.message).toMatch(/open elements: "[^"]*\\n/);
  });

  it('shownName leaves a plain name and quotes any other', () => {
    expect(shownName('SyncHdr')).toBe('SyncHdr');
    expect(shownName('a\nb\u0085')).toBe('"a\\nb\\u0085"');
    expect(shownName('x'.repeat(100))).toBe(`"${'x'.repeat(64)}…"`);
  });
});

describe('a log whose SessionID holds a newline (fuzz log, seed 12, iteration 106,828)', () => {
  // fixtures/logs/server.log with a line split inside </SessionID> and a message repeated: the
  // session-duplicate-message problem named the session by its id, newline and all.
  const file = path.join(fixtures, 'robustness', 'log-sessionid-newline.log');

  it('names the session in one line: the id quotes the SessionID, the session keeps it as read', async () => {
    const run = await runPipeline([file]);
    expect(violations(run)).toEqual([]);
    const dup = run.problems.filter((p) => p.code === 'session-duplicate-message');
    expect(dup.length).toBeGreaterThan(0);
    for (const p of dup) expect(p.message).not.toMatch(/[\u0000-\u001f]/);
    const s = run.sessions.find((x) => x.sessionId.includes('\n'));
    expect(s, run.sessions.map((x) => x.id).join(', ')).toBeDefined();
    expect(s!.id).toBe(`${s!.device}/${JSON.stringify(s!.sessionId)}`);
    expect(dup[0]!.message).toContain(`kept once in session ${s!.id}`);
  });
});

describe('a UTF-16 hexdump log with a long unspaced hex run (fuzz log, seed 12, iteration 153,515)', () => {
  // fixtures/logs/hexdump.log with its line ends lost, a run duplicated, re-encoded UTF-16BE and
  // cut: a line read as an xxd row whose hex part is one long run. The row check
  // `(?:[0-9a-f]{2,4} ?)+` tried exponentially many splits of it: the reader never returned. Run in
  // a child process with a timeout, so that a regression fails this test rather than hanging the suite.
  const file = path.join(fixtures, 'robustness', 'log-xxd-row-backtracks.log');

  it('is read: its one message is linted with its decoding problems', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'bin', 'dmtrace.js'), 'lint', '--format', 'json', file],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.error, 'dmtrace did not finish in 30 s').toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('internal error');
    const doc = JSON.parse(r.stdout) as {
      summary: { dmMessages: number };
      findings: Array<{ data?: { code?: string } }>;
    };
    expect(doc.summary.dmMessages).toBe(1);
    expect(doc.findings.map((f) => f.data?.code)).toContain('wbxml-truncated');
  });
});
