import { describe as suite, expect, it } from 'vitest';
import rule from '../../src/rules/hmac-status-200.js';
import { lintSession } from '../../src/rules/engine.js';
import { chal, hdrStatus, pkg1, pkg2, status } from './msgs.js';
import { buildSession, checkRuleMeta } from './tester.js';

// x-syncml-hmac is an HTTP header; the session is built from XML and the header set on Package 1.
function run(verdict: string, withChal: boolean, hmac = true) {
  const s = buildSession([
    pkg1({ hdr: { extra: '' } }),
    pkg2({
      cmds: [
        hdrStatus('1', '1', verdict, 'client', withChal ? chal('syncml:auth-MAC', 'bmV4dA==') : ''),
        status('2', '1', '1', 'Alert', '200'),
        status('3', '1', '2', 'Replace', '200'),
      ],
    }),
  ]);
  const m = s.messages[0]!;
  m.message.http = {
    direction: 'client',
    method: 'POST',
    url: '/dm',
    headers: hmac ? [['X-Syncml-Hmac', 'algorithm=MD5, username="DMCtest", mac=AAAAAAAAAAAAAAAAAAAAAA==']] : [],
    body: m.message.raw,
    origin: { input: 't' },
  };
  return lintSession(s, { rules: [rule] });
}

suite('hmac-status-200', () => {
  it('declares itself', () => expect(checkRuleMeta(rule)).toEqual([]));
  it('stays silent for 200 with a NextNonce, and without HMAC', () => {
    expect(run('200', true)).toEqual([]);
    expect(run('212', false, false)).toEqual([]);
  });
  it('reports 212', () => {
    const f = run('212', true);
    expect(f.map((x) => x.messageId)).toEqual(['answered212']);
    expect(f.map((x) => [x.message, x.location.messageIndex, x.location.path, x.side])).toEqual([
      [
        'Package 2 (MsgID 1) answers the HMAC-authenticated Package 1 (MsgID 1) with 212; HMAC messages are answered 200',
        1,
        'SyncBody/Status[CmdID=1]/Data',
        'server',
      ],
    ]);
  });
  it('reports a response without NextNonce', () => {
    const f = run('200', false);
    expect(f.map((x) => x.messageId)).toEqual(['noNextNonce']);
    expect(f.map((x) => x.message)).toEqual([
      'Package 2 (MsgID 1) answers the HMAC-authenticated Package 1 (MsgID 1) without a NextNonce; every response to an HMAC message carries a Chal with the next nonce',
    ]);
  });
});
