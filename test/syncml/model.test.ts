import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readXml } from '../../src/xml/read.js';
import { writeXml } from '../../src/xml/write.js';
import { readWbxml } from '../../src/wbxml/read.js';
import { buildSyncML, commandPath, elementPath, itemPath, toTree } from '../../src/syncml/model.js';
import { NS } from '../../src/model/tree.js';
import type { Element, Node } from '../../src/model/tree.js';
import type { Command, SyncML } from '../../src/syncml/types.js';
import { corpus, fixtures } from '../helpers.js';

const aosp = path.join(corpus, 'aosp-omadm');

function model(xml: string | Uint8Array): { syncml: SyncML; problems: ReturnType<typeof buildSyncML>['problems'] } {
  const r = readXml(xml);
  expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const m = buildSyncML(r.root!);
  return { syncml: m.syncml!, problems: m.problems };
}

/** A minimal message around `body` (SyncBody content). */
const wrap = (
  body: string,
  hdr = '<VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>t</LocURI></Target><Source><LocURI>s</LocURI></Source>',
) => `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr>${hdr}</SyncHdr><SyncBody>${body}</SyncBody></SyncML>`;

/**
 * Drops what the model does not keep: positions, xmlns declarations (namespaces themselves stay),
 * and empty strings (WBXML `STR_I ""` in an empty Data says nothing `<Data/>` does not).
 */
function strip(n: Node): unknown {
  if (n.kind === 'element') {
    const attrs = Object.entries(n.attributes ?? {}).filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'));
    const kids = n.children.filter((c) => !(c.kind === 'text' && c.value === '' && !c.cdata));
    return {
      name: n.name,
      namespace: n.namespace,
      ...(attrs.length ? { attributes: Object.fromEntries(attrs) } : {}),
      children: kids.map(strip),
    };
  }
  if (n.kind === 'text') return { text: n.value, cdata: n.cdata === true };
  return { bytes: [...n.bytes], document: n.document ? strip(n.document) : undefined };
}

