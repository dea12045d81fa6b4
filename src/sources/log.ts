/**
 * Text logs with SyncML embedded → lone exchanges, one per message, streamed line by line in
 * bounded memory.
 *
 * What is found:
 *  (a) XML documents spread over lines, each line carrying a prefix: a message starts at
 *      `<SyncML` (or at `<?xml` when the first element that follows is SyncML) and ends at
 *      `</SyncML>`. Line prefixes are stripped, by the first rule that fits:
 *      1. a known log format (PREFIX_FORMATS below: Android logcat threadtime/time/brief/tag,
 *         syslog RFC 3164 and ISO-timestamped syslog as journalctl -o short-iso writes it). The
 *         format's writer (pid/tid/tag, host/program) keys the message, so lines of other
 *         writers interleaved in the middle of a message are left out of it, and lines that fit
 *         no format inside such a message are foreign too (logcat and syslog prefix every line);
 *      2. otherwise the start line's text before the message, generalized (digit runs match any
 *         digits, white-space runs any white space), whole or cut after a separator (`: `,
 *         `] `, ` - `, `| `, `> `), the longest that fits the continuation line and holds a
 *         digit (a timestamp); lines it does not fit are taken as they are (a logger that
 *         prefixes only the first line of a multi-line message).
 *  (b) SyncML escaped inside another document (Windows event logs exported as XML or text:
 *      `&lt;SyncML xmlns=&quot;...`): from `&lt;SyncML` (or `&lt;?xml`) to `&lt;/SyncML&gt;`,
 *      then the XML entities are undone once (`&amp;amp;` becomes `&amp;`, as the SyncML needs).
 *  (c) Hex dumps of WBXML messages, one dump row a line (with the log's line prefix stripped as in
 *      (a)): `hexdump -C` (`00000000  02 a4 01 6a ...  |...j|`, `*` rows of repeats), `xxd`
 *      (`00000000: 02a4 016a ...  ...j`), `od -A x -t x1` (`000000 02 a4 01 6a`), bare rows of
 *      hex pairs, or the whole message as one hex string at the end of a line (`WBXML:
 *      02a4016a...`). A dump is taken when its first byte is a WBXML version (0x00-0x03) and the
 *      bytes, once the dump ends, are recognizably SyncML (`isSyncML`); other dumps are ignored.
 *
 * Direction (who sent it), from the words in the start line before the message, else in the
 * previous line of the same writer, by tiers; the first tier that names exactly one side wins:
 *  1. HTTP words, the same whoever wrote the log: `request` → client (device), `response`,
 *     `reply` → server;
 *  2. `to server`, `from device|client` → client; `from server`, `to device|client` → server;
 *  3. the log is assumed to be the device's: `send`, `sending`, `sent`, `outgoing`, `post`,
 *     `TX`, `>>`, `-->`, `=>` → client; `receive(d)`, `receiving`, `incoming`, `got`, `RX`,
 *     `<<`, `<--`, `<=` → server.
 *  Otherwise the direction stays unset and is inferred later from the message itself.
 *
 * Each message keeps the line where it starts (Origin.line) and, when the line has an ISO
 * timestamp with a time zone, its time. A message larger than ctx.limits.maxDocumentSize, and a
 * message cut by the end of the log (or by another message start of the same writer) is one
 * problem with its line, counted as undecodable.
 */
import { problem } from '../model/problem.js';
import type { CodeAt } from '../model/problem-codes.js';
import { isSyncML } from '../syncml/message.js';
import { firstElementName } from './detect.js';
import type { InputSource } from './files.js';
import { lineBatches, peek, textEncodingOf } from './stream.js';
import type { Direction, Exchange } from '../model/exchange.js';
import type { ReadContext } from './types.js';

/** A known per-line prefix; `key` names the writer from the match groups. */
interface PrefixFormat {
  name: string;
  re: RegExp;
  key: (m: RegExpExecArray) => string;
}

