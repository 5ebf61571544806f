import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The names the catalog file (AGENTS_FILE) declared at its last apply, so that a later apply can prune. */
export class CatalogFileEntries1764900000000 implements MigrationInterface {
  name = 'CatalogFileEntries1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_file_entries (
        kind text NOT NULL CHECK (kind IN ('agent', 'server')),
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog_file_entries`);
  }
}
