import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agents columns an operator sets (health and last_interaction, written behind calls, are not among them). */
const AGENT_SETTINGS = [
  'name',
  'slug',
  'description',
  'endpoint_url',
  'provider',
  'protocol_version',
  'capabilities',
  'config',
  'provider_config',
  'auth_type',
  'auth_value',
  'tags',
  'enabled',
  'timeout_ms',
  'rate_limit_rpm',
  'cost_per_request',
  'pricing',
  'budget',
  'card',
  'card_url',
  'version',
  'updated_at',
];

/**
 * One version per kind of cached data, bumped by triggers in the transaction of every write that can make a
 * replica's in-memory copy wrong: `catalog` (agents, virtual servers and their agents) and `auth` (a user
 * deleted or changed, an API token revoked or changed). Replicas compare it on a timer and when Redis comes
 * back, and re-read what changed: a catalog event lost on the way, or a write made by hand in SQL, is caught.
 * Statement-level triggers: one bump per statement, however many rows it touched; writes behind calls (health
 * state, last_interaction, a token's last_used_at) touch none of the watched columns.
 */
export class CatalogVersions1765100000000 implements MigrationInterface {
  name = 'CatalogVersions1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_versions (
        kind text PRIMARY KEY CHECK (kind IN ('catalog', 'auth')),
        version bigint NOT NULL DEFAULT 0,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO catalog_versions (kind) VALUES ('catalog'), ('auth')`);
    await q.query(`
      CREATE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalog_versions SET version = version + 1, changed_at = now() WHERE kind = TG_ARGV[0];
        RETURN NULL;
      END
      $$`);
    const bump = (name: string, when: string, table: string, kind: 'catalog' | 'auth') =>
      q.query(
        `CREATE TRIGGER ${name} AFTER ${when} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump('${kind}')`,
      );
    await bump('agents_catalog_version', 'INSERT OR DELETE OR TRUNCATE', 'agents', 'catalog');
    await bump(
      'agents_catalog_version_update',
      `UPDATE OF ${AGENT_SETTINGS.join(', ')}`,
      'agents',
      'catalog',
    );
    for (const table of ['virtual_servers', 'server_agents'])
      await bump(`${table}_catalog_version`, 'INSERT OR UPDATE OR DELETE OR TRUNCATE', table, 'catalog');
    // A new user or token invalidates nothing a replica holds; a change or removal does.
    await bump(
      'users_auth_version',
      'DELETE OR TRUNCATE OR UPDATE OF email, role, password_hash',
      'users',
      'auth',
    );
    await bump(
      'api_tokens_auth_version',
      'DELETE OR TRUNCATE OR UPDATE OF user_id, role, token_hash, expires_at',
      'api_tokens',
      'auth',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER api_tokens_auth_version ON api_tokens`);
    await q.query(`DROP TRIGGER users_auth_version ON users`);
    for (const table of ['server_agents', 'virtual_servers'])
      await q.query(`DROP TRIGGER ${table}_catalog_version ON ${table}`);
    await q.query(`DROP TRIGGER agents_catalog_version_update ON agents`);
    await q.query(`DROP TRIGGER agents_catalog_version ON agents`);
    await q.query(`DROP FUNCTION catalog_version_bump()`);
    await q.query(`DROP TABLE catalog_versions`);
  }
}
