import { validateHeaderName, validateHeaderValue } from 'node:http';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import type { AgentSpec } from '../gateway/agent-config';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { BufferedResponse } from './buffered-response';
import { RecordHeaders } from './record-headers';
import { StreamedResponse } from './streamed-response';
import { OutboundAuth, type AppliedAuth, type TokenProvider } from './outbound-auth';
import { googleTokenProvider } from './google-token';
import type { AgentAuthType } from '../auth/auth-types';
import { AGENT_PROVIDER_LABELS, type AgentProvider } from '../adapters/providers';
import { OutboundPolicy } from './outbound-policy';
import type { RequestToSign } from './sigv4';
import { azureEntraTokenProvider } from './azure-token';

export interface OutboundHttpOptions {
  policy: OutboundPolicy;
  /** Largest non-streaming response body accepted from an agent. */
  maxResponseBytes?: number;
  /** Keep-alive sockets per agent origin. */
  connectionsPerOrigin?: number;
  maxRedirects?: number;
  /** More certificate authorities (PEM) to trust besides Node's, for agents and token endpoints on a private CA. */
  ca?: string[];
  /**
   * Token sources for auth types backed by a vendor library, given a fetch for token endpoints; they
   * override the defaults (`azure-entra` through @azure/identity).
   */
  tokenProviders?: (tokenFetch: TokenFetch) => Partial<Record<AgentAuthType, TokenProvider>>;
}

