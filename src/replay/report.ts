/**
 * What a replay reports: the comparison with the recording (compare.ts), the findings of the
 * lint rules on the live session (the same rules `dmtrace lint` runs, src/rules/engine.ts), the
 * HAR of the live session (src/report/har-export.ts), and for load runs per-device counts and
 * round-trip latency percentiles.
 */
import type { Credentials } from '../auth/credentials.js';
import { renderHar } from '../report/har-export.js';
import { lintSession } from '../rules/engine.js';
import { rules } from '../rules/index.js';
import type { Finding } from '../rules/types.js';
import type { Session } from '../session/types.js';
import { compareSessions, renderComparison, type Comparison } from './compare.js';
import type { ReplayResult } from './live.js';
import { liveSession } from './load.js';
import type { Recording } from './recording.js';

export interface ReplayReport {
  result: ReplayResult;
  comparison: Comparison;
  /** The live session as the assembler sees it (undefined when nothing was exchanged). */
  session?: Session;
  findings: Finding[];
}

/** Compares, assembles and lints one replayed session. */
export function reportReplay(
  rec: Recording,
  result: ReplayResult,
  opts: { input: string; server: string; credentials?: Credentials; lint?: boolean },
): ReplayReport {
  const notes = [...result.notes];
  if (result.failure) notes.push(result.failure);
  const comparison = compareSessions(
    result.recordedView ?? rec.messages,
    result.live,
    notes,
    result.identity ? { aliases: [[result.identity.live, result.identity.recorded]] } : {},
  );
  const report: ReplayReport = { result, comparison, findings: [] };
  if (result.live.length) {
    const s = liveSession(result.live, { input: opts.input, server: opts.server });
    if (s) {
      report.session = s;
      if (opts.lint !== false)
        report.findings = lintSession(s, { rules, ...(opts.credentials ? { credentials: opts.credentials } : {}) });
    }
  }
  return report;
}

/** True when the replay should exit 1: it failed, or it diverged and `strict` is set. */
export function replayFailed(r: ReplayReport, strict: boolean): boolean {
  return r.result.outcome === 'failed' || (strict && r.comparison.divergent);
}

export function renderFinding(f: Finding): string {
  const loc = [
    f.location.messageIndex !== undefined ? `message ${f.location.messageIndex + 1}` : '',
    f.location.path ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return `  ${f.severity.padEnd(7)} ${f.rule} (§${f.section}, ${f.side})${loc ? ` ${loc}` : ''}: ${f.message}`;
}

/** The text report: heading, diff, findings. */
export function renderReport(r: ReplayReport, opts: { all?: boolean } = {}): string {
  const res = r.result;
  const head = `replay of ${res.recording} as ${res.device} (SessionID ${res.sessionId}): ${res.outcome}, ${res.live.length} live message${res.live.length === 1 ? '' : 's'}`;
  let out = `${head}\n${renderComparison(r.comparison, opts)}`;
  for (const i of res.info) out += `i ${i}\n`;
  if (r.findings.length) {
    out += `lint of the live session: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}\n`;
    out += `${r.findings.map(renderFinding).join('\n')}\n`;
  } else if (r.session) out += 'lint of the live session: no findings\n';
  return out;
}

/** JSON view of a report (stable field names; messages as counts, not bytes). */
export function reportJson(r: ReplayReport) {
  return {
    recording: r.result.recording,
    device: r.result.device,
    sessionId: r.result.sessionId,
    outcome: r.result.outcome,
    ...(r.result.failure ? { failure: r.result.failure } : {}),
    divergent: r.comparison.divergent,
    divergences: r.comparison.divergences,
    messages: r.comparison.messages.map((m) => ({
      label: m.label,
      presence: m.presence,
      diffs: m.diffs.map((d) => d.text),
    })),
    notes: r.comparison.notes,
    info: r.result.info,
    findings: r.findings,
    roundTrips: r.result.roundTrips.map((x) => Math.round(x * 1000) / 1000),
  };
}

export function harOf(r: ReplayReport, version: string): string | undefined {
  return r.session ? renderHar(r.session, { name: 'dmtrace replay', version }) : undefined;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LoadSummary {
  devices: number;
  completed: number;
  diverged: number;
  failed: number;
  roundTrips: number;
  p50: number;
  p90: number;
  p99: number;
  /** Wall time of the whole run (ms) and sessions per second. */
  wallMs: number;
  sessionsPerSecond: number;
}

/** Per-device results summarized: completed (no divergence), diverged, failed; latency percentiles per message round trip. */
export function summarizeLoad(reports: readonly ReplayReport[], wallMs: number): LoadSummary {
  const rts = reports.flatMap((r) => r.result.roundTrips).sort((a, b) => a - b);
  let completed = 0;
  let diverged = 0;
  let failed = 0;
  for (const r of reports) {
    if (r.result.outcome === 'failed') failed++;
    else if (r.comparison.divergent) diverged++;
    else completed++;
  }
  return {
    devices: reports.length,
    completed,
    diverged,
    failed,
    roundTrips: rts.length,
    p50: percentile(rts, 50),
    p90: percentile(rts, 90),
    p99: percentile(rts, 99),
    wallMs,
    sessionsPerSecond: wallMs > 0 ? (reports.length - failed) / (wallMs / 1000) : 0,
  };
}

export function renderLoad(s: LoadSummary): string {
  const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} ms` : 'n/a');
  return (
    `devices: ${s.devices}: ${s.completed} completed, ${s.diverged} diverged, ${s.failed} failed\n` +
    `round trips: ${s.roundTrips}, p50 ${ms(s.p50)}, p90 ${ms(s.p90)}, p99 ${ms(s.p99)}\n` +
    `wall time ${ms(s.wallMs)}, ${s.sessionsPerSecond.toFixed(1)} sessions/s\n`
  );
}
