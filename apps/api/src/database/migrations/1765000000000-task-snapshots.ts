import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the gateway last saw of each task (status timestamp and message, bounded artifacts and history),
 * so that A2A ListTasks is answered without asking the agent; and an index for its keyset pages: one
 * agent's tasks of one owner, newest first.
 */
export class TaskSnapshots1765000000000 implements MigrationInterface {
  name = 'TaskSnapshots1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN status_timestamp text,
        ADD COLUMN status_message jsonb,
        ADD COLUMN artifacts jsonb,
        ADD COLUMN history jsonb`);
    await q.query(
      `CREATE INDEX tasks_agent_owner_updated_idx ON tasks (agent_id, owner_id, updated_at DESC, task_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_agent_owner_updated_idx`);
    await q.query(
      `ALTER TABLE tasks DROP COLUMN status_timestamp, DROP COLUMN status_message, DROP COLUMN artifacts, DROP COLUMN history`,
    );
  }
}
