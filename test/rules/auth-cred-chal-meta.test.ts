import rule from '../../src/rules/auth-cred-chal-meta.js';
import { hdrStatus, okSession, pkg1, pkg2, status } from './msgs.js';
import { md5Round } from './auth.js';
import { ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";
const p2 = (statusExtra: string) =>
  pkg2({
    cmds: [
      hdrStatus('1', '1', '401', 'client', statusExtra),
      status('2', '1', '1', 'Alert', '401'),
      status('3', '1', '2', 'Replace', '401'),
    ],
  });

ruleTester.run(rule, {
  valid: [
    okSession(),
    md5Round(),
    {
      name: 'a basic challenge needs no nonce',
      session: [pkg1(), p2(`<Chal><Meta><Type ${MI}>syncml:auth-basic</Type><Format ${MI}>b64</Format></Meta></Chal>`)],
    },
  ],
  invalid: [
    {
      name: 'MD5 Chal without NextNonce and Format',
      session: [pkg1(), p2(`<Chal><Meta><Type ${MI}>syncml:auth-md5</Type></Meta></Chal>`)],
      errors: [
        {
          messageId: 'chalMeta',
          data: { type: 'MD5', cmdId: '1', msg: 'Package 2 (MsgID 1)', missing: 'no NextNonce and no Format b64' },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=1]/Chal/Meta',
          side: 'server',
        },
      ],
    },
    {
      name: 'basic Cred without Format',
      session: [
        pkg1({
          hdr: {
            extra: `<Cred><Meta><Type ${MI}>syncml:auth-basic</Type></Meta><Data>ZnVuYW1ib2w6ZnVuYW1ib2w=</Data></Cred>`,
          },
        }),
        pkg2(),
      ],
      errors: [
        {
          messageId: 'credFormat',
          data: { type: 'basic', msg: 'Package 1 (MsgID 1)', format: 'no Meta Format' },
          messageIndex: 0,
          path: 'SyncHdr/Cred/Meta',
          side: 'client',
        },
      ],
    },
    {
      name: 'HMAC in a Cred',
      session: [
        pkg1({
          hdr: {
            extra: `<Cred><Meta><Type ${MI}>syncml:auth-MAC</Type><Format ${MI}>b64</Format></Meta><Data>AAAA</Data></Cred>`,
          },
        }),
        pkg2(),
      ],
      errors: [
        {
          messageId: 'hmacInCred',
          data: { msg: 'Package 1 (MsgID 1)' },
          path: 'SyncHdr/Cred/Meta/Type',
        },
      ],
    },
  ],
});
