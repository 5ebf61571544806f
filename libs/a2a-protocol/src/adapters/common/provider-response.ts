import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { retryAfterMsOf } from '../../net/outbound-http';
import { AGENT_PROVIDER_LABELS } from '../providers';
import type { AdapterContext } from '../provider-adapter';

// Reading a provider's HTTP answers the same way in every adapter: statuses to typed errors, JSON and
// SSE bodies checked, the provider named in every error. (401/403 and HTTP 429 are already typed by
// OutboundHttp before an adapter sees the response.)

const MAX_DETAIL = 300;

/**
 * "Agent "x" (OpenAI-compatible)": how errors name the agent and its provider. A plain A2A agent is just
 * "Agent "x"", as OutboundHttp names it.
 */
export function who(ctx: AdapterContext): string {
  const { name, provider } = ctx.agent;
  return provider === 'a2a' ? `Agent "${name}"` : `Agent "${name}" (${AGENT_PROVIDER_LABELS[provider]})`;
}

/** The provider's own error message from a JSON error body, shortened; never the whole body. */
function errorDetail(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const error = json.error ?? json.detail ?? json.message ?? json.Message;
    const message =
      typeof error === 'string'
        ? error
        : typeof (error as { message?: unknown })?.message === 'string'
          ? (error as { message: string }).message
          : undefined;
    return message?.slice(0, MAX_DETAIL);
  } catch {
    return undefined;
  }
}

/**
 * The error for a provider answer that is not a success (after OutboundHttp's own checks); `body` when the
 * caller has already read it.
 */
export async function providerHttpError(
  ctx: AdapterContext,
  response: Response,
  body?: string,
): Promise<A2AError> {
  const status = response.status;
  const detail = errorDetail(body ?? (await response.text().catch(() => '')));
  const suffix = detail ? `: ${detail}` : '';
  const agentName = ctx.agent.name;
  const provider = ctx.agent.provider;
  if (status === 401 || status === 403) {
    return new A2AError(
      A2AErrorCode.AuthenticationError,
      `${who(ctx)} refused the gateway's credentials (HTTP ${status})${suffix}`,
      { agentName, provider, status },
    );
  }
  if (status === 429) {
    const retryAfterMs = retryAfterMsOf(response.headers);
    return new A2AError(
      A2AErrorCode.RateLimitExceeded,
      `${who(ctx)} is rate limiting the gateway (HTTP 429)${suffix}`,
      {
        agentName,
        provider,
        status,
        upstream: true,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
    );
  }
  if (status === 404) {
    return new A2AError(A2AErrorCode.UpstreamError, `${who(ctx)} answered HTTP 404${suffix}`, {
      agentName,
      provider,
      status,
    });
  }
  return new A2AError(A2AErrorCode.UpstreamError, `${who(ctx)} answered HTTP ${status}${suffix}`, {
    agentName,
    provider,
    status,
    retryable: status === 502 || status === 503 || status === 504,
  });
}

export function protocolError(ctx: AdapterContext, what: string, cause?: unknown): A2AError {
  return new A2AError(
    A2AErrorCode.ProtocolError,
    `${who(ctx)} answered in an unexpected shape: ${what}`,
    { agentName: ctx.agent.name, provider: ctx.agent.provider },
    { cause },
  );
}

/** POST (or any method) a JSON body and return the response once it is a success. */
export async function send(
  ctx: AdapterContext,
  url: string | URL,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; accept?: string },
): Promise<Response> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await ctx.fetch(String(url), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: ctx.signal,
  });
  if (!response.ok) throw await providerHttpError(ctx, response);
  return response;
}

/** The JSON body of a success; anything else (HTML, truncated, empty) is a typed protocol error. */
export async function jsonOf<T = unknown>(ctx: AdapterContext, response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw protocolError(ctx, `the body is not JSON (${text.length} bytes)`, error);
  }
}

/** POST JSON, read JSON. */
export async function postJson<T = unknown>(
  ctx: AdapterContext,
  url: string | URL,
  body: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  return jsonOf<T>(ctx, await send(ctx, url, { body, headers }));
}

/**
 * The events of a `text/event-stream` answer, parsed by eventsource-parser. A success that is not an
 * event stream is a protocol error. Ends when the provider closes the stream.
 */
export async function* sseOf(ctx: AdapterContext, response: Response): AsyncGenerator<EventSourceMessage> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') || !response.body) {
    await response.body?.cancel();
    throw protocolError(ctx, `expected an event stream, got "${type || 'no content type'}"`);
  }
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length) yield queue.shift() as EventSourceMessage;
    }
    parser.feed(decoder.decode());
    while (queue.length) yield queue.shift() as EventSourceMessage;
  } finally {
    reader.releaseLock();
    await response.body.cancel().catch(() => undefined);
  }
}

/** The JSON data of one SSE event; a broken event is a protocol error naming the provider. */
export function eventJson<T = unknown>(ctx: AdapterContext, event: EventSourceMessage): T {
  try {
    return JSON.parse(event.data) as T;
  } catch (error) {
    throw protocolError(ctx, `an event${event.event ? ` "${event.event}"` : ''} is not JSON`, error);
  }
}
