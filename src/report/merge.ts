/**
 * Merging what shards of one job wrote (README "Past one machine"): lint JSON, SARIF or sessions
 * JSON documents from `dmtrace lint`/`sessions` runs over different inputs, into the one document a
 * single run over all of them would have given, in the order the documents are named:
 *
 * - lint JSON: findings, sessions, problems and crashes one after the other; summary counts summed.
 * - sessions JSON: sessions one after the other; summary counts summed.
 * - SARIF 2.1.0: runs of one tool (driver name and version) become one run (GitHub code scanning
 *   wants one run per tool and category): rules united by id, each result's ruleIndex pointing
 *   into the united list, invocations as one (successful when all were), the summary summed.
 *   Runs of other tools stay runs of their own.
 */

export type MergeKind = 'lint' | 'sessions' | 'sarif';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What kind of dmtrace document `doc` is, or why it is none. */
export function kindOf(doc: unknown): MergeKind | { not: string } {
  if (!isObject(doc)) return { not: 'not a JSON object' };
  if (typeof doc.version === 'string' && Array.isArray(doc.runs))
    return doc.version === '2.1.0' ? 'sarif' : { not: `SARIF version ${doc.version}, not 2.1.0` };
  if (Array.isArray(doc.findings) && isObject(doc.summary)) return 'lint';
  if (Array.isArray(doc.sessions) && isObject(doc.summary)) return 'sessions';
  return { not: 'neither lint JSON, sessions JSON nor SARIF (no findings, sessions or runs)' };
}

/** Counts added key by key (keys in first-seen order); a value that is not a number is kept from the first document. */
function sumCounts(all: unknown[]): Json {
  const out: Json = {};
  for (const s of all) {
    if (!isObject(s)) continue;
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number' && (out[k] === undefined || typeof out[k] === 'number'))
        out[k] = ((out[k] as number | undefined) ?? 0) + v;
      else if (!(k in out)) out[k] = v;
    }
  }
  return out;
}

const arrayOf = (doc: Json, key: string): unknown[] => (Array.isArray(doc[key]) ? (doc[key] as unknown[]) : []);

function mergeLint(docs: Json[]): Json {
  const out: Json = {};
  // Keys in the order the first document has them (the contract's order), then any others.
  for (const d of docs) for (const k of Object.keys(d)) if (!(k in out)) out[k] = undefined;
  for (const k of Object.keys(out)) {
    if (k === 'summary') out[k] = sumCounts(docs.map((d) => d.summary));
    else if (docs.some((d) => Array.isArray(d[k]))) out[k] = docs.flatMap((d) => arrayOf(d, k));
    else out[k] = docs.find((d) => k in d)![k];
  }
  return out;
}

function driverOf(run: Json): Json {
  const tool = isObject(run.tool) ? run.tool : {};
  return isObject(tool.driver) ? tool.driver : {};
}

/** Runs of one tool as one run: rules united by id, results re-pointed at them. */
function mergeRuns(runs: Json[]): Json {
  const first = runs[0]!;
  const rules: Json[] = [];
  const index = new Map<string, number>();
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  let successful = true;
  for (const run of runs) {
    const own = Array.isArray(driverOf(run).rules) ? (driverOf(run).rules as unknown[]) : [];
    for (const r of own)
      if (isObject(r) && typeof r.id === 'string' && !index.has(r.id)) {
        index.set(r.id, rules.length);
        rules.push(r);
      }
    for (const res of arrayOf(run, 'results')) {
      if (isObject(res) && typeof res.ruleId === 'string' && index.has(res.ruleId))
        results.push({ ...res, ruleIndex: index.get(res.ruleId) });
      else results.push(res);
    }
    for (const inv of arrayOf(run, 'invocations')) {
      if (!isObject(inv)) continue;
      if (inv.executionSuccessful === false) successful = false;
      notifications.push(...arrayOf(inv, 'toolExecutionNotifications'));
    }
  }
  const out: Json = { ...first, tool: { ...(first.tool as Json), driver: { ...driverOf(first), rules } } };
  if (runs.some((r) => Array.isArray(r.invocations)))
    out.invocations = [{ executionSuccessful: successful, toolExecutionNotifications: notifications }];
  out.results = results;
  const summaries = runs.map((r) => (isObject(r.properties) ? r.properties.summary : undefined));
  if (summaries.some(isObject)) out.properties = { ...(first.properties as Json), summary: sumCounts(summaries) };
  return out;
}

function mergeSarif(docs: Json[]): Json {
  const groups = new Map<string, Json[]>();
  for (const d of docs)
    for (const run of arrayOf(d, 'runs')) {
      if (!isObject(run)) continue;
      const drv = driverOf(run);
      const key = `${String(drv.name)}\u0000${String(drv.version)}`;
      const g = groups.get(key);
      if (g) g.push(run);
      else groups.set(key, [run]);
    }
  return { ...docs[0]!, runs: [...groups.values()].map(mergeRuns) };
}

/** The merged document (documents of one kind, as kindOf says). */
export function mergeDocuments(kind: MergeKind, docs: Json[]): Json {
  if (kind === 'sarif') return mergeSarif(docs);
  return mergeLint(docs);
}

/** Error-level findings in a merged document (lint JSON: severity, SARIF: level). */
export function errorCount(kind: MergeKind, doc: Json): number {
  if (kind === 'lint') return arrayOf(doc, 'findings').filter((f) => isObject(f) && f.severity === 'error').length;
  if (kind === 'sarif')
    return arrayOf(doc, 'runs').reduce<number>(
      (n, run) =>
        n + (isObject(run) ? arrayOf(run, 'results').filter((r) => isObject(r) && r.level === 'error').length : 0),
      0,
    );
  return 0;
}
