/**
 * Credentials for verifying (and replaying) DM authentication: the client's CLCRED pair and the
 * server's SRVCRED pair of DMAcc AppAuth (DM Standardized Objects §5.3; docs/dm-facts.md §6.3).
 *
 * ## Credentials file (`--credentials <path>` or `DMTRACE_CREDENTIALS=<path>`)
 *
 * ```json
 * {
 *   "devices": {
 *     "IMEI:493005100592800": { "user": "dmclient", "password": "...", "nonce": "<b64>" },
 *     "*":                    { "user": "dmclient", "password": "..." }
 *   },
 *   "servers": {
 *     "com.mgmtsrv.manage":   { "user": "com.mgmtsrv.manage", "password": "...", "nonce": "<b64>" },
 *     "*":                    { "password": "..." }
 *   }
 * }
 * ```
 *
 * - `devices` holds what the **client** authenticates with (its SyncHdr Cred, x-syncml-hmac),
 *   keyed by the device id as in SyncHdr/Source/LocURI; `*` matches any device.
 * - `servers` holds what the **server** authenticates with (its Cred towards the client and the
 *   Package 0 digest), keyed by server id (Package 0 server-identifier, SyncHdr/Source/LocURI of
 *   server messages) or server URL; `*` matches any server.
 * - `user` (optional) is the name in the credential; when absent the device id / server id is used.
 *   `password` is required. `nonce` (optional) is the base64 of the nonce to use when no Chal
 *   in the trace gives one (the stored next-nonce, AAuthData).
 * - Unknown keys are reported, not ignored silently.
 *
 * ## Environment (each fills the `*` entry, overriding the file's)
 *
 * `DMTRACE_CLIENT_USER`, `DMTRACE_CLIENT_PASSWORD`, `DMTRACE_CLIENT_NONCE` (b64) and
 * `DMTRACE_SERVER_USER`, `DMTRACE_SERVER_PASSWORD`, `DMTRACE_SERVER_NONCE` (b64). A user without
 * a password is an error.
 *
 * No message produced here contains a password or nonce value; use {@link redact} before printing
 * anything that might contain one.
 */
import { readFile } from 'node:fs/promises';
import { problem, type Problem } from '../model/problem.js';

/** One credential. */
export interface Credential {
  /** Name in the credential; defaults to the key (device id / server id) when absent. */
  user?: string;
  password: string;
  /** Base64 of the nonce to assume when the trace has no Chal. */
  nonce?: string;
}

/** All credentials, by device id / server id, `*` for any. */
export interface Credentials {
  devices: Map<string, Credential>;
  servers: Map<string, Credential>;
}

export interface CredentialsLoad {
  credentials: Credentials;
  problems: Problem[];
}

export const ENV_FILE = 'DMTRACE_CREDENTIALS';

export function emptyCredentials(): Credentials {
  return { devices: new Map(), servers: new Map() };
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const ENTRY_KEYS = ['user', 'password', 'nonce'] as const;

/** Line and column of a character offset. */
function lineCol(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

/** Parses the JSON text of a credentials file. `source` names it in problems. */
export function parseCredentials(text: string, source: string): CredentialsLoad {
  const credentials = emptyCredentials();
  const problems: Problem[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the source text, which may hold a password: keep only the position.
    const m = /position (\d+)/.exec(String((e as Error).message));
    const where = m ? lineCol(text, Number(m[1])) : {};
    problems.push(problem('error', 'credentials-not-json', `${source}: not valid JSON`, where));
    return { credentials, problems };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push(
      problem('error', 'credentials-bad-shape', `${source}: must be a JSON object with "devices" and/or "servers"`),
    );
    return { credentials, problems };
  }
  for (const [k, v] of Object.entries(doc)) {
    if (k !== 'devices' && k !== 'servers') {
      problems.push(
        problem('error', 'credentials-unknown-key', `${source}: unknown key "${k}" (expected "devices" or "servers")`, {
          path: k,
        }),
      );
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(
        problem('error', 'credentials-bad-shape', `${source}: "${k}" must be an object keyed by id`, { path: k }),
      );
      continue;
    }
    for (const [id, entry] of Object.entries(v as Record<string, unknown>)) {
      const path = `${k}["${id}"]`;
      const c = checkEntry(entry, `${source}: ${path}`, path, problems);
      if (c) credentials[k].set(id, c);
    }
  }
  return { credentials, problems };
}

function checkEntry(entry: unknown, label: string, path: string, problems: Problem[]): Credential | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(problem('error', 'credentials-bad-shape', `${label} must be an object with "password"`, { path }));
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  let ok = true;
  for (const k of Object.keys(e)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(k)) {
      problems.push(
        problem('error', 'credentials-unknown-key', `${label}: unknown key "${k}" (expected user, password, nonce)`, {
          path: `${path}.${k}`,
        }),
      );
    }
  }
  if (typeof e.password !== 'string') {
    problems.push(
      problem(
        'error',
        'credentials-bad-value',
        `${label}.password ${e.password === undefined ? 'is missing' : 'must be a string'}`,
        { path: `${path}.password` },
      ),
    );
    ok = false;
  }
  if (e.user !== undefined && typeof e.user !== 'string') {
    problems.push(
      problem('error', 'credentials-bad-value', `${label}.user must be a string`, { path: `${path}.user` }),
    );
    ok = false;
  }
  if (e.nonce !== undefined && (typeof e.nonce !== 'string' || !B64_RE.test(e.nonce) || e.nonce.length % 4 === 1)) {
    problems.push(
      problem('error', 'credentials-bad-value', `${label}.nonce must be a base64 string`, { path: `${path}.nonce` }),
    );
    ok = false;
  }
  if (!ok) return undefined;
  return {
    password: e.password as string,
    ...(e.user !== undefined ? { user: e.user as string } : {}),
    ...(e.nonce !== undefined ? { nonce: e.nonce as string } : {}),
  };
}

