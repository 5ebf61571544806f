import {
  AGENT_AUTH_TYPES,
  AGENT_PROVIDERS,
  type AgentAuthType,
  type AgentProvider,
} from '@switchboard/a2a-protocol';
import { moveField, type ReportIssue, type RequestBodyOptions } from '../common/request-body';

/**
 * ContextForge's A2A catalog API (`POST /a2a` with `endpoint_url`, `agent_type`, `auth_type`, `auth_value`)
 * onto ours, so its request bodies and scripts work unchanged. Responses stay camelCase.
 */

/** ContextForge's `agent_type` → our `provider` (its generic and jsonrpc agents are A2A JSON-RPC agents). */
export const CONTEXTFORGE_AGENT_TYPES = {
  generic: 'a2a',
  jsonrpc: 'a2a',
  openai: 'openai',
  anthropic: 'anthropic',
  custom: 'custom',
} as const satisfies Record<string, AgentProvider>;

/**
 * ContextForge's `auth_type` → our `authType`. ContextForge sends an `api_key` as
 * `Authorization: Bearer <auth_value>`, so it becomes a bearer token here too.
 */
export const CONTEXTFORGE_AUTH_TYPES = {
  api_key: 'bearer',
  bearer: 'bearer',
  basic: 'basic',
  none: 'none',
} as const satisfies Record<string, AgentAuthType>;

/** A string `auth_value` as the `auth` object of each type that takes one secret. */
const AUTH_VALUE_AS_OBJECT: Partial<
  Record<AgentAuthType, (value: string) => Record<string, string> | string>
> = {
  bearer: (token) => ({ token }),
  'api-key': (apiKey) => ({ apiKey }),
  basic: (pair) => {
    const colon = pair.indexOf(':');
    return colon > 0
      ? { username: pair.slice(0, colon), password: pair.slice(colon + 1) }
      : 'for basic, a string auth_value is "username:password"';
  },
};

const blank = (value: unknown) => value === null || value === '';

function mapped<T extends string>(
  body: Record<string, unknown>,
  field: string,
  table: Readonly<Record<string, T>>,
  ours: readonly string[],
  report: ReportIssue,
): void {
  const value = body[field];
  if (typeof value === 'string' && Object.hasOwn(table, value)) body[field] = table[value];
  else if (typeof value !== 'string' || !ours.includes(value)) {
    report(field, `must be one of ${[...new Set([...Object.keys(table), ...ours])].join(', ')}`);
    delete body[field];
  }
}

function fromContextForgeAgent(body: Record<string, unknown>, report: ReportIssue): void {
  for (const field of ['agent_type', 'auth_type', 'auth_value']) if (blank(body[field])) delete body[field];
  if ('agent_type' in body) {
    mapped(body, 'agent_type', CONTEXTFORGE_AGENT_TYPES, AGENT_PROVIDERS, report);
    moveField(body, 'agent_type', 'provider', report);
  }
  if ('auth_type' in body) {
    mapped(body, 'auth_type', CONTEXTFORGE_AUTH_TYPES, AGENT_AUTH_TYPES, report);
    moveField(body, 'auth_type', 'authType', report);
  }
  const value = body.auth_value;
  if (typeof value === 'string') {
    const toObject = AUTH_VALUE_AS_OBJECT[body.authType as AgentAuthType];
    const auth = toObject?.(value);
    if (auth === undefined || typeof auth === 'string') {
      report(
        'auth_value',
        auth ??
          `a string is taken for auth_type ${Object.keys(CONTEXTFORGE_AUTH_TYPES).join(', ')} ` +
            `(or authType ${Object.keys(AUTH_VALUE_AS_OBJECT).join(', ')}); otherwise give auth as an object`,
      );
      delete body.auth_value;
      return;
    }
    body.auth_value = auth;
  }
  moveField(body, 'auth_value', 'auth', report);
}

/** Agent create and update bodies: ContextForge's names beside ours. */
export const AGENT_BODY_ALIASES: RequestBodyOptions = {
  normalise: fromContextForgeAgent,
  aliasNote:
    'ContextForge’s snake_case field names are accepted too: `endpoint_url`, `protocol_version`, ' +
    '`rate_limit_rpm`, … (any field in snake_case); `agent_type` (' +
    Object.entries(CONTEXTFORGE_AGENT_TYPES)
      .map(([from, to]) => `${from} → ${to}`)
      .join(', ') +
    ') for `provider`; `auth_type` (' +
    Object.entries(CONTEXTFORGE_AUTH_TYPES)
      .map(([from, to]) => `${from} → ${to}`)
      .join(', ') +
    ') for `authType`; `auth_value` for `auth` (a string is the token, the API key, or "username:password").',
};