/** A request to a token endpoint: SSRF policy, size cap and redirect rules of agent calls, no credentials. */
export type TokenFetch = (url: string, init: RequestInit) => Promise<Response>;

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms` (OpenAI, Azure), in ms; undefined when absent. */
export function retryAfterMsOf(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const NO_AUTH: AppliedAuth = { headers: {}, query: {} };

/** Any `HeadersInit` as a plain record with lower-case names; a record already in that form is copied as is. */
function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!init) return headers;
  if (init instanceof Headers || Array.isArray(init)) {
    new Headers(init).forEach((value, name) => (headers[name] = value));
    return headers;
  }
  for (const name in init) headers[name.toLowerCase()] = (init as Record<string, string>)[name];
  return headers;
}

/** A request on its way out: the caller's init plus the credentials' query parameters and signer. */
type OutboundInit = RequestInit & {
  query?: Record<string, string>;
  sign?: AppliedAuth['sign'];
  /** `headers` is already a plain record with lower-case names, the request's own. */
  headersRecord?: true;
};

/** Distinct URLs whose parse and policy check are kept (agents' endpoints; cleared when full). */
const CHECKED_URLS = 1024;

/** Connection failures that happen before the request reaches the agent: always safe to retry. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const RETRYABLE_STATUS = new Set([502, 503, 504]);

function causeCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/**
 * All HTTP the gateway sends to agents: one pooled keep-alive dispatcher, the SSRF policy on every URL
 * and every DNS answer, credentials added per call, same-origin redirects only, a response size cap, and
 * failures turned into typed A2AErrors (with `retryable` only where the agent cannot have acted).
 */
export class OutboundHttp {
  readonly dispatcher: Agent;
  readonly auth: OutboundAuth;
  private readonly maxResponseBytes: number;
  private readonly maxRedirects: number;
  /** Parsed and policy-checked URLs by their text (never mutated: a call with query credentials gets its own). */
  private readonly checkedUrls = new Map<string, URL>();

  constructor(private readonly options: OutboundHttpOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
    this.maxRedirects = options.maxRedirects ?? 3;
    this.dispatcher = new Agent({
      connections: options.connectionsPerOrigin ?? 256,
      keepAliveTimeout: 30_000,
      pipelining: 1,
      connect: {
        lookup: options.policy.lookup as never,
        ...(options.ca?.length ? { ca: [...rootCertificates, ...options.ca] } : {}),
      },
    });
    const tokenFetch: TokenFetch = (url, init) => this.request(url, init, 'token');
    this.auth = new OutboundAuth(tokenFetch, Date.now, {
      'google-service-account': googleTokenProvider(tokenFetch),
      'azure-entra': azureEntraTokenProvider(tokenFetch),
      ...options.tokenProviders?.(tokenFetch),
    });
  }

  get policy(): OutboundPolicy {
    return this.options.policy;
  }

  /** A fetch bound to one agent: its credentials and headers are added to every request. */
  fetchFor(agent: AgentSpec, extraHeaders: Record<string, string> = {}): FetchLike {
    return async (input, init = {}) => {
      // No credentials: no trip through the token machinery (one promise and a lookup less per call).
      const applied =
        agent.authType === 'none'
          ? NO_AUTH
          : await this.auth.apply(agent.name, agent.authType, agent.credentials(), false, init.signal);
      const response = await this.request(
        input,
        this.withAuth(init, applied, agent, extraHeaders),
        agent.name,
      );
      if (response.status === 401 && OutboundAuth.TOKEN_TYPES.includes(agent.authType)) {
        // The cached token may have been revoked early: fetch a fresh one and try once more.
        await response.body?.cancel();
        const fresh = await this.auth.apply(
          agent.name,
          agent.authType,
          agent.credentials(),
          true,
          init.signal,
        );
        return this.checked(
          await this.request(input, this.withAuth(init, fresh, agent, extraHeaders), agent.name),
          agent.name,
          agent.provider,
        );
      }
      return this.checked(response, agent.name, agent.provider);
    };
  }

  /** A request on the gateway's own behalf, without agent credentials (e.g. a card to import). */
  readonly fetchAnonymous = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const who = new URL(input).host;
    return this.checked(await this.request(input, init, who), who);
  };

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** The call's headers as one plain record (lower-case names): the caller's, the agent's, the credentials'. */
  private withAuth(
    init: RequestInit,
    applied: AppliedAuth,
    agent: AgentSpec,
    extra: Record<string, string>,
  ): OutboundInit {
    const headers = headerRecord(init.headers);
    for (const source of [agent.headers, extra, applied.headers]) {
      if (!source) continue;
      for (const name in source) {
        const value = source[name];
        try {
          validateHeaderName(name);
          validateHeaderValue(name, value);
        } catch {
          throw new A2AError(
            A2AErrorCode.InvalidRequest,
            `Header ${name} for agent "${agent.name}" is not a valid HTTP header`,
            { agentName: agent.name },
          );
        }
        headers[name.toLowerCase()] = value;
      }
    }
    return { ...init, headers, headersRecord: true, query: applied.query, sign: applied.sign };
  }

  /**
   * Policy, redirects and transport errors; `who` names the agent in errors. Built on undici's
   * `request()` rather than `fetch()`: a fetch per call (Request object, body clone, web streams) cost more
   * than everything else the gateway does. Non-streaming bodies are read here, under the size cap.
   */
  private async request(input: string | URL | Request, init: OutboundInit, who: string): Promise<Response> {
    let url = this.target(typeof input === 'string' || input instanceof URL ? input : input.url, init.query);
    const method = (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
    // withAuth hands over a record of its own; other callers' headers are copied into one.
    const headers = init.headersRecord ? (init.headers as Record<string, string>) : headerRecord(init.headers);
    for (let hop = 0; ; hop++) {
      let answer: Dispatcher.ResponseData;
      try {
        // The dispatcher's own request(): origin and path as parsed here, not parsed again by undici.
        answer = await this.dispatcher.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method,
          // A signature covers the request as sent, so it is made last (and again after a redirect).
          headers: init.sign
            ? await this.signed(init.sign, { method, url, headers, body: init.body }, who)
            : headers,
          body: init.body as string | Buffer | undefined,
          signal: init.signal ?? undefined,
        });
      } catch (error) {
        throw this.transportError(error, who, init.signal ?? undefined);
      }
      const location = answer.headers.location;
      if (answer.statusCode < 300 || answer.statusCode >= 400 || typeof location !== 'string') {
        return this.toResponse(answer, who, init.signal ?? undefined);
      }
      await answer.body.dump();
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        throw new A2AError(
          A2AErrorCode.OutboundUrlNotAllowed,
          `${who} redirected to another host (${next.host}); not followed`,
          {
            agentName: who,
          },
        );
      }
      if (hop >= this.maxRedirects) {
        throw new A2AError(
          A2AErrorCode.ProtocolError,
          `${who} redirected more than ${this.maxRedirects} times`,
          {
            agentName: who,
          },
        );
      }
      url = this.options.policy.assertAllowedUrl(next);
    }
  }

  /**
   * The request's URL, checked by the outbound policy. Agents' URLs repeat on every call: each is parsed and
   * checked once (a bounded cache; the policy never changes); credentials in the query make a URL of the call's own.
   */
  private target(input: string | URL, query: Record<string, string> | undefined): URL {
    const text = typeof input === 'string' ? input : input.href;
    let hasQuery = false;
    for (const _ in query) {
      hasQuery = true;
      break;
    }
    if (!hasQuery) {
      const known = this.checkedUrls.get(text);
      if (known) return known;
    }
    const url = new URL(text);
    for (const name in query) url.searchParams.set(name, query[name]);
    this.options.policy.assertAllowedUrl(url);
    if (!hasQuery) {
      if (this.checkedUrls.size >= CHECKED_URLS) this.checkedUrls.clear();
      this.checkedUrls.set(text, url);
    }
    return url;
  }

  private async signed(
    sign: NonNullable<AppliedAuth['sign']>,
    request: RequestToSign,
    who: string,
  ): Promise<Record<string, string>> {
    try {
      return await sign(request);
    } catch (error) {
      throw new A2AError(
        A2AErrorCode.AuthenticationError,
        `Could not sign the request to agent "${who}" (${(error as Error).message})`,
        { agentName: who },
        { cause: error },
      );
    }
  }

  /** A web Response for the protocol client: event streams stay streams, other bodies are read under the cap. */
  private async toResponse(
    answer: Dispatcher.ResponseData,
    who: string,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers = new RecordHeaders(answer.headers);
    const status = answer.statusCode;
    const noBody = status === 204 || status === 205 || status === 304;
    if ((headers.get('content-type') ?? '').includes('text/event-stream')) {
      if (noBody) return new Response(null, { status, headers });
      return new StreamedResponse(answer.body, status, headers).asResponse();
    }
    const max = this.maxResponseBytes;
    const tooLarge = () =>
      new A2AError(A2AErrorCode.ResponseTooLarge, `Agent "${who}" sent a response larger than ${max} bytes`, {
        agentName: who,
        maxBytes: max,
      });
    // Destroying the body makes undici emit an abort error; nobody else listens, so swallow it here.
    const discard = () => answer.body.on('error', () => undefined).destroy();
    if (Number(headers.get('content-length')) > max) {
      discard();
      throw tooLarge();
    }
    // Read with 'data' events rather than `for await`: an async iterator over the stream (and a promise per
    // chunk) for a body that is usually one chunk cost more than the reading itself.
    const body = answer.body;
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          discard();
          reject(tooLarge());
        } else chunks.push(chunk);
      });
      body.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
      body.on('error', (error) => reject(this.transportError(error, who, signal)));
    });
    return new BufferedResponse(noBody ? null : bytes, status, headers).asResponse();
  }

  /** HTTP statuses that mean the same whatever the binding; others are left to the protocol client. */
  private async checked(response: Response, agentName: string, provider?: AgentProvider): Promise<Response> {
    const status = response.status;
    // Errors name the agent, and its provider when it is not a plain A2A agent.
    const agent =
      provider && provider !== 'a2a'
        ? `Agent "${agentName}" (${AGENT_PROVIDER_LABELS[provider]})`
        : `Agent "${agentName}"`;
    if (status === 401 || status === 403) {
      void response.body?.cancel();
      throw new A2AError(
        A2AErrorCode.AuthenticationError,
        `${agent} refused the gateway's credentials (HTTP ${status})`,
        {
          agentName,
          status,
        },
      );
    }
    if (status === 429) {
      void response.body?.cancel();
      const retryAfterMs = retryAfterMsOf(response.headers);
      throw new A2AError(
        A2AErrorCode.RateLimitExceeded,
        `${agent} is rate limiting the gateway (HTTP 429)` +
          (retryAfterMs !== undefined ? `; retry in ${Math.ceil(retryAfterMs / 1000)} s` : ''),
        { agentName, status, upstream: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
      );
    }
    if (status === 413) {
      // The message as sent is more than this agent takes: the caller's to change (a 400, as an agent's
      // INVALID_PARAMS is), and no sign that the agent is unwell.
      void response.body?.cancel();
      throw new A2AError(
        A2AErrorCode.InvalidRequest,
        `${agent} refused the message as too large (HTTP 413)`,
        {
          agentName,
          status,
        },
      );
    }
    if (status >= 500) {
      // A protocol error body (JSON-RPC error, REST google.rpc.Status) is the agent's answer: let the
      // protocol client read it. Anything else is an HTTP failure of the agent.
      const protocolError = await this.protocolErrorBody(response);
      if (protocolError) return protocolError;
      const retryAfterMs = retryAfterMsOf(response.headers);
      throw new A2AError(A2AErrorCode.UpstreamError, `${agent} answered HTTP ${status}`, {
        agentName,
        status,
        retryable: RETRYABLE_STATUS.has(status),
        ...(retryAfterMs ? { retryAfterMs } : {}),
      });
    }
    return response;
  }

  private async protocolErrorBody(response: Response): Promise<Response | null> {
    const type = response.headers.get('content-type') ?? '';
    const length = Number(response.headers.get('content-length') ?? 0);
    if (!type.includes('json') || length > 65_536) {
      void response.body?.cancel();
      return null;
    }
    const text = await response.text().catch(() => '');
    try {
      const json = JSON.parse(text) as { error?: unknown };
      if (json && typeof json === 'object' && json.error) {
        return new BufferedResponse(Buffer.from(text), response.status, response.headers).asResponse();
      }
    } catch {
      // not JSON after all
    }
    return null;
  }

  private transportError(error: unknown, agentName: string, signal?: AbortSignal): A2AError {
    if (signal?.aborted) {
      if (A2AError.is(signal.reason)) return signal.reason;
      if ((signal.reason as Error | undefined)?.name === 'TimeoutError') {
        return new A2AError(A2AErrorCode.Timeout, `${agentName} did not answer in time`, { agentName });
      }
      return new A2AError(A2AErrorCode.Canceled, `The call to agent "${agentName}" was canceled`, {
        agentName,
      });
    }
    if (A2AError.is(error)) return error;
    const code = causeCode(error);
    if (code === 'EOUTBOUNDPRIVATE') {
      return new A2AError(
        A2AErrorCode.OutboundUrlNotAllowed,
        `Agent "${agentName}" resolves to a private address`,
        { agentName },
      );
    }
    const beforeSend = code !== undefined && CONNECT_CODES.has(code);
    return new A2AError(
      A2AErrorCode.ConnectionError,
      `Could not reach agent "${agentName}" (${code ?? (error as Error)?.message ?? 'network error'})`,
      { agentName, retryable: beforeSend, cause: code },
      { cause: error },
    );
  }
}
