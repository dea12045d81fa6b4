/**
 * The streaming JSON writer (src/report/json-stream.ts) writes what JSON.stringify(doc, null, 2)
 * wrote for the whole document, on the session fixtures, and for an empty array; the streaming
 * sessions table keeps one row per session with every cell, and wraps a long value inside its cell.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { fixtures } from '../helpers.js';
import { sessionsFrom } from '../session/read.js';
import { sessionJson } from '../../src/report/sessions-json.js';
import { JsonArrayWriter } from '../../src/report/json-stream.js';
import { SessionsTable } from '../../src/report/sessions-table.js';

const dir = path.join(fixtures, 'sessions');
const captures = readdirSync(dir)
  .filter((f) => f.endsWith('.pcapng'))
  .map((f) => path.join(dir, f));

function streamed(items: unknown[], rest: Record<string, unknown>): string {
  let text = '';
  const w = new JsonArrayWriter((t) => (text += t), 'sessions');
  for (const it of items) w.item(it);
  w.end(rest);
  return text;
}

describe('JsonArrayWriter', () => {
  it('writes the text JSON.stringify(doc, null, 2) gives, session by session, on the session fixtures', async () => {
    expect(captures.length).toBeGreaterThan(3);
    const { sessions, summary } = await sessionsFrom(captures);
    expect(sessions.length).toBeGreaterThan(3);
    const items = sessions.map((s) => sessionJson(s));
    const rest = { summary: { ...summary, sessions: sessions.length } };
    expect(streamed(items, rest)).toBe(`${JSON.stringify({ sessions: items, ...rest }, null, 2)}\n`);
  });

  it('an empty array and nested strings with line breaks', () => {
    expect(streamed([], { summary: { a: 1 } })).toBe(
      `${JSON.stringify({ sessions: [], summary: { a: 1 } }, null, 2)}\n`,
    );
    const odd = [{ t: 'a\nb', list: [[], {}, [1, { x: 'y' }]] }, 'two'];
    expect(streamed(odd, { more: [1, 2], none: null })).toBe(
      `${JSON.stringify({ sessions: odd, more: [1, 2], none: null }, null, 2)}\n`,
    );
  });
});

describe('SessionsTable (streaming)', () => {
  it('writes the heading at once, then each row as it is added, every line of one width', async () => {
    const { sessions } = await sessionsFrom(captures);
    const chunks: string[] = [];
    const t = new SessionsTable((c) => chunks.push(c));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/^┌─+┬[\s\S]*│ Device +│ Server +│ SessionID │/);
    const long = { ...sessions[0]!, server: `dm.example.com/${'path/'.repeat(12)}end` };
    t.add(long);
    expect(chunks).toHaveLength(2);
    for (const s of sessions.slice(1)) t.add(s);
    t.end();
    expect(chunks).toHaveLength(sessions.length + 2);
    const lines = chunks.join('').split('\n');
    const table = lines.slice(0, lines.findIndex((l) => l.startsWith('└')) + 1);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    // The long server wraps in its cell: its pieces, read down the column, give it back.
    const col = table
      .slice(
        3,
        table.findIndex((l, i) => i > 3 && !l.startsWith('│')),
      )
      .map((l) => l.split('│')[2]!.trim())
      .filter(Boolean)
      .join('');
    expect(col.startsWith(long.server.replace(/\s/g, ''))).toBe(true);
    expect(table.filter((l) => l.startsWith('├'))).toHaveLength(sessions.length);
  });
});
