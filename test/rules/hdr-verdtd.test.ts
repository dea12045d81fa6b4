import rule from '../../src/rules/hdr-verdtd.js';
import { okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), [pkg1(), pkg2()]],
  invalid: [
    {
      name: 'server sends VerDTD 1.1',
      session: [pkg1(), pkg2({ hdr: { verDTD: '1.1' } }), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'wrongValue',
          data: { msg: 'Package 2 (MsgID 1)', field: 'VerDTD', more: '', expected: '1.2', value: '1.1' },
          messageIndex: 1,
          path: 'SyncHdr/VerDTD',
          side: 'server',
          severity: 'error',
          section: '8.4',
          scr: ['DM-PRO-Session-S-002', 'DM-PRO-S-001'],
        },
      ],
    },
    {
      name: 'client leaves VerDTD out',
      session: [pkg1({ hdr: { verDTD: '' } }), pkg2()],
      errors: [
        {
          messageId: 'missing',
          data: { msg: 'Package 1 (MsgID 1)', field: 'VerDTD', more: '', expected: '1.2' },
          messageIndex: 0,
          path: 'SyncHdr/VerDTD',
          side: 'client',
          section: '8.3',
          scr: ['DM-PRO-Session-C-002', 'DM-PRO-C-009'],
        },
      ],
    },
    {
      // Issue 10 item 1: the rule applies to every package; the finding cites the package it is in.
      name: 'Package 3 with VerDTD 1.1: §8.5, the client item of Package 3',
      session: [pkg1(), pkg2(), pkg3({ hdr: { verDTD: '1.1' } }), pkg4()],
      errors: [
        {
          messageId: 'wrongValue',
          data: { msg: 'Package 3 (MsgID 2)', field: 'VerDTD', more: '', expected: '1.2', value: '1.1' },
          messageIndex: 2,
          path: 'SyncHdr/VerDTD',
          side: 'client',
          section: '8.5',
          scr: ['DM-PRO-C-008', 'DM-PRO-C-009'],
        },
      ],
    },
    {
      name: 'Package 4 with VerDTD 1.1: §8.6, the server item of Package 4',
      session: [pkg1(), pkg2(), pkg3(), pkg4({ hdr: { verDTD: '1.1' } })],
      errors: [
        {
          messageId: 'wrongValue',
          data: { msg: 'Package 4 (MsgID 2)', field: 'VerDTD', more: '', expected: '1.2', value: '1.1' },
          messageIndex: 3,
          side: 'server',
          section: '8.6',
          scr: ['DM-PRO-S-008', 'DM-PRO-S-001'],
        },
      ],
    },
    {
      name: 'a DM 1.1 client: one finding per side, not one per message',
      session: [pkg1({ hdr: { verDTD: '1.1' } }), pkg2(), pkg3({ hdr: { verDTD: '1.1' } }), pkg4()],
      errors: [
        {
          messageId: 'wrongValue',
          data: {
            msg: 'Package 1 (MsgID 1)',
            field: 'VerDTD',
            more: ' (and 1 more client message of the session)',
            expected: '1.2',
            value: '1.1',
          },
          messageIndex: 0,
          side: 'client',
        },
      ],
    },
  ],
});
