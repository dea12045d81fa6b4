import rule from '../../src/rules/client-commands-allowed.js';
import { alert, devInfo, get, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, replace, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'the client sends a Get',
      session: [pkg1({ cmds: [alert('1', '1201'), devInfo('2'), get('3', './Vendor/x')] }), pkg2()],
      errors: [
        {
          messageId: 'commandNotAllowed',
          data: { msg: 'Package 1 (MsgID 1)', cmdName: 'Get', cmdId: '3' },
          messageIndex: 0,
          path: 'SyncBody/Get[CmdID=3]',
          side: 'client',
        },
      ],
    },
    {
      name: 'a Replace in Package 3',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '1', '200', 'server'),
            status('2', '1', '4', 'Get', '404'),
            status('3', '1', '5', 'Replace', '425'),
            replace('4', './DevInfo/Lang', 'en'),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'replaceOutsidePkg1',
          data: { msg: 'Package 3 (MsgID 2)', cmdId: '4' },
          messageIndex: 2,
          path: 'SyncBody/Replace[CmdID=4]',
        },
      ],
    },
    {
      name: 'Package 1 Replace of another tree',
      session: [
        pkg1({
          cmds: [
            alert('1', '1201'),
            devInfo('2'),
            '<Replace><CmdID>3</CmdID><Item><Source><LocURI>./DevDetail/SwV</LocURI></Source><Data>1</Data></Item></Replace>',
          ],
        }),
        pkg2(),
      ],
      errors: [
        {
          messageId: 'replaceNotDevInfo',
          data: { msg: 'Package 1 (MsgID 1)', cmdId: '3', uris: './DevDetail/SwV' },
          path: 'SyncBody/Replace[CmdID=3]',
        },
      ],
    },
  ],
});
