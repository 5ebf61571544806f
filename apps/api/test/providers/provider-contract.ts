import { textOfParts, textPartsOnly, type Part } from '@switchboard/a2a-protocol';
import type { ErrorBody, TestApi } from '../harness';

// What every provider contract test reads back: the answer text of a REST invoke or of a stream, and the
// gateway's own count of the agent's calls.

export type InvokeBody = {
  message?: { contextId?: string; parts: { text?: string }[]; metadata?: { usage?: Usage } };
  task?: {
    id: string;
    contextId: string;
    status: { state: string };
    artifacts?: { parts: { text?: string }[] }[];
    metadata?: { usage?: Usage };
  };
};
export type Usage = { inputTokens: number; outputTokens: number; model?: string };

/** Only the text parts, as the providers' answers are compared. */
const TEXT = { describe: textPartsOnly };
const partsText = (parts: { text?: string }[]) => textOfParts(parts as Part[], TEXT);

/** The text of a REST answer, whether the provider answered a Message or a Task. */
export function answerText(body: InvokeBody): string {
  if (body.message) return partsText(body.message.parts);
  return (body.task?.artifacts ?? []).map((a) => partsText(a.parts)).join('');
}

type StreamEvent = { data: Record<string, any> };

/** The text streamed as artifact chunks (or a final message), and the last task state seen. */
export function streamedText(events: StreamEvent[]): { text: string; state?: string; taskId?: string } {
  let text = '';
  let state: string | undefined;
  let taskId: string | undefined;
  for (const { data } of events) {
    if (data.task) {
      taskId = data.task.id;
      state = data.task.status?.state;
      for (const a of data.task.artifacts ?? []) text += partsText(a.parts);
    }
    if (data.artifactUpdate) {
      const chunk = partsText(data.artifactUpdate.artifact.parts);
      text = data.artifactUpdate.append ? text + chunk : chunk;
    }
    if (data.statusUpdate) state = data.statusUpdate.status.state;
    if (data.message) text += partsText(data.message.parts);
  }
  return { text, state, taskId };
}

/** The gateway's counters for one agent (what [4/7]'s metrics build on). */
export function callsOf(api: TestApi, agentName: string) {
  const stats = api.gateway?.stats().agents[agentName];
  return {
    invocations: stats?.invocations ?? 0,
    failures: stats?.failures ?? 0,
    inputTokens: stats?.inputTokens ?? 0,
    outputTokens: stats?.outputTokens ?? 0,
  };
}

/** A2A v1.0 JSON-RPC SendMessage of `text` through the gateway's proxy for the agent `slug`. */
export function proxySend<T = InvokeBody>(api: TestApi, slug: string, text: string) {
  return api.post<{ result: T }>(
    `/a2a/${slug}/jsonrpc`,
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text }] } },
    },
    { headers: { 'a2a-version': '1.0' } },
  );
}

/** The faults every fake answers (fakes/fake-http.ts `faultIn`) and the status and code they must become. */
export const FAULT_MAPPINGS: [string, number, string][] = [
  ['fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
  ['fault:500', 502, 'UPSTREAM_ERROR'],
  ['fault:503', 502, 'UPSTREAM_ERROR'],
  ['fault:malformed', 502, 'PROTOCOL_ERROR'],
  ['fault:shape', 502, 'PROTOCOL_ERROR'],
];

/**
 * Invoke `agent` with a fault text: the answer has the expected status and code and names the provider
 * (`label`), a 429 carries the fake's Retry-After, the failure is counted once, and the agent still serves.
 */
export async function expectFaultMapped(
  api: TestApi,
  agent: string,
  label: string,
  [text, status, code]: [string, number, string],
) {
  const res = await api.post<ErrorBody>(`/a2a/${agent}/invoke`, { message: text });
  expect(res.status).toBe(status);
  expect(res.body.code).toBe(code);
  expect(res.body.message).toContain(label);
  if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
  expect(callsOf(api, agent).failures).toBe(1);
  expect((await api.post(`/a2a/${agent}/invoke`, { message: 'still fine' })).status).toBe(200);
}
