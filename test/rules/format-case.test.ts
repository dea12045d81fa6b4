import rule from '../../src/rules/format-case.js';
import { hdrStatus, okSession, pkg1, pkg2, replace, status } from './msgs.js';
import { ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: "unknown formats are not this rule's business",
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            replace('4', './x', 'v', `<Meta><Format ${MI}>Text</Format></Meta>`),
          ],
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'hostap writes Chr (D8)',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            replace('4', './DevInfo/Lang', 'fr-FR', `<Meta><Format ${MI}>Chr</Format></Meta>`),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'notLowercase',
          data: { msg: 'Package 2 (MsgID 1)', format: 'Chr', lower: 'chr' },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]/Meta/Format',
          side: 'server',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'B64 in the SyncHdr Cred',
      session: [
        pkg1({
          hdr: {
            extra: `<Cred><Meta><Format ${MI}>B64</Format><Type ${MI}>syncml:auth-basic</Type></Meta><Data>ZnVuYW1ib2w6ZnVuYW1ib2w=</Data></Cred>`,
          },
        }),
        pkg2(),
      ],
      errors: [
        {
          messageId: 'notLowercase',
          data: { msg: 'Package 1 (MsgID 1)', format: 'B64', lower: 'b64' },
          messageIndex: 0,
          path: 'SyncHdr/Cred/Meta/Format',
          side: 'client',
        },
      ],
    },
  ],
});
