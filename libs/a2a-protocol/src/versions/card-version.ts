import { z } from 'zod';
import { AgentCardSchema, AgentInterfaceSchema, type AgentCard, type ProtocolBindingSchema } from '../types';
import { V03AgentCardSchema } from './v03.schemas';
import { fromV03AgentCard, isV03ProtocolVersion, isV10ProtocolVersion } from './v03-card-translate';
import type { A2AProtocolVersion } from './protocol-versions';

/** A fetched document is not an Agent Card the gateway can use; the message says what is wrong. */
export class CardFormatError extends Error {
  override readonly name = 'CardFormatError';
  constructor(
    message: string,
    /** One line per schema problem (`path: message`), when the card failed validation. */
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The three standard bindings, while still allowing any other string a card may declare. */
export type ProtocolBindingName = z.infer<typeof ProtocolBindingSchema> | (string & Record<never, never>);

export interface DetectedCard {
  /** The protocol generation to speak to this agent. */
  version: A2AProtocolVersion;
  /** The version string as the card states it ('1.0', '0.3.0', '0.2.5'); '' for an early 0.2 card that has none. */
  declared: string;
  /** The card in v1.0 shape, whatever it was fetched as. */
  card: AgentCard;
  /** Binding and URL of the agent's preferred endpoint for `version`. */
  preferredBinding: ProtocolBindingName;
  url: string;
}

/**
 * Classifies a fetched Agent Card and normalizes it to v1.0:
 *  - v1.0: has `supportedInterfaces`. The version to speak is 1.0 if any interface declares 1.x, else 0.3 if
 *    one declares 0.2/0.3 (a v1.0-shaped card for a legacy endpoint, such as `fromV03AgentCard` output).
 *    @a2a-js/sdk servers answer clients that send no `A2A-Version` header with a v0.3 card that embeds the v1.0
 *    `supportedInterfaces`; such hybrids are read through their v0.3 fields, keeping the v1.0 interface list.
 *  - v0.3: `protocolVersion` 0.3.x, or 0.2.x (or none at all, as early 0.2 cards) with a `url`.
 * Anything else throws {@link CardFormatError}.
 */
export function detectCardVersion(json: unknown): DetectedCard {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CardFormatError(`agent card must be a JSON object, got ${describe(json)}`);
  }
  const fields = json as Record<string, unknown>;
  if (Array.isArray(fields.supportedInterfaces) && fields.supportedInterfaces.length > 0) {
    return detectV10(fields);
  }
  const declared = fields.protocolVersion;
  if (declared !== undefined && typeof declared !== 'string') {
    throw new CardFormatError(`protocolVersion must be a string, got ${describe(declared)}`);
  }
  if (isV10ProtocolVersion(declared)) {
    throw new CardFormatError(`card declares protocolVersion ${declared} but has no supportedInterfaces`);
  }
  if (declared !== undefined && !isV03ProtocolVersion(declared)) {
    throw new CardFormatError(`unsupported protocolVersion "${declared}" (expected 1.x, 0.3.x or 0.2.x)`);
  }
  if (typeof fields.url !== 'string') {
    throw new CardFormatError('card has neither supportedInterfaces (v1.0) nor url (v0.3/0.2)');
  }
  return detectV03(fields);
}

function detectV03(fields: Record<string, unknown>): DetectedCard {
  const v03 = parseOrThrow(V03AgentCardSchema, fields, 'v0.3 agent card');
  return {
    version: '0.3',
    declared: v03.protocolVersion ?? '',
    card: fromV03AgentCard(v03),
    preferredBinding: v03.preferredTransport ?? 'JSONRPC',
    url: v03.url,
  };
}

function detectV10(fields: Record<string, unknown>): DetectedCard {
  const card = readHybrid(fields) ?? parseOrThrow(AgentCardSchema, fields, 'v1.0 agent card');
  const v10 = card.supportedInterfaces.find((i) => isV10ProtocolVersion(i.protocolVersion));
  const v03 = card.supportedInterfaces.find((i) => isV03ProtocolVersion(i.protocolVersion));
  const chosen = v10 ?? v03;
  if (!chosen) {
    const found = card.supportedInterfaces.map((i) => i.protocolVersion || '(empty)').join(', ');
    throw new CardFormatError(`no interface declares a supported protocolVersion (found: ${found})`);
  }
  return {
    version: v10 ? '1.0' : '0.3',
    declared: chosen.protocolVersion,
    card,
    preferredBinding: chosen.protocolBinding,
    url: chosen.url,
  };
}

/**
 * A v0.3 card with v1.0 interfaces embedded (see {@link detectCardVersion}). Its security schemes and flags are
 * in v0.3 shape, so it is translated as v0.3 and then given its own, authoritative, interface list. Returns
 * undefined when the card is not such a hybrid, or is not valid as one (it is then judged as plain v1.0).
 */
function readHybrid(fields: Record<string, unknown>): AgentCard | undefined {
  const declared = fields.protocolVersion;
  if (typeof fields.url !== 'string' || typeof declared !== 'string' || !isV03ProtocolVersion(declared)) {
    return undefined;
  }
  const v03 = V03AgentCardSchema.safeParse(fields);
  const interfaces = z.array(AgentInterfaceSchema).safeParse(fields.supportedInterfaces);
  if (!v03.success || !interfaces.success) return undefined;
  return { ...fromV03AgentCard(v03.data), supportedInterfaces: interfaces.data };
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const shown = issues.slice(0, 3).join('; ') + (issues.length > 3 ? `; … ${issues.length - 3} more` : '');
  throw new CardFormatError(`invalid ${what}: ${shown}`, issues);
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
