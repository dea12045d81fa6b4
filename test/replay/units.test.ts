/**
 * The replay pieces on their own: comparison and its text, the device tree, rewriting of
 * references, identity templates, option checks. Messages come from the real libdmclient
 * recording (fixtures/xml/libdmclient-pkg*.xml, extracted from the corpus capture).
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtures } from '../helpers.js';
import { readXml } from '../../src/xml/read.js';
import type { Element } from '../../src/model/tree.js';
import { compareSessions, diffCommands, renderComparison } from '../../src/replay/compare.js';
import { describeMessage, type TranscriptMessage } from '../../src/replay/describe.js';
import { DeviceTree } from '../../src/replay/device-tree.js';
import { appendCommands, bodyOf, cloneTree, commandsOf, dataOf, retypeEmbedded, textAt } from '../../src/replay/dm.js';
import { expandTemplate, mapPeerMessage, newPeerMap, rewriteReferences } from '../../src/replay/rewrite.js';
import { checkOptions, parseListen } from '../../src/replay/options.js';
import { percentile } from '../../src/replay/report.js';
import type { Recording } from '../../src/replay/recording.js';

const pkg = (n: number): Element => readXml(readFileSync(path.join(fixtures, `xml/libdmclient-pkg${n}.xml`))).root!;
const transcript = (): TranscriptMessage[] =>
  [1, 2, 3, 4].map((n) => ({ direction: n % 2 ? 'client' : 'server', tree: pkg(n), package: n }) as TranscriptMessage);
const cmd = (xml: string): Element =>
  readXml(`<X xmlns="SYNCML:SYNCML1.2">${xml}</X>`).root!.children.find((c): c is Element => c.kind === 'element')!;

describe('describe: commands named by what they are about', () => {
  test('Status and Results name the command they answer, across messages', () => {
    const t = transcript();
    expect(describeMessage(t, 2).map((d) => `${d.key}=${d.value ?? ''}`)).toEqual([
      'Status(SyncHdr)=212 + Chal syncml:auth-md5',
      'Status(Get ./DevInfo/Mod)=200',
      'Status(Get ./DevDetail/SwV)=200',
      'Results(./DevInfo/Mod ./DevDetail/SwV)="test model" "TODO"',
      'Status(Replace ./DevInfo/Lang)=425',
    ]);
    expect(describeMessage(t, 1).map((d) => d.key)).toEqual([
      'Status(SyncHdr)',
      'Status(Alert 1201)',
      'Status(Replace ./DevInfo/Ext/other/test3 ./DevInfo/Ext/other ./DevInfo/Ext/Intel/test2 ' +
        './DevInfo/Ext/Intel/test1 ./DevInfo/Ext/Intel ./DevInfo/Ext ./DevInfo/Bearer/test ./DevInfo/Bearer ' +
        './DevInfo/DmV ./DevInfo/Lang ./DevInfo/DevId ./DevInfo/Man ./DevInfo/Mod)',
      'Get ./DevInfo/Mod ./DevDetail/SwV',
      'Replace ./DevInfo/Lang',
    ]);
  });
});

describe('compare', () => {
  test('identical transcripts: no divergence, every message listed with --all', () => {
    const rec = transcript();
    const live = transcript().map((m, i) => ({ ...m, recIndex: i }));
    const c = compareSessions(rec, live);
    expect(c.divergent).toBe(false);
    expect(renderComparison(c, { all: true })).toBe(
      'Pkg1 client msg 1: same (2 commands)\nPkg2 server msg 1: same (5 commands)\nPkg3 client msg 2: same (5 commands)\nPkg4 server msg 2: same (1 command)\nno divergence from the recording\n',
    );
  });

  test('CmdIDs, MsgIDs, SessionID, nonces and credentials are not compared', () => {
    const rec = transcript();
    const live = transcript().map((m, i) => ({ ...m, recIndex: i }));
    const setText = (el: Element, value: string) => (el.children = [{ kind: 'text', value, pos: {} }]);
    const kid = (el: Element, name: string) =>
      el.children.find((x): x is Element => x.kind === 'element' && x.name === name)!;
    for (const m of live) {
      const hdr = kid(m.tree, 'SyncHdr');
      setText(kid(hdr, 'SessionID'), '77');
      setText(kid(hdr, 'MsgID'), String(Number(textAt(hdr, 'MsgID')) + 10));
      const cred = hdr.children.find((x): x is Element => x.kind === 'element' && x.name === 'Cred');
      if (cred) setText(kid(cred, 'Data'), 'AAAAAAAAAAAAAAAAAAAAAA==');
      for (const c of commandsOf(m.tree)) {
        setText(kid(c, 'CmdID'), String(Number(textAt(c, 'CmdID')) + 89));
        if (c.name !== 'Status' && c.name !== 'Results') continue;
        setText(kid(c, 'MsgRef'), String(Number(textAt(c, 'MsgRef')) + 10));
        const ref = Number(textAt(c, 'CmdRef'));
        if (ref > 0) setText(kid(c, 'CmdRef'), String(ref + 89));
        const chal = c.children.find((x): x is Element => x.kind === 'element' && x.name === 'Chal');
        if (chal) setText(kid(kid(chal, 'Meta'), 'NextNonce'), 'bGl2ZS1ub25jZQ==');
      }
    }
    expect(textAt(commandsOf(live[2]!.tree)[0]!, 'Chal', 'Meta', 'NextNonce')).toBe('bGl2ZS1ub25jZQ==');
    const c = compareSessions(rec, live);
    expect(c.divergent, renderComparison(c)).toBe(false);
  });

  test('a changed status code reads `~ Status(Get ./DevInfo/Mod) 200 → 404`', () => {
    const t = transcript();
    const live = transcript();
    const st = commandsOf(live[2]!.tree)[1]!;
    const data = st.children.find((x): x is Element => x.kind === 'element' && x.name === 'Data')!;
    data.children = [{ kind: 'text', value: '404', pos: {} }];
    const d = diffCommands(describeMessage(t, 2), describeMessage(live, 2));
    expect(d.map((x) => x.text)).toEqual(['~ Status(Get ./DevInfo/Mod) 200 → 404']);
  });

  test('missing and extra messages', () => {
    const rec = transcript();
    const live = transcript()
      .slice(0, 2)
      .map((m, i) => ({ ...m, recIndex: i }));
    const c = compareSessions(rec, live, ['the server did not answer Package 3']);
    const text = renderComparison(c);
    expect(text).toContain('Pkg3 client (recorded only)\n  - Status(SyncHdr) 212 + Chal syncml:auth-md5\n');
    expect(text).toContain('Pkg4 server (recorded only)\n  - Status(SyncHdr) 200\n');
    expect(text).toContain('! the server did not answer Package 3\n');
    expect(c.divergences).toBe(7);
  });
});

describe('device tree', () => {
  const rec: Recording = {
    id: 'r',
    sessionId: '1',
    device: 'DMCtest',
    server: 's',
    messages: [1, 2, 3, 4].map((n, i) => ({
      index: i,
      direction: n % 2 ? 'client' : 'server',
      tree: pkg(n),
      encoding: 'xml',
      headers: [],
      authRetry: false,
    })),
  };
  const tree = DeviceTree.fromRecording(rec);
  const answer = (xml: string) =>
    tree
      .answer(cmd(xml), '7', 'SYNCML:SYNCML1.2')
      .map(
        (e) =>
          `${e.name} ${textAt(e, 'MsgRef')}/${textAt(e, 'CmdRef')} ${e.name === 'Status' ? dataOf(e) : textAt(e, 'Item', 'Data')}`,
      );

  test('values the trace shows: DevInfo from Package 1, Results, interior nodes', () => {
    expect(tree.get('./DevInfo/Man')?.value).toBe('test manufacturer');
    expect(tree.get('./DevDetail/SwV')?.value).toBe('TODO');
    expect(tree.get('./DevInfo/Ext/Intel')?.value).toBe('test1/test2');
    expect(tree.get('./DevDetail/FwV')).toBeUndefined();
  });

  test('Get: 200 + Results for known nodes, 404 for unknown ones', () => {
    expect(answer('<Get><CmdID>3</CmdID><Item><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item></Get>')).toEqual([
      'Status 7/3 200',
      'Results 7/3 test model',
    ]);
    expect(answer('<Get><CmdID>4</CmdID><Item><Target><LocURI>./DevDetail/FwV</LocURI></Target></Item></Get>')).toEqual(
      ['Status 7/4 404'],
    );
  });

  test('Replace: 200 on known paths (and remembered), 404 on unknown; Add creates', () => {
    expect(
      answer(
        '<Replace><CmdID>5</CmdID><Item><Target><LocURI>./DevInfo/Lang</LocURI></Target><Data>de</Data></Item></Replace>',
      ),
    ).toEqual(['Status 7/5 200']);
    expect(tree.get('./DevInfo/Lang')?.value).toBe('de');
    expect(
      answer('<Replace><CmdID>6</CmdID><Item><Target><LocURI>./Nope</LocURI></Target><Data>x</Data></Item></Replace>'),
    ).toEqual(['Status 7/6 404']);
    expect(
      answer('<Add><CmdID>8</CmdID><Item><Target><LocURI>./Vendor/X</LocURI></Target><Data>1</Data></Item></Add>'),
    ).toEqual(['Status 7/8 200']);
    expect(tree.has('./Vendor/X')).toBe(true);
  });

  test('Status and Results need no answer; an unknown command gets 406', () => {
    expect(
      answer('<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>'),
    ).toEqual([]);
    expect(answer('<Copy><CmdID>9</CmdID><Item><Target><LocURI>./a</LocURI></Target></Item></Copy>')).toEqual([
      'Status 7/9 406',
    ]);
  });
});

describe('rewriting references', () => {
  test('recorded statuses point at the live peer command matched by name and target; unmatched ones are dropped', () => {
    const recServer = pkg(2);
    const liveServer = cloneTree(recServer);
    // The live server numbers its commands differently and adds a Get the recording lacks.
    const get = commandsOf(liveServer).find((c) => c.name === 'Get')!;
    get.children.find((x): x is Element => x.kind === 'element' && x.name === 'CmdID')!.children = [
      { kind: 'text', value: '40', pos: {} },
    ];
    appendCommands(liveServer, [
      cmd('<Get><CmdID>41</CmdID><Item><Target><LocURI>./DevDetail/FwV</LocURI></Target></Item></Get>'),
    ]);
    const hdr = liveServer.children.find((c): c is Element => c.kind === 'element' && c.name === 'SyncHdr')!;
    hdr.children.find((x): x is Element => x.kind === 'element' && x.name === 'MsgID')!.children = [
      { kind: 'text', value: '9', pos: {} },
    ];
    // …and leaves out the Replace.
    const body = bodyOf(liveServer)!;
    body.children = body.children.filter((c) => !(c.kind === 'element' && c.name === 'Replace'));
    const map = newPeerMap();
    const m = mapPeerMessage(map, recServer, liveServer);
    expect(m.unexpected.map((c) => textAt(c, 'Item', 'Target', 'LocURI'))).toEqual(['./DevDetail/FwV']);
    expect(m.missing.map((c) => c.name)).toEqual(['Replace']);
    const out = pkg(3);
    const dropped = rewriteReferences(out, map);
    expect(dropped.map((c) => `${c.name} ${textAt(c, 'Cmd') ?? ''}`)).toEqual(['Status Replace']);
    const refs = commandsOf(out).map((c) => `${c.name} ${textAt(c, 'MsgRef')}/${textAt(c, 'CmdRef')}`);
    expect(refs).toEqual(['Status 9/0', 'Status 9/40', 'Status 9/40', 'Results 9/40']);
  });

  test('identity templates', () => {
    expect(expandTemplate('IMEI:3569{n:6}', 1)).toBe('IMEI:3569000001');
    expect(expandTemplate('IMEI:3569{n:6}', 1234567)).toBe('IMEI:35691234567');
    expect(expandTemplate('dev-{n}', 42)).toBe('dev-42');
    expect(expandTemplate('fixed', 3)).toBe('fixed');
  });
});

describe('encoding change', () => {
  test('embedded document types follow the encoding (TNDS, DevInf), other types stay', () => {
    const t = cmd(
      '<Add><CmdID>1</CmdID><Item><Target><LocURI>./a</LocURI></Target><Meta><Type ' +
        'xmlns="syncml:metinf">application/vnd.syncml.dmtnds+xml</Type></Meta><Data>x</Data></Item><Item><Meta><Type ' +
        'xmlns="syncml:metinf">text/xml</Type></Meta><Data>y</Data></Item></Add>',
    );
    expect(retypeEmbedded(t, 'wbxml')).toBe(1);
    expect(textAt(t, 'Item', 'Meta', 'Type')).toBe('application/vnd.syncml.dmtnds+wbxml');
    expect(retypeEmbedded(t, 'wbxml')).toBe(0);
    expect(retypeEmbedded(t, 'xml')).toBe(1);
    expect(textAt(t, 'Item', 'Meta', 'Type')).toBe('application/vnd.syncml.dmtnds+xml');
  });
});

describe('options', () => {
  test('--listen forms', () => {
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseListen('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('0.0.0.0:99999')).toMatch(/out of range/);
    expect(parseListen('host:port')).toMatch(/HOST:PORT/);
  });

  test('checks say what is wrong in one line', () => {
    expect(checkOptions({ as: 'server', timeout: 'soon' })).toBe('--timeout must be a whole number, got "soon"');
    expect(checkOptions({ as: 'server', tlsCert: 'c.pem' })).toBe('--tls-cert and --tls-key go together');
    expect(checkOptions({ as: 'server', devices: '3' })).toMatch(/--devices is for --as client/);
    expect(checkOptions({ as: 'client', server: 'ftp://x' })).toMatch(/http:\/\/ or https:\/\//);
    expect(checkOptions({ as: 'client', server: 'http://x/dm', devices: '0' })).toBe('--devices must be at least 1');
    expect(checkOptions({ as: 'server' })).toMatchObject({
      role: 'server',
      host: '127.0.0.1',
      port: 0,
      timeoutMs: 30000,
      maxBody: 1048576,
    });
  });

  test('percentiles are nearest-rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 90), percentile(xs, 99), percentile([5], 99)]).toEqual([50, 90, 99, 5]);
  });
});
