#!/usr/bin/env node
// A field-like capture for bench/capture.mjs (issue 9): thousands of devices, ~300 TCP
// connections open at once, keep-alive connections carrying several DM sessions one after another,
// XML and WBXML, MD5 challenges (401 + Chal, Package 1 resent with a real digest), Generic Alerts
// (Alert 1226) in Package 1, multi-message Package 2 carrying a large object (MoreData chunks,
// Alert 1222 to pull the next message), and one connection in three not DM (plain web HTTP with
// gzip / chunked bodies, TLS records). The TCP/IP layer, the file writing and the non-DM connections are
// bench/traffic.mjs, shared with bench/gen-capture.mjs.
//
//   node bench/gen-field.mjs [OUT] SIZE [--pcap] [--seed N]    SIZE like 10M, 100M, 1G
//
// OUT defaults to temp/bench/field-SIZE.pcapng (temp/ is git-ignored: generated files are never
// committed). The true counts (DM sessions, DM messages, HTTP exchanges, TLS connections, ...) are
// written beside it as OUT.truth.json, for bench/capture.mjs to compare with what dmtrace finds.
// WBXML bodies: each message template is encoded once by xml2wbxml (Debian libwbxml2-utils, -n:
// inline strings), then its same-length placeholders are replaced per session.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTraffic, fill, parseSize, seededRandom } from './traffic.mjs';

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed');
const sizeArg = positional.length > 1 ? positional[1] : positional[0];
if (!sizeArg) {
  console.error('usage: gen-field.mjs [OUT] SIZE [--pcap] [--seed N]');
  process.exit(2);
}
const out =
  positional.length > 1
    ? positional[0]
    : path.join(
        path.dirname(new URL(import.meta.url).pathname),
        '..',
        'temp',
        'bench',
        `field-${sizeArg}.${args.includes('--pcap') ? 'pcap' : 'pcapng'}`,
      );
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
const target = parseSize(sizeArg);
const pcapng = !args.includes('--pcap');
const random = seededRandom(Number(args.includes('--seed') ? args[args.indexOf('--seed') + 1] : 42));
const { rnd, ri, pick } = random;

// ---- DM messages (OMA-TS-DM_Protocol 1.2 §8: Package 1 client init, 2 server mgmt, 3 client results, 4 server close)
// Placeholders, replaced by same-length values per session.
const SID = 'S7Q9';
const DEV = 'IMEI:999999999999999';
const SRV = 'http://dm00.example.com/dm';
const NONCE = 'Tm9uY2VOb25jZU5vbmNlIQ=='; // the server's NextNonce (b64, 24 chars)
const DIGEST = 'RGlnZXN0RGlnZXN0RGlnZQ=='; // the client's MD5 digest (b64 of 16 bytes, 24 chars)
const CHUNK_LEN = 6000;
const CHUNK = 'Z'.repeat(CHUNK_LEN); // one large-object chunk
const LOSIZE = 'L9999'; // Meta Size of the object: chunks × CHUNK_LEN, 5 digits for 2..9 chunks
const mi = (k, v) => `<${k} xmlns="syncml:metinf">${v}</${k}>`;
const hdr = (msg, client, extra = '') =>
  `<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>${SID}` +
  `</SessionID><MsgID>${msg}</MsgID><Target><LocURI>${client ? SRV : DEV}` +
  `</LocURI></Target><Source><LocURI>${client ? DEV : SRV}</LocURI></Source>${extra}` +
  `</SyncHdr>`;
const item = (uri, data, fmt = 'chr') =>
  `<Item><Source><LocURI>${uri}</LocURI></Source><Meta>${mi('Format', fmt)}</Meta><Data>${data}</Data></Item>`;
const status = (id, msg, ref, cmd, code, extra = '') =>
  `<Status><CmdID>${id}</CmdID><MsgRef>${msg}</MsgRef><CmdRef>${ref}</CmdRef><Cmd>${cmd}</Cmd><Data>${code}</Data>${extra}</Status>`;
const wrap = (h, body, final = true) =>
  `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2">${h}<SyncBody>${body}${final ? '<Final/>' : ''}</SyncBody></SyncML>`;
const cred = `<Cred><Meta>${mi('Format', 'b64')}${mi('Type', 'syncml:auth-md5')}</Meta><Data>${DIGEST}</Data></Cred><Meta>${mi('MaxMsgSize', '65536')}</Meta>`;
const chal = `<Chal><Meta>${mi('Format', 'b64')}${mi('Type', 'syncml:auth-md5')}${mi('NextNonce', NONCE)}</Meta></Chal>`;
const devinfo =
  `<Replace><CmdID>2</CmdID>${item('./DevInfo/DevId', DEV)}` +
  `${item('./DevInfo/Man', 'Acme Mobile')}${item('./DevInfo/Mod', 'Rocket X2')}` +
  `${item('./DevInfo/DmV', '1.2')}${item('./DevInfo/Lang', 'en-US')}</Replace>`;
