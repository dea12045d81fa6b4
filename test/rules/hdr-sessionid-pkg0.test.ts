import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hdr-sessionid-pkg0.js';
import type { Notification, Session } from '../../src/session/types.js';
import { lintSession } from '../../src/rules/engine.js';
import { alert, devInfo, pkg1, pkg2 } from './msgs.js';
import { buildSession, checkRuleMeta } from './tester.js';

// The tester builds sessions from XML only; Package 0 is binary, so the notification is attached here.
function withTrigger(s: Session, id: number): Session {
  const n: Notification = {
    digest: '00'.repeat(16),
    version: 11,
    uiMode: 'background',
    initiator: 'server',
    sessionId: id,
    sessionIdHex: id.toString(16).toUpperCase(),
    serverId: 'com.mgmtsrv.manage',
    vendor: new Uint8Array(),
    origin: { input: 'trigger.bin' },
  };
  return { ...s, notification: n };
}
const serverInitiated = (sessionID: string) => [
  pkg1({ hdr: { sessionID }, cmds: [alert('1', '1200'), devInfo('2')] }),
  pkg2({ hdr: { sessionID } }),
];

describe('hdr-sessionid-pkg0', () => {
  it('declares itself', () => expect(checkRuleMeta(rule)).toEqual([]));
  it('stays silent when Package 1 uses the trigger id in uppercase hex', () => {
    expect(lintSession(withTrigger(buildSession(serverInitiated('12AB')), 0x12ab), { rules: [rule] })).toEqual([]);
    expect(lintSession(withTrigger(buildSession(serverInitiated('AB')), 0x00ab), { rules: [rule] })).toEqual([]);
  });
  it('stays silent without a Package 0 in the trace', () => {
    expect(lintSession(buildSession(serverInitiated('whatever')), { rules: [rule] })).toEqual([]);
  });
  it('fires on lowercase, zero-padded or decimal ids', () => {
    for (const bad of ['12ab', '00AB', '171']) {
      const f = lintSession(
        withTrigger(buildSession(serverInitiated(bad)), bad === '171' || bad === '00AB' ? 0xab : 0x12ab),
        { rules: [rule] },
      );
      expect(f).toHaveLength(1);
      expect([f[0]!.messageId, f[0]!.data]).toEqual([
        'notPkg0SessionId',
        { msg: 'Package 1 (MsgID 1)', expected: bad === '12ab' ? '12AB' : 'AB', sessionId: bad },
      ]);
      expect(f[0]!.location).toMatchObject({ messageIndex: 0, path: 'SyncHdr/SessionID' });
      expect(f[0]!.side).toBe('client');
    }
  });
  it('does not apply to a client-initiated session (1201)', () => {
    expect(
      lintSession(
        withTrigger(buildSession([pkg1({ hdr: { sessionID: '5' } }), pkg2({ hdr: { sessionID: '5' } })]), 0x12ab),
        { rules: [rule] },
      ),
    ).toEqual([]);
  });
});
