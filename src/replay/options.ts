/**
 * The options of `dmtrace replay`, declared beside the replay code with their help text and
 * allowed choices, and checked into one typed value (never read from globals).
 */
import { Option } from 'commander';
import type { Encoding } from '../syncml/types.js';

export const ROLES = ['client', 'server'] as const;
export type Role = (typeof ROLES)[number];
export const ENCODINGS = ['xml', 'wbxml'] as const;
export const REPLAY_FORMATS = ['text', 'json'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

export const DEFAULTS = {
  listen: '127.0.0.1:0',
  timeoutMs: 30_000,
  maxBody: 1024 * 1024,
  devices: 1,
  /** Most devices one run starts. */
  maxDevices: 100_000,
} as const;

/** What commander hands over (strings as typed). */
export interface RawReplayOptions {
  as: Role;
  server?: string;
  listen?: string;
  session?: string;
  sessionId?: string;
  encoding?: Encoding;
  credentials?: string;
  strict?: boolean;
  record?: string;
  tlsCert?: string;
  tlsKey?: string;
  ca?: string;
  insecure?: boolean;
  timeout?: string;
  devices?: string;
  deviceId?: string;
  once?: boolean;
  maxBody?: string;
  format?: ReplayFormat;
  all?: boolean;
}

/** Checked options. */
export interface ReplayOptions {
  role: Role;
  server?: string;
  host: string;
  port: number;
  session?: string;
  sessionId?: string;
  encoding?: Encoding;
  credentials?: string;
  strict: boolean;
  record?: string;
  tlsCert?: string;
  tlsKey?: string;
  ca?: string;
  insecure: boolean;
  timeoutMs: number;
  devices: number;
  deviceId?: string;
  once: boolean;
  maxBody: number;
  format: ReplayFormat;
  all: boolean;
}

export function replayOptions(): Option[] {
  return [
    new Option(
      '--as <role>',
      'which side dmtrace plays: client (the device, against a live server) or server (against a live device)',
    )
      .choices(ROLES)
      .makeOptionMandatory(),
    new Option('--server <url>', 'client: the live DM server URL (http:// or https://)'),
    new Option(
      '--listen <host:port>',
      `server: address to listen on; port 0 picks a free port (default ${DEFAULTS.listen})`,
    ),
    new Option(
      '-s, --session <id>',
      'the session of the trace to replay, as `dmtrace sessions` names it (needed when the trace has several)',
    ),
    new Option('--session-id <id>', 'client: SessionID of the live session (default: as recorded)'),
    new Option('--encoding <encoding>', 'encoding of the messages sent (default: as recorded)').choices(ENCODINGS),
    new Option(
      '--credentials <file>',
      'credentials file (src/auth/credentials.ts format; default $DMTRACE_CREDENTIALS, then DMTRACE_CLIENT_*/DMTRACE_SERVER_*): signs this side, verifies the peer',
    ),
    new Option('--strict', 'exit 1 on any divergence from the recording'),
    new Option('--record <file.har>', 'write the live session as HAR 1.2 (readable by every dmtrace command)'),
    new Option('--tls-cert <pem>', 'server: certificate (PEM) to serve HTTPS'),
    new Option('--tls-key <pem>', 'server: private key (PEM) to serve HTTPS'),
    new Option('--ca <pem>', 'client: CA certificate (PEM) the server certificate must chain to'),
    new Option('--insecure', 'client: accept any server certificate'),
    new Option(
      '--timeout <ms>',
      `client: wait this long for each answer; server: for each request to arrive and for a device's next message (default ${DEFAULTS.timeoutMs})`,
    ),
    new Option('--devices <n>', 'client: replay the recording as N devices at once (load on a server under test)'),
    new Option(
      '--device-id <template>',
      "client: device identity; {n} or {n:6} is the device number, e.g. 'IMEI:3569{n:6}'",
    ),
    new Option('--once', 'server: exit after one session with the comparison exit code'),
    new Option(
      '--max-body <bytes>',
      `server: largest request body accepted; larger → HTTP 413 (default ${DEFAULTS.maxBody})`,
    ),
    new Option('-f, --format <format>', 'report format').choices(REPLAY_FORMATS).default('text'),
    new Option('--all', 'list messages without divergence too'),
  ];
}

function positiveInt(v: string | undefined, name: string, def: number, min = 1): number | string {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v.trim())) return `${name} must be a whole number, got ${JSON.stringify(v)}`;
  const n = Number(v);
  if (n < min) return `${name} must be at least ${min}`;
  return n;
}

/** host:port, [v6]:port, or :port / port alone (host 127.0.0.1). */
export function parseListen(s: string): { host: string; port: number } | string {
  const t = s.trim();
  const m = /^\d+$/.test(t) ? ['', undefined, '', t] : /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(t);
  if (!m) return `--listen must be HOST:PORT, got ${JSON.stringify(s)}`;
  const host = m[1] ?? (m[2] || '127.0.0.1');
  const port = Number(m[3]);
  if (port > 65535) return `--listen port ${port} is out of range`;
  return { host, port };
}

/** Checks the combination of options; returns one line saying what is wrong, or the typed options. */
export function checkOptions(raw: RawReplayOptions): ReplayOptions | string {
  const timeout = positiveInt(raw.timeout, '--timeout', DEFAULTS.timeoutMs);
  if (typeof timeout === 'string') return timeout;
  const devices = positiveInt(raw.devices, '--devices', DEFAULTS.devices);
  if (typeof devices === 'string') return devices;
  if (devices > DEFAULTS.maxDevices) return `--devices is at most ${DEFAULTS.maxDevices}`;
  const maxBody = positiveInt(raw.maxBody, '--max-body', DEFAULTS.maxBody);
  if (typeof maxBody === 'string') return maxBody;
  const listen = parseListen(raw.listen ?? DEFAULTS.listen);
  if (typeof listen === 'string') return listen;
  const o: ReplayOptions = {
    role: raw.as,
    host: listen.host,
    port: listen.port,
    strict: !!raw.strict,
    insecure: !!raw.insecure,
    timeoutMs: timeout,
    devices,
    once: !!raw.once,
    maxBody,
    format: raw.format ?? 'text',
    all: !!raw.all,
  };
  for (const k of [
    'server',
    'session',
    'sessionId',
    'encoding',
    'credentials',
    'record',
    'tlsCert',
    'tlsKey',
    'ca',
    'deviceId',
  ] as const) {
    const v = raw[k];
    if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  }
  if (o.role === 'client') {
    if (!o.server) return '--as client needs --server URL (the live DM server)';
    if (!/^https?:\/\//i.test(o.server))
      return `--server must be an http:// or https:// URL, got ${JSON.stringify(o.server)}`;
    for (const k of ['tlsCert', 'tlsKey', 'once', 'listen'] as const) {
      if (k === 'once' ? raw.once : k === 'listen' ? raw.listen !== undefined : o[k] !== undefined)
        return `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for --as server`;
    }
  } else {
    if (o.server) return '--server is for --as client (the server side listens: --listen HOST:PORT)';
    if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) return '--tls-cert and --tls-key go together';
    for (const k of ['ca', 'deviceId', 'sessionId'] as const)
      if (o[k] !== undefined) return `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for --as client`;
    if (raw.insecure) return '--insecure is for --as client';
    if (devices !== 1) return '--devices is for --as client (the server side serves any number of devices)';
  }
  return o;
}
