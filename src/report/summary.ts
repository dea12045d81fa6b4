/**
 * What was read, as a short text block for people (stderr after a command, or `--summary`), and
 * input problems as one line each. Pure functions: `(data, options) => string`.
 */
import type { Summary } from '../model/exchange.js';
import type { InputProblem } from '../model/problem.js';

/** What HTTPS in a capture needs (issue 3: TLS connections are only counted). */
export const TLS_HINT =
  'HTTPS cannot be read from a capture: export decrypted HTTP from Wireshark (with a TLS key log) as pcapng or HAR';

export interface SummaryOptions {
  /** Show every line, zeros included (default: zero lines are left out, except DM messages). */
  all?: boolean;
  /** Title line (default `Read`). */
  title?: string;
}

/** The lines of the block, in reading order: [label, key, always shown]. */
const LINES = [
  ['packets', 'packets', false],
  ['TCP streams', 'tcpStreams', false],
  ['HTTP exchanges', 'httpExchanges', false],
  ['DM messages', 'dmMessages', true],
  ['non-DM exchanges', 'nonDmExchanges', false],
  ['undecodable bodies', 'undecodable', false],
  ['TLS connections', 'tlsConnections', false],
  ['gaps (lost TCP data)', 'gaps', false],
  ['unknown pcapng blocks', 'unknownBlocks', false],
  ['problems', 'problems', false],
] as const satisfies ReadonlyArray<readonly [string, keyof Summary, boolean]>;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Bytes for people: `812 B`, `12.3 kB`, `1.5 MB`, `2.04 GB` (SI, as file managers show sizes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'] as const;
  let v = n;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

/**
 * A short block:
 * ```
 * Read 1 input (12.4 kB)
 *   packets                 25
 *   DM messages              4
 *   TLS connections          1  HTTPS cannot be read from a capture: ...
 * ```
 */
export function formatSummary(summary: Summary, opts: SummaryOptions = {}): string {
  const out = [`${opts.title ?? 'Read'} ${plural(summary.inputs, 'input')} (${formatBytes(summary.bytes)})`];
  const shown = LINES.filter(([, key, always]) => opts.all || always || summary[key] !== 0);
  const width = Math.max(...shown.map(([label]) => label.length));
  const numWidth = Math.max(...shown.map(([, key]) => String(summary[key]).length));
  for (const [label, key] of shown) {
    const hint = key === 'tlsConnections' && summary.tlsConnections > 0 ? `  ${TLS_HINT}` : '';
    out.push(`  ${label.padEnd(width)}  ${String(summary[key]).padStart(numWidth)}${hint}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * One line per problem, the same in every command: where first, then severity, message and code:
 * `file:frame 12: error: message [code]`, `file:entry 3: ...`, `file:line 4:7: ...`,
 * `file: offset 0x1d: error: ...`, `file: error: ...`.
 */
export function formatProblem(p: InputProblem): string {
  let where = '';
  if (p.frame !== undefined) where = `:frame ${p.frame}`;
  else if (p.entry !== undefined) where = `:entry ${p.entry}`;
  else if (p.line !== undefined) where = `:line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}`;
  const extra: string[] = [];
  if (p.offset !== undefined && p.frame === undefined && p.entry === undefined && p.line === undefined)
    extra.push(`offset 0x${p.offset.toString(16)}`);
  if (p.path) extra.push(p.path);
  return `${p.input}${where}: ${extra.map((e) => `${e}: `).join('')}${p.severity}: ${p.message} [${p.code}]`;
}
