/**
 * Microsoft's SARIF Multitool as an oracle: `validate` with the SARIF schema rules and GitHub's
 * code-scanning rules (rule kinds Gh and Ghas). GitHub's rules GH1001-GH1007 are off by default
 * in the Multitool; multitool-github-rules.json, passed as --config, turns them on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const githubRules = path.join(path.dirname(fileURLToPath(import.meta.url)), 'multitool-github-rules.json');

export interface MultitoolValidation {
  /** The tool's exit status: 0 even when it finds problems (they are in `findings`). */
  status: number | null;
  /** What it printed, for assertion messages. */
  output: string;
  /** Each problem it found as `level ruleId` (level `warning` when the result has none). */
  findings: string[];
}

/** Validates a SARIF file as GitHub code scanning would. */
export function validateSarifForGitHub(file: string): MultitoolValidation {
  const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string; // the binary's path
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'dmtrace-multitool-')), 'validation.sarif');
  const run = spawnSync(
    multitool,
    [
      'validate',
      file,
      '--rule-kind',
      'Gh;Ghas;Sarif',
      '--config',
      githubRules,
      '--output',
      report,
      '--log',
      'ForceOverwrite',
    ],
    { encoding: 'utf8' },
  );
  const validation = JSON.parse(readFileSync(report, 'utf8')) as {
    runs: Array<{ results?: Array<{ ruleId: string; level?: string }> }>;
  };
  return {
    status: run.status,
    output: run.stdout + run.stderr,
    findings: (validation.runs[0]!.results ?? []).map((r) => `${r.level ?? 'warning'} ${r.ruleId}`),
  };
}
