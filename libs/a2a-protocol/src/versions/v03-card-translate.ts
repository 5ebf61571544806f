import { z } from 'zod';
import type { AgentCard } from '../types';
import {
  V03AgentExtensionSchema,
  V03SecuritySchemeSchema,
  type V03AgentCard,
  type V03AgentExtension,
  type V03AgentInterface,
  type V03AgentSkill,
  type V03OAuthFlows,
  type V03SecurityRequirement,
  type V03SecurityScheme,
} from './v03.schemas';
import { compact } from './compact';

/**
 * Agent Card translation between v0.3 (and 0.2.x) and v1.0.
 *
 * Endpoints: v0.3 has `url` + `preferredTransport` + `additionalInterfaces[]` and one card-level
 * `protocolVersion`; v1.0 has `supportedInterfaces[]`, each with its own `protocolVersion`, preferred first.
 * Security schemes: v0.3 uses OpenAPI objects (`{ type: 'http', scheme }`), v1.0 ProtoJSON oneofs
 * (`{ httpAuthSecurityScheme: { scheme } }`); requirements go from `{ name: scopes[] }` to
 * `{ schemes: { name: { list: scopes } } }`.
 *
 * Not carried, in either direction: card `signatures` (a signature covers the bytes of one version's card, so
 * it cannot survive translation), per-skill security (the core `AgentSkill` does not model it yet) and
 * v0.3 `capabilities.stateTransitionHistory` (gone in v1.0).
 */

/** `protocolVersion` stamped on interfaces that come from a v0.3 or 0.2 card (0.2 agents are spoken to as 0.3). */
export const V03_INTERFACE_PROTOCOL_VERSION = '0.3';
/** The v0.3 default transport, for 0.2 cards that predate `preferredTransport`. */
const DEFAULT_V03_TRANSPORT = 'JSONRPC';

/** 0.2.x and 0.3.x: the versions spoken with the v0.3 wire shapes. An empty version means a pre-0.2.5 card. */
export const isV03ProtocolVersion = (version: string | undefined): boolean =>
  !version || /^0\.[23](\.\d+)*$/.test(version.trim());
export const isV10ProtocolVersion = (version: string | undefined): boolean =>
  !!version && /^1(\.\d+)*$/.test(version.trim());

type AgentInterface = AgentCard['supportedInterfaces'][number];

// ---------------------------------------------------------------------------------------------------------------
// v0.3 → v1.0
// ---------------------------------------------------------------------------------------------------------------

export function fromV03AgentCard(card: V03AgentCard): AgentCard {
  return compact({
    name: card.name,
    description: card.description,
    supportedInterfaces: fromV03Interfaces(card),
    provider: card.provider,
    version: card.version,
    documentationUrl: card.documentationUrl,
    capabilities: compact({
      streaming: card.capabilities.streaming,
      pushNotifications: card.capabilities.pushNotifications,
      extendedAgentCard: card.supportsAuthenticatedExtendedCard,
      extensions: card.capabilities.extensions?.map((extension) => compact(extension)),
    }),
    securitySchemes: card.securitySchemes && mapValues(card.securitySchemes, fromV03SecurityScheme),
    securityRequirements: card.security?.map(fromV03SecurityRequirement),
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map(fromV03Skill),
    iconUrl: card.iconUrl,
  });
}

/**
 * Preferred endpoint first, then the additional ones. The v0.3 spec asks agents to repeat the main
 * url/transport in `additionalInterfaces`, so exact duplicates are dropped.
 */
function fromV03Interfaces(card: V03AgentCard): AgentInterface[] {
  const preferred = { url: card.url, transport: card.preferredTransport ?? DEFAULT_V03_TRANSPORT };
  const all = [preferred, ...(card.additionalInterfaces ?? [])];
  const unique = all.filter(
    (candidate, i) =>
      all.findIndex((o) => o.url === candidate.url && o.transport === candidate.transport) === i,
  );
  return unique.map((i) => ({
    url: i.url,
    protocolBinding: i.transport,
    protocolVersion: V03_INTERFACE_PROTOCOL_VERSION,
  }));
}

function fromV03Skill(skill: V03AgentSkill): AgentCard['skills'][number] {
  return compact({
    id: skill.id,
    name: skill.name,
    description: skill.description,
    tags: skill.tags,
    examples: skill.examples,
    inputModes: skill.inputModes,
    outputModes: skill.outputModes,
  });
}

export function fromV03SecurityRequirement(requirement: V03SecurityRequirement): V10SecurityRequirement {
  return { schemes: mapValues(requirement, (scopes) => ({ list: scopes })) };
}

