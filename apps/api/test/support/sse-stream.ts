import type { HttpApi } from '../harness';

/** How one stream ended, as its client saw it. */
export interface StreamResult {
  openedAt: number;
  endedAt: number;
  /** Events received. */
  events: number;
  /** The task reached COMPLETED (else the stream was cut or ended without it). */
  completed: boolean;
}

const stateOf = (event: Record<string, { status?: { state?: string } } | undefined>) =>
  event.task?.status?.state ?? event.statusUpdate?.status?.state;

/**
 * `POST /a2a/:agent/stream` read event by event. Resolves once the first event has arrived (the call is in
 * flight at the gateway); `done` resolves when the stream ends — finished, or cut (never rejects).
 */
export async function openStream(
  api: HttpApi,
  agent: string,
  message: string,
): Promise<{ done: Promise<StreamResult> }> {
  const openedAt = Date.now();
  const res = await fetch(`${api.baseUrl}/a2a/${agent}/stream`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${api.adminToken}`,
    },
    body: JSON.stringify({ message }),
    signal: AbortSignal.timeout(60_000),
  });
  if (res.status !== 200 || !res.body)
    throw new Error(`stream of ${agent}: ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const result: StreamResult = { openedAt, endedAt: 0, events: 0, completed: false };
  let text = '';
  /** Reads until at least `events` events have arrived or the stream ends; false when it ended. */
  const readUntil = async (events: number): Promise<boolean> => {
    while (result.events < events) {
      const { value, done } = await reader.read();
      if (done) return false;
      text += value;
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (!data) continue;
        result.events++;
        if (stateOf(JSON.parse(data)) === 'TASK_STATE_COMPLETED') result.completed = true;
      }
    }
    return true;
  };
  await readUntil(1);
  const done = readUntil(Infinity)
    .catch(() => false) // cut: the connection closed mid-stream
    .then(() => {
      result.endedAt = Date.now();
      return result;
    });
  return { done };
}
