import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configuredSeverity, loadConfig, parseConfig, parseRuleFlag } from '../../src/rules/config.js';
import type { Rule } from '../../src/rules/types.js';

const rule = (id: string): Rule => ({
  id,
  section: '8',
  scr: [],
  side: 'client',
  severity: 'error',
  description: 'd',
  explanation: 'e',
  messages: { m: 'm' },
  check() {},
});
const rules = [rule('pkg1-devinfo-replace'), rule('syncml-decode')];
const known = new Set(rules.map((r) => r.id));

function tmpDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'dmtrace-config-'));
}

describe('parseConfig', () => {
  it('accepts rules set to off, warn or error', () => {
    expect(parseConfig({ rules: { 'pkg1-devinfo-replace': 'off', 'syncml-decode': 'warn' } }, 'x.json', known)).toEqual(
      {
        rules: { 'pkg1-devinfo-replace': 'off', 'syncml-decode': 'warn' },
      },
    );
    expect(parseConfig({}, 'x.json', known)).toEqual({ rules: {} });
  });
  it('names an unknown rule id, with a suggestion', () => {
    expect(() => parseConfig({ rules: { 'pkg1-devinfo': 'off' } }, 'x.json', known)).toThrow(
      /x\.json: rules: unknown rule 'pkg1-devinfo' \(did you mean 'pkg1-devinfo-replace'\?\)/,
    );
  });
  it('names a bad value', () => {
    expect(() => parseConfig({ rules: { 'syncml-decode': 'warning' } }, 'x.json', known)).toThrow(
      /'syncml-decode': bad value "warning"/,
    );
    expect(() => parseConfig({ rules: { 'syncml-decode': 2 } }, 'x.json', known)).toThrow(/bad value 2/);
  });
  it('fails loudly on unknown top-level keys and wrong shapes', () => {
    expect(() => parseConfig({ rule: {} }, 'x.json', known)).toThrow(/unknown key 'rule'/);
    expect(() => parseConfig([], 'x.json', known)).toThrow(ConfigError);
    expect(() => parseConfig({ rules: ['syncml-decode'] }, 'x.json', known)).toThrow(/"rules" must be an object/);
  });
});

describe('parseRuleFlag', () => {
  it('parses ID=setting', () => {
    expect(parseRuleFlag('syncml-decode=off', known)).toEqual(['syncml-decode', 'off']);
  });
  it('rejects a missing =, an unknown id, a bad value', () => {
    expect(() => parseRuleFlag('syncml-decode', known)).toThrow(/expected ID=off\|warn\|error/);
    expect(() => parseRuleFlag('nope=off', known)).toThrow(/unknown rule 'nope'/);
    expect(() => parseRuleFlag('syncml-decode=loud', known)).toThrow(/bad value 'loud'/);
  });
});

describe('loadConfig', () => {
  it('reads .dmtracerc.json from cwd, then applies --rule flags (later wins)', () => {
    const dir = tmpDir();
    writeFileSync(
      path.join(dir, '.dmtracerc.json'),
      JSON.stringify({ rules: { 'syncml-decode': 'off', 'pkg1-devinfo-replace': 'warn' } }),
    );
    const c = loadConfig({ rules, cwd: dir, ruleFlags: ['syncml-decode=error', 'syncml-decode=warn'] });
    expect(c.rules).toEqual({ 'syncml-decode': 'warn', 'pkg1-devinfo-replace': 'warn' });
  });
  it('without a config file, only the flags count', () => {
    expect(loadConfig({ rules, cwd: tmpDir() }).rules).toEqual({});
  });
  it('--config FILE must exist and be JSON', () => {
    const dir = tmpDir();
    expect(() => loadConfig({ rules, cwd: dir, file: 'missing.json' })).toThrow(
      /missing\.json: cannot read config file: ENOENT/,
    );
    writeFileSync(path.join(dir, 'bad.json'), '{ rules: ');
    expect(() => loadConfig({ rules, cwd: dir, file: 'bad.json' })).toThrow(/bad\.json: not valid JSON/);
  });
  it('an invalid implicit .dmtracerc.json is an error too', () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '.dmtracerc.json'), JSON.stringify({ rules: { unknown: 'off' } }));
    expect(() => loadConfig({ rules, cwd: dir })).toThrow(/\.dmtracerc\.json: rules: unknown rule 'unknown'/);
  });
});

describe('configuredSeverity', () => {
  it('maps settings to severities', () => {
    const c = { rules: { a: 'off', b: 'warn', c: 'error' } as const };
    expect(['a', 'b', 'c', 'd'].map((id) => configuredSeverity({ rules: { ...c.rules } }, id))).toEqual([
      'off',
      'warning',
      'error',
      undefined,
    ]);
  });
});
