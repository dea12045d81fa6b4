/**
 * The mutators' common ground: a random source, picks, and format-blind byte damage (flips,
 * interesting values, inserted / deleted / duplicated / repeated ranges, truncation, a splice
 * with another input). Every structure-aware mutator (wbxml.ts, xml.ts, pcap.ts, har.ts, log.ts,
 * http.ts) falls back on these, and the deterministic mutants of test/robustness/mutate.ts are made
 * from the same helpers.
 */

/** A random source in [0, 1) (test/robustness/mutate.ts `prng` gives a seeded one). */
export type Rnd = () => number;

/** One mutation: the bytes and a short word for what was done (`flip@12`), to name the mutant. */
export interface Mutation {
  bytes: Buffer;
  what: string;
}

export type Mutator = (b: Buffer, rnd: Rnd, ctx: MutateContext) => Mutation | undefined;

/** What a mutator may draw on besides its input: other inputs of the same kind, to splice in. */
export interface MutateContext {
  others: readonly Buffer[];
}

export const int = (rnd: Rnd, n: number): number => (n <= 0 ? 0 : Math.floor(rnd() * n));
export const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[int(rnd, xs.length)]!;
export const chance = (rnd: Rnd, p: number): boolean => rnd() < p;

/** A count that is usually small and sometimes large (1 … max, log-uniform). */
export function count(rnd: Rnd, max: number): number {
  return Math.max(1, Math.floor(Math.exp(rnd() * Math.log(max))));
}

/** Interesting values for a byte, a 16- and a 32-bit field (as AFL's). */
export const BYTES = [0x00, 0x01, 0x03, 0x04, 0x7f, 0x80, 0x81, 0xc3, 0xfe, 0xff] as const;
export const U16 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff] as const;
export const U32 = [
  0, 1, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0xffff, 0x10000, 0x100000, 0x1000000, 0x7ffffff0, 0x7fffffff, 0x80000000,
  0xfffffff0, 0xffffffff,
] as const;

export function writeU32(b: Buffer, off: number, v: number, le: boolean): void {
  if (off < 0 || off + 4 > b.length) return;
  if (le) b.writeUInt32LE(v >>> 0, off);
  else b.writeUInt32BE(v >>> 0, off);
}

export function writeU16(b: Buffer, off: number, v: number, le: boolean): void {
  if (off < 0 || off + 2 > b.length) return;
  if (le) b.writeUInt16LE(v & 0xffff, off);
  else b.writeUInt16BE(v & 0xffff, off);
}

export function readU32(b: Buffer, off: number, le: boolean): number {
  if (off < 0 || off + 4 > b.length) return 0;
  return le ? b.readUInt32LE(off) : b.readUInt32BE(off);
}

export function randomBytes(rnd: Rnd, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = int(rnd, 256);
  return out;
}

/** Replaces [at, at + len) of `b` by `ins`. */
export function splice(b: Buffer, at: number, len: number, ins: Buffer | string = Buffer.alloc(0)): Buffer {
  const i = typeof ins === 'string' ? Buffer.from(ins, 'latin1') : ins;
  return Buffer.concat([b.subarray(0, at), i, b.subarray(at + len)]);
}

/** A range of `b`: short ones mostly, sometimes long. */
function range(rnd: Rnd, n: number): [number, number] {
  const at = int(rnd, n);
  const len = Math.min(n - at, count(rnd, Math.max(2, Math.min(n, 4096))));
  return [at, len];
}

/** Format-blind damage, one operation. */
export const byteMutators: Readonly<Record<string, Mutator>> = {
  flip(b, rnd) {
    if (b.length === 0) return undefined;
    const out = Buffer.from(b);
    const n = count(rnd, 32);
    const at: number[] = [];
    for (let k = 0; k < n; k++) {
      const p = int(rnd, out.length);
      out[p] = out[p]! ^ (1 << int(rnd, 8));
      at.push(p);
    }
    return { bytes: out, what: `flip${n}@${at[0]}` };
  },
  interesting(b, rnd) {
    if (b.length === 0) return undefined;
    const out = Buffer.from(b);
    const p = int(rnd, out.length);
    const width = pick(rnd, [1, 2, 4]);
    const le = chance(rnd, 0.5);
    if (width === 1) out[p] = pick(rnd, BYTES);
    else if (width === 2) writeU16(out, p, pick(rnd, U16), le);
    else writeU32(out, p, pick(rnd, U32), le);
    return { bytes: out, what: `set${width * 8}@${p}` };
  },
  insert(b, rnd) {
    const at = int(rnd, b.length + 1);
    const ins = randomBytes(rnd, count(rnd, 64));
    return { bytes: splice(b, at, 0, ins), what: `insert${ins.length}@${at}` };
  },
  delete(b, rnd) {
    if (b.length < 2) return undefined;
    const [at, len] = range(rnd, b.length);
    return { bytes: splice(b, at, len), what: `delete${len}@${at}` };
  },
  duplicate(b, rnd) {
    if (b.length === 0) return undefined;
    const [at, len] = range(rnd, b.length);
    const times = count(rnd, 64);
    const piece = b.subarray(at, at + len);
    return {
      bytes: splice(b, at + len, 0, Buffer.concat(Array.from({ length: times }, () => piece))),
      what: `duplicate${len}x${times}@${at}`,
    };
  },
  zero(b, rnd) {
    if (b.length === 0) return undefined;
    const [at, len] = range(rnd, b.length);
    const out = Buffer.from(b);
    out.fill(pick(rnd, [0x00, 0xff, 0x20]), at, at + len);
    return { bytes: out, what: `fill${len}@${at}` };
  },
  truncate(b, rnd) {
    if (b.length < 2) return undefined;
    const at = int(rnd, b.length);
    return { bytes: b.subarray(0, at), what: `truncate@${at}` };
  },
  crossover(b, rnd, ctx) {
    if (ctx.others.length === 0 || b.length === 0) return undefined;
    const o = pick(rnd, ctx.others);
    if (o.length === 0) return undefined;
    const at = int(rnd, b.length);
    const [from, len] = range(rnd, o.length);
    return { bytes: splice(b, at, int(rnd, 64), o.subarray(from, from + len)), what: `splice${len}@${at}` };
  },
};

/** Applies 1 … `stack` operations, each picked from `mutators` by weight; names the result by its operations. */
export function stacked(
  b: Buffer,
  rnd: Rnd,
  ctx: MutateContext,
  mutators: ReadonlyArray<[Mutator, number]>,
  stack = 4,
): Mutation {
  const total = mutators.reduce((n, [, w]) => n + w, 0);
  let bytes = b;
  const what: string[] = [];
  const n = 1 + int(rnd, stack);
  for (let k = 0, tries = 0; k < n && tries < 4 * n; tries++) {
    let r = rnd() * total;
    let m = mutators[0]![0];
    for (const [f, w] of mutators) {
      r -= w;
      if (r < 0) {
        m = f;
        break;
      }
    }
    let out: Mutation | undefined;
    try {
      out = m(bytes, rnd, ctx);
    } catch {
      out = undefined; // a mutator that met a shape it does not expect: try another
    }
    if (!out) continue;
    bytes = out.bytes;
    what.push(out.what);
    k++;
  }
  return { bytes, what: what.join('+') || 'unchanged' };
}

/** The byte mutators with their weights, for a structure-aware list to add. */
export function withBytes(weight: number): Array<[Mutator, number]> {
  const fs = Object.values(byteMutators);
  return fs.map((f) => [f, weight / fs.length]);
}
