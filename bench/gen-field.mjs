#!/usr/bin/env node
// A field-like capture for bench/capture.mjs (issue 9): thousands of devices, ~300 TCP
// connections open at once, keep-alive connections carrying several DM sessions one after another,
// XML and WBXML, MD5 challenges (401 + Chal, Package 1 resent with a real digest), Generic Alerts
// (Alert 1226) in Package 1, multi-message Package 2 carrying a large object (MoreData chunks,
// Alert 1222 to pull the next message), and one connection in three not DM (plain web HTTP with
// gzip / chunked bodies, TLS records). Same TCP semantics as bench/gen-capture.mjs (handshakes,
// wrapping sequence numbers, MSS segments, ACKs, FIN teardown). Written as generated (4 MB buffer).
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
import zlib from 'node:zlib';

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
const target =
  Number(/^(\d+(?:\.\d+)?)/.exec(sizeArg)[1]) *
  ({ K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[sizeArg.slice(-1).toUpperCase()] ?? 1);
const pcapng = !args.includes('--pcap');
let seed = Number(args.includes('--seed') ? args[args.indexOf('--seed') + 1] : 42) >>> 0;
const rnd = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
const ri = (n) => Math.floor(rnd() * n);
const pick = (a) => a[ri(a.length)];

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
  `<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>${SID}</SessionID><MsgID>${msg}</MsgID><Target><LocURI>${client ? SRV : DEV}</LocURI></Target><Source><LocURI>${client ? DEV : SRV}</LocURI></Source>${extra}</SyncHdr>`;
const item = (uri, data, fmt = 'chr') =>
  `<Item><Source><LocURI>${uri}</LocURI></Source><Meta>${mi('Format', fmt)}</Meta><Data>${data}</Data></Item>`;
const status = (id, msg, ref, cmd, code, extra = '') =>
  `<Status><CmdID>${id}</CmdID><MsgRef>${msg}</MsgRef><CmdRef>${ref}</CmdRef><Cmd>${cmd}</Cmd><Data>${code}</Data>${extra}</Status>`;
const wrap = (h, body, final = true) =>
  `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2">${h}<SyncBody>${body}${final ? '<Final/>' : ''}</SyncBody></SyncML>`;
const cred = `<Cred><Meta>${mi('Format', 'b64')}${mi('Type', 'syncml:auth-md5')}</Meta><Data>${DIGEST}</Data></Cred><Meta>${mi('MaxMsgSize', '65536')}</Meta>`;
const chal = `<Chal><Meta>${mi('Format', 'b64')}${mi('Type', 'syncml:auth-md5')}${mi('NextNonce', NONCE)}</Meta></Chal>`;
const devinfo = `<Replace><CmdID>2</CmdID>${item('./DevInfo/DevId', DEV)}${item('./DevInfo/Man', 'Acme Mobile')}${item('./DevInfo/Mod', 'Rocket X2')}${item('./DevInfo/DmV', '1.2')}${item('./DevInfo/Lang', 'en-US')}</Replace>`;
const galert = `<Alert><CmdID>3</CmdID><Data>1226</Data><Item><Source><LocURI>./FUMO/Update</LocURI></Source><Meta>${mi('Type', 'org.openmobilealliance.dm.firmwareupdate.devicerequest')}${mi('Format', 'int')}${mi('Mark', 'critical')}</Meta><Data>0</Data></Item></Alert>`;
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
      `${status(1, cmsg, 0, 'SyncHdr', 212, chal)}${status(2, cmsg, 1, 'Alert', 200)}${status(3, cmsg, 2, 'Replace', 200)}${ga ? status(4, cmsg, 3, 'Alert', 200) : ''}<Get><CmdID>5</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get><Replace><CmdID>6</CmdID><Item><Target><LocURI>./Settings/Polling/Interval</LocURI></Target><Meta>${mi('Format', 'int')}</Meta><Data>3600</Data></Item></Replace>`,
    ),
  // Package 2 over several messages: a large object in chunks (DM Protocol §7), MoreData on all but the last.
  pkg2lo: (msg, cmsg, ga, k, last) =>
    wrap(
      hdr(msg, false),
      `${k === 0 ? `${status(1, cmsg, 0, 'SyncHdr', 212, chal)}${status(2, cmsg, 1, 'Alert', 200)}${status(3, cmsg, 2, 'Replace', 200)}${ga ? status(4, cmsg, 3, 'Alert', 200) : ''}` : status(1, cmsg, 0, 'SyncHdr', 200)}<Replace><CmdID>${10 + k}</CmdID><Item><Target><LocURI>./FUMO/Pkg/Data</LocURI></Target><Meta>${mi('Format', 'b64')}${k === 0 ? mi('Size', LOSIZE) : ''}</Meta><Data>${CHUNK}</Data>${last ? '' : '<MoreData/>'}</Item></Replace>${last ? '<Get><CmdID>5</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get>' : ''}`,
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
      `${status(1, smsg, 0, 'SyncHdr', 200)}${status(2, smsg, 5, 'Get', 200)}${lo ? status(3, smsg, lo, 'Replace', 200) : status(3, smsg, 6, 'Replace', 200)}<Results><CmdID>4</CmdID><MsgRef>${smsg}</MsgRef><CmdRef>5</CmdRef>${item('./DevDetail/SwV', 'V1.0.42-rel')}</Results>`,
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
const B64 = Buffer.from(
  crypto
    .randomBytes(1 << 16)
    .toString('base64')
    .slice(0, 1 << 16),
);
const b64md5 = (s) => crypto.createHash('md5').update(s).digest('base64');

function fill(tpl, values) {
  const b = Buffer.from(tpl);
  for (const [ph, v] of values) for (let i = b.indexOf(ph); i >= 0; i = b.indexOf(ph, i + 1)) b.write(v, i, 'latin1');
  return b;
}

// ---- other traffic
const HTML = Buffer.from(
  `<!doctype html><html><head><title>Status</title></head><body>${'<p>All systems nominal. '.repeat(120)}</p></body></html>`,
);
const JSONB = Buffer.from(
  JSON.stringify({ items: Array.from({ length: 60 }, (_, i) => ({ id: i, name: `item ${i}`, ok: i % 3 !== 0 })) }),
);
const GZ = zlib.gzipSync(HTML);
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

// ---- output
const fd = fs.openSync(out, 'w');
const buf = Buffer.alloc(4 << 20);
let used = 0;
let written = 0;
const flush = () => {
  fs.writeSync(fd, buf, 0, used);
  written += used;
  used = 0;
};
const room = (n) => {
  if (used + n > buf.length) flush();
};
if (pcapng) {
  // SHB (little-endian) + IDB: Ethernet, snaplen 262144, if_tsresol 6 (µs, the default, said explicitly).
  room(64);
  buf.writeUInt32LE(0x0a0d0d0a, used);
  buf.writeUInt32LE(28, used + 4);
  buf.writeUInt32LE(0x1a2b3c4d, used + 8);
  buf.writeUInt16LE(1, used + 12);
  buf.writeUInt16LE(0, used + 14);
  buf.writeInt32LE(-1, used + 16);
  buf.writeInt32LE(-1, used + 20);
  buf.writeUInt32LE(28, used + 24);
  used += 28;
  buf.writeUInt32LE(1, used);
  buf.writeUInt32LE(32, used + 4);
  buf.writeUInt16LE(1, used + 8);
  buf.writeUInt16LE(0, used + 10);
  buf.writeUInt32LE(262144, used + 12);
  buf.writeUInt16LE(9, used + 16);
  buf.writeUInt16LE(1, used + 18);
  buf.writeUInt32LE(6, used + 20);
  buf.writeUInt32LE(0, used + 24);
  buf.writeUInt32LE(32, used + 28);
  used += 32;
} else {
  room(24);
  buf.writeUInt32LE(0xa1b2c3d4, used);
  buf.writeUInt16LE(2, used + 4);
  buf.writeUInt16LE(4, used + 6);
  buf.writeUInt32LE(0, used + 8);
  buf.writeUInt32LE(0, used + 12);
  buf.writeUInt32LE(262144, used + 16);
  buf.writeUInt32LE(1, used + 20);
  used += 24;
}

let usec = 1_764_000_000_000_000; // capture clock, µs since the epoch
let packets = 0;
const MSS = 1448;

/** Writes one Ethernet/IPv4/TCP frame with `payload[from, to)`. */
function frame(c, fromClient, flags, payload, from = 0, to = payload ? payload.length : 0) {
  const len = to - from;
  const flen = 14 + 20 + 20 + len;
  const pad = pcapng ? (4 - (flen % 4)) % 4 : 0;
  room(flen + 32 + pad);
  usec += 1 + ri(400);
  const ts = usec;
  let p = used;
  if (pcapng) {
    const blen = 32 + flen + pad;
    buf.writeUInt32LE(6, p);
    buf.writeUInt32LE(blen, p + 4);
    buf.writeUInt32LE(0, p + 8);
    buf.writeUInt32LE(Math.floor(ts / 4294967296), p + 12);
    buf.writeUInt32LE(ts % 4294967296, p + 16);
    buf.writeUInt32LE(flen, p + 20);
    buf.writeUInt32LE(flen, p + 24);
    p += 28;
  } else {
    buf.writeUInt32LE(Math.floor(ts / 1e6), p);
    buf.writeUInt32LE(ts % 1e6, p + 4);
    buf.writeUInt32LE(flen, p + 8);
    buf.writeUInt32LE(flen, p + 12);
    p += 16;
  }
  const src = fromClient ? c.cli : c.srv;
  const dst = fromClient ? c.srv : c.cli;
  // Ethernet
  buf.writeUInt32BE(0x02000000 | (dst.ip & 0xffff), p);
  buf.writeUInt16BE(1, p + 4);
  buf.writeUInt32BE(0x02000000 | (src.ip & 0xffff), p + 6);
  buf.writeUInt16BE(2, p + 10);
  buf.writeUInt16BE(0x0800, p + 12);
  // IPv4
  const ip = p + 14;
  buf.writeUInt32BE(0x45000000 | (20 + 20 + len), ip);
  buf.writeUInt32BE((((c.ipid++ & 0xffff) << 16) | 0x4000) >>> 0, ip + 4);
  buf.writeUInt32BE(0x40060000, ip + 8);
  buf.writeUInt32BE(src.ip >>> 0, ip + 12);
  buf.writeUInt32BE(dst.ip >>> 0, ip + 16);
  let s = 0;
  for (let i = 0; i < 20; i += 2) s += buf.readUInt16BE(ip + i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  buf.writeUInt16BE(~s & 0xffff, ip + 10);
  // TCP
  const t = ip + 20;
  const me = fromClient ? c.c : c.s;
  const peer = fromClient ? c.s : c.c;
  buf.writeUInt16BE(src.port, t);
  buf.writeUInt16BE(dst.port, t + 2);
  buf.writeUInt32BE(me.seq >>> 0, t + 4);
  buf.writeUInt32BE(flags & 0x10 ? peer.seq >>> 0 : 0, t + 8);
  buf.writeUInt16BE(0x5000 | flags, t + 12);
  buf.writeUInt16BE(65535, t + 14);
  buf.writeUInt32BE(0, t + 16);
  if (len) payload.copy(buf, t + 20, from, to);
  p = t + 20 + len;
  if (pcapng) {
    buf.fill(0, p, p + pad);
    p += pad;
    buf.writeUInt32LE(32 + flen + pad, p);
    p += 4;
  }
  used = p;
  packets++;
  me.seq = (me.seq + len + (flags & 0x03 ? 1 : 0)) >>> 0; // SYN and FIN take one sequence number
}

const SYN = 0x02,
  ACK = 0x10,
  PSH = 0x08,
  FIN = 0x01;
/** Sends a message in MSS segments, then the peer ACKs. */
function* send(c, fromClient, msg) {
  for (let o = 0; o < msg.length; o += MSS) {
    frame(c, fromClient, ACK | (o + MSS >= msg.length ? PSH : 0), msg, o, Math.min(msg.length, o + MSS));
    if ((o / MSS) % 2 === 1) frame(c, !fromClient, ACK);
    yield;
  }
  frame(c, !fromClient, ACK);
  yield;
}
function* open(c) {
  frame(c, true, SYN);
  yield;
  frame(c, false, SYN | ACK);
  yield;
  frame(c, true, ACK);
  yield;
}
function* close(c) {
  frame(c, true, FIN | ACK);
  yield;
  frame(c, false, FIN | ACK);
  yield;
  frame(c, true, ACK);
}

const isn = () => (rnd() < 0.05 ? 0xffffffff - ri(4000) : ri(0x100000000)) >>> 0; // some wrap mid-stream
let nextPort = 30000;
function conn(cliIp, srvIp, srvPort) {
  nextPort = nextPort >= 60999 ? 30000 : nextPort + 1;
  return {
    cli: { ip: cliIp, port: nextPort },
    srv: { ip: srvIp, port: srvPort },
    c: { seq: isn() },
    s: { seq: isn() },
    ipid: ri(65536),
  };
}
const httpReq = (method, url, host, type, body) =>
  Buffer.concat([
    Buffer.from(
      `${method} ${url} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: RocketDM/2.1\r\n${type ? `Content-Type: ${type}\r\nAccept: ${type}\r\n` : ''}${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n`,
    ),
    body ?? Buffer.alloc(0),
  ]);
const httpRes = (type, body, extra = '') =>
  Buffer.concat([
    Buffer.from(
      `HTTP/1.1 200 OK\r\nServer: dm-bench\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n${extra}\r\n`,
    ),
    body,
  ]);
const chunkedRes = (type, body) => {
  const h = body.length >> 1;
  return Buffer.concat([
    Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n${h.toString(16)}\r\n`),
    body.subarray(0, h),
    Buffer.from(`\r\n${(body.length - h).toString(16)}\r\n`),
    body.subarray(h),
    Buffer.from('\r\n0\r\n\r\n'),
  ]);
};

const SERVERS = Array.from({ length: 8 }, (_, i) => ({
  ip: (10 << 24) | (0 << 16) | (1 << 8) | (10 + i),
  name: `dm0${i}.example.com`,
}));
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
  httpExchanges: 0,
  tlsConnections: 0,
  tcpConnections: 0,
  dmConnections: 0,
  webConnections: 0,
};

/** One DM connection (keep-alive): 1 to 3 sessions of one device, one after another. */
function* dmConnection() {
  const d = pick(DEVICES);
  const server = d.server;
  const port = pick([80, 8080]);
  const c = conn(d.ip, server.ip, port);
  truth.tcpConnections++;
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
      truth.httpExchanges++;
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
function* webSession() {
  truth.tcpConnections++;
  truth.webConnections++;
  const c = conn((10 << 24) | (2 << 16) | ri(65536), (10 << 24) | (3 << 16) | ri(256), 80);
  yield* open(c);
  const n = 1 + ri(4);
  for (let i = 0; i < n; i++) {
    const kind = ri(3);
    yield* send(
      c,
      true,
      httpReq(
        'GET',
        pick(['/', '/status', '/api/items?page=2', '/static/app.js']),
        'www.example.org',
        undefined,
        undefined,
      ),
    );
    yield* send(
      c,
      false,
      kind === 0
        ? httpRes('text/html', GZ, 'Content-Encoding: gzip\r\n')
        : kind === 1
          ? chunkedRes('application/json', JSONB)
          : httpRes('text/html', HTML),
    );
    truth.httpExchanges++;
  }
  yield* close(c);
}
function* tlsSession() {
  const c = conn((10 << 24) | (4 << 16) | ri(65536), pick(SERVERS).ip, 443);
  yield* open(c);
  const rec = (type, n) => {
    const b = Buffer.alloc(5 + n);
    b[0] = type;
    b[1] = 3;
    b[2] = 3;
    b.writeUInt16BE(n, 3);
    for (let i = 5; i < b.length; i++) b[i] = ri(256);
    return b;
  };
  yield* send(c, true, rec(0x16, 512));
  yield* send(c, false, rec(0x16, 2900));
  yield* send(c, true, rec(0x17, 800 + ri(2000)));
  yield* send(c, false, rec(0x17, 3000 + ri(6000)));
  truth.tlsConnections++;
  truth.tcpConnections++;
  yield* close(c);
}

const ACTIVE = 300; // TCP connections open at once, their packets interleaved
const active = [];
const start = Date.now();
let made = 0;
while (written + used < target) {
  while (active.length < ACTIVE) {
    // One connection in three is not DM: plain web HTTP (2 in 3 of those) or TLS.
    const k = made++ % 3;
    active.push(k < 2 ? dmConnection() : rnd() < 0.67 ? webSession() : tlsSession());
  }
  const i = ri(active.length);
  if (active[i].next().done) active.splice(i, 1);
}
for (const g of active) while (!g.next().done);
flush();
fs.closeSync(fd);
const result = { out, bytes: written, packets, ...truth, seconds: (Date.now() - start) / 1000 };
fs.writeFileSync(`${out}.truth.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