describe('every command and field (fixtures/syncml/every-command.xml)', () => {
  const { syncml, problems } = model(readFileSync(path.join(fixtures, 'syncml', 'every-command.xml')));
  const byId = (id: string): Command => {
    const walk = (cs: Command[]): Command | undefined => {
      for (const c of cs) {
        if (c.cmdID === id) return c;
        const inner = c.commands && walk(c.commands);
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(syncml.body)!;
  };

  test('no problems', () => {
    expect(problems).toEqual([]);
  });

  test('SyncHdr', () => {
    expect(syncml.namespace).toBe('SYNCML:SYNCML1.2');
    expect(syncml.hdr).toEqual({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionID: '0001',
      msgID: '2',
      target: { locURI: 'IMEI:493005100592800', locName: 'Bruce2' },
      // LocURI whitespace trimmed (docs/dm-facts.md §10 D4)
      source: { locURI: 'http://www.syncml.org/mgmt-server' },
      respURI: 'http://www.syncml.org/mgmt-server/session?s=1',
      noResp: true,
      cred: {
        meta: { type: 'syncml:auth-md5', format: 'b64' },
        data: { text: 'Zz6EivR3yeaaENcRN6lpAQ==', opaque: false },
      },
      meta: { maxMsgSize: '5000', maxObjSize: '65536' },
    });
  });

  test('SyncBody order, names, paths, Final', () => {
    expect(syncml.body.map((c) => c.path)).toEqual([
      'SyncBody/Status[CmdID=1]',
      'SyncBody/Status[CmdID=2]',
      'SyncBody/Results[CmdID=3]',
      'SyncBody/Alert[CmdID=4]',
      'SyncBody/Add[CmdID=5]',
      'SyncBody/Replace[CmdID=6]',
      'SyncBody/Delete[CmdID=7]',
      'SyncBody/Copy[CmdID=8]',
      'SyncBody/Get[CmdID=9]',
      'SyncBody/Exec[CmdID=10]',
      'SyncBody/Atomic[CmdID=11]',
      'SyncBody/Sequence[CmdID=14]',
    ]);
    expect(syncml.final).toBe(true);
  });

  test('Status of SyncHdr with Chal', () => {
    const s = byId('1');
    expect(s).toMatchObject({
      name: 'Status',
      msgRef: '1',
      cmdRef: '0',
      cmd: 'SyncHdr',
      data: '212',
      targetRef: ['http://www.syncml.org/mgmt-server'],
      sourceRef: ['IMEI:493005100592800'],
      chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: 'ZG9iZWhhdmUNCg==' } },
      items: [],
    });
    expect(s.element?.name).toBe('Status');
  });

  test('Status with an Item', () => {
    expect(byId('2')).toMatchObject({
      cmd: 'Alert',
      cmdRef: '3',
      data: '200',
      items: [{ data: { text: '2' }, path: 'SyncBody/Status[CmdID=2]/Item[1]' }],
    });
  });

  test('Results with Meta, TargetRef, SourceRef', () => {
    expect(byId('3')).toMatchObject({
      name: 'Results',
      msgRef: '1',
      cmdRef: '4',
      meta: { format: 'chr' },
      targetRef: ['./DevDetail/SwV'],
      sourceRef: ['./DevDetail/SwV'],
      items: [{ source: { locURI: './DevDetail/SwV' }, data: { text: '1.0', opaque: false } }],
    });
  });

  test('Generic Alert: Correlator, Item Meta with Mark', () => {
    expect(byId('4')).toMatchObject({
      name: 'Alert',
      data: '1226',
      correlator: 'abc123',
      items: [
        {
          source: { locURI: './FUMO/x/DownloadAndUpdate' },
          meta: { format: 'int', mark: 'critical' },
          data: { text: '200' },
        },
      ],
    });
    expect(byId('4').items[0]!.meta!.type).toMatch(/^Reversed-Domain-Name: /);
  });

  test('Add with command Meta, Item Meta Size and MoreData', () => {
    expect(byId('5')).toMatchObject({
      meta: { format: 'chr', type: 'text/plain' },
      items: [
        { target: { locURI: './Test/Leaf' }, meta: { size: '12' }, data: { text: 'first chunk ' }, moreData: true },
      ],
    });
  });

  test('Replace: NoResp, nested MgmtTree in Data, CDATA Data kept as sent', () => {
    const r = byId('6');
    expect(r.noResp).toBe(true);
    expect(r.items.map((i) => i.path)).toEqual([
      'SyncBody/Replace[CmdID=6]/Item[1]',
      'SyncBody/Replace[CmdID=6]/Item[2]',
      'SyncBody/Replace[CmdID=6]/Item[3]',
    ]);
    expect(r.items[1]!.data).toMatchObject({
      text: '',
      opaque: false,
      element: { name: 'MgmtTree', namespace: NS.DMDDF12 },
    });
    expect(r.items[2]!.data).toEqual({ text: 'if a < b && c > d', opaque: false, cdata: true });
  });

  test('Delete, Copy (Target and Source), Get with Lang, Exec with Correlator', () => {
    expect(byId('7')).toMatchObject({ name: 'Delete', items: [{ target: { locURI: './Test/Old' } }] });
    expect(byId('8')).toMatchObject({
      name: 'Copy',
      items: [{ target: { locURI: './Test/B' }, source: { locURI: './Test/A' } }],
    });
    expect(byId('9')).toMatchObject({
      name: 'Get',
      lang: 'en',
      items: [{ target: { locURI: './DevDetail/SwV?prop=Format' } }],
    });
    expect(byId('10')).toMatchObject({
      name: 'Exec',
      correlator: 'xyz',
      items: [{ target: { locURI: './FUMO/x/DownloadAndUpdate' } }],
    });
  });

  test('Atomic and Sequence hold their commands in order with nested paths', () => {
    const a = byId('11');
    expect(a.meta).toEqual({ type: 'text/plain' });
    expect(a.commands!.map((c) => [c.name, c.path])).toEqual([
      ['Add', 'SyncBody/Atomic[CmdID=11]/Add[CmdID=12]'],
      ['Replace', 'SyncBody/Atomic[CmdID=11]/Replace[CmdID=13]'],
    ]);
    expect(a.commands![1]!.items[0]!.path).toBe('SyncBody/Atomic[CmdID=11]/Replace[CmdID=13]/Item[1]');
    const s = byId('14');
    expect(s.noResp).toBe(true);
    expect(s.commands!.map((c) => c.name)).toEqual(['Get', 'Alert']);
    expect(s.commands![1]!.items.map((i) => i.data?.text)).toEqual(['MINDT=5', 'Hello']);
    expect(byId('5').commands).toBeUndefined();
  });

  test('toTree writes it back to the same tree', () => {
    const tree = readXml(readFileSync(path.join(fixtures, 'syncml', 'every-command.xml'))).root!;
    // the Source LocURI is trimmed by the model: compare against the trimmed source
    const again = toTree(syncml);
    const xml = writeXml(again, { pretty: true });
    expect(xml).toContain('<LocURI>http://www.syncml.org/mgmt-server</LocURI>');
    const reread = buildSyncML(readXml(xml).root!);
    expect(reread.problems).toEqual([]);
    const noElements = (m: SyncML) => JSON.parse(JSON.stringify(m, (k, v) => (k === 'element' ? undefined : v)));
    expect(noElements(reread.syncml!)).toEqual(noElements(syncml));
    expect(strip(again.children[1]!)).toEqual(strip(tree.children[1]!));
  });
});

