/**
 * WBXML-aware mutators (WBXML 1.3 §5: header, string table, tokens): the header fields (version,
 * public id, charset, string-table length) set to edge values, tokens found by a lenient scan of
 * the body and then deleted, repeated, re-tagged or given huge lengths, global tokens inserted with
 * their payloads, subtrees repeated (many siblings) or wrapped (deep nesting), a WBXML document
 * embedded in OPAQUE data.
 */
import {
  byteMutators,
  chance,
  count,
  int,
  pick,
  randomBytes,
  splice,
  stacked,
  withBytes,
  type Mutator,
} from './bytes.js';
import type { MutateContext, Mutation, Rnd } from './bytes.js';

/** mb_u_int32 (WBXML 1.3 §5.1) of a value; `overlong` pads it with 0x80 bytes, as a hostile encoder might. */
export function mb(value: number, overlong = 0): Buffer {
  const out: number[] = [value & 0x7f];
  let v = Math.floor(value / 128);
  while (v > 0) {
    out.unshift((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  for (let i = 0; i < overlong; i++) out.unshift(0x80);
  return Buffer.from(out);
}

/** An mb_u_int32 at `at`: value and end; undefined when it runs off the end. */
function mbAt(b: Buffer, at: number): { value: number; end: number } | undefined {
  let v = 0;
  for (let i = at; i < b.length && i < at + 6; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) return { value: v, end: i + 1 };
  }
  return undefined;
}

export interface WbxmlLayout {
  /** [start, end) of each header field that is an mb_u_int32. */
  publicId?: [number, number];
  index?: [number, number];
  charset?: [number, number];
  strtblLen?: [number, number];
  strtbl: [number, number];
  body: number;
  /** Tokens of the body: start, end, and the tag byte for tags. */
  tokens: Array<{ start: number; end: number; tag?: number; kind: string }>;
}

/** A lenient scan: as far as the bytes can be read as WBXML. */
export function layout(b: Buffer): WbxmlLayout | undefined {
  if (b.length < 4 || b[0]! > 0x03) return undefined;
  const l: WbxmlLayout = { strtbl: [0, 0], body: 0, tokens: [] };
  let p = 1;
  const pid = mbAt(b, p);
  if (!pid) return undefined;
  l.publicId = [p, pid.end];
  p = pid.end;
  if (pid.value === 0) {
    const idx = mbAt(b, p);
    if (!idx) return undefined;
    l.index = [p, idx.end];
    p = idx.end;
  }
  if (b[0] !== 0) {
    const cs = mbAt(b, p);
    if (!cs) return undefined;
    l.charset = [p, cs.end];
    p = cs.end;
  }
  const len = mbAt(b, p);
  if (!len) return undefined;
  l.strtblLen = [p, len.end];
  l.strtbl = [len.end, Math.min(b.length, len.end + len.value)];
  p = l.strtbl[1];
  l.body = p;
  while (p < b.length && l.tokens.length < 100_000) {
    const start = p;
    const t = b[p++]!;
    let kind = 'tag';
    if (t === 0x00) {
      kind = 'switch';
      p++;
    } else if (t === 0x01) kind = 'end';
    else if (t === 0x02) {
      kind = 'entity';
      p = mbAt(b, p)?.end ?? b.length;
    } else if (t === 0x03 || t === 0x40 || t === 0x41 || t === 0x42) {
      kind = 'str_i';
      const nul = b.indexOf(0, p);
      p = nul < 0 ? b.length : nul + 1;
    } else if (t === 0x83 || t === 0x80 || t === 0x81 || t === 0x82 || t === 0x04) {
      kind = 'str_t';
      p = mbAt(b, p)?.end ?? b.length;
    } else if (t === 0xc3) {
      kind = 'opaque';
      const n = mbAt(b, p);
      p = n ? Math.min(b.length, n.end + n.value) : b.length;
    } else if (t === 0x43) kind = 'pi';
    else if ((t & 0x3f) < 0x05) kind = 'global';
    l.tokens.push(kind === 'tag' ? { start, end: p, tag: t, kind } : { start, end: p, kind });
  }
  return l;
}

/** The token index of the END that closes the tag token at `i` (undefined when there is none). */
function matchingEnd(l: WbxmlLayout, i: number): number | undefined {
  const t = l.tokens[i];
  if (!t || t.tag === undefined || !(t.tag & 0x40)) return undefined;
  let depth = 0;
  for (let k = i; k < l.tokens.length; k++) {
    const x = l.tokens[k]!;
    if (x.tag !== undefined && x.tag & 0x40) depth++;
    else if (x.kind === 'end') depth--;
    if (depth === 0) return k;
  }
  return undefined;
}

const field = (b: Buffer, f: [number, number] | undefined, value: Buffer): Buffer | undefined =>
  f ? splice(b, f[0], f[1] - f[0], value) : undefined;

/** Values a header mb_u_int32 is set to: small, boundary, overlong, overflowing. */
function edgeMb(rnd: Rnd, near: number): Buffer {
  return pick(rnd, [
    () => mb(0),
    () => mb(1),
    () => mb(near + 1),
    () => mb(Math.max(0, near - 1)),
    () => mb(0x7f),
    () => mb(0xffffffff),
    () => mb(near, 1 + int(rnd, 4)), // overlong encoding
    () => Buffer.from([0x8f, 0xff, 0xff, 0xff, 0x7f]), // over 32 bits
    () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), // over 5 bytes
    () => mb(int(rnd, 1 << 20)),
  ])();
}

/** A global token with its payload (WBXML 1.3 §7.1). */
function globalToken(rnd: Rnd, strtblLen: number): Buffer {
  return pick(rnd, [
    () => Buffer.from([0x00, pick(rnd, [0, 1, 2, 3, 4, 0x63, 0xff])]), // SWITCH_PAGE
    () => Buffer.from([0x01]), // END
    () => Buffer.concat([Buffer.from([0x02]), mb(pick(rnd, [0x41, 0xd800, 0x110000, 0xfffe, 0]))]), // ENTITY
    () =>
      Buffer.concat([Buffer.from([0x03]), randomBytes(rnd, count(rnd, 32)).map((c) => c || 0x41), Buffer.from([0])]),
    () => Buffer.from([0x03, 0x41, 0x42]), // STR_I without NUL
    () => Buffer.concat([Buffer.from([0x83]), mb(pick(rnd, [0, strtblLen - 1, strtblLen, strtblLen + 100, 0xffffff]))]),
    () => Buffer.concat([Buffer.from([0x04]), mb(int(rnd, strtblLen + 4))]), // LITERAL
    () => Buffer.concat([Buffer.from([0xc3]), mb(int(rnd, 8)), randomBytes(rnd, int(rnd, 8))]), // OPAQUE
    () => Buffer.concat([Buffer.from([0xc3]), mb(0x7fffffff)]), // OPAQUE with a huge length
    () => Buffer.from([pick(rnd, [0x40, 0x41, 0x42]), 0x58, 0x00]), // EXT_I
    () => Buffer.concat([Buffer.from([pick(rnd, [0x80, 0x81, 0x82])]), mb(int(rnd, strtblLen + 4))]), // EXT_T
    () => Buffer.from([pick(rnd, [0xc0, 0xc1, 0xc2])]), // EXT
    () => Buffer.from([0x43, 0x05, 0x01]), // PI
    () => Buffer.from([0xc4, 0x05]), // LITERAL_AC with a bad index
  ])();
}

/** A tag byte: a known SyncML page-0 tag or a random one, with or without content / attributes. */
function tagByte(rnd: Rnd): number {
  const id = chance(rnd, 0.7) ? 0x05 + int(rnd, 0x3a) : int(rnd, 0x40);
  return id | (chance(rnd, 0.7) ? 0x40 : 0) | (chance(rnd, 0.1) ? 0x80 : 0);
}

export const wbxmlMutators: Readonly<Record<string, Mutator>> = {
  version(b, rnd) {
    if (b.length === 0) return undefined;
    const out = Buffer.from(b);
    out[0] = pick(rnd, [0x00, 0x01, 0x02, 0x03, 0x04, 0x0f, 0x10, 0x13, 0xff]);
    return { bytes: out, what: `version=${out[0]}` };
  },
  publicId(b, rnd) {
    const l = layout(b);
    const v = pick(rnd, [
      () => Buffer.from([0x00, 0x00]), // FPI in the string table, index 0
      () => Buffer.concat([Buffer.from([0x00]), edgeMb(rnd, l ? l.strtbl[1] - l.strtbl[0] : 0)]), // index out of reach
      () => mb(0x01),
      () => mb(pick(rnd, [0x0fd1, 0x0fd2, 0x0fd3, 0x1201, 0x1202, 0x1203])),
      () => edgeMb(rnd, 0x1201),
    ])();
    const out = l && field(b, l.index ? [l.publicId![0], l.index[1]] : l.publicId, v);
    return out && { bytes: out, what: 'public-id' };
  },
  charset(b, rnd) {
    const l = layout(b);
    const out = l && field(b, l.charset, mb(pick(rnd, [0, 3, 4, 17, 106, 1013, 1014, 1015, 2026, 0xffff, 12345])));
    return out && { bytes: out, what: 'charset' };
  },
  strtblLength(b, rnd) {
    const l = layout(b);
    const out = l && field(b, l.strtblLen, edgeMb(rnd, l.strtbl[1] - l.strtbl[0]));
    return out && { bytes: out, what: 'strtbl-length' };
  },
  strtblBytes(b, rnd) {
    const l = layout(b);
    if (!l || l.strtbl[1] === l.strtbl[0]) return undefined;
    const out = Buffer.from(b);
    const p = l.strtbl[0] + int(rnd, l.strtbl[1] - l.strtbl[0]);
    out[p] = pick(rnd, [0x00, 0xff, 0xc3, 0x80, 0x41]);
    return { bytes: out, what: `strtbl@${p}` };
  },
  insertGlobal(b, rnd) {
    const l = layout(b);
    if (!l) return undefined;
    const t = l.tokens.length ? pick(rnd, l.tokens).start : l.body;
    return { bytes: splice(b, t, 0, globalToken(rnd, l.strtbl[1] - l.strtbl[0])), what: `global@${t}` };
  },
  deleteToken(b, rnd) {
    const l = layout(b);
    if (!l || l.tokens.length === 0) return undefined;
    const t = pick(rnd, l.tokens);
    return { bytes: splice(b, t.start, t.end - t.start), what: `delete-${t.kind}@${t.start}` };
  },
  retag(b, rnd) {
    const l = layout(b);
    const tags = l?.tokens.filter((t) => t.tag !== undefined) ?? [];
    if (tags.length === 0) return undefined;
    const t = pick(rnd, tags);
    const out = Buffer.from(b);
    out[t.start] = chance(rnd, 0.5) ? t.tag! ^ pick(rnd, [0x40, 0x80]) : tagByte(rnd);
    return { bytes: out, what: `retag@${t.start}` };
  },
  hugeLength(b, rnd) {
    const l = layout(b);
    const ts = l?.tokens.filter((t) => t.kind === 'opaque' || t.kind === 'str_t' || t.kind === 'entity') ?? [];
    if (ts.length === 0) return undefined;
    const t = pick(rnd, ts);
    return { bytes: splice(b, t.start + 1, 0, Buffer.from([0x8f, 0xff, 0xff, 0xff])), what: `huge-mb@${t.start}` };
  },
  repeatSubtree(b, rnd) {
    // Many siblings: one element (a command, an Item) repeated up to 50,000 times.
    const l = layout(b);
    const tags = l?.tokens.map((t, i) => [t, i] as const).filter(([t]) => t.tag !== undefined && t.tag & 0x40) ?? [];
    if (!l || tags.length === 0) return undefined;
    const [t, i] = pick(rnd, tags.slice(1).length ? tags.slice(1) : tags);
    const e = matchingEnd(l, i);
    if (e === undefined) return undefined;
    const piece = b.subarray(t.start, l.tokens[e]!.end);
    const times = count(rnd, Math.max(2, Math.floor(2_000_000 / Math.max(1, piece.length))));
    return {
      bytes: splice(
        b,
        l.tokens[e]!.end,
        0,
        Buffer.concat(Array.from({ length: Math.min(times, 50_000) }, () => piece)),
      ),
      what: `repeat-subtree${piece.length}x${times}@${t.start}`,
    };
  },
  nest(b, rnd) {
    // Deep nesting: a tag with content opened N times around a point, closed N times.
    const l = layout(b);
    if (!l || l.tokens.length === 0) return undefined;
    const t = pick(rnd, l.tokens);
    const n = count(rnd, 100_000);
    const tag = chance(rnd, 0.5) ? 0x6b : tagByte(rnd) | 0x40;
    const close = chance(rnd, 0.8) ? n : int(rnd, n);
    return {
      bytes: splice(b, t.start, 0, Buffer.concat([Buffer.alloc(n, tag & 0x7f), Buffer.alloc(close, 0x01)])),
      what: `nest${n}@${t.start}`,
    };
  },
  embed(b, rnd, ctx) {
    // A WBXML document (this one, or another) inside OPAQUE Data: embedded DevInf / TNDS (docs/dm-facts.md §1.10).
    const l = layout(b);
    const ts = l?.tokens.filter((t) => t.kind === 'str_i' || t.kind === 'opaque') ?? [];
    if (ts.length === 0) return undefined;
    const t = pick(rnd, ts);
    const inner = ctx.others.length && chance(rnd, 0.5) ? pick(rnd, ctx.others) : b;
    return {
      bytes: splice(b, t.start, t.end - t.start, Buffer.concat([Buffer.from([0xc3]), mb(inner.length), inner])),
      what: `embed${inner.length}@${t.start}`,
    };
  },
  cutInToken(b, rnd) {
    const l = layout(b);
    const ts = l?.tokens.filter((t) => t.end - t.start > 1) ?? [];
    if (ts.length === 0) return undefined;
    const t = pick(rnd, ts);
    const at = t.start + 1 + int(rnd, t.end - t.start - 1);
    return { bytes: b.subarray(0, at), what: `cut-in-${t.kind}@${at}` };
  },
  ...{ truncate: byteMutators.truncate! },
};

const MUTATORS: ReadonlyArray<[Mutator, number]> = [
  ...Object.values(wbxmlMutators).map((m) => [m, 1] as [Mutator, number]),
  ...withBytes(4),
];

/** One WBXML mutant: 1-4 stacked operations, structure-aware ones three times as likely as byte damage. */
export function mutateWbxml(b: Buffer, rnd: Rnd, ctx: MutateContext): Mutation {
  return stacked(b, rnd, ctx, MUTATORS);
}
