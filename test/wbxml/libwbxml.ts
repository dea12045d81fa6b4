/** Runs libwbxml's command-line tools (Debian libwbxml2-utils) for the differential tests. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const INSTALL =
  'install libwbxml2-utils (Debian/Ubuntu: apt-get install libwbxml2-utils), which provides xml2wbxml and wbxml2xml';

const checked = new Map<string, string | undefined>();

/** Throws (failing the test that needs it) with an install hint when a tool is missing. */
export function requireTool(tool: 'wbxml2xml' | 'xml2wbxml'): void {
  if (!checked.has(tool)) {
    const r = spawnSync(tool, ['-h'], { encoding: 'utf8' });
    checked.set(tool, r.error ? `${tool} not found: ${INSTALL} (${r.error.message})` : undefined);
  }
  const missing = checked.get(tool);
  if (missing) throw new Error(missing);
}

let dir: string | undefined;
function tmp(name: string): string {
  dir ??= mkdtempSync(path.join(os.tmpdir(), 'dmtrace-wbxml-'));
  return path.join(dir, name);
}

let n = 0;

/** `wbxml2xml -m 0 -o out.xml in.wbxml` (compact generation); returns the XML text. */
export function wbxml2xml(bytes: Uint8Array): string {
  requireTool('wbxml2xml');
  const inp = tmp(`in${++n}.wbxml`);
  const out = tmp(`out${n}.xml`);
  writeFileSync(inp, bytes);
  execFileSync('wbxml2xml', ['-m', '0', '-o', out, inp], { stdio: ['ignore', 'ignore', 'pipe'] });
  return readFileSync(out, 'utf8');
}

/** `xml2wbxml -v 1.2 [extra] -o out.wbxml in.xml`; returns the WBXML bytes. */
export function xml2wbxml(xml: string, extra: string[] = []): Uint8Array {
  requireTool('xml2wbxml');
  const inp = tmp(`in${++n}.xml`);
  const out = tmp(`out${n}.wbxml`);
  writeFileSync(inp, xml);
  execFileSync('xml2wbxml', ['-v', '1.2', ...extra, '-o', out, inp], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Uint8Array(readFileSync(out));
}
