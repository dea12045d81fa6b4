import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpus, fixtures, runCli } from '../helpers.js';
import { readXml } from '../../src/xml/read.js';
import { readWbxml } from '../../src/wbxml/read.js';
import type { Element } from '../../src/model/tree.js';

const dm12 = path.join(corpus, 'aosp-omadm', 'dm12');
const sample = path.join(fixtures, 'sample', 'session.pcapng');

/** Element names and trimmed texts in document order: the content two decoders must agree on. */
function content(el: Element): string[] {
  const out: string[] = [];
  const walk = (e: Element) => {
    out.push(`<${e.name}>`);
    for (const c of e.children) {
      if (c.kind === 'element') walk(c);
      else if (c.kind === 'text' && c.value.trim()) out.push(c.value.trim());
    }
    out.push(`</${e.name}>`);
  };
  walk(el);
  return out;
}

describe('dmtrace decode', () => {
  it('shows every DM message of a real capture with where it came from', async () => {
    const r = await runCli(['decode', sample]);
    expect(r.code).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('# '));
    expect(heads).toHaveLength(4);
    expect(heads.map((h) => h.match(/frame (\d+)/)?.[1])).toEqual(['4', '6', '8', '9']);
    expect(heads[0]).toContain('127.0.0.1:47042 → 127.0.0.1:8080 · client → server · XML 2894 B');
    expect(heads[1]).toContain('server → client');
    // The client's Package 3 starts with a newline before the XML declaration: repaired, listed after it.
    const pkg3 = r.stdout.split('\n# ')[2]!;
    expect(pkg3).toContain('! warning xml-whitespace-before-declaration at line 2:1');
    expect(r.stdout).toContain('<Data>ZnVuYW1ib2w6ZnVuYW1ib2w=</Data>');
  });

  it('decodes WBXML to XML that says the same as libwbxml', async () => {
    const file = path.join(dm12, 'testreplace.wbxml');
    const r = await runCli(['decode', file]);
    expect(r.code).toBe(0);
    const xml = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('#') && !l.startsWith('!'))
      .join('\n');
    const ours = readXml(xml);
    expect(ours.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const reference = execFileSync('wbxml2xml', ['-o', '-', file]).toString('utf8');
    const theirs = readXml(reference.replace(/<!DOCTYPE[^>]*>/, ''));
    expect(content(ours.root!)).toEqual(content(theirs.root!));
  });

  it('prints the tree with byte offsets for WBXML and lists the problems after the message', async () => {
    const r = await runCli(['decode', '--format', 'tree', path.join(dm12, 'testget.wbxml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('VerDTD = "1.2"  @0x24');
    expect(r.stdout).toMatch(/! warning wbxml-strtbl-unterminated/);
  });

  it('gives the typed view as JSON, values kept as strings', async () => {
    const r = await runCli(['decode', '--format', 'json', path.join(dm12, 'testget.wbxml')]);
    const out = JSON.parse(r.stdout);
    expect(out.messages).toHaveLength(1);
    const m = out.messages[0];
    expect(m.encoding).toBe('wbxml');
    expect(m.syncml.hdr.sessionID).toBe('22100');
    expect(m.syncml.body.map((c: { name: string }) => c.name)).toEqual(['Status', 'Status', 'Status', 'Get']);
    expect(out.summary.dmMessages).toBe(1);
  });

  it('writes JSON message by message, as JSON.stringify would write the whole document', async () => {
    // a capture with a Package 0 notification among its messages, and a folder of message files
    const inputs = [path.join(fixtures, 'sessions', 'pkg0.pcapng'), path.join(fixtures, 'sessions', 'wbxml')];
    const r = await runCli(['decode', '--format', 'json', ...inputs]);
    const out = JSON.parse(r.stdout);
    expect(out.messages.length).toBeGreaterThan(4);
    expect(out.messages.some((m: { notification?: string }) => m.notification !== undefined)).toBe(true);
    expect(Object.keys(out)).toEqual(['messages', 'summary']);
    expect(out.summary.dmMessages).toBe(out.messages.filter((m: { syncml?: unknown }) => m.syncml).length);
    expect(r.stdout).toBe(`${JSON.stringify(out, null, 2)}\n`);
  });

  it('reads stdin with -', async () => {
    const bytes = readFileSync(path.join(dm12, 'testalertdisplay.xml'));
    const r = await runCli(['decode', '-', '--format', 'json'], { stdin: bytes });
    expect(JSON.parse(r.stdout).messages[0].syncml.body[0].data).toBe('1100');
  });

  it('reports an unreadable file in one line, goes on with the others, exits 2', async () => {
    const r = await runCli(['decode', '/nonexistent/x.xml', path.join(dm12, 'testget.wbxml')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dmtrace: \/nonexistent\/x\.xml: /);
    expect(r.stdout).toContain('testget.wbxml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports broken XML with its line and column and exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-decode-'));
    const f = path.join(dir, 'broken.xml');
    writeFileSync(
      f,
      '<SyncML xmlns="SYNCML:SYNCML1.2">\n<SyncHdr><VerDTD>1.2</VerDTD>\n<MsgID>1</Msg>\n</SyncHdr></SyncML>\n',
    );
    const r = await runCli(['decode', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.xml:line 3:\d+: error: not well-formed XML.*\[xml-not-well-formed\]/);
  });

  it('reports a truncated WBXML message with its byte offset and exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-decode-'));
    const f = path.join(dir, 'cut.wbxml');
    writeFileSync(f, readFileSync(path.join(dm12, 'testadd.wbxml')).subarray(0, 200));
    const r = await runCli(['decode', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut\.wbxml: offset 0x[0-9a-f]+: error: .*\[wbxml-\S+\]/);
  });
});

describe('dmtrace encode', () => {
  it('writes WBXML that libwbxml decodes to the same content, and that we decode back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-encode-'));
    const src = path.join(dm12, 'testnewdatatype.xml');
    const out = path.join(dir, 'out.wbxml');
    const r = await runCli(['encode', src, '-o', out]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 4)]).toEqual([0x02, 0xa4, 0x01, 0x6a]); // WBXML 1.2, SyncML 1.2 (mb_u_int32 0x1201), UTF-8
    const source = readXml(readFileSync(src)).root!;
    expect(content(readWbxml(bytes).root!)).toEqual(content(source));
    const reference = execFileSync('wbxml2xml', ['-o', '-', out]).toString('utf8');
    expect(content(readXml(reference.replace(/<!DOCTYPE[^>]*>/, '')).root!)).toEqual(content(source));
  });

  it('refuses XML with errors, saying where', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-encode-'));
    const f = path.join(dir, 'bad.xml');
    writeFileSync(f, '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr>\n</SyncML>');
    const r = await runCli(['encode', f, '-o', path.join(dir, 'x.wbxml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.xml: error at line 2/);
  });
});
