import { describe as suite, expect, it } from 'vitest';
import rule from '../../src/rules/auth-retry.js';
import { lintSession } from '../../src/rules/engine.js';
import { okSession } from './msgs.js';
import { md5Round } from './auth.js';
import { buildSession, ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), md5Round()],
  invalid: [
    {
      name: 'the retry has no Cred',
      session: md5Round({ retryCred: null }),
      errors: [
        {
          messageId: 'retryWithoutCred',
          data: { retryMsg: 'Package 1 (MsgID 2)', code: '407', chalMsg: 'Package 2 (MsgID 1)' },
          messageIndex: 2,
          path: 'SyncHdr',
          side: 'client',
        },
      ],
    },
    {
      name: 'the retry changes the SessionID',
      session: md5Round({ retrySessionID: '2' }),
      errors: [
        {
          messageId: 'retrySessionId',
          data: { retryMsg: 'Package 1 (MsgID 2)', code: '407', after: '2', before: '1' },
          messageIndex: 2,
          path: 'SyncHdr/SessionID',
        },
      ],
    },
  ],
});

// RespURI is checked against the HTTP request target, which XML alone does not carry: set it on the messages here.
suite('auth-retry and RespURI', () => {
  const run = (url: string) => {
    const s = buildSession(md5Round({ challengeHdr: '<RespURI>http://127.0.0.1:8080/funambol/dm?s=42</RespURI>' }));
    s.messages[2]!.message.http = {
      direction: 'client',
      method: 'POST',
      url,
      headers: [],
      body: s.messages[2]!.message.raw,
      origin: { input: 't' },
    };
    return lintSession(s, { rules: [rule] });
  };
  it('accepts the RespURI as path or full URL', () => {
    expect(run('/funambol/dm?s=42')).toEqual([]);
    expect(run('http://127.0.0.1:8080/funambol/dm?s=42')).toEqual([]);
  });
  it('reports a retry sent to the old URI', () => {
    const f = run('/funambol/dm');
    expect(f).toHaveLength(1);
    expect(f[0]!.messageId).toBe('retryRespUri');
    expect(f[0]!.message).toBe(
      'Package 1 (MsgID 2) is sent to /funambol/dm, but the 407 response in Package 2 (MsgID 1) gave RespURI http://127.0.0.1:8080/funambol/dm?s=42',
    );
    expect(f[0]!.location.messageIndex).toBe(2);
  });
});
