/**
 * The catalogue of problem codes: every problem dmtrace reports while reading and decoding input
 * (src/model/problem.ts) has one of these codes, declared here as data, after Wireshark's expert
 * infos (a field id, a severity, a group, a summary). `problem()` takes only a declared code, with a
 * severity the catalogue allows for it: an unknown code or a wrong severity is a type error.
 * docs/problems.md is generated from this table (`npm run docs`; a test fails when it is stale).
 *
 * Fields:
 *  - `severity`: what the code is reported at; `also`: other severities some emitters use (a
 *    missing element the field omits harmlessly is a warning, not an error).
 *  - `group`: what kind of defect (Wireshark's expert groups, in our terms): `malformed` (the bytes
 *    break their format), `cut` (bytes the input should hold are missing), `undecoded` (read but not
 *    understood: an unknown token, block, link type, charset), `limit` (a bound against hostile
 *    input was reached; what lies beyond it is not read), `protocol` (a deviation from the spec that
 *    is read anyway, repaired or tolerated), `structure` (a SyncML element where the DTD has none,
 *    or none where it needs one), `sequence` (a message that does not fit into a session), `input`
 *    (an input as a whole), `config` (the credentials file or environment), `internal` (a dmtrace
 *    bug caught before it ended the run).
 *  - `partial`: the input was read only in part, so DM traffic may be missing from the report. On an
 *    input problem with such a code `dmtrace lint` adds an `input-partial` error (README "lint and
 *    scr"), unless `--allow-partial`.
 */
import type { Severity } from './problem.js';

export type ProblemGroup =
  'malformed' | 'cut' | 'undecoded' | 'limit' | 'protocol' | 'structure' | 'sequence' | 'input' | 'config' | 'internal';

export interface ProblemCodeInfo {
  severity: Severity;
  also?: readonly Severity[];
  group: ProblemGroup;
  partial?: boolean;
  description: string;
}

