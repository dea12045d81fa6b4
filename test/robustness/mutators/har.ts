/**
 * HAR-aware mutators (HAR 1.2): the JSON parsed and changed where HAR readers look — entries
 * removed, repeated, reordered; request and response objects, headers, postData and content given
 * values of the wrong type, edge sizes, other mime types, a base64 claim, an encoding; bodies
 * themselves damaged with the XML and WBXML mutators — then written back (compact or indented),
 * or the text itself cut or flipped.
 */
import { byteMutators, chance, count, int, pick, stacked, withBytes, type Mutator } from './bytes.js';
import type { MutateContext, Mutation, Rnd } from './bytes.js';
import { mutateWbxml } from './wbxml.js';
import { mutateXml } from './xml.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value of a type HAR does not expect there. */
function wrongValue(rnd: Rnd): Json {
  return pick(rnd, [
    () => null,
    () => true,
    () => -1,
    () => 1e308,
    () => 0,
    () => '',
    () => 'x'.repeat(count(rnd, 1 << 16)),
    () => [],
    () => ({}),
    () => [[[[[[[[[[[]]]]]]]]]]],
    () => ({ name: 1, value: {} }),
  ])();
}

/** Every object reachable from `v`, with its path (for picking one to change). */
function objects(v: Json, path: string, out: Array<[Obj, string]>, depth = 0): Array<[Obj, string]> {
  if (depth > 12 || out.length > 5000) return out;
  if (Array.isArray(v)) v.forEach((x, i) => objects(x, `${path}[${i}]`, out, depth + 1));
  else if (isObj(v)) {
    out.push([v, path]);
    for (const [k, x] of Object.entries(v)) objects(x, `${path}.${k}`, out, depth + 1);
  }
  return out;
}

function entriesOf(doc: Json): Json[] | undefined {
  const log = isObj(doc) ? doc.log : undefined;
  const e = isObj(log) ? log.entries : undefined;
  return Array.isArray(e) ? e : undefined;
}

/** The body objects of a HAR: request.postData and response.content. */
function bodies(doc: Json): Obj[] {
  const out: Obj[] = [];
  for (const e of entriesOf(doc) ?? []) {
    if (!isObj(e)) continue;
    const pd = isObj(e.request) ? e.request.postData : undefined;
    const ct = isObj(e.response) ? e.response.content : undefined;
    if (isObj(pd)) out.push(pd);
    if (isObj(ct)) out.push(ct);
  }
  return out;
}

type JsonOp = (doc: Json, rnd: Rnd, ctx: MutateContext) => string | undefined;

/** Bounds on what repeatEntry adds: about the fuzzer's largest input (8 MiB), and an entry count. */
const MAX_REPEAT_CHARS = 8 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

