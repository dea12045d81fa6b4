import { describe as suite, expect, it } from 'vitest';
import rule from '../../src/rules/dm-content-type.js';
import { lintSession } from '../../src/rules/engine.js';
import type { Session } from '../../src/session/types.js';
import { okSession } from './msgs.js';
import { buildSession, checkRuleMeta } from './tester.js';

// The HTTP part is not in the XML: it is set here as the capture reader would set it.
function overHttp(types: Array<string | undefined>): Session {
  const s = buildSession(okSession());
  s.messages.forEach((m, i) => {
    const contentType = types[i];
    m.message.http = {
      direction: m.direction,
      ...(m.direction === 'client' ? { method: 'POST', url: '/funambol/dm' } : { statusCode: 200, statusText: 'OK' }),
      headers: contentType ? [['Content-Type', contentType]] : [],
      ...(contentType ? { contentType } : {}),
      body: m.message.raw,
      origin: m.message.origin,
    };
  });
  return s;
}
const DM = 'application/vnd.syncml.dm+xml';

suite('dm-content-type', () => {
  it('declares itself', () => expect(checkRuleMeta(rule)).toEqual([]));
  it('stays silent on the DM type (with parameters), and on loose files', () => {
    expect(lintSession(overHttp([DM, `${DM}; charset="utf-8"`, DM, DM]), { rules: [rule] })).toEqual([]);
    expect(lintSession(buildSession(okSession()), { rules: [rule] })).toEqual([]);
  });
  it('reports the DS type libdmclient sends', () => {
    const f = lintSession(overHttp(['application/vnd.syncml+xml', DM, 'application/vnd.syncml+xml', DM]), {
      rules: [rule],
    });
    expect(f.map((x) => [x.messageId, x.data.type])).toEqual([
      ['notDmType', 'application/vnd.syncml+xml'],
      ['notDmType', 'application/vnd.syncml+xml'],
    ]);
    expect(f.map((x) => [x.message, x.location.messageIndex, x.side, x.severity])).toEqual([
      [
        'Package 1 (MsgID 1) is sent as application/vnd.syncml+xml (the SyncML DS type); a DM message is labelled application/vnd.syncml.dm+xml',
        0,
        'client',
        'error',
      ],
      [
        'Package 3 (MsgID 2) is sent as application/vnd.syncml+xml (the SyncML DS type); a DM message is labelled application/vnd.syncml.dm+xml',
        2,
        'client',
        'error',
      ],
    ]);
  });
  it('reports a WBXML label on XML and a missing Content-Type', () => {
    const f = lintSession(overHttp([DM, 'application/vnd.syncml.dm+wbxml', DM, undefined]), { rules: [rule] });
    expect(f.map((x) => x.messageId)).toEqual(['wrongEncoding', 'noContentType']);
    expect(f.map((x) => x.message)).toEqual([
      'Package 2 (MsgID 1) is XML but labelled application/vnd.syncml.dm+wbxml; it must be application/vnd.syncml.dm+xml',
      'Package 4 (MsgID 2) is sent over HTTP without a Content-Type; a DM message is labelled application/vnd.syncml.dm+xml',
    ]);
  });
});
