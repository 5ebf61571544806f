import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once metric writes by batch instead of by row: a batch claims its id in agent_metrics_batches in
 * the transaction that writes its rows, so agent_metrics needs no per-row key and can be filled with COPY.
 * The ids are deleted with the raw rows they stood for.
 */
export class MetricsBatches1764800000000 implements MigrationInterface {
  name = 'MetricsBatches1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_metrics_batches (
        id uuid PRIMARY KEY,
        written_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE agent_metrics DROP COLUMN id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE agent_metrics ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY`,
    );
    await q.query(`ALTER TABLE agent_metrics ALTER COLUMN id DROP DEFAULT`);
    await q.query(`DROP TABLE agent_metrics_batches`);
  }
}
