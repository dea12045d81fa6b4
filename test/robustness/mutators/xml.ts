/**
 * XML-aware mutators (XML 1.0, SyncML DM): the document seen as markup and text by a lenient
 * scan; elements deleted, repeated (many siblings), wrapped (deep nesting), left open or closed
 * by the wrong name; names changed to other SyncML names, prefixed or made invalid; attributes and
 * namespace declarations added; text given references, CDATA, comments, PIs, control characters,
 * bad UTF-8, huge runs; the prolog given a BOM, white space, an encoding, a DOCTYPE with entities.
 * The same operations serve logs and HAR bodies, which carry XML.
 */
import { byteMutators, chance, count, int, pick, splice, stacked, withBytes, type Mutator } from './bytes.js';
import type { MutateContext, Mutation, Rnd } from './bytes.js';

/** SyncML DM element names (SyncML Rep Pro 1.2 DTD, MetInf) to rename to. */
export const SYNCML_NAMES = [
  'SyncML',
  'SyncHdr',
  'SyncBody',
  'VerDTD',
  'VerProto',
  'SessionID',
  'MsgID',
  'Target',
  'Source',
  'LocURI',
  'LocName',
  'Cred',
  'Meta',
  'Data',
  'Status',
  'CmdID',
  'MsgRef',
  'CmdRef',
  'Cmd',
  'TargetRef',
  'SourceRef',
  'Chal',
  'Alert',
  'Replace',
  'Add',
  'Get',
  'Delete',
  'Exec',
  'Copy',
  'Atomic',
  'Sequence',
  'Results',
  'Item',
  'Final',
  'NoResp',
  'MaxMsgSize',
  'MaxObjSize',
  'Type',
  'Format',
  'NextNonce',
  'Size',
  'MoreData',
  'RespURI',
  'Correlator',
  'Map',
  'MapItem',
] as const;

interface Piece {
  start: number;
  end: number;
  /** start tag, end tag, empty tag, other markup, or text. */
  kind: 'open' | 'close' | 'empty' | 'markup' | 'text';
  name?: string;
}

/** Markup and text of a document (or of any text holding XML), by a lenient regex scan. */
export function pieces(s: string, max = 50_000): Piece[] {
  const out: Piece[] = [];
  const re = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*?(\/?)>|<[!?][^<>]*>|[^<]+|</g;
  for (let m = re.exec(s); m && out.length < max; m = re.exec(s)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[2] !== undefined) {
      const kind = m[1] ? 'close' : m[3] ? 'empty' : 'open';
      out.push({ start, end, kind, name: m[2] });
    } else out.push({ start, end, kind: m[0][0] === '<' ? 'markup' : 'text' });
  }
  return out;
}

/** The piece index of the end tag that closes the start tag at `i`. */
function matching(ps: Piece[], i: number): number | undefined {
  let depth = 0;
  for (let k = i; k < ps.length; k++) {
    const p = ps[k]!;
    if (p.kind === 'open') depth++;
    else if (p.kind === 'close') depth--;
    if (depth === 0) return k;
  }
  return undefined;
}

const latin1 = (b: Buffer) => b.toString('latin1');
const fromLatin1 = (s: string) => Buffer.from(s, 'latin1');

function ofKind(ps: Piece[], ...kinds: Piece['kind'][]): Array<[Piece, number]> {
  return ps.map((p, i) => [p, i] as [Piece, number]).filter(([p]) => kinds.includes(p.kind));
}

/** Text that XML parsers and SyncML decoders find hard. */
function hardText(rnd: Rnd): string {
  return pick(rnd, [
    () => '&',
    () => '&amp;',
    () => '&lt;&gt;&quot;&apos;',
    () => '&#x0;',
    () => '&#1114112;',
    () => '&#xD800;',
    () => '&#65;&#x42;',
    () => '&foo;',
    () => '&a:b;',
    () => ']]>',
    () => '<![CDATA[ x ]]>',
    () => '<![CDATA[',
    () => '<!-- c -->',
    () => '<!--',
    () => '<?pi x?>',
    () => '<?x:y z?>',
    () => '\r\n',
    () => '\r',
    () => '\u0001\u0008\u001f',
    () => '\u00e9\u4e2d',
    () => '\uffff',
    () => 'x'.repeat(count(rnd, 1 << 20)),
    () => ' '.repeat(count(rnd, 1 << 16)),
    () => '&amp;'.repeat(count(rnd, 1 << 16)),
    () => '&'.repeat(count(rnd, 1 << 16)),
    () => '9'.repeat(count(rnd, 400)),
    () => '-1',
    () => '',
  ])();
}

