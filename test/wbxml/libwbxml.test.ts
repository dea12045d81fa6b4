/**
 * Differential tests against libwbxml (Debian libwbxml2-utils: wbxml2xml, xml2wbxml), both ways:
 * (a) our decode of each corpus .wbxml = wbxml2xml of the same file;
 * (b) our writeWbxml of each XML message, decoded by wbxml2xml = the source content;
 * (c) xml2wbxml -v 1.2 of each XML message, decoded by us = the source content.
 * Content = namespaces, element names and nesting, text with whitespace collapsed (canon.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, fixtures } from '../helpers.js';
import { readWbxml } from '../../src/wbxml/read.js';
import { writeWbxml, type WriteWbxmlOptions } from '../../src/wbxml/write.js';
import { canon } from './canon.js';
import { languageByName } from '../../src/wbxml/codepages/index.js';
import type { Element } from '../../src/model/tree.js';
import { escapeBareAmpersands, xmlToTree } from './xmltree.js';
import { requireTool, wbxml2xml, xml2wbxml } from './libwbxml.js';

const aosp = path.join(corpus, 'aosp-omadm');
const corpusFiles = (ext: string): string[] =>
  ['dm11', 'dm12'].flatMap((d) =>
    readdirSync(path.join(aosp, d))
      .filter((f) => f.endsWith(ext))
      .map((f) => path.join(aosp, d, f)),
  );
const ownXml = readdirSync(path.join(fixtures, 'wbxml'))
  .filter((f) => f.endsWith('.xml'))
  .map((f) => path.join(fixtures, 'wbxml', f));
const xmlFiles = [...corpusFiles('.xml'), ...ownXml];
const label = (f: string): string => path.relative(path.dirname(path.dirname(f)), f);

/** libwbxml rewrites these media types between +xml and +wbxml when converting (docs/dm-facts.md §1.10); compare them as one. */
const sameType = (c: string): string =>
  c.replace(/(application\/vnd\.syncml-devinf|application\/vnd\.syncml\.dmtnds)\+wbxml/g, '$1+xml');

/** The 8 aosp alert files carry a raw `&` inside Data (corpus README): escape it before either side reads them. */
const source = (f: string): string => escapeBareAmpersands(readFileSync(f, 'utf8'));

describe('libwbxml oracle', () => {
  it('has wbxml2xml and xml2wbxml installed (CI installs libwbxml2-utils)', () => {
    requireTool('wbxml2xml');
    requireTool('xml2wbxml');
  });

  it('finds the corpus and fixture files the tests iterate over', () => {
    expect(corpusFiles('.wbxml')).toHaveLength(8);
    expect(corpusFiles('.xml')).toHaveLength(19);
    expect(ownXml.map((f) => path.basename(f)).sort()).toEqual([
      'syncml11-dm.xml',
      'syncml12-all-tokens.xml',
      'syncml12-embedded.xml',
    ]);
  });

  it('covers every SyncML 1.2 page-0 and MetInf page-1 token with our own messages (device extensions aside)', () => {
    const seen = new Set<string>();
    const walk = (e: Element): void => {
      seen.add(`${e.namespace}|${e.name}`);
      for (const c of e.children) if (c.kind === 'element') walk(c);
    };
    for (const f of ownXml) walk(xmlToTree(source(f)));
    const lang = languageByName('SyncML 1.2')!;
    const deviceExtensions = ['FP', 'ID', 'IDContainer', 'IDPair']; // Wireshark-only; libwbxml does not know them
    const missing = [0, 1].flatMap((page) =>
      lang.pages[page]!.tags.map(([, name]) => name).filter(
        (name) => !deviceExtensions.includes(name) && !seen.has(`${lang.pageNamespace[page]}|${name}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('repairs exactly the 8 corpus files with a raw & (and the repair is needed)', () => {
    const raw = corpusFiles('.xml').filter((f) => source(f) !== readFileSync(f, 'utf8'));
    expect(raw).toHaveLength(8);
    expect(() => xmlToTree(readFileSync(raw[0]!, 'utf8'))).toThrow();
  });
});

describe('(a) our decode of corpus .wbxml = wbxml2xml', () => {
  for (const f of corpusFiles('.wbxml')) {
    it(label(f), () => {
      const bytes = readFileSync(f);
      const ours = readWbxml(bytes);
      expect(ours.root).toBeDefined();
      expect(canon(ours.root!)).toBe(canon(xmlToTree(wbxml2xml(bytes))));
    });
  }
});

const writeVariants: [string, WriteWbxmlOptions][] = [
  ['defaults', {}],
  ['string table + Data as OPAQUE', { stringTable: true, opaqueData: true }],
  ['WBXML 1.3', { version: 0x03 }],
];

describe('(b) wbxml2xml of our writeWbxml = source', () => {
  for (const f of xmlFiles) {
    for (const [name, opts] of writeVariants) {
      it(`${label(f)} (${name})`, () => {
        const tree = xmlToTree(source(f));
        const bytes = writeWbxml(tree, opts);
        expect(canon(xmlToTree(wbxml2xml(bytes)))).toBe(canon(tree));
      });
    }
  }
});

describe('(c) our decode of xml2wbxml -v 1.2 = source', () => {
  for (const f of xmlFiles) {
    for (const [name, extra] of [
      ['string table', []],
      ['no string table (-n)', ['-n']],
    ] as const) {
      it(`${label(f)} (${name})`, () => {
        const xml = source(f);
        const r = readWbxml(xml2wbxml(xml, [...extra]));
        expect(r.problems).toEqual([]);
        expect(sameType(canon(r.root!))).toBe(canon(xmlToTree(xml)));
      });
    }
  }
});
