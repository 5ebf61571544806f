import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * agent_metrics is written on every call and read rarely (rollups, recent series): time-ordered ids and a
 * BRIN index on started_at cost almost nothing per insert, where B-trees on random keys cost the most.
 */
export class AgentMetricsBrin1764400000000 implements MigrationInterface {
  name = 'AgentMetricsBrin1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agent_metrics_agent_started_idx`);
    await q.query(`DROP INDEX agent_metrics_started_idx`);
    await q.query(`CREATE INDEX agent_metrics_started_brin ON agent_metrics USING brin (started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agent_metrics_started_brin`);
    await q.query(`CREATE INDEX agent_metrics_started_idx ON agent_metrics (started_at)`);
    await q.query(`CREATE INDEX agent_metrics_agent_started_idx ON agent_metrics (agent_id, started_at)`);
  }
}
