import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/rules/engine.js';
import { formatGithub } from '../../src/report/lint-github.js';
import { formatJson } from '../../src/report/lint-json.js';
import { formatJunit } from '../../src/report/lint-junit.js';
import { formatSarif, sarifMessageString } from '../../src/report/lint-sarif.js';
import { formatStylish } from '../../src/report/lint-stylish.js';
import { lintFormatNames, lintFormats } from '../../src/report/lint-formats.js';
import {
  absoluteCapture,
  captureInput,
  fixtureResult,
  fixtureRules,
  formatOptions,
  inputProblem,
  logInput,
  nasty,
} from './lint-fixture.js';
import { validateSarifForGitHub } from './sarif-multitool.js';

let result: LintResult;
beforeAll(async () => {
  result = await fixtureResult();
});

const ANSI = /\u001b\[/;

describe('the shared fixture', () => {
  it('has errors, warnings and infos in two sessions of two inputs', () => {
    expect(result.summary).toMatchObject({ inputs: 2, sessions: 2, errors: 2, warnings: 3, infos: 2 });
  });
});

describe('stylish', () => {
  it('groups findings by session with ladder position, input position, severity, rule and section', () => {
    const out = formatStylish(result, formatOptions);
    const lines = out.split('\n');
    const h1 = lines.findIndex((l) => l.includes('session DMCtest/1 '));
    const h2 = lines.findIndex((l) => l.includes('session DMCtest/1#2 '));
    expect(h1).toBeGreaterThan(-1);
    expect(h2).toBeGreaterThan(h1);
    expect(lines[h1]).toContain(captureInput);
    expect(lines[h2]).toContain(logInput);
    const decodeLine = lines.find((l) => l.includes('syncml-decode'))!;
    expect(decodeLine).toMatch(
      /^ {2}#3 Pkg3 client→server +frame 8 +warning +.*before the XML declaration.*syncml-decode §RepPro$/,
    );
    const logLine = lines.slice(h2).find((l) => l.includes('test-status-per-command'))!;
    expect(logLine).toMatch(
      /#3 Pkg3 client→server +line 70 +error +Status 100% wrong: <Data>&"x"<\/Data>, see a,b second line\uFFFD at SyncBody\/Status\[CmdID=5\] +test-status-per-command §8\.5/,
    );
    expect(out).toContain('✖ 7 problems (2 errors, 3 warnings, 2 infos) in 2 sessions in 2 inputs');
    expect(out).toContain('lost segment: 120 bytes missing');
    expect(out).toContain('not read: 1 undecodable body, 1 input problem');
    expect(out).not.toMatch(ANSI);
  });
  it('colors only when asked', () => {
    expect(formatStylish(result, { ...formatOptions, color: true })).toMatch(ANSI);
  });
  it('says so when there is nothing to report', () => {
    const clean: LintResult = {
      ...result,
      findings: [],
      problems: [],
      summary: { ...result.summary, errors: 0, warnings: 0, infos: 0, undecodable: 0, problems: 0 },
    };
    expect(formatStylish(clean, formatOptions)).toBe('✔ no problems (2 sessions in 2 inputs)\n');
  });
});

describe('json', () => {
  it('follows the docs/architecture.md "JSON contracts" contract: findings with rule, severity, section, scr, side, session, message, messageId, data, location; summary', () => {
    const out = JSON.parse(formatJson(result, formatOptions)) as {
      findings: Array<Record<string, unknown>>;
      summary: Record<string, number>;
    };
    expect(out.findings).toEqual(JSON.parse(JSON.stringify(result.findings)));
    for (const f of out.findings) {
      expect(Object.keys(f).sort()).toEqual([
        'data',
        'location',
        'message',
        'messageId',
        'rule',
        'scr',
        'section',
        'session',
        'severity',
        'side',
      ]);
      expect(f.location).toHaveProperty('input');
    }
    const decode = out.findings.find((f) => f.rule === 'syncml-decode')!;
    expect(decode.location).toEqual({ input: captureInput, frame: 8, offset: 5424, messageIndex: 2 });
    expect([decode.messageId, Object.keys(decode.data as object)]).toEqual(['problem', ['problem', 'code', 'where']]);
    for (const k of [
      'inputs',
      'sessions',
      'errors',
      'warnings',
      'infos',
      'undecodable',
      'dmMessages',
      'tlsConnections',
    ])
      expect(typeof out.summary[k]).toBe('number');
    expect(out.summary).toMatchObject({ inputs: 2, sessions: 2, errors: 2, warnings: 3 });
  });
});

type SarifLog = {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: Array<{
          id: string;
          helpUri: string;
          defaultConfiguration: { level: string };
          shortDescription: { text: string };
          fullDescription: { text: string };
          messageStrings: Record<string, { text: string }>;
        }>;
      };
    };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string; id: string; arguments: string[] };
      properties: { messageId: string; data: Record<string, string> };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region?: { startLine?: number };
        };
        logicalLocations: Array<{ name: string; kind: string }>;
      }>;
      partialFingerprints: Record<string, string>;
    }>;
    invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
  }>;
};

