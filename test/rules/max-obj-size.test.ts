import rule from '../../src/rules/max-obj-size.js';
import { hdrStatus, maxObjSize, okSession, pkg1, pkg2, replace, status } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";

ruleTester.run(rule, {
  valid: [
    okSession(),
    loSession(),
    {
      name: 'within the limit',
      session: loSession({
        clientMeta: `<Meta><MaxMsgSize ${MI}>1000</MaxMsgSize><MaxObjSize ${MI}>1000</MaxObjSize></Meta>`,
      }),
    },
  ],
  invalid: [
    {
      name: 'a chunked object over the limit',
      session: loSession({
        clientMeta: `<Meta><MaxMsgSize ${MI}>1000</MaxMsgSize><MaxObjSize ${MI}>999</MaxObjSize></Meta>`,
      }),
      errors: [
        {
          messageId: 'objectTooLarge',
          data: {
            msg: 'Package 2 (MsgID 1)',
            name: 'Replace',
            uri: './Vendor/Firmware/Pkg',
            declared: '1000',
            receiver: 'client',
            value: '999',
          },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]',
          side: 'server',
        },
      ],
    },
    {
      name: 'a plain Item over the limit',
      session: [
        pkg1({ hdr: { extra: maxObjSize(4) } }),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            replace('4', './DevInfo/Lang', 'fr-FR'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'dataTooLarge',
          data: {
            msg: 'Package 2 (MsgID 1)',
            cmdName: 'Replace',
            uri: './DevInfo/Lang',
            n: '5',
            receiver: 'client',
            value: '4',
          },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]',
          side: 'server',
        },
      ],
    },
  ],
});
