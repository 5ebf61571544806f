import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last known health of each agent, so that a restart does not forget an agent that was failing (or
 * an open circuit). The live state is kept in memory by the gateway; these columns are written behind it.
 * NULL health_state: never observed.
 */
export class AgentHealth1764100000000 implements MigrationInterface {
  name = 'AgentHealth1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agents
        ADD COLUMN health_state text,
        ADD COLUMN health_consecutive_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN health_consecutive_successes integer NOT NULL DEFAULT 0,
        ADD COLUMN health_last_error text,
        ADD COLUMN health_latency_ms double precision,
        ADD COLUMN health_checked_at timestamptz,
        ADD COLUMN health_open_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agents
        DROP COLUMN health_state,
        DROP COLUMN health_consecutive_failures,
        DROP COLUMN health_consecutive_successes,
        DROP COLUMN health_last_error,
        DROP COLUMN health_latency_ms,
        DROP COLUMN health_checked_at,
        DROP COLUMN health_open_until`);
  }
}
