import {
  AGENT_AUTH_PUBLIC_FIELDS,
  AGENT_AUTH_SCHEMAS,
  HttpHeaderNameSchema,
  AGENT_AUTH_TYPES,
  AGENT_PROVIDERS,
  AgentCapabilitiesSchema,
  checkProviderConfig,
  providerConfigFields,
  type AgentAuthType,
  type AgentCapabilities,
  type AgentProvider,
} from '@switchboard/a2a-protocol';
import {
  AgentCreateSchema,
  AgentUpdateSchema,
  type AgentCreate,
  type AgentCreateInput,
  type AgentRead,
  type AgentUpdate,
} from '@switchboard/api-contract';
import type { FieldPath, Resolver } from 'react-hook-form';
import { mappedSchemaResolver } from '../../../lib/schema-resolver';
import { z } from 'zod';

/*
 * The register form edits an AgentCreate through inputs that hold text (JSON, comma-separated tags,
 * numbers that may be empty). This module maps those form values onto AgentCreateSchema's input and
 * maps schema issues (client or server side) back onto the inputs. Every field, default and rule
 * comes from the lib schemas; nothing about the API shape is declared here.
 */

// ---------------------------------------------------------------------------------------------
// Capabilities

export type CapabilityName = keyof AgentCapabilities;

export const CAPABILITY_NAMES = Object.keys(AgentCapabilitiesSchema.shape) as CapabilityName[];

/** Checkbox labels; typed by the schema's keys, so a new capability fails to compile until labelled. */
export const CAPABILITY_LABELS: Record<CapabilityName, string> = {
  streaming: 'Streaming',
  pushNotifications: 'Push notifications',
  taskCancellation: 'Task cancellation',
  multiTurn: 'Multi-turn',
  fileAttachments: 'File attachments',
};

// ---------------------------------------------------------------------------------------------
// Auth

type AuthSchemas = typeof AGENT_AUTH_SCHEMAS;
/** Every secret/credential field name of every auth type. */
export type AuthFieldName = { [T in AgentAuthType]: keyof AuthSchemas[T]['shape'] & string }[AgentAuthType];
/** The `headers` auth type holds a record, edited as rows; all other fields are single strings. */
export type TextAuthFieldName = Exclude<AuthFieldName, 'headers'>;

export const AUTH_TYPE_LABELS: Record<AgentAuthType, string> = {
  none: 'None',
  'api-key': 'API key',
  bearer: 'Bearer token',
  basic: 'Basic auth',
  'oauth2-client-credentials': 'OAuth 2.0 client credentials',
  'aws-sigv4': 'AWS SigV4',
  'google-service-account': 'Google service account',
  'azure-entra': 'Microsoft Entra ID (client credentials)',
  headers: 'Custom headers',
};

export const AUTH_FIELD_LABELS: Record<AuthFieldName, string> = {
  apiKey: 'API key',
  headerName: 'Header name',
  queryParam: 'Query parameter',
  token: 'Token',
  username: 'Username',
  password: 'Password',
  tokenUrl: 'Token URL',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  scope: 'Scope',
  audience: 'Audience',
  accessKeyId: 'Access key ID',
  secretAccessKey: 'Secret access key',
  sessionToken: 'Session token',
  region: 'Region',
  service: 'Service',
  credentialsJson: 'Service account key (JSON)',
  scopes: 'Scopes',
  tenantId: 'Tenant ID',
  authorityHost: 'Authority host',
  headers: 'Headers',
};

export interface TextAuthFieldSpec {
  kind: 'text';
  name: TextAuthFieldName;
  label: string;
  /** Not in AGENT_AUTH_PUBLIC_FIELDS: entered as a password input and never shown back. */
  secret: boolean;
  required: boolean;
  /** The schema's default (e.g. "X-API-Key"), or ''. */
  defaultValue: string;
  inputType: 'password' | 'url' | 'text';
  /** A list (e.g. scopes), entered space- or comma-separated. */
  list: boolean;
  /** Long secret text (a key file): a textarea. */
  multiline: boolean;
}
export interface HeadersAuthFieldSpec {
  kind: 'headers';
  name: 'headers';
  label: string;
}
export type AuthFieldSpec = TextAuthFieldSpec | HeadersAuthFieldSpec;

