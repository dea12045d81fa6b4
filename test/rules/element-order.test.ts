import rule from '../../src/rules/element-order.js';
import { get, hdr, okSession, pkg1, pkg2, pkg3, pkg4, status, msg } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'MsgRef before CmdID (spec example, D9)',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            '<Status><MsgRef>1</MsgRef><CmdID>1</CmdID><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>212</Data></Status>',
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'outOfOrder',
          data: {
            name: 'Status',
            msg: 'Package 2 (MsgID 1)',
            child: 'CmdID',
            after: 'MsgRef',
            order: 'CmdID, MsgRef, CmdRef, Cmd, TargetRef, SourceRef, Cred, Chal, Data, Item',
          },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=1]/CmdID',
          side: 'server',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'Data before TargetRef (hostap, D8)',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data><TargetRef>DMCtest</TargetRef></Status>',
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'outOfOrder',
          data: {
            name: 'Status',
            msg: 'Package 3 (MsgID 2)',
            child: 'TargetRef',
            after: 'Data',
            order: 'CmdID, MsgRef, CmdRef, Cmd, TargetRef, SourceRef, Cred, Chal, Data, Item',
          },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=1]/TargetRef',
          side: 'client',
        },
      ],
    },
    {
      name: 'MsgID before SessionID in the SyncHdr, Meta before Target in an Item',
      session: [
        pkg1(),
        msg(
          hdr('server', '1').replace(
            '<SessionID>1</SessionID><MsgID>1</MsgID>',
            '<MsgID>1</MsgID><SessionID>1</SessionID>',
          ),
          [
            get('4', './DevInfo/Mod').replace(
              '<Item><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item>',
              "<Item><Meta><Format xmlns='syncml:metinf'>chr</Format></Meta><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item>",
            ),
          ],
        ),
      ],
      errors: [
        {
          messageId: 'outOfOrder',
          data: {
            name: 'SyncHdr',
            msg: 'Package 2 (MsgID 1)',
            child: 'SessionID',
            after: 'MsgID',
            order: 'VerDTD, VerProto, SessionID, MsgID, Target, Source, RespURI, NoResp, Cred, Meta',
          },
          path: 'SyncHdr/SessionID',
        },
        {
          messageId: 'outOfOrder',
          data: {
            name: 'Item',
            msg: 'Package 2 (MsgID 1)',
            child: 'Target',
            after: 'Meta',
            order: 'Target, Source, SourceParent, TargetParent, Meta, Data, MoreData',
          },
          path: 'SyncBody/Get[CmdID=4]/Item[1]/Target',
        },
      ],
    },
  ],
});