describe('problems with element paths', () => {
  test('missing required elements: errors at the parent, commands by CmdID or by index', () => {
    const { problems } = model(
      wrap(
        '<Status><MsgRef>1</MsgRef><CmdRef>2</CmdRef><Cmd>Get</Cmd><Data>200</Data></Status><Status><CmdID>' +
          '3</CmdID><MsgRef>1</MsgRef><Cmd>Get</Cmd><Data>200</Data></Status><Status><MsgRef>1</MsgRef><CmdRef>' +
          '2</CmdRef><Cmd>Get</Cmd></Status><Replace><CmdID>4</CmdID></Replace>',
      ),
    );
    expect(problems.map((p) => [p.severity, p.code, p.path, p.message])).toEqual([
      ['error', 'syncml-missing-element', 'SyncBody/Status[1]', 'Status has no CmdID'],
      ['error', 'syncml-missing-element', 'SyncBody/Status[CmdID=3]', 'Status has no CmdRef'],
      ['error', 'syncml-missing-element', 'SyncBody/Status[3]', 'Status has no CmdID'],
      ['error', 'syncml-missing-element', 'SyncBody/Status[3]', 'Status has no Data'],
      ['error', 'syncml-missing-element', 'SyncBody/Replace[CmdID=4]', 'Replace has no Item'],
    ]);
  });

  test('problems carry the line and column of the element', () => {
    const { problems } = model(`<SyncML xmlns="SYNCML:SYNCML1.2">
<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>t</LocURI></Target><Source><LocURI>s</LocURI></Source></SyncHdr>
<SyncBody>
  <Get><CmdID>2</CmdID></Get>
</SyncBody></SyncML>`);
    expect(problems).toEqual([expect.objectContaining({ path: 'SyncBody/Get[CmdID=2]', line: 4, column: 3 })]);
  });

  test('unexpected and duplicate elements: warnings with their own path, Item index', () => {
    const { syncml, problems } = model(
      wrap(
        '<Replace><CmdID>3</CmdID><Item><Target><LocURI>./a</LocURI></Target></Item><Item><Target><LocURI>./b</LocURI></Target><Data>1</Data><Data>2</Data><Foo/></Item><Bar/></Replace>',
      ),
    );
    expect(problems.map((p) => [p.severity, p.code, p.path])).toEqual([
      ['warning', 'syncml-unexpected-element', 'SyncBody/Replace[CmdID=3]/Bar'],
      ['warning', 'syncml-duplicate-element', 'SyncBody/Replace[CmdID=3]/Item[2]/Data[2]'],
      ['warning', 'syncml-unexpected-element', 'SyncBody/Replace[CmdID=3]/Item[2]/Foo'],
    ]);
    expect(syncml.body[0]!.items[1]!.data?.text).toBe('1');
  });

  test('SyncHdr: missing and unknown children', () => {
    const { syncml, problems } = model(
      wrap(
        '',
        '<VerDTD>1.2</VerDTD><SessionID>0001</SessionID><Target><LocName>x</LocName></Target><Source><LocURI>s</LocURI></Source><Oops/>',
      ),
    );
    expect(problems.map((p) => [p.severity, p.path, p.message])).toEqual([
      ['warning', 'SyncHdr/Oops', 'SyncHdr does not allow Oops; ignored'],
      ['error', 'SyncHdr', 'SyncHdr has no VerProto'],
      ['error', 'SyncHdr', 'SyncHdr has no MsgID'],
      ['error', 'SyncHdr/Target', 'Target has no LocURI'],
    ]);
    expect(syncml.hdr.sessionID).toBe('0001');
    expect(syncml.hdr.target).toEqual({ locName: 'x' });
  });

  test('no SyncHdr, no SyncBody: errors, still a model', () => {
    const r = buildSyncML(readXml('<SyncML xmlns="SYNCML:SYNCML1.2"/>').root!);
    expect(r.problems.map((p) => [p.code, p.message])).toEqual([
      ['syncml-missing-element', 'SyncML has no SyncHdr'],
      ['syncml-missing-element', 'SyncML has no SyncBody'],
    ]);
    expect(r.syncml).toEqual({ namespace: NS.SyncML12, hdr: { noResp: false }, body: [], final: false });
  });

  test('not SyncML: one error, no model', () => {
    const r = buildSyncML(readXml('<DevInf xmlns="syncml:devinf"/>').root!);
    expect(r.syncml).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', code: 'syncml-not-syncml' })]);
  });

  test('unknown namespace or none: a warning', () => {
    expect(
      buildSyncML(readXml(wrap('').replace('SYNCML:SYNCML1.2', 'urn:x')).root!).problems.map((p) => p.code),
    ).toEqual(['syncml-unknown-namespace']);
    expect(
      buildSyncML(readXml(wrap('').replace(' xmlns="SYNCML:SYNCML1.2"', '')).root!).problems.map((p) => p.code),
    ).toEqual(['syncml-unknown-namespace']);
  });

  test('the namespace as sent is kept, any case accepted', () => {
    const { syncml, problems } = model(wrap('').replace('SYNCML:SYNCML1.2', 'syncml:syncml1.2'));
    expect(problems).toEqual([]);
    expect(syncml.namespace).toBe('syncml:syncml1.2');
    expect(toTree(syncml).namespace).toBe(NS.SyncML12);
  });

  test('SyncHdr status without CmdRef: a warning, not an error (docs/dm-facts.md §3.5)', () => {
    const { problems } = model(
      wrap('<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>'),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'syncml-missing-element',
        path: 'SyncBody/Status[CmdID=1]',
      }),
    ]);
  });

  test('unknown SyncBody element and text: warnings; a non-DM SyncML command is kept', () => {
    const { syncml, problems } = model(wrap('<Frobnicate/>stray<Sync><CmdID>9</CmdID></Sync><Final/><Final/>'));
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['syncml-unexpected-element', 'SyncBody/Frobnicate'],
      ['syncml-unexpected-content', 'SyncBody'],
      ['syncml-duplicate-element', 'SyncBody/Final[2]'],
    ]);
    expect(syncml.body.map((c) => c.path)).toEqual(['SyncBody/Sync[CmdID=9]']);
  });

  test('Exec with two Items, Alert without Data', () => {
    const { problems } = model(
      wrap(
        '<Exec><CmdID>1</CmdID><Item><Target><LocURI>./a</LocURI></Target></Item><Item><Target><LocURI>./b</LocURI></Target></Item></Exec><Alert><CmdID>2</CmdID></Alert>',
      ),
    );
    expect(problems.map((p) => [p.severity, p.code, p.path])).toEqual([
      ['warning', 'syncml-duplicate-element', 'SyncBody/Exec[CmdID=1]/Item[2]'],
      ['error', 'syncml-missing-element', 'SyncBody/Alert[CmdID=2]'],
    ]);
  });

  test('commands inside Atomic without CmdID are indexed within the Atomic', () => {
    const { syncml, problems } = model(
      wrap(
        '<Atomic><CmdID>1</CmdID><Add><Item><Target><LocURI>./a</LocURI></Target></Item></Add><Add><Item><Target><LocURI>./b</LocURI></Target></Item></Add></Atomic>',
      ),
    );
    expect(syncml.body[0]!.commands!.map((c) => c.path)).toEqual([
      'SyncBody/Atomic[CmdID=1]/Add[1]',
      'SyncBody/Atomic[CmdID=1]/Add[2]',
    ]);
    expect(problems.map((p) => p.path)).toEqual(['SyncBody/Atomic[CmdID=1]/Add[1]', 'SyncBody/Atomic[CmdID=1]/Add[2]']);
  });
});