export function fromV03SecurityScheme(scheme: V03SecurityScheme): V10SecurityScheme {
  switch (scheme.type) {
    case 'apiKey':
      return {
        apiKeySecurityScheme: compact({
          location: scheme.in,
          name: scheme.name,
          description: scheme.description,
        }),
      };
    case 'http':
      return {
        httpAuthSecurityScheme: compact({
          scheme: scheme.scheme,
          bearerFormat: scheme.bearerFormat,
          description: scheme.description,
        }),
      };
    case 'oauth2':
      return {
        oauth2SecurityScheme: compact({
          flows: fromV03OAuthFlows(scheme.flows),
          oauth2MetadataUrl: scheme.oauth2MetadataUrl,
          description: scheme.description,
        }),
      };
    case 'openIdConnect':
      return {
        openIdConnectSecurityScheme: compact({
          openIdConnectUrl: scheme.openIdConnectUrl,
          description: scheme.description,
        }),
      };
    case 'mutualTLS':
      return { mtlsSecurityScheme: compact({ description: scheme.description }) };
  }
}

/**
 * v1.0 `OAuthFlows` is a oneof: one flow per scheme. A v0.3 scheme declaring several keeps the first in the
 * order below (the @a2a-js/sdk compat layer's order); declare one scheme per flow to keep them all.
 */
const OAUTH_FLOW_ORDER = ['authorizationCode', 'clientCredentials', 'implicit', 'password'] as const;

function fromV03OAuthFlows(flows: V03OAuthFlows): V10OAuthFlows {
  const name = OAUTH_FLOW_ORDER.find((flow) => flows[flow] !== undefined);
  return name ? { [name]: compact({ ...flows[name] }) } : {};
}

// ---------------------------------------------------------------------------------------------------------------
// v1.0 → v0.3
// ---------------------------------------------------------------------------------------------------------------

export interface ToV03AgentCardOptions {
  /** The card-level `protocolVersion` to declare; defaults to '0.3.0'. */
  protocolVersion?: string;
}

/**
 * The first interface becomes `url`/`preferredTransport`, the rest `additionalInterfaces`. When the card lists
 * interfaces for v0.3 (0.2/0.3 `protocolVersion`) only those are offered, since a v0.3 client cannot speak to a
 * 1.0 endpoint; a card with none (say, the gateway's own, which answers both versions on one URL) offers all.
 */
export function toV03AgentCard(card: AgentCard, options: ToV03AgentCardOptions = {}): V03AgentCard {
  const v03Interfaces = card.supportedInterfaces.filter((i) => isV03ProtocolVersion(i.protocolVersion));
  const [primary, ...additional] = (v03Interfaces.length > 0 ? v03Interfaces : card.supportedInterfaces).map(
    toV03Interface,
  );
  // The v1.0 schema requires an interface; a hand-built card without one still gets a (useless) well-formed card.
  const main = primary ?? { url: '', transport: DEFAULT_V03_TRANSPORT };
  return compact({
    protocolVersion: options.protocolVersion ?? '0.3.0',
    name: card.name,
    description: card.description,
    url: main.url,
    preferredTransport: main.transport,
    additionalInterfaces: additional.length > 0 ? additional : undefined,
    version: card.version,
    provider: card.provider,
    iconUrl: card.iconUrl,
    documentationUrl: card.documentationUrl,
    capabilities: compact({
      streaming: card.capabilities.streaming,
      pushNotifications: card.capabilities.pushNotifications,
      extensions: card.capabilities.extensions && toV03Extensions(card.capabilities.extensions),
    }),
    securitySchemes: card.securitySchemes && toV03SecuritySchemes(card.securitySchemes),
    security:
      card.securityRequirements && keepDefined(card.securityRequirements.map(toV03SecurityRequirement)),
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map((skill) => compact({ ...skill })),
    supportsAuthenticatedExtendedCard: card.capabilities.extendedAgentCard,
  });
}

const toV03Interface = (i: AgentInterface): V03AgentInterface => ({
  url: i.url,
  transport: i.protocolBinding,
});

/** The core card types extensions loosely (`unknown[]`); entries without a `uri` cannot be expressed and are dropped. */
function toV03Extensions(extensions: unknown[]): V03AgentExtension[] {
  return keepDefined(
    extensions.map((extension) => {
      const parsed = V03AgentExtensionSchema.safeParse(extension);
      return parsed.success ? compact(parsed.data) : undefined;
    }),
  );
}

/** Schemes neither in v1.0 nor already in v0.3 shape (unknown to both specs) are dropped rather than passed on broken. */
function toV03SecuritySchemes(schemes: Record<string, unknown>): Record<string, V03SecurityScheme> {
  const translated: Record<string, V03SecurityScheme> = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const v03 = toV03SecurityScheme(scheme);
    if (v03) translated[name] = v03;
  }
  return translated;
}

export function toV03SecurityScheme(scheme: unknown): V03SecurityScheme | undefined {
  const v1 = V10SecuritySchemeSchema.safeParse(scheme);
  if (v1.success) return toV03FromV10SecurityScheme(v1.data);
  // Cards served by @a2a-js/sdk to header-less clients embed v0.3-shaped schemes; those need no translation.
  const v03 = V03SecuritySchemeSchema.safeParse(scheme);
  return v03.success ? compact(v03.data) : undefined;
}

