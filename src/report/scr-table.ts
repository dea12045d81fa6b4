/**
 * `dmtrace scr --format table`: per side (client B.1, server B.2) one cli-table3 table, a row per
 * SCR item: id, M/O, verdict, the first piece of evidence (session, ladder row, where in the input)
 * and the requirement evaluated. Colors only when asked.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { ScrEvidence, ScrItemResult, ScrReport } from '../rules/scr.js';

export interface ScrFormatOptions {
  color?: boolean;
  /** Wrap long cells at about this many columns (default 60 for evidence). */
  evidenceWidth?: number;
}

function where(e: ScrEvidence): string {
  const at = [
    e.messageIndex !== undefined ? `#${e.messageIndex + 1}` : '',
    e.frame !== undefined
      ? `frame ${e.frame}`
      : e.entry !== undefined
        ? `entry ${e.entry}`
        : e.line !== undefined
          ? `line ${e.line}`
          : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${e.session}${at ? ` ${at}` : ''}`;
}

function evidenceText(i: ScrItemResult): string {
  const list = i.verdict === 'failed' && i.failures.length ? i.failures : i.evidence;
  const e = list[0];
  if (!e) return i.verdict === 'failed' && i.requirementDetail ? `requirement: ${i.requirementDetail}` : '';
  const text = `${where(e)}: ${e.rule ? `${e.rule}: ` : ''}${e.note}`.replace(/\s+/g, ' ');
  const more = i.verdict === 'failed' ? i.errorCount - 1 : i.exercisedSessions - 1;
  return more > 0 ? `${text} (+${more} more)` : text;
}

export function formatScrTable(report: ScrReport, opts: ScrFormatOptions = {}): string {
  const c = pc.createColors(!!opts.color);
  const verdictText = {
    passed: c.green('passed'),
    failed: c.red('failed'),
    'not-exercised': c.dim('not exercised'),
  } as const;
  const out: string[] = [];
  for (const side of ['client', 'server'] as const) {
    const sum = report.summary[side];
    if (!sum) continue;
    out.push(
      c.bold(
        `${side === 'client' ? 'DM client (SCR table B.1)' : 'DM server (SCR table B.2)'}: ` +
          `${sum.passed} passed, ${sum.failed} ` +
          `failed${sum.mandatoryFailed ? ` (${sum.mandatoryFailed} mandatory)` : ''}, ` +
          `${sum.notExercised} not exercised, over ${report.sessions} ` +
          `session${report.sessions === 1 ? '' : 's'}`,
      ),
    );
    const table = new Table({
      head: ['Item', 'M/O', 'Verdict', 'Evidence', 'Requirement'],
      style: opts.color ? { head: ['cyan'], border: ['grey'], compact: true } : { head: [], border: [], compact: true },
      colWidths: [24, 5, 15, opts.evidenceWidth ?? 60, 40],
      wordWrap: true,
    });
    for (const i of report.items.filter((x) => x.side === side)) {
      const req = i.requirementResult
        ? `${i.requirementResult}${i.requirementDetail ? `: ${i.requirementDetail}` : ''}`
        : i.requirement
          ? c.dim(i.requirement)
          : '';
      table.push([i.id, i.status, verdictText[i.verdict], evidenceText(i), req]);
    }
    out.push(table.toString(), '');
  }
  return out.join('\n');
}
