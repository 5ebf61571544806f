import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly rollups of agent_metrics (kept long after the raw rows are gone). An hour is recomputed from its raw
 * rows while they exist; once they are deleted the hour is `sealed`.
 */
export class MetricsRollups1764200000000 implements MigrationInterface {
  name = 'MetricsRollups1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_metrics_hourly (
        agent_key text NOT NULL,
        agent_id uuid,
        agent_name text NOT NULL,
        hour timestamptz NOT NULL,
        count integer NOT NULL,
        successes integer NOT NULL,
        failures integer NOT NULL,
        duration_min double precision NOT NULL,
        duration_avg double precision NOT NULL,
        duration_max double precision NOT NULL,
        duration_p50 double precision NOT NULL,
        duration_p95 double precision NOT NULL,
        duration_p99 double precision NOT NULL,
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cost double precision NOT NULL,
        -- true once the hour's raw rows are deleted: raw rows of it that arrive later are added, not recomputed
        sealed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (agent_key, hour)
      )`);
    await q.query(`CREATE INDEX agent_metrics_hourly_hour_idx ON agent_metrics_hourly (hour)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_metrics_hourly`);
  }
}
