/**
 * Lint configuration: which rules run and at what severity. From `.dmtracerc.json` (in the current
 * directory, or the file given with `--config`) and `--rule ID=off|warn|error` flags, the flags
 * winning. Validated strictly (mitmproxy style: unknown keys fail loudly): an unknown rule id, a bad
 * value or an unknown top-level key is a ConfigError naming it, which the CLI turns into exit 2.
 *
 * ```json
 * { "rules": { "pkg1-devinfo-replace": "off", "syncml-decode": "warn" } }
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Severity } from '../model/problem.js';
import type { Rule } from './types.js';

/** What a rule can be set to. `warn` and `error` force every finding of the rule to that severity. */
export const ruleSettings = ['off', 'warn', 'error'] as const;
export type RuleSetting = (typeof ruleSettings)[number];

/** The resolved configuration: a setting per rule id that has one (others run at their defaults). */
export interface LintConfig {
  rules: Record<string, RuleSetting>;
}

/** The name looked up in the current directory when `--config` is not given. */
export const defaultConfigFile = '.dmtracerc.json';

/** Top-level keys a config file may have (`$schema` so editors can point at a schema). */
const topLevelKeys = ['rules', '$schema'] as const;

/** A configuration that cannot be used; `message` says which file/flag and which key or value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function emptyConfig(): LintConfig {
  return { rules: {} };
}

function isSetting(v: unknown): v is RuleSetting {
  return typeof v === 'string' && (ruleSettings as readonly string[]).includes(v);
}

function unknownRuleMessage(id: string, known: ReadonlySet<string>): string {
  const near = [...known].filter((k) => k.includes(id) || id.includes(k)).slice(0, 3);
  return `unknown rule '${id}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(', ')}?)` : ''}; \`dmtrace docs\` lists the rules`;
}

/** Validates a parsed config file. `source` names it in messages. Throws ConfigError. */
export function parseConfig(json: unknown, source: string, known: ReadonlySet<string>): LintConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`${source}: expected a JSON object like { "rules": { "<rule-id>": "off" } }`);
  }
  for (const key of Object.keys(json)) {
    if (!(topLevelKeys as readonly string[]).includes(key)) {
      throw new ConfigError(`${source}: unknown key '${key}' (allowed: ${topLevelKeys.join(', ')})`);
    }
  }
  const rules = (json as { rules?: unknown }).rules;
  const config = emptyConfig();
  if (rules === undefined) return config;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    throw new ConfigError(`${source}: "rules" must be an object mapping rule ids to "off", "warn" or "error"`);
  }
  for (const [id, value] of Object.entries(rules)) {
    if (!known.has(id)) throw new ConfigError(`${source}: rules: ${unknownRuleMessage(id, known)}`);
    if (!isSetting(value)) {
      throw new ConfigError(
        `${source}: rules: '${id}': bad value ${JSON.stringify(value)} (expected "off", "warn" or "error")`,
      );
    }
    config.rules[id] = value;
  }
  return config;
}

/** Parses one `--rule ID=off|warn|error` flag. Throws ConfigError. */
export function parseRuleFlag(flag: string, known: ReadonlySet<string>): [string, RuleSetting] {
  const eq = flag.lastIndexOf('=');
  if (eq <= 0) throw new ConfigError(`--rule ${flag}: expected ID=off|warn|error`);
  const id = flag.slice(0, eq).trim();
  const value = flag.slice(eq + 1).trim();
  if (!known.has(id)) throw new ConfigError(`--rule ${flag}: ${unknownRuleMessage(id, known)}`);
  if (!isSetting(value)) throw new ConfigError(`--rule ${flag}: bad value '${value}' (expected off, warn or error)`);
  return [id, value];
}

/** Reads and validates a config file. Throws ConfigError (unreadable, not JSON, invalid). */
export function readConfigFile(file: string, known: ReadonlySet<string>): LintConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read config file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(json, file, known);
}

export interface LoadConfigOptions {
  rules: readonly Rule[];
  /** Directory where `.dmtracerc.json` is looked up when `file` is not given. */
  cwd: string;
  /** `--config FILE`: must exist. */
  file?: string;
  /** `--rule` flags in order; later flags win. */
  ruleFlags?: readonly string[];
}

/** The configuration for a lint run: the config file (if any), then the `--rule` flags. Throws ConfigError. */
export function loadConfig(opts: LoadConfigOptions): LintConfig {
  const known = new Set(opts.rules.map((r) => r.id));
  let config = emptyConfig();
  if (opts.file !== undefined) {
    config = readConfigFile(path.resolve(opts.cwd, opts.file), known);
  } else {
    const implicit = path.join(opts.cwd, defaultConfigFile);
    if (existsSync(implicit)) config = readConfigFile(implicit, known);
  }
  for (const flag of opts.ruleFlags ?? []) {
    const [id, value] = parseRuleFlag(flag, known);
    config.rules[id] = value;
  }
  return config;
}

const settingSeverity = { warn: 'warning', error: 'error' } as const satisfies Record<
  Exclude<RuleSetting, 'off'>,
  Severity
>;

/** The severity a configured rule's findings get, `off`, or undefined when the rule runs at its defaults. */
export function configuredSeverity(config: LintConfig | undefined, ruleId: string): Severity | 'off' | undefined {
  const s = config?.rules[ruleId];
  if (s === undefined) return undefined;
  return s === 'off' ? 'off' : settingSeverity[s];
}