describe('sarif', () => {
  const parse = (r: LintResult, cwd = formatOptions.cwd) =>
    JSON.parse(formatSarif(r, { ...formatOptions, cwd })) as SarifLog;

  it('declares SARIF 2.1.0 and every registered rule with descriptions, helpUri into docs/rules.md and a default level', () => {
    const log = parse(result);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const driver = log.runs[0]!.tool.driver;
    expect([driver.name, driver.version]).toEqual(['dmtrace', '0.1.0']);
    expect(driver.rules.map((r) => r.id)).toEqual(fixtureRules.map((r) => r.id));
    for (const r of driver.rules) {
      expect(r.helpUri).toMatch(new RegExp(`/docs/rules\\.md#${r.id}$`));
      expect(r.shortDescription.text.length).toBeGreaterThan(5);
    }
    expect(driver.rules.map((r) => r.defaultConfiguration.level)).toEqual(['error', 'error', 'warning']);
  });

  it('maps each finding to a result: ruleIndex, level, relative uri, frame number as the line for a capture, line for a log, logical locations', () => {
    const log = parse(result);
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(result.findings.length);
    const rules = log.runs[0]!.tool.driver.rules;
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(results.map((r) => r.level).sort()).toEqual([
      'error',
      'error',
      'note',
      'note',
      'warning',
      'warning',
      'warning',
    ]);
    for (const r of results) expect(r.locations[0]!.physicalLocation.region?.startLine).toBeGreaterThanOrEqual(1);
    const decode = results.find((r) => r.ruleId === 'syncml-decode')!;
    expect(decode.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: captureInput, uriBaseId: '%SRCROOT%' },
      region: { startLine: 8 },
    });
    expect(decode.locations[0]!.logicalLocations.map((l) => [l.name, l.kind])).toEqual([
      ['DMCtest/1', 'module'],
      ['message[2]', 'element'],
    ]);
    const inLog = results.find(
      (r) =>
        r.ruleId === 'test-status-per-command' && r.locations[0]!.physicalLocation.artifactLocation.uri === logInput,
    )!;
    expect(inLog.locations[0]!.physicalLocation.region).toEqual({ startLine: 70 });
    expect(inLog.message.text).toContain('second line');
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text).toContain(inputProblem.message);
  });

  it("gives each result its rule's message id and arguments, and each rule its message strings (SARIF §3.11.7)", () => {
    const log = parse(result);
    const run = log.runs[0]!;
    const decodeRule = run.tool.driver.rules.find((r) => r.id === 'syncml-decode')!;
    expect(decodeRule.messageStrings).toEqual({ problem: { text: '{0} [{1}]{2}.' } });
    for (const r of run.results) {
      const f = result.findings[run.results.indexOf(r)]!;
      expect([r.message.id, r.properties.messageId, r.properties.data]).toEqual([f.messageId, f.messageId, f.data]);
      // The message string with its arguments filled is the finding's message (as a sentence).
      const text = run.tool.driver.rules[r.ruleIndex]!.messageStrings[r.message.id]!.text;
      const filled = text.replace(/\{(\d+)\}/g, (_m, i: string) => r.message.arguments[Number(i)]!);
      expect(filled.replace(/\.$/, '')).toBe(f.message.replace(/\.$/, ''));
    }
    expect(sarifMessageString('{{a}} has {b} and {{ a }}, {{c}}')).toEqual({
      text: '{0} has {{b}} and {0}, {1}.',
      names: ['a', 'c'],
    });
  });

  it('has partialFingerprints that differ between findings and stay the same across runs and path spellings', () => {
    const a = parse(result).runs[0]!.results.map((r) => r.partialFingerprints['dmtraceFinding/v1']);
    expect(new Set(a).size).toBe(a.length);
    const b = parse(result).runs[0]!.results.map((r) => r.partialFingerprints['dmtraceFinding/v1']);
    expect(b).toEqual(a);
    // The same capture named by its absolute path: same uri (relative to cwd), same fingerprints.
    const abs: LintResult = JSON.parse(JSON.stringify(result)) as LintResult;
    for (const f of abs.findings) if (f.location.input === captureInput) f.location.input = absoluteCapture;
    const c = parse(abs);
    expect(c.runs[0]!.results.map((r) => r.partialFingerprints['dmtraceFinding/v1'])).toEqual(a);
    expect(
      c.runs[0]!.results.find((r) => r.ruleId === 'syncml-decode')!.locations[0]!.physicalLocation.artifactLocation.uri,
    ).toBe(captureInput);
  });

  it("passes Microsoft's SARIF Multitool (schema, Gh/Ghas rules and GH1001-GH1007) with no errors and no warnings", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dmtrace-sarif-')), 'lint.sarif');
    writeFileSync(file, formatSarif(result, formatOptions));
    const v = validateSarifForGitHub(file);
    expect(v.status, v.output).toBe(0);
    expect(v.findings, v.output).toEqual([]);
  }, 120_000); // the Multitool is a .NET program: seconds to start, more on a busy machine

  it('the validation catches a broken log (so the test above can fail)', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dmtrace-sarif-')), 'broken.sarif');
    const log = parse(result) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete log.runs[0]!.results[0]!.locations;
    delete (log.runs[0]!.results[1]!.locations as Array<{ physicalLocation: Record<string, unknown> }>)[0]!
      .physicalLocation.region;
    writeFileSync(file, JSON.stringify(log));
    const errors = validateSarifForGitHub(file).findings;
    expect(errors).toContain('error GH1001'); // no locations
    expect(errors).toContain('error GH1003'); // no region.startLine
  }, 120_000); // the Multitool is a .NET program: seconds to start, more on a busy machine
});

