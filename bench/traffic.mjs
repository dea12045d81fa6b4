// The TCP/IP and capture-file layer the capture generators share (bench/gen-capture.mjs,
// bench/gen-field.mjs): pcap or pcapng written as it is generated (a 4 MB buffer, so memory does
// not grow with the size), Ethernet/IPv4/TCP frames with real TCP semantics (handshakes, random
// initial sequence numbers, some close to 2^32 so they wrap, MSS-sized segments, ACKs, FIN
// teardown), HTTP/1.1 messages, and the non-DM connections (web HTTP with gzip / chunked bodies,
// TLS records). Connections are generators that yield after each packet; run() interleaves them.
import fs from 'node:fs';
import zlib from 'node:zlib';

/** `10M`, `100M`, `1G` → bytes. */
export function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(s);
  if (!m) throw new Error(`size "${s}" is not like 10M, 100M or 1G`);
  return Number(m[1]) * ({ K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase()] ?? 1);
}

/** A seeded generator (so a size and a seed always give the same file) and its helpers. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const rnd = () => (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
  const ri = (n) => Math.floor(rnd() * n);
  const pick = (a) => a[ri(a.length)];
  return { rnd, ri, pick };
}

/** Replaces each same-length placeholder in a template with its value. */
export function fill(tpl, values) {
  const b = Buffer.from(tpl);
  for (const [ph, v] of values) for (let i = b.indexOf(ph); i >= 0; i = b.indexOf(ph, i + 1)) b.write(v, i, 'latin1');
  return b;
}

/**
 * A capture file being written: `conn`, `open`, `send`, `close` and the HTTP helpers for the
 * caller's DM connections, `webSession` / `tlsSession` for the rest, and `run` to interleave them.
 * `stats` counts what was written (packets, HTTP exchanges, TCP / web / TLS connections).
 */
export function createTraffic({ out, pcapng, random: { rnd, ri, pick } }) {
  const stats = { packets: 0, httpExchanges: 0, tcpConnections: 0, webConnections: 0, tlsConnections: 0 };
  const HTML = Buffer.from(
    `<!doctype html><html><head><title>Status</title></head><body>${'<p>All systems nominal. '.repeat(120)}</p></body></html>`,
  );
  const JSONB = Buffer.from(
    JSON.stringify({ items: Array.from({ length: 60 }, (_, i) => ({ id: i, name: `item ${i}`, ok: i % 3 !== 0 })) }),
  );
  const GZ = zlib.gzipSync(HTML);

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
    stats.packets++;
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
    stats.tcpConnections++;
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
        `${method} ${url} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ` +
          `RocketDM/2.1\r\n${type ? `Content-Type: ${type}\r\nAccept: ${type}\r\n` : ''}` +
          `${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n`,
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
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n${h.toString(16)}\r\n`,
      ),
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

  function* webSession() {
    const c = conn((10 << 24) | (2 << 16) | ri(65536), (10 << 24) | (3 << 16) | ri(256), 80);
    stats.webConnections++;
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
      stats.httpExchanges++;
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
    stats.tlsConnections++;
    yield* close(c);
  }

  /** Keeps `active` connections in flight, their packets interleaved, until `target` bytes. */
  function run(target, active, nextConnection) {
    const open = [];
    while (written + used < target) {
      while (open.length < active) open.push(nextConnection());
      const i = ri(open.length);
      if (open[i].next().done) open.splice(i, 1);
    }
    for (const g of open) while (!g.next().done);
    flush();
    fs.closeSync(fd);
    return { bytes: written, packets: stats.packets };
  }

  return { stats, SERVERS, conn, open, send, close, httpReq, httpRes, webSession, tlsSession, run };
}
