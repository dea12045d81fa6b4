import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { sessionsFrom } from '../session/read.js';
import { renderLadder } from '../../src/report/ladder.js';
import type { Session } from '../../src/session/types.js';

async function one(file: string): Promise<Session> {
  const { sessions } = await sessionsFrom([file]);
  expect(sessions).toHaveLength(1);
  return sessions[0]!;
}

/** The label of each arrow: the label lines above it joined, lifelines and padding removed. */
function arrows(text: string): Array<{ dir: 'right' | 'left'; label: string; note: string }> {
  const out: Array<{ dir: 'right' | 'left'; label: string; note: string }> = [];
  let label: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*│(.*)│(.*)$/.exec(line);
    if (!m) continue;
    const inner = m[1]!;
    if (/^─+►$/.test(inner) || /^◄[─╌]+$/.test(inner)) {
      out.push({
        dir: inner.endsWith('►') ? 'right' : 'left',
        label: label.join(' ').replace(/\s+/g, ' ').trim(),
        note: m[2]!.trim(),
      });
      label = [];
    } else if (inner.trim()) label.push(inner.trim());
  }
  return out;
}

describe('ladder', () => {
  it('draws the real libdmclient session: device left, server right, one arrow per message', async () => {
    const s = await one(path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng'));
    const text = renderLadder(s, { width: 100 });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Session DMCtest\/1 {2}packages 1 2 3 4/);
    expect(lines[1]).toMatch(/^completed: Package 4/);
    expect(lines[2]).toBe('auth: client basic accepted (212) · server md5 accepted (212)');
    expect(lines[4]).toMatch(/^ {2}device DMCtest +server 127\.0\.0\.1:8080\/funambol\/dm$/);
    const a = arrows(text);
    expect(a.map((x) => x.dir)).toEqual(['right', 'left', 'right', 'left']);
    expect(a[0]!.label).toMatch(
      /^Pkg1 #1 Cred\(basic\) Alert=1201 Replace \.\/DevInfo\/Ext\/other\/test3 .* \(\+10\) Final$/,
    );
    expect(a[1]!.label).toBe(
      'Pkg2 #1 Cred(md5) Status(SyncHdr)=212 Status(Alert)=200 Status(Replace)=200 Get ./DevInfo/Mod ./DevDetail/SwV Replace ./DevInfo/Lang Final',
    );
    expect(a[2]!.label).toBe(
      'Pkg3 #2 Status(SyncHdr)=212+Chal(md5) Status(Get)=200×2 Results ./DevInfo/Mod ./DevDetail/SwV Status(Replace)=425 Final',
    );
    expect(a[3]!.label).toBe('Pkg4 #2 Status(SyncHdr)=200 Final');
    expect(a.map((x) => x.note)).toEqual([
      'POST · frame 4',
      'HTTP 200 · frame 6',
      'POST · frame 8',
      'HTTP 200 · frame 9',
    ]);
    // The lifelines line up: every ladder line has its right lifeline in the same column.
    const cols = lines.filter((l) => l.startsWith('  │')).map((l) => l.indexOf('│', 3));
    expect(new Set(cols).size).toBe(1);
    expect(text).not.toMatch(/\x1b\[/);
    expect(renderLadder(s, { color: true })).toMatch(/\x1b\[/);
  });

  it('wraps long labels inside the lifelines at any width', async () => {
    const s = await one(path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng'));
    for (const width of [50, 72, 140]) {
      const lines = renderLadder(s, { width })
        .split('\n')
        .filter((l) => l.startsWith('  │'));
      const cols = new Set(lines.map((l) => l.indexOf('│', 3)));
      expect(cols.size).toBe(1);
      expect(arrows(renderLadder(s, { width }))[1]!.label).toBe(arrows(renderLadder(s, { width: 100 }))[1]!.label);
    }
  });

  it('marks auth rounds, large-object chunks, pulls, aborts and Package 0', async () => {
    const md5 = arrows(renderLadder(await one(path.join(fixtures, 'sessions', 'md5-challenge.pcapng'))));
    expect(md5[1]!.label).toMatch(/^Pkg2 #1 ⚠challenge 407 Status\(SyncHdr\)=407\+Chal\(md5\)/);
    expect(md5[2]!.label).toMatch(/^Pkg1 #2 ↻auth-retry Cred\(md5\)/);

    const loText = renderLadder(await one(path.join(fixtures, 'sessions', 'large-object.pcapng')), { width: 60 });
    // The mark never breaks across lines.
    expect(loText).toContain('[LO\u00a0chunk\u00a02/3]');
    const lo = arrows(loText);
    expect(lo[1]!.label).toMatch(/Replace \.\/DevDetail\/Ext\/Blob \+MoreData \[LO chunk 1\/3\]$/);
    expect(lo[2]!.label).toMatch(/^Pkg2 #2 \(next message\) .*Status\(Replace\)=213 Alert=1222$/);
    expect(lo[5]!.label).toMatch(/\[LO chunk 3\/3 · 1600 B sha256 3f2913265477…\] Final$/);

    const abort = arrows(renderLadder(await one(path.join(fixtures, 'sessions', 'aborted-server.pcapng'))));
    expect(abort[3]!.label).toMatch(/Alert=1223 ✖ABORT/);

    const pkg0 = renderLadder(await one(path.join(fixtures, 'sessions', 'pkg0.pcapng')));
    const p = arrows(pkg0);
    expect(p[0]).toEqual({
      dir: 'left',
      label: 'Pkg0 notification session 2A3F server-id dmtrace-test-server ui background initiator server v11',
      note: 'frame 4',
    });
    expect(pkg0).toMatch(/│◄╌+│ frame 4/);
  });

  it('shows an HTTP answer without a DM message on the request', async () => {
    const s = await one(path.join(corpus, 'captures', 'libdmclient-wbxml.pcapng'));
    const a = arrows(renderLadder(s));
    expect(a).toHaveLength(1);
    expect(a[0]!.note).toMatch(/^POST · → HTTP 200, no DM answer · frame \d+$/);
  });
});