function authShape(type: AgentAuthType): Record<string, z.ZodType> {
  return AGENT_AUTH_SCHEMAS[type].shape as Record<string, z.ZodType>;
}

/** The inputs the chosen auth type needs, derived from AGENT_AUTH_SCHEMAS[type].shape. */
export function authFieldsFor(type: AgentAuthType): AuthFieldSpec[] {
  return Object.entries(authShape(type)).map(([key, schema]): AuthFieldSpec => {
    const name = key as AuthFieldName;
    if (name === 'headers' || schema instanceof z.ZodRecord) {
      return { kind: 'headers', name: 'headers', label: AUTH_FIELD_LABELS.headers };
    }
    const whenEmpty = schema.safeParse(undefined);
    const secret = !AGENT_AUTH_PUBLIC_FIELDS[type].includes(name);
    const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
    const list = inner instanceof z.ZodArray;
    const fallback = whenEmpty.success ? whenEmpty.data : undefined;
    return {
      kind: 'text',
      name,
      label: AUTH_FIELD_LABELS[name] ?? name,
      secret,
      required: !whenEmpty.success,
      defaultValue: Array.isArray(fallback)
        ? fallback.join(' ')
        : typeof fallback === 'string'
          ? fallback
          : '',
      inputType: secret ? 'password' : schema instanceof z.ZodURL ? 'url' : 'text',
      list,
      multiline: name === 'credentialsJson',
    };
  });
}

const headersRecordSchema = AGENT_AUTH_SCHEMAS.headers.shape.headers;

// ---------------------------------------------------------------------------------------------
// Form values

export interface HeaderRow {
  name: string;
  value: string;
}

export interface AgentFormValues {
  name: string;
  description: string;
  endpointUrl: string;
  provider: AgentProvider;
  protocolVersion: string;
  capabilities: Record<CapabilityName, boolean>;
  /** JSON object text; empty = {}. */
  config: string;
  /** Each provider's config inputs (text, or a checkbox's boolean); only the chosen provider's are sent. */
  providerConfig: Record<AgentProvider, Record<string, string | boolean>>;
  authType: AgentAuthType;
  /** Values of every text auth field of every type; only the chosen type's are sent. */
  auth: Record<TextAuthFieldName, string>;
  /** Rows of the `headers` auth type. */
  authHeaders: HeaderRow[];
  /** Comma-separated. */
  tags: string;
  enabled: boolean;
  /** Number text; empty = not set. */
  timeoutMs: string;
  rateLimitRpm: string;
  costPerRequest: string;
}

/** An input of the form, or the header rows as a whole (`authHeaders.root`, RHF's field-array error). */
export type AgentFormPath = FieldPath<AgentFormValues> | 'authHeaders.root';

const createShape = AgentCreateSchema.shape;

export function defaultAgentFormValues(): AgentFormValues {
  const auth = {} as Record<TextAuthFieldName, string>;
  for (const type of AGENT_AUTH_TYPES) {
    for (const field of authFieldsFor(type)) {
      if (field.kind === 'text' && !(field.name in auth)) auth[field.name] = field.defaultValue;
    }
  }
  return {
    name: '',
    description: '',
    endpointUrl: '',
    provider: createShape.provider.parse(undefined),
    protocolVersion: createShape.protocolVersion.parse(undefined),
    capabilities: Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, false])) as Record<
      CapabilityName,
      boolean
    >,
    config: '',
    providerConfig: Object.fromEntries(
      AGENT_PROVIDERS.map((provider) => [
        provider,
        Object.fromEntries(
          providerConfigFields(provider).map((field) => [
            field.name,
            field.kind === 'boolean' ? field.default === true : '',
          ]),
        ),
      ]),
    ) as AgentFormValues['providerConfig'],
    authType: createShape.authType.parse(undefined),
    auth,
    authHeaders: [{ name: '', value: '' }],
    tags: '',
    enabled: createShape.enabled.parse(undefined),
    timeoutMs: '',
    rateLimitRpm: '',
    costPerRequest: '',
  };
}

