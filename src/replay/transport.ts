/**
 * HTTP(S) POST for the device side: one DM message per request, the server's message in the
 * response (docs/dm-facts.md §2). Every wait has a timeout; errors come back as one line, never thrown
 * stacks.
 */
import http from 'node:http';
import https from 'node:https';

export interface TlsClientOptions {
  /** PEM of the CA that signed the server's certificate. */
  ca?: string | Buffer;
  /** Accept any server certificate (tests, bench). */
  insecure?: boolean;
}

export interface PostResult {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

/** Largest response body accepted (bytes). */
export const MAX_RESPONSE = 16 * 1024 * 1024;

/** Keep-alive agents (one per process and protocol) so load runs reuse connections. */
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new Map<string, https.Agent>() };

function httpsAgent(tls: TlsClientOptions): https.Agent {
  const key = `${tls.insecure ? 'i' : 's'}:${tls.ca ? String(tls.ca).length : 0}:${tls.ca ? String(tls.ca).slice(-40) : ''}`;
  let a = agents.https.get(key);
  if (!a) {
    a = new https.Agent({
      keepAlive: true,
      maxSockets: 256,
      rejectUnauthorized: !tls.insecure,
      ...(tls.ca ? { ca: tls.ca } : {}),
    });
    agents.https.set(key, a);
  }
  return a;
}

export function post(
  url: string,
  body: Uint8Array,
  headers: Array<[string, string]>,
  timeoutMs: number,
  tls: TlsClientOptions = {},
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      reject(new Error(`not a URL: ${url}`));
      return;
    }
    const isHttps = u.protocol === 'https:';
    if (!isHttps && u.protocol !== 'http:') {
      reject(new Error(`unsupported URL scheme ${u.protocol} (http: or https:)`));
      return;
    }
    const h: Record<string, string | number> = {};
    for (const [k, v] of headers) h[k] = v;
    h['Content-Length'] = body.length;
    const opts: https.RequestOptions = { method: 'POST', headers: h, agent: isHttps ? httpsAgent(tls) : agents.http };
    const req = (isHttps ? https : http).request(u, opts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size > MAX_RESPONSE) {
          req.destroy(new Error(`response larger than ${MAX_RESPONSE} bytes`));
          return;
        }
        chunks.push(d);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const hs: Array<[string, string]> = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) hs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: hs,
          body: new Uint8Array(Buffer.concat(chunks)),
        });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        // node says only "aborted" when the connection closes mid-body.
        if (e.message === 'aborted') {
          const declared = res.headers['content-length'];
          e = new Error(`the connection closed after ${size}${declared ? ` of ${declared}` : ''} body bytes`);
        }
        reject(e);
      });
    });
    // One write per message: no Nagle delay waiting for the ACK of the headers.
    req.setNoDelay(true);
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}
