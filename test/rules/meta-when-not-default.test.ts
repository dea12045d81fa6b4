import { describe as suite, expect, it } from 'vitest';
import rule from '../../src/rules/meta-when-not-default.js';
import { lintSession } from '../../src/rules/engine.js';
import { hdrStatus, okSession, pkg1, pkg2, status } from './msgs.js';
import { buildSession, ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";
const tnds = "<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD><Node><NodeName>x</NodeName></Node></MgmtTree>";
const addTnds = (meta: string) =>
  `<Add><CmdID>4</CmdID><Item><Target><LocURI>./Vendor</LocURI></Target>${meta}<Data>${tnds}</Data></Item></Add>`;
const p2 = (cmd: string) =>
  pkg2({
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      cmd,
    ],
  });

ruleTester.run(rule, {
  valid: [
    okSession(),
    [
      pkg1(),
      p2(addTnds(`<Meta><Format ${MI}>xml</Format><Type ${MI}>application/vnd.syncml.dmtnds+xml</Type></Meta>`)),
    ],
  ],
  invalid: [
    {
      name: 'a TNDS document without Meta',
      session: [pkg1(), p2(addTnds(''))],
      errors: [
        {
          messageId: 'nestedWithoutMeta',
          data: {
            where: 'Item 1 of the Add (CmdID 4, MsgID 1) in Package 2 (MsgID 1)',
            name: 'MgmtTree',
            missing: 'Type or Format (xml)',
          },
          messageIndex: 1,
          path: 'SyncBody/Add[CmdID=4]/Item[1]',
          side: 'server',
        },
      ],
    },
    {
      name: 'Format on the command, Type missing',
      session: [
        pkg1(),
        p2(addTnds('').replace('<CmdID>4</CmdID>', `<CmdID>4</CmdID><Meta><Format ${MI}>xml</Format></Meta>`)),
      ],
      errors: [
        {
          messageId: 'nestedWithoutMeta',
          data: {
            where: 'Item 1 of the Add (CmdID 4, MsgID 1) in Package 2 (MsgID 1)',
            name: 'MgmtTree',
            missing: 'Type',
          },
        },
      ],
    },
  ],
});

// Binary OPAQUE data only comes from WBXML; the XML-based tester cannot make it, so the Item is given its bytes here.
suite('meta-when-not-default on WBXML OPAQUE data', () => {
  const session = () =>
    buildSession([
      pkg1(),
      p2(
        `<Replace><CmdID>4</CmdID><Item><Target><LocURI>./Vendor/Logo</LocURI></Target><Data>x</Data></Item></Replace>`,
      ),
    ]);
  const opaque = (bytes: number[], meta?: string) => {
    const s = session();
    const item = s.messages[1]!.message.syncml!.body[3]!.items[0]!;
    item.data = { text: '', bytes: new Uint8Array(bytes), opaque: true };
    if (meta) item.meta = { format: meta };
    return lintSession(s, { rules: [rule] });
  };
  it('reports binary bytes without Format', () => {
    const f = opaque([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(f).toHaveLength(1);
    expect([f[0]!.messageId, f[0]!.data.bytes, f[0]!.data.format]).toEqual([
      'binaryWithoutFormat',
      '8',
      'no Meta Format',
    ]);
    expect(f[0]!.message).toContain(
      'carries 8 bytes of binary data with no Meta Format; binary data needs Format bin or b64',
    );
    expect(f[0]!.location).toMatchObject({ messageIndex: 1, path: 'SyncBody/Replace[CmdID=4]/Item[1]' });
  });
  it('accepts Format bin, and OPAQUE text (AOSP sends leaf values so)', () => {
    expect(opaque([0x89, 0x50, 0x4e, 0x47, 0x00], 'bin')).toEqual([]);
    expect(opaque([...Buffer.from('\r\n   A780\r\n  ')])).toEqual([]);
  });
});
