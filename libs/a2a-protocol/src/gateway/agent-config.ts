import type { AgentAuth, AgentAuthType } from '../auth/auth-types';
import {
  FULL_CAPABILITIES,
  MINIMAL_CAPABILITIES,
  type AgentCapabilities as AgentCapabilitySet,
} from '../adapters/capabilities';
import type { AgentProvider } from '../adapters/providers';
import type { AgentBudget, TokenPricing } from '../types/cost.schemas';
import { slugify } from '../types/slug';

/** What the pipeline needs to know about one agent. */
export interface AgentSpec {
  /** Catalog id, when the agent comes from one. */
  id?: string;
  name: string;
  /** URL-safe alias the A2A proxy uses (defaults to a slug of the name). */
  slug: string;
  url: string;
  provider: AgentProvider;
  enabled: boolean;
  timeoutMs: number;
  description?: string;
  capabilities: AgentCapabilitySet;
  rateLimitRpm?: number | null;
  costPerRequest?: number | null;
  /** Prices of provider-reported tokens, per million, in the same unit as costPerRequest. */
  pricing?: TokenPricing | null;
  /** Spending caps per UTC day / calendar month (UTC); calls beyond them are refused. */
  budget?: AgentBudget | null;
  tags: string[];
  providerConfig: Record<string, unknown>;
  /** '1.0' or '0.3'; undefined = read it from the agent's card. */
  protocolVersion?: string;
  authType: AgentAuthType;
  /** The credentials, produced only when a call needs them (a catalog keeps them encrypted until then). */
  credentials: () => AgentAuth | undefined;
  /** Extra headers sent on every call (not secret). */
  headers?: Record<string, string>;
}

export const DEFAULT_AGENT_TIMEOUT_MS = 60_000;

/** Capability presets (litellm-rs's library API: `AgentCapabilities::full()` / `minimal()`). */
export const AgentCapabilities = {
  full: (): AgentCapabilitySet => ({ ...FULL_CAPABILITIES }),
  minimal: (): AgentCapabilitySet => ({ ...MINIMAL_CAPABILITIES }),
};

/**
 * An agent's configuration with a builder, as in litellm-rs's library API:
 * `new AgentConfig('my-agent', 'https://agent.example.com/a2a').withApiKey('k').withTimeout(30_000)`.
 * Every `with…` returns a new config; the original is unchanged.
 */
export class AgentConfig implements AgentSpec {
  readonly slug: string;
  readonly provider: AgentProvider = 'a2a';
  readonly enabled: boolean = true;
  readonly timeoutMs: number = DEFAULT_AGENT_TIMEOUT_MS;
  readonly description?: string;
  readonly capabilities: AgentCapabilitySet = {};
  readonly rateLimitRpm?: number | null;
  readonly costPerRequest?: number | null;
  readonly pricing?: TokenPricing | null;
  readonly budget?: AgentBudget | null;
  readonly tags: string[] = [];
  readonly providerConfig: Record<string, unknown> = {};
  readonly protocolVersion?: string;
  readonly authType: AgentAuthType = 'none';
  readonly auth?: AgentAuth;
  readonly headers?: Record<string, string>;

  constructor(
    readonly name: string,
    readonly url: string,
  ) {
    this.slug = slugify(name);
  }

  credentials = (): AgentAuth | undefined => this.auth;

  private with(patch: Partial<Omit<AgentConfig, 'name' | 'url' | 'credentials'>>): AgentConfig {
    const next = Object.assign(Object.create(AgentConfig.prototype) as AgentConfig, this, patch);
    next.credentials = () => next.auth;
    return next;
  }

  withProvider(provider: AgentProvider) {
    return this.with({ provider });
  }
  withApiKey(apiKey: string, headerName = 'X-API-Key') {
    return this.with({ authType: 'api-key', auth: { apiKey, headerName } });
  }
  withBearerToken(token: string) {
    return this.with({ authType: 'bearer', auth: { token } });
  }
  withBasicAuth(username: string, password: string) {
    return this.with({ authType: 'basic', auth: { username, password } });
  }
  withOAuth2ClientCredentials(auth: {
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    scope?: string;
    audience?: string;
  }) {
    return this.with({ authType: 'oauth2-client-credentials', auth });
  }
  withAuthHeaders(headers: Record<string, string>) {
    return this.with({ authType: 'headers', auth: { headers } });
  }
  withHeaders(headers: Record<string, string>) {
    return this.with({ headers: { ...this.headers, ...headers } });
  }
  withTimeout(timeoutMs: number) {
    return this.with({ timeoutMs });
  }
  withDescription(description: string) {
    return this.with({ description });
  }
  withCapabilities(capabilities: AgentCapabilitySet) {
    return this.with({ capabilities });
  }
  withRateLimit(rateLimitRpm: number) {
    return this.with({ rateLimitRpm });
  }
  withCostPerRequest(costPerRequest: number) {
    return this.with({ costPerRequest });
  }
  /** Price provider-reported tokens (per million input / output tokens). */
  withTokenPrices(inputPerMillion: number, outputPerMillion: number) {
    return this.with({ pricing: { inputPerMillion, outputPerMillion } });
  }
  withBudget(budget: AgentBudget) {
    return this.with({ budget });
  }
  withTags(...tags: string[]) {
    return this.with({ tags });
  }
  withProviderConfig(providerConfig: Record<string, unknown>) {
    return this.with({ providerConfig });
  }
  withProtocolVersion(protocolVersion: '1.0' | '0.3') {
    return this.with({ protocolVersion });
  }
  withEnabled(enabled: boolean) {
    return this.with({ enabled });
  }
}
