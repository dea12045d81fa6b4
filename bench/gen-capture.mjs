#!/usr/bin/env node
// Generates a large synthetic capture for bench/capture.mjs: many devices running OMA DM 1.2
// sessions (Packages 1 to 4, XML or WBXML, varying SessionID, device id, server) over HTTP/1.1,
// mixed with other HTTP traffic (keep-alive GETs, chunked and gzip responses) and TLS
// connections, with real TCP semantics: handshakes, random initial sequence numbers (some close to
// 2^32 so they wrap), MSS-sized segments, ACKs, FIN teardown, many connections interleaved.
// Written to disk as it is generated (a 4 MB buffer), so memory does not grow with the size.
//
//   node bench/gen-capture.mjs OUT SIZE [--pcap] [--seed N]      SIZE like 10M, 100M, 1G
//
// WBXML bodies are encoded once per package by xml2wbxml (Debian libwbxml2-utils, -n: inline
// strings, no string table), then the same-length placeholders in them are replaced per session.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTraffic, fill, parseSize, seededRandom } from './traffic.mjs';

const args = process.argv.slice(2);
const [out, sizeArg] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed');
if (!out || !sizeArg) {
  console.error('usage: gen-capture.mjs OUT SIZE [--pcap] [--seed N]');
  process.exit(2);
}
const target = parseSize(sizeArg);
const pcapng = !args.includes('--pcap');
const random = seededRandom(Number(args.includes('--seed') ? args[args.indexOf('--seed') + 1] : 42));
const { rnd, ri, pick } = random;

// ---- DM packages (OMA-TS-DM_Protocol 1.2: Package 1 client init, 2 server mgmt, 3 client results, 4 server close)
const SID = 'S7Q9'; // placeholders: replaced by same-length values per session
const DEV = 'IMEI:999999999999999';
const SRV = 'http://dm00.example.com/dm';
const NONCE = 'Tm9uY2VOb25jZU5vbmNlIQ==';
const CHAL =
  '<Chal><Meta><Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">syncml:auth-md5</Type>' +
  `<NextNonce xmlns="syncml:metinf">${NONCE}</NextNonce></Meta></Chal>`;
const hdr = (msg, target, source) =>
  `<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>${SID}</SessionID><MsgID>${msg}</MsgID><Target><LocURI>${target}</LocURI></Target><Source><LocURI>${source}</LocURI></Source>`;
const item = (uri, data, fmt = 'chr') =>
  `<Item><Source><LocURI>${uri}</LocURI></Source><Meta><Format xmlns="syncml:metinf">${fmt}</Format></Meta><Data>${data}</Data></Item>`;
const status = (id, msg, ref, cmd, code, extra = '') =>
  `<Status><CmdID>${id}</CmdID><MsgRef>${msg}</MsgRef><CmdRef>${ref}</CmdRef><Cmd>${cmd}</Cmd><Data>${code}</Data>${extra}</Status>`;
const wrap = (h, body) =>
  `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2">${h}<SyncBody>${body}<Final/></SyncBody></SyncML>`;
