/**
 * json: the stable contract of docs/architecture.md ("JSON contracts"): `findings` exactly as the engine made
 * them and `summary` (inputs, sessions, errors, warnings, infos, messages, and the read accounting:
 * bytes, packets, tcpStreams, httpExchanges, dmMessages, nonDmExchanges, undecodable, tlsConnections,
 * gaps, unknownBlocks, problems). Extensions: `sessions` (id, sessionId, device, server, outcome,
 * packages, input), `problems` (input problems not tied to a session), `crashes` (rules that threw).
 */
import type { LintFormatter } from './lint-types.js';

export const formatJson: LintFormatter = (result) => {
  const out = {
    findings: result.findings,
    summary: result.summary,
    sessions: result.sessions.map(({ id, sessionId, device, server, outcome, packages, input }) => ({
      id,
      sessionId,
      device,
      server,
      outcome,
      packages,
      input,
    })),
    problems: result.problems,
    crashes: result.crashes,
  };
  return JSON.stringify(out, null, 2) + '\n';
};