function toV03FromV10SecurityScheme(scheme: V10SecurityScheme): V03SecurityScheme {
  if ('apiKeySecurityScheme' in scheme) {
    const s = scheme.apiKeySecurityScheme;
    // v1.0 widened `location` to a free string; OpenAPI's default is the header.
    const location = s.location === 'query' || s.location === 'cookie' ? s.location : 'header';
    return compact({ type: 'apiKey' as const, in: location, name: s.name, description: s.description });
  }
  if ('httpAuthSecurityScheme' in scheme) {
    const s = scheme.httpAuthSecurityScheme;
    return compact({
      type: 'http' as const,
      scheme: s.scheme,
      bearerFormat: s.bearerFormat,
      description: s.description,
    });
  }
  if ('oauth2SecurityScheme' in scheme) {
    const s = scheme.oauth2SecurityScheme;
    return compact({
      type: 'oauth2' as const,
      flows: toV03OAuthFlows(s.flows),
      oauth2MetadataUrl: s.oauth2MetadataUrl,
      description: s.description,
    });
  }
  if ('openIdConnectSecurityScheme' in scheme) {
    const s = scheme.openIdConnectSecurityScheme;
    return compact({
      type: 'openIdConnect' as const,
      openIdConnectUrl: s.openIdConnectUrl,
      description: s.description,
    });
  }
  return compact({ type: 'mutualTLS' as const, description: scheme.mtlsSecurityScheme.description });
}

/** The device-code flow is v1.0-only; a scheme offering just that ends up with no v0.3 flow. */
function toV03OAuthFlows(flows: V10OAuthFlows | undefined): V03OAuthFlows {
  const name = OAUTH_FLOW_ORDER.find((flow) => flows?.[flow] !== undefined);
  return name && flows ? { [name]: compact({ ...flows[name] }) } : {};
}

export function toV03SecurityRequirement(requirement: unknown): V03SecurityRequirement | undefined {
  const parsed = V10SecurityRequirementSchema.safeParse(requirement);
  // ProtoJSON leaves out an empty `list`: `{ bearer: {} }` means "bearer, no scopes".
  return parsed.success ? mapValues(parsed.data.schemes, (scopes) => scopes.list ?? []) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// v1.0 security shapes (ProtoJSON). The core AgentCard types them as `unknown`; these are what we read and write.
// ---------------------------------------------------------------------------------------------------------------

const Scopes = z.record(z.string(), z.string());
const described = { description: z.string().optional() };
const oauthFlow = { refreshUrl: z.string().optional(), scopes: Scopes.default({}) };

export const V10OAuthFlowsSchema = z.object({
  authorizationCode: z
    .object({
      authorizationUrl: z.string(),
      tokenUrl: z.string(),
      pkceRequired: z.boolean().optional(),
      ...oauthFlow,
    })
    .optional(),
  clientCredentials: z.object({ tokenUrl: z.string(), ...oauthFlow }).optional(),
  implicit: z.object({ authorizationUrl: z.string(), ...oauthFlow }).optional(),
  password: z.object({ tokenUrl: z.string(), ...oauthFlow }).optional(),
  deviceCode: z.object({ deviceAuthorizationUrl: z.string(), tokenUrl: z.string(), ...oauthFlow }).optional(),
});
export type V10OAuthFlows = z.infer<typeof V10OAuthFlowsSchema>;

export const V10SecuritySchemeSchema = z.union([
  z.object({
    apiKeySecurityScheme: z.object({ location: z.string().optional(), name: z.string(), ...described }),
  }),
  z.object({
    httpAuthSecurityScheme: z.object({
      scheme: z.string(),
      bearerFormat: z.string().optional(),
      ...described,
    }),
  }),
  z.object({
    oauth2SecurityScheme: z.object({
      flows: V10OAuthFlowsSchema.optional(),
      oauth2MetadataUrl: z.string().optional(),
      ...described,
    }),
  }),
  z.object({ openIdConnectSecurityScheme: z.object({ openIdConnectUrl: z.string(), ...described }) }),
  z.object({ mtlsSecurityScheme: z.object({ ...described }) }),
]);
export type V10SecurityScheme = z.infer<typeof V10SecuritySchemeSchema>;

export const V10SecurityRequirementSchema = z.object({
  schemes: z.record(z.string(), z.object({ list: z.array(z.string()).optional() })),
});
export type V10SecurityRequirement = z.infer<typeof V10SecurityRequirementSchema>;

// ---------------------------------------------------------------------------------------------------------------

function mapValues<A, B>(record: Record<string, A>, fn: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

const keepDefined = <T>(items: (T | undefined)[]): T[] =>
  items.filter((item): item is T => item !== undefined);