export const PROBLEM_CODES = {
  // ---------------------------------------------------------------- inputs as a whole (src/sources/index.ts, files.ts)
  'input-not-found': {
    severity: 'error',
    group: 'input',
    description: 'An input named on the command line does not exist or cannot be opened.',
  },
  'input-unreadable': {
    severity: 'error',
    group: 'input',
    partial: true,
    description:
      'An input could not be read (permission denied, a folder where a file was expected, an I/O error); what was read before the error stands.',
  },
  'input-empty': { severity: 'error', group: 'input', description: 'An input holds no bytes.' },
  'input-no-dm': {
    severity: 'error',
    group: 'input',
    description:
      'An input was read to its end and holds no SyncML DM message or notification (a picture, TLS only): ' +
      'a usage error, exit 2 for lint, scr and sessions; the message says what it was read as (pcapng: N packets / N bytes).',
  },
  'input-partial': {
    severity: 'error',
    group: 'input',
    description:
      'For lint, an input was read only in part (a problem of a code marked partial: a cut capture, a TCP gap, ' +
      'an undecodable DM body), so DM traffic may be missing: one error per such input, naming the first, unless --allow-partial.',
  },
  'folder-without-messages': {
    severity: 'error',
    group: 'input',
    description: 'A folder holds no file dmtrace reads (.xml .wbxml .har .pcap .pcapng .log .txt).',
  },
  'message-too-large': {
    severity: 'error',
    group: 'limit',
    partial: true,
    description: 'A message file is larger than maxDocumentSize; it is not read.',
  },
  'internal-error': {
    severity: 'error',
    group: 'internal',
    partial: true,
    description: 'A reader threw (a dmtrace bug, to be reported); the rest of that input is not read.',
  },

  // ---------------------------------------------------------------- captures (src/sources/capture.ts, pcap.ts, pcapng.ts)
  'capture-unknown-format': {
    severity: 'error',
    group: 'malformed',
    partial: true,
    description: 'The input was taken for a capture (by its extension) but is neither pcap nor pcapng.',
  },
  'capture-too-short': {
    severity: 'error',
    group: 'cut',
    partial: true,
    description: 'The capture is shorter than its own file header.',
  },
  'capture-cut': {
    severity: 'error',
    group: 'cut',
    partial: true,
    description:
      'The capture ends inside a packet record (a file cut while being written or copied): the byte offset and the frame are given.',
  },
  'capture-bogus-record': {
    severity: 'error',
    group: 'malformed',
    partial: true,
    description:
      'A packet record or block header is impossible (a length beyond any packet, a bad section header); the rest of the file is skipped.',
  },
  'pcapng-bad-block': {
    severity: 'warning',
    group: 'malformed',
    partial: true,
    description: 'A pcapng block is damaged (its lengths disagree, its body is too short); that block is skipped.',
  },
  'pcapng-unknown-block': {
    severity: 'info',
    group: 'undecoded',
    description: 'A pcapng block of a type dmtrace does not read (custom or vendor blocks); skipped and counted.',
  },
  'capture-unknown-link-type': {
    severity: 'warning',
    group: 'undecoded',
    partial: true,
    description: 'Frames of a link type dmtrace cannot decode were skipped (their number is given).',
  },
  'capture-bad-timestamp': {
    severity: 'warning',
    group: 'malformed',
    description: 'A frame time lies beyond what a date holds; such frames are read without a time.',
  },
  'ip-fragments-dropped': {
    severity: 'warning',
    group: 'limit',
    partial: true,
    description: 'Fragmented IP datagrams could not be reassembled: too many were pending at once.',
  },
  'packet-truncated': {
    severity: 'warning',
    group: 'cut',
    partial: true,
    description: "Packets were cut by the capture's snap length, so TCP payload bytes are missing.",
  },
  'tcp-gap': {
    severity: 'warning',
    group: 'cut',
    partial: true,
    description: 'TCP payload bytes were never captured (a lost segment): the HTTP stream has a gap there.',
  },
  'http-message-lost': {
    severity: 'warning',
    group: 'cut',
    partial: true,
    description:
      'An HTTP message could not be read (a gap in it, a malformed start line or header); reading resumes at the next message.',
  },
  'http-content-encoding': {
    severity: 'warning',
    group: 'malformed',
    partial: true,
    description:
      "A body's Content-Encoding (gzip, deflate) could not be undone, or it decodes to more than maxBodySize.",
  },
  'http-body-too-large': {
    severity: 'warning',
    group: 'limit',
    partial: true,
    description: 'An HTTP body is longer than maxBodySize; the rest of it is dropped.',
  },

  // ---------------------------------------------------------------- HAR (src/sources/har.ts)
  'har-too-large': {
    severity: 'error',
    group: 'limit',
    partial: true,
    description: 'A HAR file is larger than maxHarSize (it is parsed whole); it is not read.',
  },
  'har-malformed-json': {
    severity: 'error',
    group: 'malformed',
    partial: true,
    description: 'The HAR file is not valid JSON; line and column of the error are given.',
  },
  'har-no-entries': {
    severity: 'error',
    group: 'malformed',
    partial: true,
    description: 'The JSON has no log.entries array: not a HAR file.',
  },
  'har-entry-without-request': {
    severity: 'error',
    group: 'malformed',
    partial: true,
    description: 'A HAR entry has no request object; it is skipped.',
  },
  'har-body-encoding': {
    severity: 'warning',
    group: 'malformed',
    description:
      'A HAR body names an unknown encoding, holds characters outside base64, or is binary saved as text with bytes lost; read as far as it goes.',
  },
  'har-body-missing': {
    severity: 'warning',
    group: 'cut',
    partial: true,
    description: 'A DM body was not saved in the HAR (its size is given, its text is not).',
  },
  'har-body-cut': {
    severity: 'warning',
    group: 'cut',
    partial: true,
    description:
      'The content.size of a body claims more than maxBodySize and more than the HAR holds; what is there is read.',
  },
  'body-too-large': {
    severity: 'warning',
    group: 'limit',
    partial: true,
    description: 'A HAR body is larger than maxBodySize; it is dropped.',
  },

  // ---------------------------------------------------------------- text logs (src/sources/log.ts)
  'log-without-messages': {
    severity: 'warning',
    group: 'input',
    description: 'A text log holds no SyncML message.',
  },
  'log-message-cut': {
    severity: 'error',
    group: 'cut',
    partial: true,
    description:
      'A SyncML message in a log is cut: the log ends, or the same writer starts another message, before its </SyncML>.',
  },
  'log-message-too-large': {
    severity: 'error',
    group: 'limit',
    partial: true,
    description: 'A SyncML message (or hex dump) in a log is larger than maxDocumentSize; it is skipped.',
  },
  'log-too-many-open-messages': {
    severity: 'error',
    group: 'limit',
    partial: true,
    description: 'More messages are open at once (one per writer) than the log reader keeps; the new one is skipped.',
  },

  // ---------------------------------------------------------------- DM bodies (src/sources/messages.ts)
  'dm-body-undecodable': {
    severity: 'error',
    group: 'undecoded',
    partial: true,
    description:
      'A body that is DM by its Content-Type or its content is no SyncML message (neither XML nor WBXML, or no SyncML root); the first decoding problem is quoted.',
  },
  'dm-second-notification': {
    severity: 'warning',
    group: 'protocol',
    description: 'A second Package 0 notification in one exchange; only the first is kept.',
  },

  // ---------------------------------------------------------------- messages into sessions (src/session/assemble.ts)
  'session-direction-unknown': {
    severity: 'warning',
    group: 'sequence',
    partial: true,
    description: 'A message is left out of the sessions: nothing tells whether the device or the server sent it.',
  },
  'session-unassigned': {
    severity: 'warning',
    group: 'sequence',
    partial: true,
    description: 'A message is left out of the sessions: it has no SyncHdr to tell its session.',
  },
  'session-duplicate-message': {
    severity: 'info',
    group: 'sequence',
    description: 'The same message was read twice (two inputs, or a retransmission); the second is dropped.',
  },
  'session-notification-unanswered': {
    severity: 'info',
    group: 'sequence',
    description: 'A Package 0 notification that no Package 1 in the input answers.',
  },

  // ---------------------------------------------------------------- WBXML (src/wbxml/read.ts)
  'wbxml-empty': { severity: 'error', group: 'cut', description: 'The WBXML document has no bytes.' },
  'wbxml-not-wbxml': {
    severity: 'error',
    group: 'malformed',
    description: 'The version byte is no WBXML version: not a WBXML document.',
  },
  'wbxml-unknown-version': {
    severity: 'warning',
    group: 'protocol',
    description: 'A WBXML version other than 1.0-1.3; read as 1.3.',
  },
  'wbxml-truncated': {
    severity: 'error',
    group: 'cut',
    description: 'The document ends inside a token, a string or an element; what came before is kept.',
  },
  'wbxml-mb-overflow': {
    severity: 'error',
    group: 'malformed',
    description: 'An mb_u_int32 runs over 5 bytes or 32 bits (WBXML 1.3 §5.1); reading stops there.',
  },
  'wbxml-bad-utf8': {
    severity: 'warning',
    group: 'malformed',
    description: 'A string is not valid UTF-8; bad bytes are shown as U+FFFD.',
  },
  'wbxml-strtbl-out-of-range': {
    severity: 'error',
    group: 'malformed',
    description: 'A string-table reference points outside the string table (or there is none).',
  },
  'wbxml-strtbl-unterminated': {
    severity: 'warning',
    group: 'protocol',
    description: "The string table's last string has no NUL (as the AOSP dm12 vectors); it runs to the table's end.",
  },
  'wbxml-charset-unsupported': {
    severity: 'warning',
    group: 'undecoded',
    description: 'The document names a charset dmtrace cannot decode; strings are read as UTF-8.',
  },
  'wbxml-content-outside-root': {
    severity: 'error',
    group: 'malformed',
    description: 'Text or OPAQUE data outside the root element; ignored.',
  },
  'wbxml-xmlns-attribute': {
    severity: 'warning',
    group: 'protocol',
    description: "An xmlns attribute that differs from the code page's namespace; the code page wins.",
  },
  'wbxml-nokia-xmlns': {
    severity: 'info',
    group: 'protocol',
    description: 'A LITERAL attribute name at index 0 with no string table (a Nokia quirk), read as xmlns.',
  },
  'wbxml-extension-token': {
    severity: 'warning',
    group: 'protocol',
    description: 'An EXT_* token, which has no meaning in SyncML; its string is kept as text.',
  },
  'wbxml-unknown-attribute': {
    severity: 'warning',
    group: 'undecoded',
    description: 'An attribute token no SyncML code page defines.',
  },
  'wbxml-bad-entity': {
    severity: 'error',
    group: 'malformed',
    description: 'An ENTITY that is no Unicode scalar value; ignored.',
  },
  'wbxml-pi-skipped': {
    severity: 'info',
    group: 'undecoded',
    description: 'A processing instruction, which the element tree has no place for; skipped.',
  },
  'wbxml-too-deep': {
    severity: 'error',
    group: 'limit',
    description: 'Elements nest deeper than maxDepth; the deeper subtree is skipped.',
  },
  'wbxml-trailing-bytes': {
    severity: 'warning',
    group: 'malformed',
    description: 'Bytes after the end of the root element; ignored.',
  },
  'wbxml-unknown-token': {
    severity: 'warning',
    group: 'undecoded',
    description: 'A tag token its code page does not define; shown as Tag_0xNN, as Wireshark does.',
  },
  'wbxml-unknown-page': {
    severity: 'warning',
    group: 'undecoded',
    description: 'A SWITCH_PAGE to a code page the language does not define.',
  },
  'wbxml-unexpected-end': {
    severity: 'error',
    group: 'malformed',
    description: 'An END token with no open element; ignored.',
  },
  'wbxml-no-root': { severity: 'error', group: 'malformed', description: 'The document has no root element.' },
  'wbxml-embedded-undecodable': {
    severity: 'warning',
    group: 'undecoded',
    description: 'Data typed as embedded WBXML (DevInf, TNDS) holds no decodable document; kept as bytes.',
  },
  'wbxml-too-large': {
    severity: 'error',
    group: 'limit',
    description: 'The document is larger than the reader accepts; it is not decoded.',
  },
  'wbxml-text-budget': {
    severity: 'error',
    group: 'limit',
    description:
      'The document decodes to more text than its size plus maxExtraText (string-table references repeat strings); the rest of its text is dropped, said once.',
  },
  'wbxml-unknown-public-id': {
    severity: 'warning',
    group: 'protocol',
    description: 'A public id (number or FPI) dmtrace does not know; decoded with the SyncML 1.2 code pages.',
  },
  'wbxml-more-warnings': {
    severity: 'warning',
    group: 'limit',
    description: 'More per-token warnings than are listed for one document; the rest are counted.',
  },
  'wbxml-internal-error': {
    severity: 'error',
    group: 'internal',
    description: 'The WBXML reader failed (a dmtrace bug); the document is decoded as far as it got.',
  },

  // ---------------------------------------------------------------- XML (src/xml/read.ts)
  'xml-unsupported-encoding': {
    severity: 'warning',
    group: 'undecoded',
    description: 'The XML declaration names an encoding dmtrace cannot decode; read as UTF-8.',
  },
  'xml-invalid-utf8': {
    severity: 'error',
    group: 'malformed',
    description: 'The bytes are not valid UTF-8; invalid sequences are read as U+FFFD.',
  },
  'xml-unescaped-ampersand': {
    severity: 'warning',
    group: 'protocol',
    description: 'An "&" that starts no reference (as in AOSP alert data), read as "&amp;"; one warning per document.',
  },
  'xml-whitespace-before-declaration': {
    severity: 'warning',
    group: 'protocol',
    description: 'White space before the XML declaration (libdmclient), removed (XML 1.0 §2.8).',
  },
  'xml-not-well-formed': {
    severity: 'error',
    group: 'malformed',
    description: 'Not well-formed XML (the parser says what); the tree is kept as far as it goes.',
  },
  'xml-too-many-errors': {
    severity: 'error',
    group: 'limit',
    description: 'More well-formedness errors than are listed for one document.',
  },
  'xml-undefined-entity': {
    severity: 'error',
    group: 'malformed',
    description: 'A reference to an entity other than the five predefined ones; kept as its literal text.',
  },
  'xml-entity-declaration': {
    severity: 'warning',
    group: 'protocol',
    description: 'The DOCTYPE declares entities; they are never expanded (no billion laughs).',
  },
  'xml-too-deep': {
    severity: 'error',
    group: 'limit',
    description: 'Elements nest deeper than maxDepth; the rest of the document is not read.',
  },
  'xml-too-many-elements': {
    severity: 'error',
    group: 'limit',
    description: 'The document has more elements than maxElements; the rest of it is not read.',
  },
  'xml-text-too-long': {
    severity: 'error',
    group: 'limit',
    description: 'A text value is longer than maxTextLength; it is cut at the limit (said once per document).',
  },
  'xml-time-limit': {
    severity: 'error',
    group: 'limit',
    description: 'Reading the document took longer than maxMessageMs; the rest of it is not read.',
  },
  'xml-no-root': { severity: 'error', group: 'malformed', description: 'The document has no root element.' },

  // ---------------------------------------------------------------- SyncML messages (src/syncml/message.ts, model.ts)
  'syncml-unknown-encoding': {
    severity: 'error',
    group: 'malformed',
    description: 'A DM body that is neither XML nor WBXML; its first bytes are shown.',
  },
  'syncml-content-type-mismatch': {
    severity: 'warning',
    group: 'protocol',
    description: 'The Content-Type says XML and the body is WBXML, or the other way round; the bytes win.',
  },
  'syncml-too-many-problems': {
    severity: 'warning',
    also: ['error', 'info'],
    group: 'limit',
    description:
      'A message had more problems than maxProblems (100): the first are listed, the rest counted in this one, at the worst severity among them, with their codes.',
  },
  'syncml-internal-error': {
    severity: 'error',
    group: 'internal',
    description: 'Decoding a message failed (a dmtrace bug); the message is kept undecoded.',
  },
  'syncml-not-syncml': {
    severity: 'error',
    group: 'structure',
    description: 'The root element is not SyncML.',
  },
  'syncml-unknown-namespace': {
    severity: 'warning',
    group: 'protocol',
    description: 'The SyncML namespace is missing or not SYNCML:SYNCML1.2, 1.1 or 1.0.',
  },
  'syncml-missing-element': {
    severity: 'error',
    also: ['warning'],
    group: 'structure',
    description:
      'An element the SyncML DTD requires is missing (a warning where the field omits it harmlessly, e.g. CmdRef on a SyncHdr Status).',
  },
  'syncml-duplicate-element': {
    severity: 'warning',
    group: 'structure',
    description: 'A second element where the DTD allows one; the first is used.',
  },
  'syncml-unexpected-element': {
    severity: 'warning',
    group: 'structure',
    description: 'An element the DTD does not allow there; ignored.',
  },
  'syncml-unexpected-content': {
    severity: 'warning',
    group: 'structure',
    description: 'Text or opaque data where only elements are expected; ignored.',
  },
  'syncml-metinf-outside-meta': {
    severity: 'warning',
    group: 'protocol',
    description: 'A MetInf element (Type, Format) beside Meta instead of inside it (MS-MDM); read as part of Meta.',
  },

  // ---------------------------------------------------------------- Package 0 (src/notification/package0.ts)
  'pkg0-wap-push': {
    severity: 'info',
    group: 'protocol',
    description: 'A WAP push wrapper (WDP, WSP Push) around the notification, removed.',
  },
  'pkg0-short': {
    severity: 'error',
    group: 'cut',
    description: 'The notification is shorter than digest and header (DM Notification 1.2 §6.2).',
  },
  'pkg0-version': {
    severity: 'warning',
    group: 'protocol',
    description: 'The notification version is not 1.2.',
  },
  'pkg0-future-use': {
    severity: 'error',
    group: 'malformed',
    description: 'The future-use bits are not 0.',
  },
  'pkg0-session-id-zero': {
    severity: 'warning',
    group: 'protocol',
    description: 'The session id is 0; Package 1 must carry 1..FFFF.',
  },
  'pkg0-cut': {
    severity: 'error',
    group: 'cut',
    description: 'The server identifier runs past the end of the notification.',
  },
  'pkg0-empty-server-id': {
    severity: 'error',
    group: 'malformed',
    description: 'The server identifier is empty.',
  },
  'pkg0-server-id-not-ascii': {
    severity: 'warning',
    group: 'malformed',
    description: 'The server identifier holds a byte that is not printable ASCII.',
  },

  // ---------------------------------------------------------------- credentials (src/auth/credentials.ts)
  'credentials-unreadable': {
    severity: 'error',
    group: 'config',
    description: 'The credentials file cannot be read.',
  },
  'credentials-not-json': { severity: 'error', group: 'config', description: 'The credentials file is not JSON.' },
  'credentials-bad-shape': {
    severity: 'error',
    group: 'config',
    description: 'The credentials file is not shaped as README "Credentials" says.',
  },
  'credentials-unknown-key': {
    severity: 'error',
    group: 'config',
    description: 'A key the credentials file does not have (a typo, most likely).',
  },
  'credentials-bad-value': {
    severity: 'error',
    group: 'config',
    description: 'A credentials value of the wrong type, a nonce that is not base64, or a password missing.',
  },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

type Info<C extends ProblemCode> = (typeof PROBLEM_CODES)[C];

/** The severities a code may be reported at. */
export type SeverityOf<C extends ProblemCode> =
  Info<C>['severity'] | (Info<C> extends { also: readonly (infer S extends Severity)[] } ? S : never);

/** The codes that may be reported at severity `S`. */
export type CodeAt<S extends Severity> = { [C in ProblemCode]: S extends SeverityOf<C> ? C : never }[ProblemCode];

/** The catalogue entry of a code. */
export function problemCode(code: ProblemCode): ProblemCodeInfo {
  return PROBLEM_CODES[code];
}

/** Whether `code` is declared (for codes read back from JSON or a config). */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);
}

/** Whether a problem of this code means the input was read only in part (see `partial` above). */
export function isPartial(code: ProblemCode): boolean {
  return (PROBLEM_CODES[code] as ProblemCodeInfo).partial === true;
}

/** Whether `severity` is one the catalogue allows for `code`. */
export function allowsSeverity(code: ProblemCode, severity: Severity): boolean {
  const info: ProblemCodeInfo = PROBLEM_CODES[code];
  return info.severity === severity || (info.also?.includes(severity) ?? false);
}
