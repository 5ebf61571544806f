import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { credentialKey } from './credential-key';
import type { AgentAuth, AgentAuthType } from '../auth/auth-types';
import { signAwsSigV4, type AwsSigV4Credentials, type RequestToSign } from './sigv4';

type OAuth2Auth = {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  audience?: string;
};
type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Gets a bearer token for an auth type whose tokens come from a vendor library (Google, Azure). It
 * caches as it sees fit; `refresh` asks for a new token (the agent refused the last one).
 */
export type TokenProvider = (
  agentName: string,
  auth: Record<string, unknown>,
  refresh: boolean,
  signal?: AbortSignal | null,
) => Promise<string>;

/** How credentials land on a request: headers to set and query parameters to add. */
export interface AppliedAuth {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** For signing auth types: the headers to send, computed over the final request (URL, headers, body). */
  sign?: (request: RequestToSign) => Promise<Record<string, string>>;
}

const NONE: AppliedAuth = { headers: {}, query: {} };
const EXPIRY_SKEW_MS = 30_000;
/** A token endpoint gets this long, whatever the call waiting for it. */
const TOKEN_TIMEOUT_MS = 10_000;

/** Wait for a shared promise, but stop waiting (with the signal's reason) when this caller goes away. */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function assertHeaderValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new A2AError(A2AErrorCode.InvalidRequest, `Header ${name} for the agent contains CR or LF`);
  }
  return value;
}

/**
 * Turns an agent's auth settings into request headers/query parameters. OAuth2 client-credentials tokens
 * are fetched through the same outbound HTTP (SSRF policy included), cached until shortly before they
 * expire, and fetched once for concurrent callers.
 */
export class OutboundAuth {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly fetchToken: Fetch,
    private readonly now: () => number = Date.now,
    private readonly tokenProviders: Partial<Record<AgentAuthType, TokenProvider>> = {},
  ) {}

  /** Auth types whose tokens come from a vendor library, and need a fresh token after a 401. */
  static readonly TOKEN_TYPES: readonly AgentAuthType[] = [
    'oauth2-client-credentials',
    'google-service-account',
    'azure-entra',
  ];

  async apply(
    agentName: string,
    type: AgentAuthType,
    auth: AgentAuth | undefined,
    refresh = false,
    signal?: AbortSignal | null,
  ): Promise<AppliedAuth> {
    if (type === 'none' || !auth) return NONE;
    const a = auth as Record<string, unknown>;
    switch (type) {
      case 'api-key':
        return a.queryParam
          ? { headers: {}, query: { [a.queryParam as string]: a.apiKey as string } }
          : {
              headers: {
                [a.headerName as string]: assertHeaderValue(a.headerName as string, a.apiKey as string),
              },
              query: {},
            };
      case 'bearer':
        return {
          headers: { authorization: `Bearer ${assertHeaderValue('Authorization', a.token as string)}` },
          query: {},
        };
      case 'basic': {
        const basic = Buffer.from(`${a.username}:${a.password}`).toString('base64');
        return { headers: { authorization: `Basic ${basic}` }, query: {} };
      }
      case 'headers': {
        const headers = a.headers as Record<string, string>;
        for (const [name, value] of Object.entries(headers)) assertHeaderValue(name, value);
        return { headers: { ...headers }, query: {} };
      }
      case 'oauth2-client-credentials':
        return {
          headers: {
            authorization: `Bearer ${await this.oauth2Token(agentName, a as OAuth2Auth, refresh, signal)}`,
          },
          query: {},
        };
      case 'google-service-account':
      case 'azure-entra': {
        const provider = this.tokenProviders[type];
        if (!provider) {
          throw new A2AError(
            A2AErrorCode.AuthenticationError,
            `Auth type "${type}" of agent "${agentName}" has no token provider in this gateway`,
            { agentName },
          );
        }
        const token = await provider(agentName, a, refresh, signal);
        return {
          headers: { authorization: `Bearer ${assertHeaderValue('Authorization', token)}` },
          query: {},
        };
      }
      case 'aws-sigv4':
        // A signature covers the whole request: OutboundHttp calls `sign` last, just before sending.
        return {
          headers: {},
          query: {},
          sign: (request) => signAwsSigV4(auth as AwsSigV4Credentials, request),
        };
      default:
        return type satisfies never;
    }
  }

  /** Forget a cached token (the agent said 401 with it). */
  invalidate(auth: OAuth2Auth): void {
    this.tokens.delete(this.key(auth));
  }

  /** One cached token per credential set; the secret's hash is part of it so a changed secret never reuses a token. */
  private key(a: OAuth2Auth) {
    return credentialKey(a.tokenUrl, a.clientId, a.clientSecret, a.scope ?? '', a.audience ?? '');
  }

  private async oauth2Token(
    agentName: string,
    auth: OAuth2Auth,
    refresh: boolean,
    signal?: AbortSignal | null,
  ): Promise<string> {
    const key = this.key(auth);
    if (refresh) this.tokens.delete(key);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - EXPIRY_SKEW_MS > this.now()) return cached.token;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.requestToken(agentName, auth).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return untilAborted(pending, signal);
  }

  private async requestToken(agentName: string, auth: OAuth2Auth): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
    });
    if (auth.scope) body.set('scope', auth.scope);
    if (auth.audience) body.set('audience', auth.audience);
    const fail = (why: string, cause?: unknown) =>
      new A2AError(
        A2AErrorCode.AuthenticationError,
        `Could not get an OAuth2 token for agent "${agentName}": ${why}`,
        { agentName },
        { cause },
      );
    let response: Response;
    try {
      response = await this.fetchToken(auth.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      throw fail(A2AError.is(error) ? error.message : 'token endpoint unreachable', error);
    }
    if (!response.ok) throw fail(`token endpoint answered HTTP ${response.status}`);
    const json = (await response.json().catch(() => null)) as {
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    if (!json || typeof json.access_token !== 'string' || !json.access_token)
      throw fail('no access_token in the answer');
    if (/[\r\n]/.test(json.access_token)) throw fail('access_token contains CR or LF');
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600);
    this.tokens.set(this.key(auth), {
      token: json.access_token,
      expiresAt: this.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
    });
    return json.access_token;
  }
}
