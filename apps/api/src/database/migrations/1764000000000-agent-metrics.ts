import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per finished call. No foreign key to agents on purpose: a batch holding rows of an agent deleted
 * meanwhile must still insert (the agent's name stays on the row). Ids come from the gateway, so a flush
 * retried after an ambiguous failure never duplicates a row.
 */
export class AgentMetrics1764000000000 implements MigrationInterface {
  name = 'AgentMetrics1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_metrics (
        id uuid PRIMARY KEY,
        agent_id uuid,
        agent_name text NOT NULL,
        caller_id uuid,
        front_door text NOT NULL,
        operation text NOT NULL,
        interaction_type text,
        started_at timestamptz NOT NULL,
        duration_ms double precision NOT NULL,
        ok boolean NOT NULL,
        error_code text,
        upstream_status integer,
        attempts integer NOT NULL,
        input_tokens integer,
        output_tokens integer,
        cost double precision NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX agent_metrics_agent_started_idx ON agent_metrics (agent_id, started_at)`);
    await q.query(`CREATE INDEX agent_metrics_started_idx ON agent_metrics (started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_metrics`);
  }
}
