import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { sessionsFrom } from '../session/read.js';
import { formatDuration, formatTime, renderSessionsTable } from '../../src/report/sessions-table.js';

/** Cells of the table row whose first cell is `first` (cli-table3 draws `│ a │ b │`). */
function row(text: string, first: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`│ ${first} `));
  if (!line) throw new Error(`no row for ${first}`);
  return line
    .split('│')
    .slice(1, -1)
    .map((c) => c.trim());
}

describe('sessions table', () => {
  it('one row per session with the columns of the issue', async () => {
    const { sessions } = await sessionsFrom([path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng')]);
    const text = renderSessionsTable(sessions);
    expect(text.split('\n')[1]).toMatch(
      /Device .*Server .*SessionID .*Start .*Duration .*Msgs .*Bytes .*Packages .*Auth .*Outcome .*Generic alerts/,
    );
    const s = sessions[0]!;
    expect(row(text, 'DMCtest')).toEqual([
      'DMCtest',
      '127.0.0.1:8080/funambol/dm',
      '1',
      formatTime(s.start),
      formatDuration(s.end! - s.start!),
      '4',
      String(s.bytes),
      '1 2 3 4',
      'client basic accepted (212)',
      'completed',
      '0',
    ]);
    expect(text).not.toMatch(/\x1b\[/);
    expect(renderSessionsTable(sessions, { color: true })).toMatch(/\x1b\[/);
  });

  it('explains every session that did not complete under the table', async () => {
    const { sessions } = await sessionsFrom(
      ['aborted-client.pcapng', 'cut.pcapng', 'md5-challenge.pcapng'].map((f) => path.join(fixtures, 'sessions', f)),
    );
    const text = renderSessionsTable(sessions);
    expect(row(text, 'IMEI:356938035643809')[7]).toBe('1 2 1 2 3 4');
    expect(text).toMatch(/^IMEI:353918057721064\/1F: aborted by client: the client sent Alert 1223/m);
    expect(text).toMatch(/^IMEI:354403064522046\/7: incomplete: the trace ends after Package 3/m);
    expect(text).not.toMatch(/^IMEI:356938035643809\/4:/m);
  });

  it('formats times and durations', () => {
    expect(formatTime(Date.UTC(2026, 10, 24, 5, 4, 18, 128))).toBe('2026-11-24 05:04:18.128');
    expect(formatTime(undefined)).toBe('-');
    expect(formatDuration(21.7)).toBe('0.022 s');
    expect(formatDuration(12_500)).toBe('12.5 s');
    expect(formatDuration(184_000)).toBe('3 min 4 s');
  });
});
