/** One turn of a conversation kept by the gateway for a provider that keeps none. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** Whose conversation: an agent, a caller (null = anonymous library use) and the A2A contextId. */
export interface ConversationKey {
  agentName: string;
  ownerId: string | null;
  contextId: string;
}

/**
 * Conversation history for stateless providers. In memory by default (bounded); the API keeps it in
 * Postgres so a conversation survives restarts and is shared by replicas.
 */
export interface ConversationStore {
  /** The last `limit` turns, oldest first. */
  load(key: ConversationKey, limit: number): Promise<ChatTurn[]>;
  append(key: ConversationKey, turns: ChatTurn[]): Promise<void>;
}
