/**
 * The fuzz targets: for each input kind, its seeds (the fixtures and corpus files of that kind, as
 * test/robustness/mutate.ts `sourceFiles` finds them; for HTTP, DM messages framed as HTTP), the
 * structure-aware mutator of test/robustness/mutators/, and the file name a mutant is read under
 * (its extension only breaks detection ties, as for a user's file).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtures } from '../helpers.js';
import { kindOf, mutantsOf, sourceFiles } from '../robustness/mutate.js';
import type { MutateContext, Mutation, Rnd } from '../robustness/mutators/bytes.js';
import { mutateHar } from '../robustness/mutators/har.js';
import { httpPayloadMutator, httpSeed, mutateHttp, type HttpPair } from '../robustness/mutators/http.js';
import { mutateLog } from '../robustness/mutators/log.js';
import { mutateCapture } from '../robustness/mutators/pcap.js';
import { mutateWbxml } from '../robustness/mutators/wbxml.js';
import { mutateXml } from '../robustness/mutators/xml.js';

export const TARGETS = ['wbxml', 'xml', 'pcap', 'pcapng', 'har', 'log', 'http'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface Seed<S> {
  /** Where it came from (repository-relative), to name mutants. */
  name: string;
  /** The file name mutants are written under. */
  base: string;
  value: S;
}

export interface Target<S = Buffer> {
  name: TargetName;
  seeds: Array<Seed<S>>;
  /** The format-aware deterministic mutants of test/robustness/mutate.ts, tried first. */
  fixed: Mutation[];
  mutate(seed: S, rnd: Rnd, ctx: MutateContext): Mutation;
  /** Other seeds' bytes, for splicing. */
  others: Buffer[];
}

/** Seeds larger than this are left out: the fuzzer wants many small inputs, not a few big ones. */
const MAX_SEED = 64 * 1024;

const relative = (f: string) => path.relative(path.dirname(fixtures), f);

function fileTarget(name: TargetName, kinds: string[], mutate: Target['mutate']): Target {
  const files = sourceFiles().filter((f) => {
    const b = readFileSync(f);
    return kinds.includes(kindOf(f, b)) && b.length <= MAX_SEED && b.length > 0;
  });
  const seeds = files.map((f) => ({ name: relative(f), base: path.basename(f), value: readFileSync(f) }));
  const fixed = files.flatMap((f, i) => mutantsOf(f, 0xf022 + i, 0).map((m) => ({ bytes: m.bytes, what: m.name })));
  return { name, seeds, fixed, mutate, others: seeds.map((s) => s.value) };
}

/** DM message pairs (a client message and the server's answer) framed four ways. */
function httpSeeds(): Array<Seed<HttpPair>> {
  const pairs: Array<[string, string, boolean]> = [
    ['lint/libdmclient-msg0-pkg1.xml', 'lint/libdmclient-msg1-pkg2.xml', true],
    ['lint/libdmclient-msg2-pkg3.xml', 'lint/libdmclient-msg3-pkg4.xml', true],
    ['sessions/wbxml/01-client.wbxml', 'sessions/wbxml/02-server.wbxml', false],
    ['sessions/wbxml/03-client.wbxml', 'sessions/wbxml/04-server.wbxml', false],
  ];
  const out: Array<Seed<HttpPair>> = [];
  for (const [a, b, xml] of pairs)
    for (const frame of ['length', 'chunked', 'gzip', 'pair'] as const)
      out.push({
        name: `fixtures/${a}+${path.basename(b)} as HTTP (${frame})`,
        base: 'http.pcap',
        value: httpSeed(readFileSync(path.join(fixtures, a)), readFileSync(path.join(fixtures, b)), xml, frame),
      });
  return out;
}

/** Builds a target's seeds (reads the fixtures; call once per run). */
export function target(name: TargetName): Target<Buffer> | Target<HttpPair> {
  switch (name) {
    case 'wbxml':
      return fileTarget(name, ['wbxml'], mutateWbxml);
    case 'xml':
      return fileTarget(name, ['xml'], mutateXml);
    case 'pcap':
      return fileTarget(name, ['pcap'], (s, rnd, ctx) => mutateCapture(s, rnd, ctx, httpPayloadMutator));
    case 'pcapng':
      return fileTarget(name, ['pcapng'], (s, rnd, ctx) => mutateCapture(s, rnd, ctx, httpPayloadMutator));
    case 'har':
      return fileTarget(name, ['har'], mutateHar);
    case 'log':
      return fileTarget(name, ['log'], mutateLog);
    case 'http': {
      const seeds = httpSeeds();
      return {
        name,
        seeds,
        fixed: [],
        mutate: mutateHttp,
        others: seeds.flatMap((s) => [s.value.client, s.value.server]),
      } satisfies Target<HttpPair>;
    }
  }
}