describe('MetInf tolerances', () => {
  const metaOf = (meta: string) =>
    model(wrap(`<Get><CmdID>1</CmdID><Item><Target><LocURI>./a</LocURI></Target>${meta}</Item></Get>`));

  test('MetInf children without namespace, prefixed, or inside a MetInf wrapper', () => {
    const a = metaOf(
      '<Meta><Type>text/plain</Type><m:Format xmlns:m="syncml:metinf">chr</m:Format><MetInf xmlns="syncml:metinf"><Size>3</Size><EMI>x</EMI><EMI>y</EMI></MetInf></Meta>',
    );
    expect(a.problems).toEqual([]);
    expect(a.syncml.body[0]!.items[0]!.meta).toEqual({ type: 'text/plain', format: 'chr', size: '3', emi: ['x', 'y'] });
  });

  test('Type outside Meta (MS-MDM example, docs/dm-facts.md §10 D4): read into the Item Meta with a warning', () => {
    const a = metaOf('<Meta></Meta><Type xmlns="syncml:metinf">text/plain</Type>');
    expect(a.syncml.body[0]!.items[0]!.meta).toEqual({ type: 'text/plain' });
    expect(a.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'syncml-metinf-outside-meta',
        path: 'SyncBody/Get[CmdID=1]/Item[1]/Type',
      }),
    ]);
  });

  test('Anchor, Mem and vendor elements go to other; a non-MetInf name is a warning', () => {
    const a = metaOf(
      '<Meta><Anchor xmlns="syncml:metinf"><Last>1</Last><Next>2</Next></Anchor><FieldLevel xmlns="syncml:metinf"/><Vendor>v</Vendor></Meta>',
    );
    expect(a.syncml.body[0]!.items[0]!.meta).toEqual({
      other: { 'Anchor/Last': '1', 'Anchor/Next': '2', FieldLevel: '', Vendor: 'v' },
    });
    expect(a.problems.map((p) => [p.code, p.path])).toEqual([
      ['syncml-unexpected-element', 'SyncBody/Get[CmdID=1]/Item[1]/Meta/Vendor'],
    ]);
    const tree = toTree(a.syncml);
    const meta = (tree.children[1] as Element).children[0] as Element;
    const item = meta.children.find((c) => c.kind === 'element' && c.name === 'Item') as Element;
    const m = item.children.find((c) => c.kind === 'element' && c.name === 'Meta') as Element;
    expect(writeXml(m, { declaration: false })).toBe(
      '<Meta xmlns="SYNCML:SYNCML1.2"><Anchor xmlns="syncml:metinf"><Last>1</Last><Next>2</Next></Anchor><FieldLevel xmlns="syncml:metinf"/><Vendor xmlns="syncml:metinf">v</Vendor></Meta>',
    );
  });

  test('a second Type in Meta: warning, the first kept', () => {
    const a = metaOf('<Meta><Type>a</Type><Type>b</Type></Meta>');
    expect(a.syncml.body[0]!.items[0]!.meta).toEqual({ type: 'a' });
    expect(a.problems.map((p) => [p.code, p.path])).toEqual([
      ['syncml-duplicate-element', 'SyncBody/Get[CmdID=1]/Item[1]/Meta/Type[2]'],
    ]);
  });
});

