/**
 * Log-aware mutators (src/sources/log.ts's inputs: logcat, syslog, generic prefixes, escaped XML,
 * hex dumps): lines deleted, repeated, swapped, split and joined; line prefixes given another
 * writer (pid / tid / tag), another time, or none; message starts and ends (`<SyncML`,
 * `</SyncML>`, `<?xml`, `&lt;SyncML`) inserted; hex-dump rows damaged; very long lines; and the
 * XML mutators on the text (the messages in a log are XML).
 */
import { chance, count, int, pick, stacked, withBytes, type Mutator } from './bytes.js';
import type { MutateContext, Mutation, Rnd } from './bytes.js';
import { xmlMutators } from './xml.js';

const lines = (b: Buffer) => b.toString('latin1').split('\n');
const join = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');

/** Text a log line may hold that starts, ends or looks like a message. */
function fragment(rnd: Rnd): string {
  return pick(rnd, [
    '<SyncML>',
    '<SyncML xmlns="SYNCML:SYNCML1.2">',
    '</SyncML>',
    '<?xml version="1.0"?>',
    '&lt;SyncML&gt;',
    '&lt;/SyncML&gt;',
    '&lt;?xml version="1.0"?&gt;',
    '<SyncML><SyncHdr></SyncHdr><SyncBody></SyncBody></SyncML>',
    '00000000  02 a4 01 6a 00 6d 6c 71  |...j.mlq|',
    '00000000: 02a4 016a 006d 6c71  ...j.mlq',
    '000000 02 a4 01 6a 00 6d',
    '*',
    '00000010',
    'WBXML: 02a4016a006d6c710301',
    '02 00 00 6a 1d 2d 2f 2f',
    'sending request to server:',
    'received response from server:',
    '',
  ]);
}

export const logMutators: Readonly<Record<string, Mutator>> = {
  deleteLines(b, rnd) {
    const ls = lines(b);
    if (ls.length < 2) return undefined;
    const i = int(rnd, ls.length);
    const n = count(rnd, 20);
    ls.splice(i, n);
    return { bytes: join(ls), what: `delete-lines${n}@${i + 1}` };
  },
  repeatLines(b, rnd) {
    const ls = lines(b);
    const i = int(rnd, ls.length);
    const n = Math.min(ls.length - i, count(rnd, 40));
    const times = count(rnd, 5000);
    const block = ls.slice(i, i + n);
    ls.splice(i + n, 0, ...Array.from({ length: times }, () => block).flat());
    return { bytes: join(ls), what: `repeat-lines${n}x${times}@${i + 1}` };
  },
  swapLines(b, rnd) {
    const ls = lines(b);
    if (ls.length < 2) return undefined;
    const a = int(rnd, ls.length);
    const c = int(rnd, ls.length);
    [ls[a], ls[c]] = [ls[c]!, ls[a]!];
    return { bytes: join(ls), what: `swap-lines${a + 1},${c + 1}` };
  },
  splitJoin(b, rnd) {
    const ls = lines(b);
    const i = int(rnd, ls.length);
    const l = ls[i]!;
    if (chance(rnd, 0.5) && l.length > 1) {
      const at = int(rnd, l.length);
      ls.splice(i, 1, l.slice(0, at), l.slice(at));
      return { bytes: join(ls), what: `split-line${i + 1}` };
    }
    if (i + 1 >= ls.length) return undefined;
    ls.splice(i, 2, l + ls[i + 1]!);
    return { bytes: join(ls), what: `join-lines${i + 1}` };
  },
  writer(b, rnd) {
    // Another writer: the digits of the line's prefix (pid, tid, time) changed, or the prefix dropped.
    const ls = lines(b);
    const i = int(rnd, ls.length);
    const l = ls[i]!;
    const m = /^(.{0,60}?)(<|&lt;|[0-9a-f]{2} )/.exec(l);
    const prefix = m ? m[1]! : l.slice(0, Math.min(l.length, 40));
    const changed = chance(rnd, 0.2)
      ? ''
      : prefix.replace(/\d+/g, (d) =>
          chance(rnd, 0.5) ? String(int(rnd, 10 ** Math.min(d.length, 9))).padStart(d.length, '0') : d,
        );
    ls[i] = changed + l.slice(prefix.length);
    return { bytes: join(ls), what: `writer@${i + 1}` };
  },
  insertFragment(b, rnd) {
    const ls = lines(b);
    const i = int(rnd, ls.length + 1);
    const like = ls[Math.min(i, ls.length - 1)] ?? '';
    const prefix = /^[^<&]*?(?=<|&lt;|$)/.exec(like)?.[0] ?? '';
    const frag = fragment(rnd);
    if (chance(rnd, 0.5)) ls.splice(i, 0, (chance(rnd, 0.7) ? prefix : '') + frag);
    else if (ls[i] !== undefined) ls[i] = ls[i] + frag;
    else ls.push(frag);
    return { bytes: join(ls), what: `fragment@${i + 1}` };
  },
  longLine(b, rnd) {
    const ls = lines(b);
    const i = int(rnd, ls.length);
    const unit = pick(rnd, ['x', ' ', 'ab ', '<a>', '&lt;', '0', '00 ', ': ', '] ', '1 - ', '| ']);
    ls[i] = ls[i]! + unit.repeat(count(rnd, 1 << 21) / unit.length);
    return { bytes: join(ls), what: `long-line@${i + 1}` };
  },
  hexRow(b, rnd) {
    const ls = lines(b);
    const rows = ls.map((l, i) => [l, i] as const).filter(([l]) => /[0-9a-f]{2} [0-9a-f]{2}/i.test(l));
    if (rows.length === 0) return undefined;
    const [l, i] = pick(rnd, rows);
    ls[i] = pick(rnd, [
      () => l.replace(/[0-9a-f]{2}(?= )/i, pick(rnd, ['ff', '00', '03', 'zz'])),
      () =>
        l.replace(
          /^(\s*\S*?)[0-9a-f]{8}/i,
          (_m, p: string) => `${p}${int(rnd, 0xffffffff).toString(16).padStart(8, '0')}`,
        ),
      () => l.replace(/\|.*\|/, '|'),
      () => '*',
      () => l + ' 00'.repeat(count(rnd, 64)),
    ])();
    return { bytes: join(ls), what: `hex-row@${i + 1}` };
  },
  lineEnds(b, rnd) {
    const s = b.toString('latin1');
    const to = pick(rnd, ['\r\n', '\r', '\n\n']);
    return { bytes: Buffer.from(s.replace(/\n/g, to), 'latin1'), what: 'line-ends' };
  },
  encoding(b, rnd) {
    const s = b.toString('utf8');
    const to = pick(rnd, ['utf16le', 'utf16be'] as const);
    const le = Buffer.from(s, 'utf16le');
    const bytes =
      to === 'utf16le'
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), le])
        : Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    return { bytes, what: to };
  },
};

const MUTATORS: ReadonlyArray<[Mutator, number]> = [
  ...Object.values(logMutators).map((m) => [m, 1.2] as [Mutator, number]),
  ...Object.values(xmlMutators).map((m) => [m, 0.4] as [Mutator, number]),
  ...withBytes(2),
];

/** One log mutant: 1-4 stacked operations. */
export function mutateLog(b: Buffer, rnd: Rnd, ctx: MutateContext): Mutation {
  return stacked(b, rnd, ctx, MUTATORS);
}
