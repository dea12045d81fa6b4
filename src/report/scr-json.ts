/**
 * `dmtrace scr --format json`:
 * ```
 * { "source": "…", "sessions": 1,
 *   "items": [ { "id": "DM-PRO-C-001", "side": "client", "status": "M", "function": "…", "reference": "8",
 *                "requirement": "…", "verdict": "passed|failed|not-exercised",
 *                "evidence": [ { "session": "…", "messageIndex": 0, "input": "…", "frame": 4, "note": "…" } ],
 *                "failures": [ { …, "rule": "…", "severity": "error" } ],
 *                "exercisedSessions": 1, "errorCount": 0,
 *                "requirementResult": "satisfied|violated|undetermined", "requirementDetail": "…" } ],
 *   "summary": { "client": { "items", "passed", "failed", "notExercised", "mandatoryFailed" }, "server": { … } } }
 * ```
 */
import type { ScrReport } from '../rules/scr.js';

export function formatScrJson(report: ScrReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
