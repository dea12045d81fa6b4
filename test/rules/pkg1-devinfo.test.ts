import rule from '../../src/rules/pkg1-devinfo.js';
import { alert, devInfo, okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";
const item = (u: string, v: string) => `<Item><Source><LocURI>${u}</LocURI></Source><Data>${v}</Data></Item>`;
const base =
  item('./DevInfo/DevId', 'DMCtest') +
  item('./DevInfo/Man', 'm') +
  item('./DevInfo/Mod', 'x') +
  item('./DevInfo/DmV', '1.0');

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'interior nodes too',
      session: [
        pkg1({
          cmds: [
            alert('1', '1201'),
            devInfo(
              '2',
              base +
                item('./DevInfo/Lang', 'en') +
                `<Item><Source><LocURI>./DevInfo/Ext</LocURI></Source><Meta><Format ${MI}>node</Format></Meta><Data>Intel</Data></Item>`,
            ),
          ],
        }),
        pkg2(),
      ],
    },
  ],
  invalid: [
    {
      name: 'no DevInfo at all',
      session: [pkg1({ cmds: [alert('1', '1201')] }), pkg2(), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'noDevInfo',
          data: { msg: 'Package 1 (MsgID 1)' },
          messageIndex: 0,
          path: 'SyncBody',
          side: 'client',
        },
      ],
    },
    {
      name: 'node URI in Target instead of Source, and an Item without Data',
      session: [
        pkg1({
          cmds: [
            alert('1', '1201'),
            devInfo(
              '2',
              base.replace(
                '<Source><LocURI>./DevInfo/Man</LocURI></Source>',
                '<Target><LocURI>./DevInfo/Man</LocURI></Target>',
              ) + '<Item><Source><LocURI>./DevInfo/Lang</LocURI></Source></Item>',
            ),
          ],
        }),
        pkg2(),
      ],
      errors: [
        {
          messageId: 'itemNoSource',
          data: {
            item: '2',
            msg: 'Package 1 (MsgID 1)',
            hint: ' (it uses Target ./DevInfo/Man; the node URI goes in Source)',
          },
          path: 'SyncBody/Replace[CmdID=2]/Item[2]',
        },
        {
          messageId: 'itemNoData',
          data: { item: '5', msg: 'Package 1 (MsgID 1)', uri: './DevInfo/Lang' },
          path: 'SyncBody/Replace[CmdID=2]/Item[5]',
        },
        {
          messageId: 'missingNodes',
          data: { msg: 'Package 1 (MsgID 1)', s: '', nodes: './DevInfo/Man' },
          path: 'SyncBody/Replace[CmdID=2]',
        },
      ],
    },
    {
      name: 'Replace without CmdID, Lang missing',
      session: [pkg1({ cmds: [alert('1', '1201'), `<Replace>${base}</Replace>`] }), pkg2()],
      errors: [
        { messageId: 'noCmdId', data: { msg: 'Package 1 (MsgID 1)' }, path: 'SyncBody/Replace[1]' },
        {
          messageId: 'missingNodes',
          data: { msg: 'Package 1 (MsgID 1)', s: '', nodes: './DevInfo/Lang' },
          path: 'SyncBody/Replace[1]',
        },
      ],
    },
    {
      name: 'DevInfo in the second message of a multi-message Package 1 is too late',
      session: [
        pkg1({ cmds: [alert('1', '1201')], final: false }),
        `<?xml version="1.0"?><SyncML ` +
          `xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>` +
          `<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>DMCtest</LocURI></Target><Source>` +
          `<LocURI>http://127.0.0.1:8080/funambol/dm</LocURI></Source></SyncHdr><SyncBody><Status>` +
          `<CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data>` +
          `</Status><Alert><CmdID>2</CmdID><Data>1222</Data></Alert></SyncBody></SyncML>`,
        pkg1({ msgID: '2', cmds: [devInfo('1')] }),
        pkg2({ msgID: '2' }),
      ],
      errors: [{ messageId: 'noDevInfo', data: { msg: 'Package 1 (MsgID 1)' }, messageIndex: 0 }],
    },
  ],
});