/** An attribute to add to a start tag. */
function attribute(rnd: Rnd): string {
  return pick(rnd, [
    () => ' xmlns="SYNCML:SYNCML1.2"',
    () => ' xmlns="syncml:metinf"',
    () => ' xmlns="http://www.w3.org/2000/xmlns/"',
    () => ' xmlns:m="syncml:metinf"',
    () => ' xmlns:xml="urn:x"',
    () => ' xmlns:p=""',
    () => ' a="1" a="2"',
    () => ' a="1" p:a="2"',
    () => ' q:a="1"',
    () => ` a="${'v'.repeat(count(rnd, 1 << 16))}"`,
    () => ' a=1',
    () => ' a="<"',
    () => ' a="&x;"',
    () => " a='\t\n'",
  ])();
}

export const xmlMutators: Readonly<Record<string, Mutator>> = {
  deleteElement(b, rnd) {
    const s = latin1(b);
    const ps = pieces(s);
    const opens = ofKind(ps, 'open', 'empty');
    if (opens.length === 0) return undefined;
    const [p, i] = pick(rnd, opens);
    const e = p.kind === 'empty' ? i : matching(ps, i);
    if (e === undefined) return undefined;
    const whole = chance(rnd, 0.7);
    const end = whole ? ps[e]!.end : p.end;
    return { bytes: fromLatin1(s.slice(0, p.start) + s.slice(end)), what: `${whole ? 'delete' : 'unopen'}-${p.name}` };
  },
  repeatElement(b, rnd) {
    // Many siblings: one element repeated up to 300,000 times (or until the document reaches ~4 MB).
    const s = latin1(b);
    const ps = pieces(s);
    const opens = ofKind(ps, 'open', 'empty');
    if (opens.length === 0) return undefined;
    const [p, i] = pick(rnd, opens.slice(1).length ? opens.slice(1) : opens);
    const e = p.kind === 'empty' ? i : matching(ps, i);
    if (e === undefined) return undefined;
    const el = s.slice(p.start, ps[e]!.end);
    const times = Math.min(count(rnd, 300_000), Math.max(1, Math.floor(4_000_000 / el.length)));
    return {
      bytes: fromLatin1(s.slice(0, ps[e]!.end) + el.repeat(times) + s.slice(ps[e]!.end)),
      what: `repeat-${p.name}x${times}`,
    };
  },
  nest(b, rnd) {
    // Deep nesting: N levels wrapped around an element or inserted at a point, closed or not.
    const s = latin1(b);
    const ps = pieces(s);
    if (ps.length === 0) return undefined;
    const at = pick(rnd, ps).start;
    const n = count(rnd, 200_000);
    const name = chance(rnd, 0.5) ? pick(rnd, SYNCML_NAMES) : 'a';
    const closed = chance(rnd, 0.7);
    const open = `<${name}>`.repeat(n);
    const close = closed ? `</${name}>`.repeat(n) : '';
    return { bytes: fromLatin1(s.slice(0, at) + open + close + s.slice(at)), what: `nest${n}${closed ? '' : '-open'}` };
  },
  rename(b, rnd) {
    const s = latin1(b);
    const tags = ofKind(pieces(s), 'open', 'close', 'empty');
    if (tags.length === 0) return undefined;
    const [p] = pick(rnd, tags);
    const to = pick(rnd, [
      () => pick(rnd, SYNCML_NAMES),
      () => `m:${p.name}`,
      () => `:${p.name}`,
      () => `${p.name}:`,
      () => `xmlns:${p.name}`,
      () => `${p.name}${'x'.repeat(count(rnd, 300))}`,
      () => '1bad',
      () => `\u00e9${p.name}`,
    ])();
    const at = p.start + (p.kind === 'close' ? 2 : 1);
    return { bytes: fromLatin1(s.slice(0, at) + to + s.slice(at + p.name!.length)), what: `rename-${p.name}` };
  },
  addAttribute(b, rnd) {
    const s = latin1(b);
    const tags = ofKind(pieces(s), 'open', 'empty');
    if (tags.length === 0) return undefined;
    const [p] = pick(rnd, tags);
    const at = p.start + 1 + p.name!.length;
    return { bytes: fromLatin1(s.slice(0, at) + attribute(rnd) + s.slice(at)), what: `attr-${p.name}` };
  },
  text(b, rnd) {
    const s = latin1(b);
    const ps = pieces(s);
    if (ps.length === 0) return undefined;
    const p = pick(rnd, ps);
    const at = p.kind === 'text' ? p.start + int(rnd, p.end - p.start + 1) : p.end;
    const t = Buffer.from(hardText(rnd), 'utf8').toString('latin1');
    const replace = p.kind === 'text' && chance(rnd, 0.3);
    return {
      bytes: fromLatin1(replace ? s.slice(0, p.start) + t + s.slice(p.end) : s.slice(0, at) + t + s.slice(at)),
      what: `text${t.length}@${at}`,
    };
  },
  value(b, rnd) {
    // A SyncML value (MsgID, CmdID, SessionID, LocURI, Data) made empty, huge, signed or not a number.
    const s = latin1(b);
    const ps = pieces(s);
    const leaves = ps.flatMap((p, i) => (p.kind === 'text' && ps[i - 1]?.kind === 'open' ? [p] : []));
    if (leaves.length === 0) return undefined;
    const p = pick(rnd, leaves);
    const v = pick(rnd, ['', '0', '-1', '00001', '4294967296', '1e3', ' 1 ', 'x', '9'.repeat(400), 'IMEI:', 'http://']);
    return { bytes: fromLatin1(s.slice(0, p.start) + v + s.slice(p.end)), what: `value@${p.start}` };
  },
  mismatch(b, rnd) {
    const s = latin1(b);
    const closes = ofKind(pieces(s), 'close');
    if (closes.length === 0) return undefined;
    const [p] = pick(rnd, closes);
    const to = pick(rnd, [`</${pick(rnd, SYNCML_NAMES)}>`, '', `</${p.name}`, `</${p.name}></${p.name}>`, '</>']);
    return { bytes: fromLatin1(s.slice(0, p.start) + to + s.slice(p.end)), what: `close-${p.name}` };
  },
  prolog(b, rnd) {
    const s = latin1(b);
    const head = pick(rnd, [
      '\xef\xbb\xbf',
      '\xfe\xff',
      '\xff\xfe',
      '  \n',
      '<?xml version="1.0" encoding="UTF-16"?>',
      '<?xml version="1.0" encoding="ISO-8859-1"?>',
      '<?xml version="1.0" encoding="bogus-9"?>',
      '<?xml version="1.1"?>',
      '<?xml version="2.0"?>',
      '<?xml?>',
      '<!DOCTYPE SyncML>',
      '<!DOCTYPE SyncML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      '<!DOCTYPE SyncML SYSTEM "http://127.0.0.1/x.dtd">',
      '<!-- c -->',
      '<?pi?>',
      '<SyncML>',
    ]);
    const decl = /^(?:\xef\xbb\xbf)?<\?xml[^>]*\?>/.exec(s);
    const cut = decl && chance(rnd, 0.5) ? decl[0].length : 0;
    return { bytes: fromLatin1(head + s.slice(cut)), what: 'prolog' };
  },
  badBytes(b, rnd) {
    if (b.length === 0) return undefined;
    const at = int(rnd, b.length);
    const bad = pick(rnd, [
      [0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x00],
      [0xc0, 0xaf],
    ]);
    return { bytes: splice(b, at, 0, Buffer.from(bad)), what: `bad-utf8@${at}` };
  },
  lineEnds(b, rnd) {
    const s = latin1(b);
    const to = pick(rnd, ['\r\n', '\r', '\n\n', '']);
    return { bytes: fromLatin1(s.replace(/\n/g, to)), what: `line-ends-${JSON.stringify(to)}` };
  },
  ...{ truncate: byteMutators.truncate! },
};

const MUTATORS: ReadonlyArray<[Mutator, number]> = [
  ...Object.values(xmlMutators).map((m) => [m, 1] as [Mutator, number]),
  ...withBytes(3),
];

/** One XML mutant: 1-4 stacked operations, mostly structure-aware. */
export function mutateXml(b: Buffer, rnd: Rnd, ctx: MutateContext): Mutation {
  return stacked(b, rnd, ctx, MUTATORS);
}
