import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { corpus, fixtures, repoRoot, runCli } from '../helpers.js';
import { validateSarifForGitHub } from '../report/sarif-multitool.js';

const realSession = path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng');
/** The same bytes bundled in the repository (fixtures/sample), named relative to the repository. */
const sample = 'fixtures/sample/session.pcapng';

interface LintJson {
  findings: Array<{
    rule: string;
    severity: string;
    section: string;
    scr: string[];
    side: string;
    session: string;
    message: string;
    location: { input: string; frame?: number; messageIndex?: number; path?: string };
  }>;
  summary: Record<string, number>;
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dmtrace-lint-cli-'));

/** A config with every rule but syncml-decode off: the flag and format tests below look at one finding. */
function onlyDecode(): string {
  const file = path.join(tmp(), 'only-decode.json');
  writeFileSync(
    file,
    JSON.stringify({
      rules: Object.fromEntries(rules.filter((r) => r.id !== 'syncml-decode').map((r) => [r.id, 'off'])),
    }),
  );
  return file;
}
const only = onlyDecode();

describe('dmtrace lint on the real libdmclient session', () => {
  it('finds exactly the real defects of the session, and nothing else', async () => {
    // Read by hand (fixtures/lint/libdmclient-msg*.xml are its four bodies; tshark shows the HTTP
    // headers): Package 1 carries basic credentials, Alert 1201 with CmdID and the DevInfo Replace
    // with a Source LocURI per Item, and Final; Package 2 answers the SyncHdr (212), the Alert and
    // the Replace, sends a Get and a Replace with CmdIDs and MD5 server credentials; Package 3
    // answers the SyncHdr with 212 and an MD5 Chal, each Get item, the Replace (425), sends Results
    // with Source and Meta, and Final; Package 4 answers the SyncHdr and ends the session.
    // The defects:
    //  1. both client requests (frames 4 and 8) are sent as `application/vnd.syncml+xml`, the SyncML
    //     DS media type, not DM's `application/vnd.syncml.dm+xml` (the server answers with the DM type);
    //  2. Package 3 (frame 8) begins with "\n" before `<?xml`, which XML 1.0 §2.8 forbids; the codec
    //     recovers it, so it is a warning.
    const r = await runCli(['lint', realSession, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as LintJson;
    expect(
      out.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        side: f.side,
        session: f.session,
        location: f.location,
      })),
    ).toEqual([
      {
        rule: 'dm-content-type',
        severity: 'error',
        side: 'client',
        session: 'DMCtest/1',
        location: { input: realSession, frame: 4, offset: 568, messageIndex: 0 },
      },
      {
        rule: 'syncml-decode',
        severity: 'warning',
        side: 'client',
        session: 'DMCtest/1',
        location: { input: realSession, frame: 8, offset: 5424, messageIndex: 2 },
      },
      {
        rule: 'dm-content-type',
        severity: 'error',
        side: 'client',
        session: 'DMCtest/1',
        location: { input: realSession, frame: 8, offset: 5424, messageIndex: 2 },
      },
    ]);
    expect(out.findings[0]!.message).toContain('application/vnd.syncml+xml');
    expect(out.findings[1]!.message).toMatch(/before the XML declaration/);
    expect(out.summary).toMatchObject({
      inputs: 1,
      sessions: 1,
      messages: 4,
      errors: 2,
      warnings: 1,
      infos: 0,
      dmMessages: 4,
      undecodable: 0,
    });
  });

  it('stylish: the finding at its ladder position, and a totals line', async () => {
    const r = await runCli(['lint', sample, '--config', only]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/sample\/session\.pcapng {2}session DMCtest\/1 /m);
    expect(r.stdout).toMatch(/^ {2}#3 Pkg3 client→server {2}frame 8 {2}warning {2}.*syncml-decode §RepPro$/m);
    expect(r.stdout).toContain('✖ 1 problem (0 errors, 1 warning) in 1 session in 1 input');
  });

  it('--max-warnings: 1 allowed → 0, 0 allowed → exit 1', async () => {
    expect((await runCli(['lint', sample, '--config', only, '--max-warnings', '1'])).code).toBe(0);
    const r = await runCli(['lint', sample, '--config', only, '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 warnings, more than --max-warnings 0');
  });

  it('--rule sets a severity or turns a rule off; --quiet keeps errors only', async () => {
    const err = await runCli(['lint', sample, '--config', only, '--rule', 'syncml-decode=error', '--format', 'json']);
    expect(err.code).toBe(1);
    expect((JSON.parse(err.stdout) as LintJson).findings.map((f) => f.severity)).toEqual(['error']);
    const off = await runCli(['lint', sample, '--config', only, '--rule', 'syncml-decode=off']);
    expect(off.code).toBe(0);
    expect(off.stdout).toBe('✔ no problems (1 session in 1 input)\n');
    const quiet = await runCli(['lint', sample, '--config', only, '--quiet', '--format', 'json']);
    expect((JSON.parse(quiet.stdout) as LintJson).findings).toEqual([]);
    const quietErr = await runCli([
      'lint',
      sample,
      '--config',
      only,
      '--quiet',
      '--rule',
      'syncml-decode=error',
      '--format',
      'json',
    ]);
    expect((JSON.parse(quietErr.stdout) as LintJson).findings).toHaveLength(1);
  });
});

describe('a folder of message files', () => {
  it("is one session; a finding in another file than the session's first names that file and its line", async () => {
    const r = await runCli(['lint', 'fixtures/lint/', '--config', only]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/lint\/libdmclient-msg0-pkg1\.xml {2}session DMCtest\/1 /m);
    // The newline before <?xml is line 1 of msg2, the declaration line 2.
    expect(r.stdout).toMatch(
      /^ {2}#3 Pkg3 client→server {2}fixtures\/lint\/libdmclient-msg2-pkg3\.xml line 2 {2}warning {2}.*syncml-decode/m,
    );
  });
});

describe('usage errors exit 2 with one line naming the problem', () => {
  it('an unknown rule id or a bad value in --rule', async () => {
    const a = await runCli(['lint', sample, '--rule', 'syncml-decod=off']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(
      /^dmtrace: --rule syncml-decod=off: unknown rule 'syncml-decod' \(did you mean 'syncml-decode'\?\)/,
    );
    expect(a.stdout).toBe('');
    const b = await runCli(['lint', sample, '--rule', 'syncml-decode=loud']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("bad value 'loud'");
  });

  it('a config file with an unknown key, an unknown rule, or that does not exist', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ rules: {}, extends: 'x' }));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ rules: { 'no-such-rule': 'warn' } }));
    const a = await runCli(['lint', sample, '--config', path.join(dir, 'a.json')]);
    expect([a.code, a.stderr]).toEqual([
      2,
      `dmtrace: ${path.join(dir, 'a.json')}: unknown key 'extends' (allowed: rules, $schema)\n`,
    ]);
    const b = await runCli(['lint', sample, '--config', path.join(dir, 'b.json')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("rules: unknown rule 'no-such-rule'");
    const c = await runCli(['lint', sample, '--config', path.join(dir, 'missing.json')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('cannot read config file');
  });

  it('--max-warnings that is not a number', async () => {
    const r = await runCli(['lint', sample, '--max-warnings', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-warnings: expected a whole number');
  });

  it('an unknown --format (commander choices)', async () => {
    const r = await runCli(['lint', sample, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/argument 'xml' is invalid/);
  });

  it('an input that cannot be read', async () => {
    const r = await runCli(['lint', 'no/such/file.pcapng', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dmtrace: no/such/file.pcapng: could not be read');
    expect((JSON.parse(r.stdout) as LintJson & { problems: unknown[] }).problems).toHaveLength(1);
  });

  it('a credentials file that cannot be read', async () => {
    const r = await runCli(['lint', sample, '--credentials', 'no/such/credentials.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('credentials could not be loaded');
  });
});

describe('--credentials', () => {
  it('never prints a secret: a password that also appears in the report is masked', async () => {
    const file = path.join(tmp(), 'creds.json');
    // Contrived on purpose: the device id doubles as the password, so the report would show it.
    writeFileSync(file, JSON.stringify({ devices: { DMCtest: { password: 'DMCtest' } } }));
    const r = await runCli(['lint', sample, '--config', only, '--credentials', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('DMCtest');
    expect((JSON.parse(r.stdout) as LintJson).findings[0]!.session).toBe('***/1');
  });

  it.each(['stylish', 'json', 'sarif', 'junit', 'github'])('never prints a secret in %s either', async (format) => {
    const file = path.join(tmp(), 'creds.json');
    writeFileSync(file, JSON.stringify({ devices: { DMCtest: { password: 'DMCtest' } } }));
    const plain = await runCli(['lint', sample, '--config', only, '--format', format]);
    expect(plain.stdout).toContain('DMCtest'); // the device id is in every format's report
    const r = await runCli(['lint', sample, '--config', only, '--credentials', file, '--format', format]);
    expect(r.stdout).not.toContain('DMCtest');
    expect(r.stdout).toContain('***');
  });
});

describe('.dmtracerc.json in the working directory', () => {
  it('is read when --config is not given, and --rule overrides it', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '.dmtracerc.json'), JSON.stringify({ rules: { 'syncml-decode': 'off' } }));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const off = await runCli(['lint', path.join(repoRoot, sample), '--format', 'json']);
      expect((JSON.parse(off.stdout) as LintJson).findings.map((f) => f.rule)).not.toContain('syncml-decode');
      const on = await runCli([
        'lint',
        path.join(repoRoot, sample),
        '--format',
        'json',
        '--rule',
        'syncml-decode=warn',
      ]);
      expect((JSON.parse(on.stdout) as LintJson).findings.map((f) => f.rule)).toContain('syncml-decode');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('CI formats from the command line', () => {
  it('-o writes SARIF that SARIF Multitool accepts (schema and GitHub rules), with every registered rule', async () => {
    const dir = tmp();
    const file = path.join(dir, 'out', 'dmtrace.sarif');
    const r = await runCli(['lint', sample, '--config', only, '--format', 'sarif', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const log = JSON.parse(readFileSync(file, 'utf8')) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<{
          ruleId: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: unknown } }>;
        }>;
      }>;
    };
    expect(log.runs[0]!.tool.driver.rules.map((x) => x.id)).toEqual(rules.map((x) => x.id));
    expect(
      log.runs[0]!.results.map((x) => [
        x.ruleId,
        x.locations[0]!.physicalLocation.artifactLocation.uri,
        x.locations[0]!.physicalLocation.region,
      ]),
    ).toEqual([['syncml-decode', sample, { startLine: 8 }]]);
    const v = validateSarifForGitHub(file);
    expect(v.status, v.output).toBe(0);
    expect(v.findings, v.output).toEqual([]);
  }, 120_000); // the Multitool is a .NET program: seconds to start, more on a busy machine

  it('junit parses as XML with one testsuite per input and one testcase per session', async () => {
    const r = await runCli([
      'lint',
      sample,
      path.join(fixtures, 'sessions', 'three-devices.pcapng'),
      '--config',
      only,
      '--format',
      'junit',
      '--rule',
      'syncml-decode=error',
    ]);
    expect(r.code).toBe(1);
    const suites: Array<{ name: string; cases: string[]; failures: number }> = [];
    const p = new SaxesParser();
    p.on('opentag', (t) => {
      const a = t.attributes as Record<string, string>;
      if (t.name === 'testsuite') suites.push({ name: a.name!, cases: [], failures: 0 });
      if (t.name === 'testcase') suites[suites.length - 1]!.cases.push(a.name!);
      if (t.name === 'failure') suites[suites.length - 1]!.failures++;
    });
    p.write(r.stdout).close();
    expect(suites.map((s) => [s.name, s.cases.length, s.failures])).toEqual([
      [sample, 1, 1],
      ['fixtures/sessions/three-devices.pcapng', 3, 0],
    ]);
  });

  it('github: one annotation per finding with the file relative to the working directory', async () => {
    const r = await runCli(['lint', path.join(repoRoot, sample), '--config', only, '--format', 'github']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^::warning file=fixtures\/sample\/session\.pcapng,title=syncml-decode \(§RepPro\)::.*before the XML declaration.*%0Asession DMCtest\/1, #3 Pkg3 client→server, frame 8%0ASCR: DM-PRO-C-009\n$/,
    );
  });
});