const galert =
  `<Alert><CmdID>3</CmdID><Data>1226</Data><Item><Source><LocURI>./FUMO/Update</LocURI></Source><Meta>${mi('Type', 'org.openmobilealliance.dm.firmwareupdate.devicerequest')}` +
  `${mi('Format', 'int')}${mi('Mark', 'critical')}</Meta><Data>0</Data></Item></Alert>`;
/** Message templates by name and MsgID; `chunks` is the large object's chunk count (2..9). */
const TEMPLATES = {
  // Package 1: client-initiated (1201) with DevInfo, optionally a Generic Alert.
  pkg1: (msg, ga) =>
    wrap(hdr(msg, true, cred), `<Alert><CmdID>1</CmdID><Data>1201</Data></Alert>${devinfo}${ga ? galert : ''}`),
  // Server refuses the digest and challenges with a fresh nonce (DM Protocol §9).
  chal401: (msg, cmsg) => wrap(hdr(msg, false), status(1, cmsg, 0, 'SyncHdr', 401, chal)),
  pkg2: (msg, cmsg, ga) =>
    wrap(
      hdr(msg, false),
      `${status(1, cmsg, 0, 'SyncHdr', 212, chal)}${status(2, cmsg, 1, 'Alert', 200)}` +
        `${status(3, cmsg, 2, 'Replace', 200)}${ga ? status(4, cmsg, 3, 'Alert', 200) : ''}` +
        `<Get><CmdID>5</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get>` +
        `<Replace><CmdID>6</CmdID><Item><Target><LocURI>./Settings/Polling/Interval</LocURI>` +
        `</Target><Meta>${mi('Format', 'int')}` +
        `</Meta><Data>3600</Data></Item></Replace>`,
    ),
  // Package 2 over several messages: a large object in chunks (DM Protocol §7), MoreData on all but the last.
  pkg2lo: (msg, cmsg, ga, k, last) =>
    wrap(
      hdr(msg, false),
      (k === 0
        ? `${status(1, cmsg, 0, 'SyncHdr', 212, chal)}${status(2, cmsg, 1, 'Alert', 200)}` +
          `${status(3, cmsg, 2, 'Replace', 200)}${ga ? status(4, cmsg, 3, 'Alert', 200) : ''}`
        : status(1, cmsg, 0, 'SyncHdr', 200)) +
        `<Replace><CmdID>${10 + k}` +
        `</CmdID><Item><Target><LocURI>./FUMO/Pkg/Data</LocURI></Target><Meta>${mi('Format', 'b64')}` +
        `${k === 0 ? mi('Size', LOSIZE) : ''}</Meta><Data>${CHUNK}` +
        `</Data>${last ? '' : '<MoreData/>'}` +
        `</Item></Replace>${last ? '<Get><CmdID>5</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get>' : ''}`,
      last,
    ),
  // The client acknowledges a chunk (213) and pulls the next message (Alert 1222), without Final.
  next1222: (msg, smsg, k) =>
    wrap(
      hdr(msg, true),
      `${status(1, smsg, 0, 'SyncHdr', 200)}${status(2, smsg, 10 + k, 'Replace', 213)}<Alert><CmdID>3</CmdID><Data>1222</Data></Alert>`,
      false,
    ),
  pkg3: (msg, smsg, lo) =>
    wrap(
      hdr(msg, true),
      `${status(1, smsg, 0, 'SyncHdr', 200)}${status(2, smsg, 5, 'Get', 200)}` +
        `${lo ? status(3, smsg, lo, 'Replace', 200) : status(3, smsg, 6, 'Replace', 200)}` +
        `<Results><CmdID>4</CmdID><MsgRef>${smsg}` +
        `</MsgRef><CmdRef>5</CmdRef>${item('./DevDetail/SwV', 'V1.0.42-rel')}</Results>`,
    ),
  pkg4: (msg, cmsg) =>
    wrap(hdr(msg, false), `${status(1, cmsg, 0, 'SyncHdr', 200)}${status(2, cmsg, 4, 'Results', 200)}`),
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-field-'));
const cache = new Map();
/** The XML and WBXML bytes of one template with these arguments (WBXML made by xml2wbxml once). */
function template(name, ...a) {
  const key = `${name}:${a.join(',')}`;
  let t = cache.get(key);
  if (!t) {
    const xml = Buffer.from(TEMPLATES[name](...a));
    const f = path.join(tmp, `${cache.size}`);
    fs.writeFileSync(`${f}.xml`, xml);
    execFileSync('xml2wbxml', ['-n', '-v', '1.2', '-o', `${f}.wbxml`, `${f}.xml`], { stdio: 'ignore' });
    const wbxml = fs.readFileSync(`${f}.wbxml`);
    if (wbxml.indexOf(SID) < 0) throw new Error('xml2wbxml did not keep inline strings');
    t = { xml, wbxml };
    cache.set(key, t);
  }
  return t;
}
// Random base64 text for nonces and large-object data, from the seeded generator so a size and a
// seed always give the same file.
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64 = Buffer.from(Array.from({ length: 1 << 16 }, () => B64_ALPHABET[ri(64)]).join(''), 'latin1');
const b64md5 = (s) => crypto.createHash('md5').update(s).digest('base64');
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const traffic = createTraffic({ out, pcapng, random });
const { SERVERS, conn, open, send, close, httpReq, httpRes, webSession, tlsSession } = traffic;

// Thousands of devices, each running several sessions over the capture (SessionID counts up per device).
const DEVICES = Array.from({ length: 6000 }, (_, i) => ({
  imei: String(350000000000000 + i * 7919 + 13).padStart(15, '0'),
  ip: (10 << 24) | (1 << 16) | i,
  server: SERVERS[i % SERVERS.length],
  wbxml: i % 5 < 2,
  next: 1 + (i % 200),
}));
const truth = {
  dmSessions: 0,
  dmMessages: 0,
  dmExchanges: 0,
  challenges: 0,
  largeObjects: 0,
  genericAlerts: 0,
  dmConnections: 0,
};

/** One DM connection (keep-alive): 1 to 3 sessions of one device, one after another. */
function* dmConnection() {
  const d = pick(DEVICES);
  const server = d.server;
  const port = pick([80, 8080]);
  const c = conn(d.ip, server.ip, port);
  truth.dmConnections++;
  const type = `application/vnd.syncml.dm+${d.wbxml ? 'wbxml' : 'xml'}`;
  const host = port === 80 ? server.name : `${server.name}:${port}`;
  yield* open(c);
  const sessions = 1 + ri(3);
  for (let n = 0; n < sessions; n++) {
    const sid = (d.next++ % 0xffff).toString(16).toUpperCase().padStart(4, '0');
    const dev = `IMEI:${d.imei}`;
    let nonce = `${B64.toString('latin1', ri(B64.length - 22)).slice(0, 22)}==`;
    const digest = () => b64md5(`${b64md5(`${dev}:secret`)}:${Buffer.from(nonce, 'base64').toString('latin1')}`);
    const chunks = 2 + ri(8);
    const lo = B64.subarray(ri(B64.length - CHUNK_LEN))
      .subarray(0, CHUNK_LEN)
      .toString('latin1');
    const values = () => [
      [SID, sid],
      [DEV, dev],
      [SRV, `http://${server.name}/dm`],
      [DIGEST, digest()],
      [NONCE, (nonce = B64.toString('latin1', ri(B64.length - 22)).slice(0, 22) + '==')],
      [CHUNK, lo],
      [LOSIZE, String(chunks * CHUNK_LEN)],
    ];
    const msg = (name, ...a) => {
      const t = template(name, ...a);
      return fill(d.wbxml ? t.wbxml : t.xml, values());
    };
    function* exchange(req, res) {
      yield* send(c, true, httpReq('POST', '/dm', host, type, req));
      yield* send(c, false, httpRes(type, res, 'Cache-Control: no-store\r\n'));
      truth.dmMessages += 2;
      truth.dmExchanges++;
      traffic.stats.httpExchanges++;
    }
    truth.dmSessions++;
    const ga = rnd() < 0.2;
    if (ga) truth.genericAlerts++;
    let cm = 1;
    let sm = 1;
    if (rnd() < 0.2) {
      // MD5 challenge: the server refuses the digest and sends a fresh nonce; Package 1 again.
      truth.challenges++;
      yield* exchange(msg('pkg1', cm, ga), msg('chal401', sm, cm));
      cm++;
      sm++;
    }
    const withLo = rnd() < 0.25;
    let loRef = 0;
    if (withLo) {
      truth.largeObjects++;
      let req = msg('pkg1', cm, ga);
      for (let k = 0; k < chunks; k++) {
        const last = k === chunks - 1;
        yield* exchange(req, msg('pkg2lo', sm, cm, ga, k, last));
        if (last) loRef = 10 + k;
        else req = msg('next1222', ++cm, sm, k);
        sm++;
      }
    } else {
      yield* exchange(msg('pkg1', cm, ga), msg('pkg2', sm, cm, ga));
      sm++;
    }
    cm++;
    yield* exchange(msg('pkg3', cm, sm - 1, loRef), msg('pkg4', sm, cm));
  }
  yield* close(c);
}

const ACTIVE = 300; // TCP connections open at once, their packets interleaved
const start = Date.now();
let made = 0;
const { bytes } = traffic.run(target, ACTIVE, () => {
  // One connection in three is not DM: plain web HTTP (2 in 3 of those) or TLS.
  const k = made++ % 3;
  return k < 2 ? dmConnection() : rnd() < 0.67 ? webSession() : tlsSession();
});
const result = { out, bytes, ...truth, ...traffic.stats, seconds: (Date.now() - start) / 1000 };
fs.writeFileSync(`${out}.truth.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
