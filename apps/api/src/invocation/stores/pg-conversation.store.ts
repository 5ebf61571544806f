import type { ChatTurn, ConversationKey, ConversationStore } from '@switchboard/a2a-protocol';
import { A2AError } from '@switchboard/a2a-protocol';
import { storableText } from '@switchboard/api-contract';
import type { DataSource } from 'typeorm';

/**
 * Conversation history in Postgres, so a conversation with a stateless provider survives a restart and
 * is the same on every replica. Only stateless providers with `historyTurns` > 0 touch it, once to read
 * and once to write per call.
 */
export class PgConversationStore implements ConversationStore {
  constructor(
    private readonly db: DataSource,
    private readonly agentId: (agentName: string) => string | undefined,
  ) {}

  async load(key: ConversationKey, limit: number): Promise<ChatTurn[]> {
    const agentId = this.idOf(key.agentName);
    const rows: { role: ChatTurn['role']; text: string }[] = await this.db.query(
      `SELECT role, text FROM (
         SELECT id, role, text FROM conversation_turns
         WHERE agent_id = $1 AND context_id = $2 AND owner_id IS NOT DISTINCT FROM $3
         ORDER BY id DESC LIMIT $4
       ) recent ORDER BY id`,
      [agentId, key.contextId, key.ownerId, limit],
    );
    return rows.map((r) => ({ role: r.role, text: r.text }));
  }

  async append(key: ConversationKey, turns: ChatTurn[]): Promise<void> {
    if (turns.length === 0) return;
    const agentId = this.idOf(key.agentName);
    const values: unknown[] = [];
    const rows = turns.map((turn, i) => {
      values.push(agentId, key.ownerId, key.contextId, turn.role, storableText(turn.text));
      const o = i * 5;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`;
    });
    await this.db.query(
      `INSERT INTO conversation_turns (agent_id, owner_id, context_id, role, text) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  private idOf(agentName: string): string {
    const id = this.agentId(agentName);
    if (!id) throw A2AError.agentNotFound(agentName);
    return id;
  }
}
