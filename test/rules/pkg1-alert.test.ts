import rule from '../../src/rules/pkg1-alert.js';
import { alert, devInfo, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status, chal } from './msgs.js';
import { describe as suite, expect, it } from 'vitest';
import { lintSession } from '../../src/rules/engine.js';
import { buildSession, ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    { name: 'server-initiated', session: [pkg1({ cmds: [alert('1', '1200'), devInfo('2')] }), pkg2()] },
  ],
  invalid: [
    {
      name: 'no session-type Alert',
      session: [pkg1({ cmds: [devInfo('1')] }), pkg2(), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'noSessionAlert',
          data: { msg: 'Package 1 (MsgID 1)' },
          messageIndex: 0,
          path: 'SyncBody',
          side: 'client',
        },
      ],
    },
    {
      name: 'Alert 1201 without CmdID',
      session: [pkg1({ cmds: ['<Alert><Data>1201</Data></Alert>', devInfo('2')] }), pkg2()],
      errors: [
        {
          messageId: 'alertNoCmdId',
          data: { code: '1201', msg: 'Package 1 (MsgID 1)' },
          messageIndex: 0,
          path: 'SyncBody/Alert[1]',
        },
      ],
    },
    {
      name: 'the Package 1 resent after a 407 also needs it',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '407', 'client', chal()),
            status('2', '1', '1', 'Alert', '407'),
            status('3', '1', '2', 'Replace', '407'),
          ],
        }),
        pkg1({ msgID: '2', cmds: [hdrStatus('1', '1', '200', 'server'), devInfo('2')] }),
        pkg2({ msgID: '2' }),
      ],
      errors: [{ messageId: 'noSessionAlert', data: { msg: 'Package 1 (MsgID 2)' }, messageIndex: 2 }],
    },
  ],
});

// Package 0 is binary: the notification is attached to the built session, as the assembler does.
suite('pkg1-alert after a Package 0 notification', () => {
  const withTrigger = (code: string) => {
    const s = buildSession([pkg1({ cmds: [alert('1', code), devInfo('2')] }), pkg2()]);
    s.notification = {
      digest: '00'.repeat(16),
      version: 11,
      uiMode: 'background',
      initiator: 'server',
      sessionId: 1,
      sessionIdHex: '1',
      serverId: 'srv',
      vendor: new Uint8Array(),
      origin: { input: 't' },
    };
    return lintSession(s, { rules: [rule] });
  };
  it('accepts 1200', () => expect(withTrigger('1200')).toEqual([]));
  it('reports 1201', () => {
    expect(withTrigger('1201').map((f) => [f.message, f.location.path, f.scr])).toEqual([
      [
        'Package 1 (MsgID 1) answers the Package 0 notification with Alert 1201 (client-initiated); a notification-initiated session starts with Alert 1200',
        'SyncBody/Alert[CmdID=1]/Data',
        ['DM-PRO-Session-C-003', 'DM-PRO-Session-C-001'],
      ],
    ]);
  });
});