export const JSON_OPS: Readonly<Record<string, JsonOp>> = {
  dropEntry(doc, rnd) {
    const e = entriesOf(doc);
    if (!e?.length) return undefined;
    e.splice(int(rnd, e.length), 1);
    return 'drop-entry';
  },
  repeatEntry(doc, rnd) {
    const e = entriesOf(doc);
    if (!e?.length) return undefined;
    const i = int(rnd, e.length);
    // Bounded by what the copies would weigh: three stacked repeats of 2,000 made billions of
    // entries and ran the fuzzer itself out of its 4 GB heap (har target, seed 11, after 16,770 inputs).
    const weight = JSON.stringify(e[i]).length + 1;
    const n = Math.min(count(rnd, 2000), Math.floor(MAX_REPEAT_CHARS / weight), MAX_ENTRIES - e.length);
    if (n < 1) return undefined;
    e.splice(i, 0, ...Array.from({ length: n }, () => JSON.parse(JSON.stringify(e[i])) as Json));
    return `repeat-entry${n}`;
  },
  swapEntries(doc, rnd) {
    const e = entriesOf(doc);
    if (!e || e.length < 2) return undefined;
    const a = int(rnd, e.length);
    const b = int(rnd, e.length);
    [e[a], e[b]] = [e[b]!, e[a]!];
    return 'swap-entries';
  },
  wrongType(doc, rnd) {
    const objs = objects(doc, '$', []);
    if (!objs.length) return undefined;
    const [o, p] = pick(rnd, objs);
    const keys = Object.keys(o);
    if (!keys.length) return undefined;
    const k = pick(rnd, keys);
    o[k] = wrongValue(rnd);
    return `wrong-type ${p}.${k}`;
  },
  deleteKey(doc, rnd) {
    const objs = objects(doc, '$', []);
    if (!objs.length) return undefined;
    const [o, p] = pick(rnd, objs);
    const keys = Object.keys(o);
    if (!keys.length) return undefined;
    const k = pick(rnd, keys);
    delete o[k];
    return `delete ${p}.${k}`;
  },
  mimeType(doc, rnd) {
    const bs = bodies(doc);
    if (!bs.length) return undefined;
    pick(rnd, bs).mimeType = pick(rnd, [
      'application/vnd.syncml.dm+xml',
      'application/vnd.syncml.dm+wbxml',
      'application/vnd.syncml+xml',
      'application/vnd.syncml.notification',
      'application/octet-stream',
      'text/html',
      '',
    ]);
    return 'mime-type';
  },
  encoding(doc, rnd) {
    const bs = bodies(doc);
    if (!bs.length) return undefined;
    const b = pick(rnd, bs);
    if (typeof b.text === 'string' && chance(rnd, 0.5)) {
      if (b.encoding === 'base64') {
        b.text = Buffer.from(b.text, 'base64').toString('latin1');
        delete b.encoding;
      } else {
        b.text = Buffer.from(b.text, 'utf8').toString('base64');
        b.encoding = 'base64';
      }
      return 'recode';
    }
    b.encoding = pick(rnd, ['base64', 'BASE64', 'gzip', 'utf-8', '', 'x']);
    return `encoding=${String(b.encoding)}`;
  },
  size(doc, rnd) {
    const bs = bodies(doc);
    if (!bs.length) return undefined;
    const b = pick(rnd, bs);
    b.size = pick(rnd, [-1, 0, 1, 524288000, 1e20, Number.MAX_SAFE_INTEGER]);
    if (chance(rnd, 0.5)) delete b.text;
    return `size=${String(b.size)}`;
  },
  header(doc, rnd) {
    const e = entriesOf(doc);
    if (!e?.length) return undefined;
    const x = pick(rnd, e);
    if (!isObj(x)) return undefined;
    const part = chance(rnd, 0.5) ? x.request : x.response;
    if (!isObj(part)) return undefined;
    const h = Array.isArray(part.headers) ? part.headers : (part.headers = []);
    h.unshift({
      name: pick(rnd, ['Content-Type', 'content-type', 'Content-Encoding', 'Content-Length', '']),
      value: pick(rnd, [
        'application/vnd.syncml.dm+wbxml',
        'application/vnd.syncml.dm+xml',
        'gzip',
        'text/plain',
        '-1',
        '',
      ]),
    });
    return 'header';
  },
  body(doc, rnd, ctx) {
    // The body itself damaged with the XML or WBXML mutators.
    const bs = bodies(doc).filter((b) => typeof b.text === 'string');
    if (!bs.length) return undefined;
    const b = pick(rnd, bs);
    const base64 = b.encoding === 'base64';
    const bytes = base64 ? Buffer.from(b.text as string, 'base64') : Buffer.from(b.text as string, 'utf8');
    const m = bytes[0] !== undefined && bytes[0] <= 3 ? mutateWbxml(bytes, rnd, ctx) : mutateXml(bytes, rnd, ctx);
    b.text = base64 ? m.bytes.toString('base64') : m.bytes.toString('utf8');
    return `body(${m.what})`;
  },
  timesAndUrls(doc, rnd) {
    const e = entriesOf(doc);
    if (!e?.length) return undefined;
    const x = pick(rnd, e);
    if (!isObj(x)) return undefined;
    const f = pick(rnd, ['startedDateTime', 'time', 'url', 'serverIPAddress', 'status'] as const);
    if (f === 'url' && isObj(x.request))
      x.request.url = pick(rnd, ['/dm', 'http://[::1', '', 'x'.repeat(5000), 'https://a/b']);
    else if (f === 'status' && isObj(x.response)) x.response.status = pick(rnd, [0, -1, 100, 999, 1e9]);
    else if (f === 'startedDateTime')
      x.startedDateTime = pick(rnd, ['', '+275760-09-13T00:00:00.001Z', 'yesterday', '2026-11-24T04:04:18Z']);
    else if (f === 'time') x.time = pick(rnd, [-1, 1e300, 0]);
    else x.serverIPAddress = pick(rnd, ['::1', '', '1.2.3.4', 'x']);
    return f;
  },
};

/** Structure-aware HAR damage: one to three JSON operations, then the document written back. */
const jsonMutator: Mutator = (b, rnd, ctx) => {
  let doc: Json;
  try {
    doc = JSON.parse(b.toString('utf8')) as Json;
  } catch {
    return undefined;
  }
  const ops = Object.entries(JSON_OPS);
  const what: string[] = [];
  const n = 1 + int(rnd, 3);
  for (let k = 0; k < n; k++) {
    const [name, op] = pick(rnd, ops);
    const w = op(doc, rnd, ctx);
    if (w) what.push(w);
    else what.push(`${name}-skipped`);
  }
  const text = chance(rnd, 0.5) ? JSON.stringify(doc) : JSON.stringify(doc, null, 2);
  return { bytes: Buffer.from(text, 'utf8'), what: what.join('+') };
};

/** One HAR mutant: mostly JSON-level damage, sometimes the text cut or flipped. */
export function mutateHar(b: Buffer, rnd: Rnd, ctx: MutateContext): Mutation {
  return stacked(b, rnd, ctx, [[jsonMutator, 8], [byteMutators.truncate!, 0.5], ...withBytes(1)], 2);
}
