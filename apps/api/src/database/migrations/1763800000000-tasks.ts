import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tasks the gateway has seen, bound to the user who created them; agent cards stored on the catalog. */
export class Tasks1763800000000 implements MigrationInterface {
  name = 'Tasks1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        task_id text NOT NULL,
        context_id text NOT NULL,
        state text NOT NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agent_id, task_id)
      )`);
    await q.query(`CREATE INDEX tasks_owner_updated_idx ON tasks (owner_id, updated_at DESC)`);
    await q.query(
      `ALTER TABLE agents ADD COLUMN card jsonb, ADD COLUMN card_url text, ADD COLUMN card_fetched_at timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP COLUMN card, DROP COLUMN card_url, DROP COLUMN card_fetched_at`);
    await q.query(`DROP TABLE tasks`);
  }
}