// ---------------------------------------------------------------------------------------------
// Form values → AgentCreate input

export interface FormIssue {
  path: AgentFormPath;
  message: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseJsonObject(text: string): Parsed<Record<string, unknown>> {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    return { ok: false, message: `Invalid JSON${detail}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Must be a JSON object, e.g. {"key": "value"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function parseOptionalNumber(text: string): Parsed<number | undefined> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: undefined };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'Must be a number' };
}

export function parseTags(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function buildAuth(values: AgentFormValues, issues: FormIssue[]): Record<string, unknown> | undefined {
  const type = values.authType;
  if (type === 'none') return undefined;
  const auth: Record<string, unknown> = {};
  for (const field of authFieldsFor(type)) {
    if (field.kind === 'headers') {
      const headers: Record<string, string> = {};
      const seen = new Set<string>();
      values.authHeaders.forEach((row, index) => {
        const name = row.name.trim();
        if (!name && !row.value) return; // an empty row is ignored
        const nameCheck = HttpHeaderNameSchema.safeParse(name);
        if (!nameCheck.success) {
          issues.push({
            path: `authHeaders.${index}.name`,
            message: nameCheck.error.issues[0]?.message ?? 'Invalid',
          });
        } else if (seen.has(name.toLowerCase())) {
          issues.push({ path: `authHeaders.${index}.name`, message: 'This header is already set above' });
        }
        const valueCheck = headersRecordSchema.valueType.safeParse(row.value);
        if (!valueCheck.success) {
          issues.push({
            path: `authHeaders.${index}.value`,
            message: valueCheck.error.issues[0]?.message ?? 'Invalid',
          });
        }
        seen.add(name.toLowerCase());
        headers[name] = row.value;
      });
      auth.headers = headers;
      continue;
    }
    const raw = values.auth[field.name] ?? '';
    const value = field.secret ? raw : raw.trim();
    if (value === '') continue; // empty: optional, defaulted, or reported as required
    auth[field.name] = field.list ? value.split(/[\s,]+/).filter(Boolean) : value;
  }
  return auth;
}

/** The chosen provider's config from its inputs: empty inputs are left out (the schema's default applies). */
function buildProviderConfig(values: AgentFormValues, issues: FormIssue[]): Record<string, unknown> {
  const provider = values.provider;
  const config: Record<string, unknown> = {};
  for (const field of providerConfigFields(provider)) {
    const raw = values.providerConfig[provider]?.[field.name];
    const path = `providerConfig.${provider}.${field.name}` as AgentFormPath;
    if (field.kind === 'boolean') {
      config[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? (field.kind === 'longText' ? raw : raw.trim()) : '';
    if (text === '') continue;
    if (field.kind === 'number' || field.kind === 'integer') {
      const parsed = parseOptionalNumber(text);
      if (parsed.ok) config[field.name] = parsed.value;
      else issues.push({ path, message: parsed.message });
    } else if (field.kind === 'json') {
      const parsed = parseJsonObject(text);
      if (parsed.ok) config[field.name] = parsed.value;
      else issues.push({ path, message: parsed.message });
    } else {
      config[field.name] = text;
    }
  }
  return config;
}

/** Maps the form's text inputs onto AgentCreateSchema's input; issues are inputs that don't parse. */
export function toAgentCreateInput(values: AgentFormValues): {
  input: AgentCreateInput;
  issues: FormIssue[];
} {
  const issues: FormIssue[] = [];
  const json = (path: 'config') => {
    const parsed = parseJsonObject(values[path]);
    if (parsed.ok) return parsed.value;
    issues.push({ path, message: parsed.message });
    return undefined;
  };
  const number = (path: 'timeoutMs' | 'rateLimitRpm' | 'costPerRequest') => {
    const parsed = parseOptionalNumber(values[path]);
    if (parsed.ok) return parsed.value;
    issues.push({ path, message: parsed.message });
    return undefined;
  };
  const description = values.description.trim();
  const protocolVersion = values.protocolVersion.trim();
  const input: AgentCreateInput = {
    name: values.name,
    description: description || undefined,
    endpointUrl: values.endpointUrl.trim(),
    provider: values.provider,
    protocolVersion: protocolVersion || undefined,
    capabilities: { ...values.capabilities },
    config: json('config'),
    providerConfig: buildProviderConfig(values, issues),
    authType: values.authType,
    auth: buildAuth(values, issues),
    tags: parseTags(values.tags),
    enabled: values.enabled,
    timeoutMs: number('timeoutMs'),
    rateLimitRpm: number('rateLimitRpm'),
    costPerRequest: number('costPerRequest'),
  };
  return { input, issues };
}

// ---------------------------------------------------------------------------------------------
// Schema issue paths → form inputs

const PLAIN_FIELDS = new Set<string>([
  'name',
  'description',
  'endpointUrl',
  'provider',
  'protocolVersion',
  'config',
  'authType',
  'tags',
  'enabled',
  'timeoutMs',
  'rateLimitRpm',
  'costPerRequest',
]);

/**
 * The form input an AgentCreate issue path (e.g. "endpointUrl", "tags.2", "auth.token",
 * "auth.headers.X-Key") belongs to, or null when no input matches.
 */
export function formPathOf(
  issuePath: string | readonly PropertyKey[],
  values: AgentFormValues,
): AgentFormPath | null {
  const parts = typeof issuePath === 'string' ? issuePath.split('.') : issuePath.map(String);
  const [head, second, ...rest] = parts;
  if (!head) return null;
  if (PLAIN_FIELDS.has(head)) return head as AgentFormPath;
  if (head === 'providerConfig') {
    const field = providerConfigFields(values.provider).find((f) => f.name === second);
    return field ? (`providerConfig.${values.provider}.${field.name}` as AgentFormPath) : null;
  }
  if (head === 'capabilities') {
    return second && (CAPABILITY_NAMES as string[]).includes(second)
      ? `capabilities.${second as CapabilityName}`
      : null;
  }
  if (head !== 'auth') return null;
  if (!second) return 'authType';
  const fields = authFieldsFor(values.authType);
  if (second === 'headers' && fields.some((f) => f.kind === 'headers')) {
    const headerName = rest.join('.');
    const row = headerName ? values.authHeaders.findIndex((r) => r.name.trim() === headerName) : -1;
    return row >= 0 ? `authHeaders.${row}.name` : 'authHeaders.root';
  }
  const field = fields.find((f) => f.name === second);
  return field?.kind === 'text' ? `auth.${field.name}` : 'authType';
}

/** Adds detail an issue loses when it is shown next to a whole input (which tag was wrong). */
export function describeIssue(
  issuePath: string | readonly PropertyKey[],
  message: string,
  values: Pick<AgentFormValues, 'tags'>,
): string {
  const parts = typeof issuePath === 'string' ? issuePath.split('.') : issuePath.map(String);
  if (parts[0] === 'tags' && parts[1] !== undefined) {
    const tag = parseTags(values.tags)[Number(parts[1])];
    if (tag !== undefined) return `"${tag}": ${message}`;
  }
  return message;
}

/** The register form: validated with AgentCreateSchema; resolves to the AgentCreate to POST. */
export const agentFormResolver: Resolver<AgentFormValues, unknown, AgentCreate> = mappedSchemaResolver(
  AgentCreateSchema,
  { toInput: toAgentCreateInput, fieldOf: formPathOf, describe: describeIssue },
);

// ---------------------------------------------------------------------------------------------
// Edit: agent read → form values → AgentUpdate

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

/** The form filled in from a stored agent. Secret inputs stay empty: the API never returns them. */
export function agentFormValuesOf(agent: AgentRead): AgentFormValues {
  const values = defaultAgentFormValues();
  const stored = agent.auth ?? {};
  for (const field of authFieldsFor(agent.authType)) {
    if (field.kind === 'text' && !field.secret && field.name in stored)
      values.auth[field.name] = textOf(stored[field.name]);
  }
  if (agent.authType === 'headers' && stored.headers && typeof stored.headers === 'object') {
    const names = Object.keys(stored.headers as Record<string, unknown>);
    if (names.length > 0) values.authHeaders = names.map((name) => ({ name, value: '' }));
  }
  const providerValues = values.providerConfig[agent.provider];
  for (const field of providerConfigFields(agent.provider)) {
    const value = agent.providerConfig[field.name];
    if (value === undefined) continue;
    providerValues[field.name] = field.kind === 'boolean' ? value === true : textOf(value);
  }
  return {
    ...values,
    name: agent.name,
    description: agent.description ?? '',
    endpointUrl: agent.endpointUrl,
    provider: agent.provider,
    protocolVersion: agent.protocolVersion,
    capabilities: { ...values.capabilities, ...agent.capabilities },
    config: Object.keys(agent.config).length > 0 ? JSON.stringify(agent.config, null, 2) : '',
    authType: agent.authType,
    tags: agent.tags.join(', '),
    enabled: agent.enabled,
    timeoutMs: String(agent.timeoutMs),
    rateLimitRpm: textOf(agent.rateLimitRpm),
    costPerRequest: textOf(agent.costPerRequest),
  };
}

/** True when any secret input of the chosen auth type holds a value. */
function secretsEntered(values: AgentFormValues): boolean {
  return authFieldsFor(values.authType).some((field) =>
    field.kind === 'headers'
      ? values.authHeaders.some((row) => row.value !== '')
      : field.secret && (values.auth[field.name] ?? '') !== '',
  );
}

/** The non-secret auth settings (and header names) of the form, to tell whether they changed. */
function publicAuthOf(values: AgentFormValues): string {
  return JSON.stringify([
    authFieldsFor(values.authType).map((f) =>
      f.kind === 'text' && !f.secret ? values.auth[f.name].trim() : null,
    ),
    values.authHeaders.map((row) => row.name.trim()).filter(Boolean),
  ]);
}

/**
 * Maps the form onto an AgentUpdate input for `agent`. The stored secret is kept (no `auth` sent) while
 * the auth type is unchanged and every secret input is left empty; other auth settings cannot change
 * without the secret, since the API stores them together.
 */
export function toAgentUpdateInput(
  values: AgentFormValues,
  agent: AgentRead,
): { input: z.input<typeof AgentUpdateSchema>; issues: FormIssue[] } {
  const { input: create, issues } = toAgentCreateInput(values);
  let auth = create.auth;
  if (values.authType === agent.authType && values.authType !== 'none' && !secretsEntered(values)) {
    if (publicAuthOf(values) !== publicAuthOf(agentFormValuesOf(agent))) {
      const first = authFieldsFor(values.authType).find((f) => f.kind === 'headers' || f.secret);
      issues.push({
        path: first?.kind === 'text' ? `auth.${first.name}` : 'authHeaders.root',
        message: 'Enter the secret again to change the other credentials',
      });
    }
    auth = undefined;
  }
  const input: z.input<typeof AgentUpdateSchema> = {
    ...create,
    description: create.description ?? null,
    auth,
    rateLimitRpm: create.rateLimitRpm ?? null,
    costPerRequest: create.costPerRequest ?? null,
  };
  return { input, issues };
}

/** AgentUpdateSchema, plus the provider settings check the API runs on update. */
const AgentEditSchema = AgentUpdateSchema.superRefine((value, ctx) => {
  if (!value.provider) return;
  const checked = checkProviderConfig(value.provider, value.providerConfig ?? {});
  if (!checked.success) for (const issue of checked.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
});

/** The edit form of `agent`: validated with AgentUpdateSchema; resolves to the AgentUpdate to PUT. */
export function agentEditResolver(agent: AgentRead): Resolver<AgentFormValues, unknown, AgentUpdate> {
  return mappedSchemaResolver(AgentEditSchema, {
    toInput: (values: AgentFormValues) => toAgentUpdateInput(values, agent),
    fieldOf: formPathOf,
    describe: describeIssue,
  });
}
