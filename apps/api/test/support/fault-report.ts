import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CallResult } from './load-generator';

/** Metric rows of one agent by outcome. */
export type OutcomeCounts = Record<string, number>;

/**
 * The metric row a call's answer stands for, or null when the call leaves none: a status 0 (no answer: the
 * process was gone or went away mid-call, so whether it was recorded is not known from the client) and a 404
 * (an agent this replica does not know yet: nothing to count it against); a catalog read is not a call to
 * an agent and is never metered. An answer this suite does not
 * expect is returned as `unexpected …`, which no row can match.
 */
export function outcomeOf(result: CallResult): string | null {
  if (result.kind === 'read') return null;
  switch (result.status) {
    case 0:
    case 404:
      return null;
    case 200:
      return 'success';
    case 401:
    case 403:
      return 'unauthorized';
    case 402:
      return 'budget_exceeded';
    case 409:
      return result.code === 'AGENT_DISABLED' ? 'rejected' : `unexpected 409 ${result.code}`;
    case 429:
      return 'rate_limited';
    case 502:
    case 504:
      return 'failure';
    case 503:
      return result.code === 'AGENT_UNAVAILABLE' ? 'circuit_open' : `unexpected 503 ${result.code}`;
    default:
      return `unexpected ${result.status} ${result.code ?? ''}`.trim();
  }
}

/** Per agent: the rows its calls' answers stand for, by outcome. */
export function expectedRows(results: CallResult[]): Record<string, OutcomeCounts> {
  const expected: Record<string, OutcomeCounts> = {};
  for (const result of results) {
    const outcome = outcomeOf(result);
    if (!outcome) continue;
    const forAgent = (expected[result.agent] ??= {});
    forAgent[outcome] = (forAgent[outcome] ?? 0) + 1;
  }
  return expected;
}

/** Answers other than 200, by status and code (`no answer (ECONNREFUSED)` for calls without one). */
export function errorsByCode(results: CallResult[]): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const r of results) {
    if (r.status === 200) continue;
    const answer = r.status === 0 ? `no answer (${r.transport})` : `${r.status} ${r.code ?? ''}`.trim();
    const key = r.kind === 'read' ? `read: ${answer}` : answer;
    errors[key] = (errors[key] ?? 0) + 1;
  }
  return errors;
}

/** Answers of 500 and above that are not one of the typed ones `allowed` (`503 AGENT_UNAVAILABLE`, …). */
export function untypedServerErrors(results: CallResult[], allowed: string[]): CallResult[] {
  return results.filter((r) => r.status >= 500 && !allowed.includes(`${r.status} ${r.code}`));
}

export interface ScenarioReport {
  scenario: string;
  sent: number;
  successes: number;
  errors: Record<string, number>;
  /** Per agent and outcome: rows its clients' answers stand for, and rows found in agent_metrics. */
  rows: { agent: string; outcome: string; expected: number | string; found: number }[];
  recovery: string;
}

/** Rows expected and found, one line per agent and outcome present in either. */
export function rowLines(
  expected: Record<string, OutcomeCounts>,
  found: Record<string, OutcomeCounts>,
): ScenarioReport['rows'] {
  const lines: ScenarioReport['rows'] = [];
  for (const agent of new Set([...Object.keys(expected), ...Object.keys(found)])) {
    const outcomes = new Set([...Object.keys(expected[agent] ?? {}), ...Object.keys(found[agent] ?? {})]);
    for (const outcome of outcomes)
      lines.push({
        agent,
        outcome,
        expected: expected[agent]?.[outcome] ?? 0,
        found: found[agent]?.[outcome] ?? 0,
      });
  }
  return lines;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function toMarkdown(reports: ScenarioReport[], heading: string): string {
  const lines = [
    heading,
    '',
    '| scenario | calls sent | successes | errors by code | metric rows expected / found (agent: outcome) | time to recover |',
    '|---|---:|---:|---|---|---|',
  ];
  for (const r of reports) {
    const errors = Object.entries(r.errors)
      .sort(([, a], [, b]) => b - a)
      .map(([code, n]) => `${code} ×${n}`)
      .join('<br>');
    const rows = r.rows
      .map((row) => `${row.agent}: ${row.outcome} ${row.expected} / ${row.found}`)
      .join('<br>');
    lines.push(
      `| ${cell(r.scenario)} | ${r.sent} | ${r.successes} | ${cell(errors || 'none')} | ${cell(rows)} | ${cell(r.recovery)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

export function writeReport(path: string, markdown: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, markdown);
}
