import rule from '../../src/rules/status-one-per-command.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const p3 = (...cmds: string[]) => pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), ...cmds] });

ruleTester.run(rule, {
  valid: [
    { name: 'one Status per Get Item, told apart by TargetRef (libdmclient)', session: okSession() },
    {
      name: 'one Status for the whole Get',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200'),
          results('3', '1', '4', [
            ['./DevInfo/Mod', 'm'],
            ['./DevDetail/SwV', 's'],
          ]),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
    },
  ],
  invalid: [
    {
      name: 'the Replace answered twice',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '404'),
          status('3', '1', '5', 'Replace', '200'),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        {
          message:
            'Package 3 (MsgID 2) answers CmdRef 5 of MsgRef 1 again (Status 425, after Status 200 in CmdID 3); a command gets one Status',
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=4]',
          side: 'client',
        },
      ],
    },
    {
      name: 'two SyncHdr statuses',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            hdrStatus('2', '1', '200', 'client'),
            status('3', '1', '1', 'Alert', '200'),
            status('4', '1', '2', 'Replace', '200'),
          ],
        }),
      ],
      errors: [
        {
          message:
            'answers the SyncHdr of MsgRef 1 again (Status 200, after Status 212 in CmdID 1); a SyncHdr gets one Status',
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=2]',
          side: 'server',
        },
      ],
    },
    {
      name: 'the same Item answered twice',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200', '<TargetRef>./DevInfo/Mod</TargetRef>'),
          status('3', '1', '4', 'Get', '404', '<TargetRef>./DevInfo/Mod</TargetRef>'),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        {
          message: 'answers CmdRef 4 of MsgRef 1 again (Status 404, after Status 200 in CmdID 2)',
          path: 'SyncBody/Status[CmdID=3]',
        },
      ],
    },
  ],
});