describe('OPAQUE data (WBXML)', () => {
  test('dm11/testreplace.wbxml: DevInfo leaves as OPAQUE wrapped in CR LF and spaces (docs/dm-facts.md §10 D7)', () => {
    const r = readWbxml(readFileSync(path.join(aosp, 'dm11', 'testreplace.wbxml')));
    const m = buildSyncML(r.root!);
    expect(m.problems).toEqual([]);
    const replace = m.syncml!.body.find((c) => c.name === 'Replace')!;
    const devId = replace.items[0]!;
    expect(devId.source?.locURI).toBe('./DevInfo/DevId');
    expect(devId.data!.opaque).toBe(true);
    expect(devId.data!.text.trim()).toBe('000000011234564');
    expect(devId.data!.text).toMatch(/^\r\n +000000011234564\r\n +$/);
    expect(Buffer.from(devId.data!.bytes!).toString('utf8')).toBe(devId.data!.text);
  });

  test('OPAQUE NextNonce: bytes kept, base64 as the text, written back as OPAQUE', () => {
    const nonce = new Uint8Array([0x00, 0xff, 0x10, 0x80]);
    const tree: Element = readXml(
      wrap(
        '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Chal><Meta><NextNonce xmlns="syncml:metinf">x</NextNonce></Meta></Chal><Data>401</Data></Status>',
      ),
    ).root!;
    const nn = ((((tree.children[1] as Element).children[0] as Element).children[4] as Element).children[0] as Element)
      .children[0] as Element;
    expect(nn.name).toBe('NextNonce');
    nn.children = [{ kind: 'opaque', bytes: nonce, pos: {} }];
    const m = buildSyncML(tree);
    expect(m.syncml!.body[0]!.chal!.meta).toEqual({ nextNonce: 'AP8QgA==', nextNonceBytes: nonce });
    expect(writeXml(toTree(m.syncml!))).toContain('<NextNonce xmlns="syncml:metinf">AP8QgA==</NextNonce>');
    const back = toTree(m.syncml!);
    expect(JSON.stringify(strip(back))).toContain(JSON.stringify({ bytes: [0, 255, 16, 128] }));
  });

  test('an OPAQUE embedded document becomes Data.element', () => {
    const doc: Element = { kind: 'element', name: 'MgmtTree', namespace: NS.DMDDF12, children: [], pos: {} };
    const tree = readXml(
      wrap('<Replace><CmdID>1</CmdID><Item><Target><LocURI>./t</LocURI></Target><Data>x</Data></Item></Replace>'),
    ).root!;
    const data = (((tree.children[1] as Element).children[0] as Element).children[1] as Element).children[1] as Element;
    data.children = [{ kind: 'opaque', bytes: new Uint8Array([3, 1, 0x6a, 0]), document: doc, pos: {} }];
    const m = buildSyncML(tree);
    expect(m.syncml!.body[0]!.items[0]!.data).toMatchObject({ opaque: true, text: '', element: doc });
    expect(strip(toTree(m.syncml!))).toEqual(strip(tree));
  });
});