/** Known line prefixes, most specific first (Android `logcat -v` formats; syslog). */
export const PREFIX_FORMATS: readonly PrefixFormat[] = [
  // logcat -v threadtime (the default): `11-24 10:00:01.123  1234  5678 D OMADM   : text`
  {
    name: 'logcat-threadtime',
    re: /^(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d{3,9}(?: [+-]\d{4})?\s+(\d+)\s+(\d+) ([VDIWEFA]) (.*?)\s*:(?: |$)/,
    key: (m) => `${m[1]}/${m[2]}/${m[4]}`,
  },
  // logcat -v time: `11-24 10:00:01.123 D/OMADM( 1234): text`
  {
    name: 'logcat-time',
    re: /^(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d{3,9}(?: [+-]\d{4})? ([VDIWEFA])\/(.*?)\(\s*(\d+)\):(?: |$)/,
    key: (m) => `${m[3]}/${m[2]}`,
  },
  // logcat -v brief: `D/OMADM( 1234): text`
  { name: 'logcat-brief', re: /^([VDIWEFA])\/([^(\n]*?)\(\s*(\d+)\):(?: |$)/, key: (m) => `${m[3]}/${m[2]}` },
  // syslog (RFC 3164 timestamp): `Nov 24 10:00:01 host omadm[123]: text`
  {
    name: 'syslog',
    re: /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) ([^\s:[]+)(?:\[(\d+)\])?:(?: |$)/,
    key: (m) => `${m[1]}/${m[2]}/${m[3] ?? ''}`,
  },
  // syslog with an ISO timestamp (RFC 5424 style, journalctl -o short-iso): `2026-11-24T10:00:01+0000 host omadm[123]: text`
  {
    name: 'syslog-iso',
    re: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) (\S+) ([^\s:[]+)(?:\[(\d+)\])?:(?: |$)/,
    key: (m) => `${m[1]}/${m[2]}/${m[3] ?? ''}`,
  },
];

/** Direction words by tier (see the file comment). */
export const DIRECTION_TIERS: ReadonlyArray<{ client: RegExp; server: RegExp }> = [
  { client: /\brequests?\b/i, server: /\b(?:responses?|reply)\b/i },
  {
    client: /\b(?:to|for) (?:the )?(?:dm )?server\b|\bfrom (?:the )?(?:device|client)\b/i,
    server: /\bfrom (?:the )?(?:dm )?server\b|\bto (?:the )?(?:device|client)\b/i,
  },
  {
    client: /\b(?:send|sending|sent|outgoing|post|posting|tx)\b|>>|-->|=>/i,
    server: /\b(?:receive|received|receiving|incoming|got|rx)\b|<<|<--|<=/i,
  },
];

/** The side a piece of log text names, if exactly one. */
export function directionFromWords(text: string): Direction | undefined {
  for (const tier of DIRECTION_TIERS) {
    const c = tier.client.test(text);
    const s = tier.server.test(text);
    if (c !== s) return c ? 'client' : 'server';
  }
  return undefined;
}

/** Where a message starts: the root or the XML declaration, raw or entity-escaped. */
const START = /<SyncML(?=[\s>/]|$)|<\?xml(?=[\s?]|$)|&lt;SyncML(?=[\s&/]|$)|&lt;\?xml(?=[\s?]|$)/;
const END_RAW = /<\/SyncML\s*>/;
const END_ESCAPED = /&lt;\/SyncML\s*&gt;/;
const ROOT_RAW = /<SyncML(?=[\s>/]|$)/;
const ROOT_ESCAPED = /&lt;SyncML(?=[\s&/]|$)/;
/** Inside a message, a root or an XML declaration can only be the start of the next message. */
const NEXT_RAW = /<SyncML(?=[\s>/]|$)|<\?xml(?=[\s?]|$)/;
const NEXT_ESCAPED = /&lt;SyncML(?=[\s&/]|$)|&lt;\?xml(?=[\s?]|$)/;

/** Most messages open at once (one per writer); a hostile log cannot grow memory beyond this. */
const MAX_OPEN = 32;
/** Lines after `<?xml` within which the SyncML root must appear. */
const MAX_PROLOG_LINES = 8;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Undoes one level of XML escaping (the five predefined entities and character references). */
export function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? all;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regex matching `prefix` at a line start with digit runs and inner white-space runs
 * generalized; white space at its end is kept exactly, so the message's own indentation stays.
 */
function generalize(prefix: string): RegExp {
  const tokens = prefix.split(/(\d+|\s+)/).filter((t) => t !== '');
  const src = tokens
    .map((t, i) => (/^\d+$/.test(t) ? '\\d+' : /^\s+$/.test(t) && i < tokens.length - 1 ? '\\s+' : escapeRegExp(t)))
    .join('');
  return new RegExp(`^${src}`);
}

/**
 * The longest prefix a continuation line is matched against: a log's own prefix (time, level,
 * tag, thread) is far shorter; text before a message beyond it is not a prefix, and a regex made
 * from megabytes of it is too large to compile (fuzz xml, seed 11, iteration 21,816).
 */
const MAX_PREFIX = 256;

/** Candidate prefixes for continuation lines: the whole start prefix, then cut after each separator, longest first; each must hold a digit. */
function genericCandidates(prefix: string): RegExp[] {
  const head = prefix.slice(0, MAX_PREFIX);
  const cuts = new Set<number>(prefix.length <= MAX_PREFIX ? [prefix.length] : []);
  const sep = /(?::\s|\]\s?|\s-\s|\|\s?|>\s)/g;
  for (let m = sep.exec(head); m; m = sep.exec(head)) cuts.add(m.index + m[0].length);
  return [...cuts]
    .sort((a, b) => b - a)
    .map((n) => prefix.slice(0, n))
    .filter((p) => /\d/.test(p))
    .map(generalize);
}

/** An ISO timestamp with a zone at the start of a line → ms since the epoch. */
function timeOf(line: string): number | undefined {
  const m = /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?)(Z|[+-]\d\d:?\d\d)\b/.exec(line);
  if (!m) return undefined;
  const zone = m[2] === 'Z' ? 'Z' : m[2]!.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
  const t = Date.parse(`${m[1]!.replace(' ', 'T').replace(',', '.')}${zone}`);
  return Number.isFinite(t) ? t : undefined;
}

/** One row of a hex dump: its offset when the format prints one, its bytes, and the text before it. */
export interface HexRow {
  offset?: number;
  bytes: Uint8Array;
  /** `*`: rows repeating the previous one up to the next offset (hexdump, od). */
  repeat?: boolean;
  /** An offset alone: the end of a hexdump / od dump. */
  end?: boolean;
  /** A whole message as one hex string: a dump of its own. */
  blob?: boolean;
  before: string;
}

function hexBytes(hex: string): Uint8Array {
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex');
}

/** Dump row formats, tried in order (see (c) in the file comment). */
const HEX_ROWS: ReadonlyArray<(s: string) => HexRow | undefined> = [
  // hexdump -C: offset, two spaces, up to 16 pairs (two spaces after the eighth), |ascii|
  (s) => {
    const m = /(^|\s)([0-9a-f]{8}) {2}((?:[0-9a-f]{2} {1,2}){1,16}) *\|.{0,16}\|\s*$/i.exec(s);
    return m
      ? { offset: parseInt(m[2]!, 16), bytes: hexBytes(m[3]!), before: s.slice(0, m.index + m[1]!.length) }
      : undefined;
  },
  // xxd: offset and colon, groups of 2 bytes, two spaces, ascii
  (s) => {
    const m = /(^|\s)([0-9a-f]{8}): (.*)$/i.exec(s);
    const hex = m?.[3]!.split(/ {2,}/)[0]!.trim();
    // Runs of hex digits between single spaces. Not `(?:[0-9a-f]{2,4} ?)+`: that splits a long run
    // in exponentially many ways before it fails (fuzz log, seed 12, iteration 153,515: a hang).
    if (!m || !hex || !/^[0-9a-f]{2,}(?: [0-9a-f]{2,})* ?$/i.test(hex) || hex.replace(/ /g, '').length % 2 !== 0)
      return undefined;
    return { offset: parseInt(m[2]!, 16), bytes: hexBytes(hex), before: s.slice(0, m.index + m[1]!.length) };
  },
  // od -A x -t x1: offset, then pairs each after one space
  (s) => {
    const m = /(^|\s)([0-9a-f]{6,8})((?: [0-9a-f]{2}){1,32})\s*$/i.exec(s);
    return m
      ? { offset: parseInt(m[2]!, 16), bytes: hexBytes(m[3]!), before: s.slice(0, m.index + m[1]!.length) }
      : undefined;
  },
  // `*`: repeated rows (hexdump, od)
  (s) => (/^\s*\*\s*$/.test(s) ? { bytes: new Uint8Array(0), repeat: true, before: '' } : undefined),
  // an offset alone: the end of a hexdump / od dump
  (s) => {
    const m = /^\s*([0-9a-f]{6,8})\s*$/i.exec(s);
    return m ? { offset: parseInt(m[1]!, 16), bytes: new Uint8Array(0), end: true, before: '' } : undefined;
  },
  // bare rows of at least four hex pairs
  (s) => {
    const m = /(^|:\s|\s-\s)((?:[0-9a-f]{2} ){3,}[0-9a-f]{2})\s*$/i.exec(s);
    return m ? { bytes: hexBytes(m[2]!), before: s.slice(0, m.index + m[1]!.length) } : undefined;
  },
  // a whole message as one hex string
  (s) => {
    const m = /(^|[\s:=])((?:[0-9a-f]{2}){8,})\s*$/i.exec(s);
    return m ? { bytes: hexBytes(m[2]!), blob: true, before: s.slice(0, m.index + m[1]!.length) } : undefined;
  },
];

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Cheap test before the row regexes: dump rows start with a hex digit or `*`, a hex string ends with 16 hex digits. */
function mayBeHexRow(s: string): boolean {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  if (i < s.length && (isHexDigit(s.charCodeAt(i)) || s.charCodeAt(i) === 42)) return true;
  let j = s.length - 1;
  while (j >= 0 && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j--;
  let n = 0;
  while (j >= 0 && n < 16 && isHexDigit(s.charCodeAt(j))) {
    j--;
    n++;
  }
  return n >= 16;
}

/** Parses a line (after its prefix) as a hex dump row, if it is one. */
export function hexRow(s: string): HexRow | undefined {
  if (!mayBeHexRow(s)) return undefined;
  for (const f of HEX_ROWS) {
    const r = f(s);
    if (r) return r;
  }
  return undefined;
}

interface HexRun {
  key: string;
  line: number;
  chunks: Uint8Array[];
  size: number;
  lastRow?: Uint8Array;
  /** A `*` row was seen: fill with the last row up to the next offset. */
  repeating: boolean;
  skipping: boolean;
  direction?: Direction;
}

interface Open {
  key: string;
  line: number;
  escaped: boolean;
  /** Seen the SyncML root (false while only `<?xml` was seen). */
  rooted: boolean;
  parts: string[];
  /** The last line fed. */
  last?: string;
  /** Lines fed so far, and the one that held the root. */
  fed: number;
  rootFeed: number;
  size: number;
  /** Over the size limit: reported, waiting for the end to resume. */
  skipping: boolean;
  direction?: Direction;
  time?: number;
  /** Known-format writer (lines are stripped by the format) or a generic prefix. */
  known: boolean;
  candidates?: RegExp[];
  chosen?: RegExp | null;
}

/** The state of one log being read: its open messages and hex dumps, per writer (key). */
class LogReader {
  readonly open = new Map<string, Open>();
  /** Per writer: its last line that started no message (it may name the next message's direction). */
  readonly previous = new Map<string, string>();
  readonly hexRuns = new Map<string, HexRun>();
  /** Exchanges read and not yet yielded. */
  readonly out: Exchange[] = [];
  found = 0;
  /**
   * What comes next on the line being read, once a message ended or was cut on it: a start to scan
   * for or a message to start. `readLine` runs these in a loop rather than each step calling the
   * next, since one line may hold thousands of messages (a log that lost its newlines).
   */
  readonly pending: Array<() => void> = [];
  /** Continuation-line prefixes of the line being read, from the first message that starts on it. */
  lineCandidates?: { line: number; candidates: RegExp[] };
  /** The PREFIX_FORMATS entry that fitted last (tried first). */
  lastFormat = 0;
  readonly input: string;
  readonly maxDoc: number;

  constructor(
    readonly ctx: ReadContext,
    input: string,
  ) {
    this.input = input;
    this.maxDoc = ctx.limits.maxDocumentSize;
  }

  report(line: number, code: CodeAt<'error'>, message: string): void {
    this.ctx.report({ input: this.input, ...problem('error', code, message, { line }) });
  }

  finishMessage(o: Open, text: string): void {
    this.open.delete(o.key);
    this.previous.delete(o.key);
    if (o.skipping) return;
    const xml = o.escaped ? unescapeXml(text) : text;
    this.found++;
    this.out.push({
      id: 0,
      lone: {
        ...(o.direction ? { direction: o.direction } : {}),
        headers: [],
        body: Buffer.from(xml, 'utf8'),
        origin: { input: this.input, line: o.line, ...(o.time !== undefined ? { time: o.time } : {}) },
      },
    });
  }

  cutMessage(o: Open, why: string): void {
    this.open.delete(o.key);
    this.previous.delete(o.key);
    if (o.skipping) return;
    this.ctx.summary.undecodable++;
    this.report(o.line, 'log-message-cut', `the SyncML message starting here is cut: ${why}; skipped`);
  }

  /** Adds message text to an open message; handles its end and whatever follows on the line. */
  feedMessage(o: Open, content: string, lineNo: number, lineText: string): void {
    const end = (o.escaped ? END_ESCAPED : END_RAW).exec(content);
    // Another message of the same writer starting before this one ended: this one is cut.
    const n = o.fed++;
    const root = o.rooted && n > o.rootFeed ? (o.escaped ? NEXT_ESCAPED : NEXT_RAW).exec(content) : null;
    if (root && (!end || root.index < end.index)) {
      this.cutMessage(o, `a new message starts at line ${lineNo} before its </SyncML>`);
      // The line before the new start belonged to the cut message; it may still name the direction.
      if (o.last !== undefined) this.previous.set(o.key, o.last);
      const next = content.slice(root.index);
      const before = content.slice(0, root.index);
      this.pending.push(() => this.startMessage(o.key, next, lineNo, lineText, o.known, before));
      return;
    }
    const piece = end ? content.slice(0, end.index + end[0].length) : content;
    o.last = content;
    if (!o.skipping) {
      o.size += piece.length + 1;
      if (o.size > this.maxDoc) {
        o.skipping = true;
        o.parts = [];
        this.ctx.summary.undecodable++;
        // Counted in characters (what the log holds), against maxDocumentSize.
        this.report(
          o.line,
          'log-message-too-large',
          `the SyncML message starting here is longer than the ${this.maxDoc}-character limit (maxDocumentSize); skipped`,
        );
      } else o.parts.push(piece);
    }
    if (!o.rooted && !o.skipping) {
      const joined = o.parts.join('\n');
      const name = firstElementName(o.escaped ? unescapeXml(joined) : joined);
      if (name === 'SyncML') {
        o.rooted = true;
        o.rootFeed = n;
      } else if (name !== undefined || o.parts.length > MAX_PROLOG_LINES) {
        // An XML declaration of some other document: not a message.
        this.open.delete(o.key);
        return;
      }
    }
    if (end) {
      this.finishMessage(o, o.parts.join('\n'));
      const rest = content.slice(end.index + end[0].length);
      if (START.test(rest)) this.pending.push(() => this.scanForStart(o.key, rest, lineNo, lineText, o.known));
    }
  }

  startMessage(
    key: string,
    content: string,
    lineNo: number,
    lineText: string,
    known: boolean,
    before: string,
    tooLong = false,
  ): void {
    if (this.open.size >= MAX_OPEN) {
      this.report(
        lineNo,
        'log-too-many-open-messages',
        `more than ${MAX_OPEN} messages open at once; the one starting here is skipped`,
      );
      return;
    }
    const escaped = content.startsWith('&');
    const direction = directionFromWords(before) ?? directionFromWords(this.previous.get(key) ?? '');
    const time = timeOf(lineText);
    const o: Open = {
      key,
      line: lineNo,
      escaped,
      rooted: (escaped ? ROOT_ESCAPED : ROOT_RAW).test(content.slice(0, 12)),
      parts: [],
      fed: 0,
      rootFeed: 0,
      size: 0,
      skipping: false,
      known,
      ...(direction ? { direction } : {}),
      ...(time !== undefined ? { time } : {}),
    };
    if (!known) o.candidates = this.candidatesFor(lineNo, lineText, content);
    this.open.set(key, o);
    if (tooLong) this.skipTooLarge(o, lineNo);
    this.feedMessage(o, content, lineNo, lineText);
  }

  /**
   * The prefixes a continuation line of a message starting at `content` in `lineText` may have.
   * A later message on the same line has the earlier ones in its prefix, which no continuation
   * line repeats: it takes the first message's candidates (and the line is not re-cut each time).
   */
  candidatesFor(lineNo: number, lineText: string, content: string): RegExp[] {
    if (this.lineCandidates?.line === lineNo) return this.lineCandidates.candidates;
    const candidates = genericCandidates(lineText.slice(0, lineText.length - content.length));
    this.lineCandidates = { line: lineNo, candidates };
    return candidates;
  }

  skipTooLarge(o: Open, lineNo: number): void {
    o.skipping = true;
    o.rooted = true; // Taken for a message: the next start ends it.
    o.rootFeed = o.fed;
    o.parts = [];
    this.ctx.summary.undecodable++;
    this.report(
      o.line,
      'log-message-too-large',
      `the SyncML message starting here has a line (${lineNo}) longer than the ${this.maxDoc}-character limit (maxDocumentSize); skipped`,
    );
  }

  /** Looks for a message start in `content` (a line's text after its known prefix). */
  scanForStart(key: string, content: string, lineNo: number, lineText: string, known: boolean, tooLong = false): void {
    const m = START.exec(content);
    if (!m) {
      if (content.trim() !== '') {
        if (this.previous.size > 1024) this.previous.clear();
        this.previous.set(key, content);
      }
      return;
    }
    this.startMessage(key, content.slice(m.index), lineNo, lineText, known, content.slice(0, m.index), tooLong);
  }

  endHexDump(run: HexRun): void {
    this.hexRuns.delete(run.key);
    if (run.skipping) return;
    const bytes = Buffer.concat(run.chunks);
    if (!isSyncML(bytes)) return; // Some other dump.
    this.previous.delete(run.key);
    this.found++;
    this.out.push({
      id: 0,
      lone: {
        ...(run.direction ? { direction: run.direction } : {}),
        headers: [],
        body: bytes,
        origin: { input: this.input, line: run.line },
      },
    });
  }

  addHexRow(run: HexRun, row: HexRow, lineNo: number): void {
    if (run.skipping) return;
    const push = (b: Uint8Array): void => {
      run.size += b.length;
      if (run.size > this.maxDoc) {
        run.skipping = true;
        run.chunks = [];
        this.ctx.summary.undecodable++;
        this.report(
          run.line,
          'log-message-too-large',
          `the hex dump starting here is larger than the ${this.maxDoc}-byte limit (maxDocumentSize) at line ${lineNo}; skipped`,
        );
        return;
      }
      run.chunks.push(b);
    };
    if (row.offset !== undefined && run.repeating && run.lastRow && run.lastRow.length > 0) {
      while (!run.skipping && run.size + run.lastRow.length <= row.offset) push(run.lastRow);
    }
    run.repeating = false;
    if (row.bytes.length > 0) {
      push(row.bytes);
      run.lastRow = row.bytes;
    }
  }

  /** Hex dump rows: returns true when the line belonged to a dump. */
  readHexLine(key: string, content: string, lineNo: number): boolean {
    const run = this.hexRuns.get(key);
    const row = hexRow(content);
    if (!row) {
      if (run) this.endHexDump(run);
      return false;
    }
    if (run) {
      if (row.blob || (row.offset !== undefined && !row.repeat && row.offset < run.size)) {
        this.endHexDump(run); // A new dump starts.
      } else {
        if (row.repeat) run.repeating = true;
        else this.addHexRow(run, row, lineNo);
        if (row.end) this.endHexDump(run);
        return true;
      }
    }
    // A row that prints its offset is a dump row even when no dump of ours starts there: its ASCII column is not searched for XML.
    if (
      row.repeat ||
      row.end ||
      row.bytes.length === 0 ||
      row.bytes[0]! > 0x03 ||
      (row.offset !== undefined && row.offset !== 0)
    )
      return row.offset !== undefined || !!row.repeat;
    const direction = directionFromWords(row.before) ?? directionFromWords(this.previous.get(key) ?? '');
    const fresh: HexRun = {
      key,
      line: lineNo,
      chunks: [],
      size: 0,
      repeating: false,
      skipping: false,
      ...(direction ? { direction } : {}),
    };
    this.hexRuns.set(key, fresh);
    this.addHexRow(fresh, row, lineNo);
    if (row.blob) this.endHexDump(fresh);
    return true;
  }

  /** Strips a generic (unknown-format) continuation line's prefix. */
  stripGenericPrefix(o: Open, text: string): string {
    if (o.chosen === undefined) {
      o.chosen = null;
      for (const re of o.candidates ?? []) {
        if (re.test(text)) {
          o.chosen = re;
          break;
        }
      }
    }
    if (o.chosen) {
      const m = o.chosen.exec(text);
      if (m) return text.slice(m[0].length);
    }
    return text;
  }

  /** Which known format (if any) prefixes this line; the last one that fitted is tried first. */
  matchPrefixFormat(text: string): { key: string; content: string; known: boolean } {
    for (let k = 0; k < PREFIX_FORMATS.length; k++) {
      const i = (k + this.lastFormat) % PREFIX_FORMATS.length;
      const f = PREFIX_FORMATS[i]!;
      const m = f.re.exec(text);
      if (m) {
        this.lastFormat = i;
        return { key: `${f.name}:${f.key(m)}`, content: text.slice(m[0].length), known: true };
      }
    }
    return { key: '', content: text, known: false };
  }

  /** One line of the log: continues an open message, else a hex dump row, else may start a message. */
  readLine(text: string, number: number, tooLong?: boolean): void {
    const { key, content, known } = this.matchPrefixFormat(text);
    const o = this.open.get(key);
    if (o) {
      if (tooLong && !o.skipping) this.skipTooLarge(o, number);
      this.feedMessage(o, known || o.escaped ? content : this.stripGenericPrefix(o, text), number, text);
    } else if (!this.readHexLine(key, content, number)) {
      this.scanForStart(key, content, number, text, known, tooLong);
    }
    for (let next = this.pending.pop(); next !== undefined; next = this.pending.pop()) next();
  }

  /** At the end of the log: the hex dumps still open end there. */
  endHexDumps(): void {
    for (const run of [...this.hexRuns.values()]) this.endHexDump(run);
  }

  /** At the end of the log: the messages still open (past their root) are cut. */
  cutOpenMessages(): void {
    for (const o of [...this.open.values()]) {
      if (o.rooted) this.cutMessage(o, 'the log ends before its </SyncML>');
    }
  }
}

/**
 * Reads a text log and yields each embedded SyncML message as a lone exchange. A log without any
 * message is one warning.
 */
export async function* readLog(src: InputSource, ctx: ReadContext): AsyncGenerator<Exchange> {
  const reader = new LogReader(ctx, src.name);
  const { head, all } = await peek(src.stream, 4);
  const encoding = textEncodingOf(head);
  for await (const batch of lineBatches(all, encoding, reader.maxDoc))
    for (const { text, number, cut: tooLong } of batch) {
      reader.readLine(text, number, tooLong);
      if (reader.out.length > 0) {
        yield* reader.out;
        reader.out.length = 0;
      }
    }
  reader.endHexDumps();
  yield* reader.out;
  reader.cutOpenMessages();
  if (reader.found === 0)
    ctx.report({
      input: src.name,
      ...problem('warning', 'log-without-messages', 'no SyncML message found in this input (read as a text log)'),
    });
}
