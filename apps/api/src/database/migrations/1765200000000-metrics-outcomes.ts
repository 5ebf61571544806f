import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each call ended as its caller saw it (`outcome`), refused calls included, and the count of each
 * outcome per hourly rollup (`outcomes`, an object of counts). Rows written before this have their outcome
 * from what they recorded: ok → success, CANCELED → canceled, anything else → failure (refused calls were
 * not recorded then). The check lists the gateway's outcomes (INVOCATION_OUTCOMES): a new one comes with a
 * migration that widens it.
 */
export class MetricsOutcomes1765200000000 implements MigrationInterface {
  name = 'MetricsOutcomes1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_metrics ADD COLUMN outcome text`);
    await q.query(`
      UPDATE agent_metrics SET outcome = CASE
        WHEN ok THEN 'success' WHEN error_code = 'CANCELED' THEN 'canceled' ELSE 'failure' END`);
    await q.query(`ALTER TABLE agent_metrics ALTER COLUMN outcome SET NOT NULL`);
    await q.query(`
      ALTER TABLE agent_metrics ADD CONSTRAINT agent_metrics_outcome_check CHECK (outcome IN (
        'success', 'failure', 'canceled', 'shutdown', 'rate_limited', 'circuit_open', 'budget_exceeded',
        'unauthorized', 'rejected'))`);
    await q.query(`ALTER TABLE agent_metrics_hourly ADD COLUMN outcomes jsonb NOT NULL DEFAULT '{}'::jsonb`);
    // Hours rolled up before: their successes and failures are all that is known of them.
    await q.query(`
      UPDATE agent_metrics_hourly SET outcomes = jsonb_build_object('success', successes, 'failure', failures)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_metrics_hourly DROP COLUMN outcomes`);
    await q.query(`ALTER TABLE agent_metrics DROP COLUMN outcome`);
  }
}
