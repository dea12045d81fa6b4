import rule from '../../src/rules/server-status-for-commands.js';
import { alert, devInfo, get, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";
const galert = alert(
  '3',
  '1226',
  `<Item><Meta><Type ${MI}>Reversed-Domain-Name: org.openmobilealliance.dm.firmwareupdate.downloadandupdate</Type><Format ${MI}>int</Format></Meta><Data>200</Data></Item>`,
);

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'generic alert answered 202',
      session: [
        pkg1({ cmds: [alert('1', '1201'), devInfo('2'), galert] }),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            status('4', '1', '3', 'Alert', '202'),
          ],
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'the session Alert goes unanswered',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('3', '1', '2', 'Replace', '200'),
            get('4', './DevInfo/Mod'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'missingStatus',
          data: { answer: 'Package 2 (MsgID 1)', side: 'client', cmd: 'Alert 1201 (CmdID 1, MsgID 1)', kind: '' },
          messageIndex: 1,
          path: 'SyncBody',
          side: 'server',
        },
      ],
    },
    {
      name: 'a generic alert in Package 3 goes unanswered in Package 4',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '1', '200', 'server'),
            status('2', '1', '4', 'Get', '404'),
            status('3', '1', '5', 'Replace', '425'),
            galert.replace('<CmdID>3</CmdID>', '<CmdID>6</CmdID>'),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'missingStatus',
          data: {
            answer: 'Package 4 (MsgID 2)',
            side: 'client',
            cmd: 'Alert 1226 (CmdID 6, MsgID 2)',
            kind: ' (a generic alert)',
          },
          messageIndex: 3,
        },
      ],
    },
  ],
});
