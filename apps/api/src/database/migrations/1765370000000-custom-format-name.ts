import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The custom provider's `format: "seed000"` is called `contextforge` now (ContextForge's custom JSON shape):
 * stored agents get the new name. Configs that still say seed000 (catalog files, library users) are read as
 * contextforge, so nothing depends on this having run; it keeps reads and exports in one spelling.
 */
export class CustomFormatName1765370000000 implements MigrationInterface {
  name = 'CustomFormatName1765370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE agents SET provider_config = jsonb_set(provider_config, '{format}', '"contextforge"')
      WHERE provider = 'custom' AND provider_config->>'format' = 'seed000'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE agents SET provider_config = jsonb_set(provider_config, '{format}', '"seed000"')
      WHERE provider = 'custom' AND provider_config->>'format' = 'contextforge'`);
  }
}
