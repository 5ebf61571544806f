import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Token prices and spending budgets per agent. */
export class AgentCost1764300000000 implements MigrationInterface {
  name = 'AgentCost1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents ADD COLUMN pricing jsonb, ADD COLUMN budget jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP COLUMN pricing, DROP COLUMN budget`);
  }
}