const PACKAGES = [
  wrap(
    `${hdr(1, SRV, DEV)}<Cred><Meta><Format xmlns="syncml:metinf">b64</Format><Type ` +
      `xmlns="syncml:metinf">syncml:auth-md5</Type></Meta><Data>${NONCE}` +
      `</Data></Cred><Meta><MaxMsgSize xmlns="syncml:metinf">65536</MaxMsgSize></Meta></SyncHdr>`,
    `<Alert><CmdID>1</CmdID><Data>1201</Data></Alert><Replace><CmdID>2</CmdID>${item('./DevInfo/DevId', DEV)}` +
      `${item('./DevInfo/Man', 'Acme Mobile')}${item('./DevInfo/Mod', 'Rocket X2')}` +
      `${item('./DevInfo/DmV', '1.2')}${item('./DevInfo/Lang', 'en-US')}</Replace>`,
  ),
  wrap(
    `${hdr(1, DEV, SRV)}</SyncHdr>`,
    status(1, 1, 0, 'SyncHdr', 212, CHAL) +
      `${status(2, 1, 1, 'Alert', 200)}${status(3, 1, 2, 'Replace', 200)}` +
      `<Get><CmdID>4</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get>` +
      `<Replace><CmdID>5</CmdID><Item><Target><LocURI>./Settings/Polling/Interval</LocURI>` +
      `</Target><Meta><Format ` +
      `xmlns="syncml:metinf">int</Format></Meta><Data>3600</Data></Item></Replace>`,
  ),
  wrap(
    `${hdr(2, SRV, DEV)}</SyncHdr>`,
    `${status(1, 1, 0, 'SyncHdr', 200)}${status(2, 1, 4, 'Get', 200)}` +
      `${status(3, 1, 5, 'Replace', 200)}` +
      `<Results><CmdID>4</CmdID><MsgRef>1</MsgRef><CmdRef>4</CmdRef>${item('./DevDetail/SwV', 'V1.0.42-rel')}` +
      `</Results>`,
  ),
  wrap(`${hdr(2, DEV, SRV)}</SyncHdr>`, `${status(1, 2, 0, 'SyncHdr', 200)}${status(2, 2, 4, 'Results', 200)}`),
].map((x) => Buffer.from(x));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-capture-'));
const WBXML = PACKAGES.map((x, i) => {
  fs.writeFileSync(path.join(tmp, `${i}.xml`), x);
  execFileSync('xml2wbxml', ['-n', '-v', '1.2', '-o', path.join(tmp, `${i}.wbxml`), path.join(tmp, `${i}.xml`)], {
    stdio: 'ignore',
  });
  return fs.readFileSync(path.join(tmp, `${i}.wbxml`));
});
fs.rmSync(tmp, { recursive: true, force: true });
for (const w of WBXML) if (w.indexOf(SID) < 0) throw new Error('xml2wbxml did not keep inline strings');

const traffic = createTraffic({ out, pcapng, random });
const { SERVERS, conn, open, send, close, httpReq, httpRes, webSession, tlsSession } = traffic;
let sessions = 0,
  dmMessages = 0;

function* dmSession() {
  const dev = 350000000000000 + ri(1e9) * 1000 + ri(1000);
  const server = pick(SERVERS);
  const port = pick([80, 8080]);
  const c = conn((10 << 24) | (1 << 16) | ri(65536), server.ip, port);
  const wbxml = rnd() < 0.4;
  const type = `application/vnd.syncml.dm+${wbxml ? 'wbxml' : 'xml'}`;
  const values = [
    [SID, (sessions++ % 0xffff).toString(16).toUpperCase().padStart(4, '0')],
    [DEV, `IMEI:${dev}`],
    [SRV, `http://${server.name}/dm`],
  ];
  const host = port === 80 ? server.name : `${server.name}:${port}`;
  yield* open(c);
  for (let k = 0; k < 4; k += 2) {
    yield* send(c, true, httpReq('POST', '/dm', host, type, fill((wbxml ? WBXML : PACKAGES)[k], values)));
    yield* send(
      c,
      false,
      httpRes(type, fill((wbxml ? WBXML : PACKAGES)[k + 1], values), 'Cache-Control: no-store\r\n'),
    );
    dmMessages += 2;
    traffic.stats.httpExchanges++;
  }
  yield* close(c);
}

const ACTIVE = 64; // connections in flight at once, their packets interleaved
const start = Date.now();
const { bytes, packets } = traffic.run(target, ACTIVE, () => {
  const r = rnd();
  return r < 0.7 ? dmSession() : r < 0.9 ? webSession() : tlsSession();
});
console.log(
  JSON.stringify({
    out,
    bytes,
    packets,
    dmSessions: sessions,
    dmMessages,
    httpExchanges: traffic.stats.httpExchanges,
    tlsConnections: traffic.stats.tlsConnections,
    seconds: (Date.now() - start) / 1000,
  }),
);
