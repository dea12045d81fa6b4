/** HTTP messages out of a capture, as tshark (the reference dissector) reassembles them. */
import { execFileSync } from 'node:child_process';

export interface TsharkHttp {
  frame: number;
  kind: 'request' | 'response';
  contentType?: string;
  /** Header lines as tshark shows them (`Name: value\r\n`). */
  headers: string[];
  body: Buffer;
}

/** Every HTTP request/response in frame order, with the body bytes from `http.file_data_raw`. */
export function tsharkHttp(file: string): TsharkHttp[] {
  const out = execFileSync('tshark', ['-r', file, '-Y', 'http', '-T', 'json', '-x'], {
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const packets = JSON.parse(out) as Array<{ _source: { layers: Record<string, any> } }>;
  const res: TsharkHttp[] = [];
  for (const p of packets) {
    const layers = p._source.layers;
    const http = layers.http as Record<string, any> | undefined;
    if (!http) continue;
    const frame = Number(layers.frame?.['frame.number']);
    const kind =
      'http.request' in http || Object.keys(http).some((k) => /^(POST|GET|PUT) /.test(k)) ? 'request' : 'response';
    const headers = [
      ...(http['http.request.line'] ? [].concat(http['http.request.line']) : []),
      ...(http['http.response.line'] ? [].concat(http['http.response.line']) : []),
    ] as string[];
    const raw = http['http.file_data_raw'] as [string, ...unknown[]] | undefined;
    res.push({
      frame,
      kind,
      ...(http['http.content_type'] ? { contentType: String(http['http.content_type']) } : {}),
      headers,
      body: raw ? Buffer.from(raw[0], 'hex') : Buffer.alloc(0),
    });
  }
  return res;
}

/** The value of a header (case-insensitive name) from tshark's header lines. */
export function header(m: TsharkHttp, name: string): string | undefined {
  const re = new RegExp(`^${name}:\\s*(.*?)\\r?\\n?$`, 'i');
  for (const h of m.headers) {
    const r = re.exec(h);
    if (r) return r[1];
  }
  return undefined;
}
