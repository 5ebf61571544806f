import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../types/a2a.schemas';
import type { AgentProvider } from './providers';
import type { ConversationStore } from './conversation';

/** Tokens a provider reports for one call; [4/7] turns them into cost. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  model?: string;
  /** Counted by the gateway from the text (≈ 4 characters a token), the provider reported none. */
  estimated?: boolean;
}

/** What an adapter gets for one call: the agent, a fetch bound to it, and the call's abort signal. */
export interface AdapterContext {
  agent: import('../gateway/agent-config').AgentSpec;
  /** Outbound fetch for this agent: SSRF policy, credentials, size cap and typed errors included. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Aborts on timeout (reason: an A2AError TIMEOUT) or when the caller goes away. */
  signal: AbortSignal;
  /** Who is calling: conversations and tasks are theirs alone. */
  callerId: string | null;
  /** Conversation memory for providers that keep none (OpenAI, Anthropic, …), per agent, caller and contextId. */
  conversations: ConversationStore;
  /** Token usage the provider reported for this call; recorded with the call's metrics. */
  reportUsage(usage: TokenUsage): void;
}

/**
 * One kind of agent behind the gateway (A2A, LangGraph, Vertex AI, …). Adapters speak their provider's
 * wire format and give back A2A v1.0 shapes; they throw A2AError (mark `details.retryable` only when the
 * agent cannot have acted). Timeouts, retries, limits, breaker and metrics are the gateway's job.
 */
export interface ProviderAdapter {
  readonly provider: AgentProvider;
  send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse>;
  stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent>;
  getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task>;
  cancelTask(ctx: AdapterContext, taskId: string): Promise<Task>;
  subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent>;
  /** The agent's card in v1.0 shape, if the provider has one. */
  card(ctx: AdapterContext): Promise<AgentCard>;
  /**
   * For health probes: one cheap request that proves the agent answers, past any cache (resolves, or throws
   * like a call would). Without it a probe checks that the agent's URL answers HTTP at all.
   */
  healthCheck?(ctx: AdapterContext): Promise<void>;
  /** Forget anything cached for an agent (its card, clients) after its config changed. */
  forget?(agentName: string): void;
}
