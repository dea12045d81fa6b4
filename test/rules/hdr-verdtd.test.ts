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
          scr: ['DM-PRO-S-001'],
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
          scr: ['DM-PRO-C-009'],
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
