import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Conversation turns the gateway keeps for providers without memory (OpenAI, Anthropic, …). */
export class Conversations1763900000000 implements MigrationInterface {
  name = 'Conversations1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversation_turns (
        id bigserial PRIMARY KEY,
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        owner_id uuid REFERENCES users(id) ON DELETE CASCADE,
        context_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX conversation_turns_lookup_idx ON conversation_turns (agent_id, context_id, owner_id, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conversation_turns`);
  }
}
