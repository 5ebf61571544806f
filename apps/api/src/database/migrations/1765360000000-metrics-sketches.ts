import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A latency sketch per hourly rollup (a DDSketch in its protobuf format), so the percentiles of any window of
 * hours are those of the merged sketches rather than a mean of hourly percentiles. Hours rolled up before
 * have none: an unsealed hour gets one when the next rollup recomputes it from its raw rows; a sealed hour
 * (raw rows gone) keeps none, and windows that include it report their percentiles as approximate.
 */
export class MetricsSketches1765360000000 implements MigrationInterface {
  name = 'MetricsSketches1765360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_metrics_hourly ADD COLUMN duration_sketch bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_metrics_hourly DROP COLUMN duration_sketch`);
  }
}