describe('junit', () => {
  interface El {
    name: string;
    attrs: Record<string, string>;
    text: string;
    children: El[];
  }
  function parseXml(xml: string): El {
    const p = new SaxesParser();
    const stack: El[] = [];
    let root: El | undefined;
    p.on('error', (e) => {
      throw e;
    });
    p.on('opentag', (t) => {
      const el: El = { name: t.name, attrs: t.attributes as Record<string, string>, text: '', children: [] };
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else root = el;
      stack.push(el);
    });
    p.on('text', (t) => {
      if (stack.length) stack[stack.length - 1]!.text += t;
    });
    p.on('closetag', () => void stack.pop());
    p.write(xml).close();
    return root!;
  }

  it('parses as XML: one testsuite per input, one testcase per session, failures carrying the findings', () => {
    const root = parseXml(formatJunit(result, formatOptions));
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.attrs.name)).toEqual([captureInput, logInput]);
    const [capture, log] = root.children;
    expect(capture!.children.map((c) => c.attrs.name)).toEqual(['read', 'session DMCtest/1']);
    expect(log!.children.map((c) => c.attrs.name)).toEqual(['session DMCtest/1#2']);
    expect(capture!.attrs).toMatchObject({ tests: '2', failures: '1', errors: '1' });
    expect(root.attrs).toMatchObject({ tests: '3', failures: '2', errors: '1' });
    const failure = log!.children[0]!.children[0]!;
    expect(failure.name).toBe('failure');
    // Escaped on the way out, the same text on the way back in (the control character replaced).
    expect(failure.text).toContain(nasty.replace('\u0001', '\uFFFD'));
    expect(failure.text.split('\n').filter((l) => /^(error|warning|info): /.test(l))).toHaveLength(3);
    expect(capture!.children[0]!.children[0]!.name).toBe('error');
  });

  it('a session with only warnings passes, its findings in system-out', () => {
    const warnOnly: LintResult = {
      ...result,
      findings: result.findings.filter((f) => f.severity !== 'error'),
      problems: [],
    };
    const root = parseXml(formatJunit(warnOnly, formatOptions));
    const testcase = root.children[0]!.children[0]!;
    expect(testcase.children.map((c) => c.name)).toEqual(['system-out']);
    expect(root.attrs.failures).toBe('0');
  });
});

describe('github', () => {
  const unescape = (s: string) =>
    s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

  it('writes one workflow annotation per finding and input problem, escaped as the runner expects', () => {
    const lines = formatGithub(result, formatOptions).trimEnd().split('\n');
    expect(lines).toHaveLength(result.findings.length + result.problems.length);
    const re = /^::(error|warning|notice) ([^:]*)::(.*)$/;
    for (const l of lines) expect(l).toMatch(re);
    const logErr = lines.find((l) => l.startsWith('::error') && l.includes('device.log'))!;
    const [, kind, props, msg] = re.exec(logErr)!;
    expect(kind).toBe('error');
    expect(
      Object.fromEntries(
        props!
          .split(',')
          .map((p) => p.split('=') as [string, string])
          .map(([k, v]) => [k, unescape(v)]),
      ),
    ).toEqual({
      file: logInput,
      line: '70',
      title: 'test-status-per-command (§8.5)',
    });
    expect(unescape(msg!).startsWith(nasty)).toBe(true);
    expect(msg).not.toMatch(/[\r\n]/);
    expect(lines.filter((l) => l.startsWith('::notice'))).toHaveLength(2);
  });

  it('escapes : and , in property values (a title or file name carrying them)', () => {
    const odd: LintResult = JSON.parse(JSON.stringify(result)) as LintResult;
    odd.problems = [];
    odd.findings = [{ ...odd.findings[0]!, location: { input: 'dir/a:b,c.log', line: 3 } }];
    expect(formatGithub(odd, formatOptions)).toMatch(
      /^::warning file=dir\/a%3Ab%2Cc\.log,line=3,title=test-server-meta \(§8\.4\)::/,
    );
  });
});

describe('the format table', () => {
  it('lists the five formats, each a function of the result', () => {
    expect(lintFormatNames).toEqual(['stylish', 'json', 'sarif', 'junit', 'github']);
    for (const n of lintFormatNames) expect(typeof lintFormats[n](result, formatOptions)).toBe('string');
  });
});