/** Applies DMTRACE_CLIENT_* / DMTRACE_SERVER_* to the `*` entries. */
export function applyEnv(credentials: Credentials, env: NodeJS.ProcessEnv, problems: Problem[]): void {
  const sides = [
    ['CLIENT', 'devices'],
    ['SERVER', 'servers'],
  ] as const;
  for (const [side, key] of sides) {
    const user = env[`DMTRACE_${side}_USER`];
    const password = env[`DMTRACE_${side}_PASSWORD`];
    const nonce = env[`DMTRACE_${side}_NONCE`];
    if (user === undefined && password === undefined && nonce === undefined) continue;
    if (password === undefined) {
      problems.push(
        problem(
          'error',
          'credentials-bad-value',
          `DMTRACE_${side}_PASSWORD is not set (DMTRACE_${side}_USER or _NONCE is)`,
        ),
      );
      continue;
    }
    if (nonce !== undefined && (!B64_RE.test(nonce) || nonce.length % 4 === 1)) {
      problems.push(problem('error', 'credentials-bad-value', `DMTRACE_${side}_NONCE must be base64`));
      continue;
    }
    credentials[key].set('*', {
      password,
      ...(user !== undefined ? { user } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
    });
  }
}

/** Loads the file (explicit path, else DMTRACE_CREDENTIALS) and then the environment. Never throws. */
export async function loadCredentials(opts: { file?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CredentialsLoad> {
  const env = opts.env ?? {};
  const file = opts.file ?? env[ENV_FILE];
  let load: CredentialsLoad = { credentials: emptyCredentials(), problems: [] };
  if (file) {
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      load.problems.push(problem('error', 'credentials-unreadable', `${file}: cannot read credentials file (${code})`));
    }
    if (text !== undefined) load = parseCredentials(text, file);
  }
  applyEnv(load.credentials, env, load.problems);
  return load;
}

function lookup(
  map: Map<string, Credential>,
  id: string | undefined,
): { id: string; credential: Credential; user: string } | undefined {
  const exact = id !== undefined ? map.get(id) : undefined;
  if (exact) return { id: id!, credential: exact, user: exact.user ?? id! };
  const any = map.get('*');
  if (any) return { id: '*', credential: any, user: any.user ?? id ?? '' };
  return undefined;
}

/** The client credential for a device id (exact key, else `*`); `user` defaults to the device id. */
export function deviceCredential(c: Credentials, deviceId: string | undefined) {
  return lookup(c.devices, deviceId);
}

/** The server credential for a server id or URL (exact key, else `*`); `user` defaults to the id. */
export function serverCredential(c: Credentials, serverId: string | undefined) {
  return lookup(c.servers, serverId);
}

/** Every secret value (passwords, nonces) of a credentials set. */
export function secretsOf(c: Credentials): string[] {
  const out: string[] = [];
  for (const map of [c.devices, c.servers]) {
    for (const [id, e] of map) {
      out.push(e.password);
      // The basic credential carries the password in base64; hide that form too.
      out.push(Buffer.from(`${e.user ?? id}:${e.password}`, 'utf8').toString('base64'));
      if (e.nonce) out.push(e.nonce);
    }
  }
  return out.filter((s) => s.length > 0);
}

/** Replaces every occurrence of each secret in `text` with `***` (longest first). */
export function redact(text: string, secrets: Credentials | readonly string[]): string {
  const list = (
    Array.isArray(secrets) ? [...(secrets as readonly string[])] : secretsOf(secrets as Credentials)
  ).filter((s) => s.length > 0);
  list.sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of list) out = out.split(s).join('***');
  return out;
}
