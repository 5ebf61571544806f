import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every change of an agent's health state, for its history in the dashboard. */
export class AgentHealthEvents1764700000000 implements MigrationInterface {
  name = 'AgentHealthEvents1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_health_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        from_state text NOT NULL,
        to_state text NOT NULL,
        error text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX agent_health_events_agent_at_idx ON agent_health_events (agent_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_health_events`);
  }
}