describe('toTree(buildSyncML(tree)) gives the tree back on the corpus', () => {
  const xmlFiles = [
    ...['dm11', 'dm12'].flatMap((d) =>
      readdirSync(path.join(aosp, d))
        .filter((f) => f.endsWith('.xml'))
        .map((f) => path.join(aosp, d, f)),
    ),
    ...[1, 2, 3, 4].map((n) => path.join(fixtures, 'xml', `libdmclient-pkg${n}.xml`)),
  ];
  test.each(xmlFiles.map((f) => [path.relative(path.dirname(path.dirname(f)), f), f]))('%s', (_n, f) => {
    const tree = readXml(readFileSync(f)).root!;
    const m = buildSyncML(tree);
    expect(m.problems).toEqual([]);
    expect(strip(toTree(m.syncml!))).toEqual(strip(tree));
  });

  const wbxmlFiles = ['dm11', 'dm12'].flatMap((d) =>
    readdirSync(path.join(aosp, d))
      .filter((f) => f.endsWith('.wbxml'))
      .map((f) => path.join(aosp, d, f)),
  );
  test.each(wbxmlFiles.map((f) => [path.relative(path.dirname(path.dirname(f)), f), f]))('%s', (_n, f) => {
    const tree = readWbxml(readFileSync(f)).root!;
    const m = buildSyncML(tree);
    expect(m.problems).toEqual([]);
    expect(strip(toTree(m.syncml!))).toEqual(strip(tree));
  });
});

describe('path helpers', () => {
  test('commandPath by CmdID, else by index; itemPath; elementPath', () => {
    expect(commandPath('Replace', '3', 1)).toBe('SyncBody/Replace[CmdID=3]');
    expect(commandPath('Status', undefined, 4)).toBe('SyncBody/Status[4]');
    expect(commandPath('Status', '', 4)).toBe('SyncBody/Status[4]');
    expect(commandPath('Add', '5', 1, 'SyncBody/Atomic[CmdID=4]')).toBe('SyncBody/Atomic[CmdID=4]/Add[CmdID=5]');
    expect(itemPath('SyncBody/Replace[CmdID=3]', 2)).toBe('SyncBody/Replace[CmdID=3]/Item[2]');
    expect(elementPath('SyncHdr', 'Target')).toBe('SyncHdr/Target');
    expect(elementPath('', 'SyncHdr')).toBe('SyncHdr');
    expect(elementPath('SyncBody/Final', 'x', 2)).toBe('SyncBody/Final/x[2]');
  });
});

describe('never throws', () => {
  test.each([
    ['text-only root', '<SyncML>junk</SyncML>'],
    [
      'everything empty',
      '<SyncML><SyncHdr/><SyncBody><Status/><Alert/><Atomic/><Sequence><Get/></Sequence><Final>x</Final></SyncBody></SyncML>',
    ],
    ['deep Atomics', wrap('<Atomic><CmdID>1</CmdID>'.repeat(20) + '</Atomic>'.repeat(20))],
    ['opaque where elements are expected', '<SyncML><SyncHdr><Target>t</Target></SyncHdr><SyncBody/></SyncML>'],
  ])('%s', (_n, xml) => {
    const r = buildSyncML(readXml(xml).root!);
    expect(r.syncml).toBeDefined();
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.code.startsWith('syncml-'))).toBe(true);
  });
});
