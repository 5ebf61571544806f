import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, API tokens, the agent catalog (ContextForge's A2A catalog data model plus provider fields) and one-off app state. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id)`);
    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL,
        description text,
        endpoint_url text NOT NULL,
        provider text NOT NULL DEFAULT 'a2a',
        protocol_version text NOT NULL DEFAULT '1.0',
        capabilities jsonb NOT NULL DEFAULT '{}',
        config jsonb NOT NULL DEFAULT '{}',
        provider_config jsonb NOT NULL DEFAULT '{}',
        auth_type text NOT NULL DEFAULT 'none',
        auth_value text,
        tags text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        timeout_ms integer NOT NULL,
        rate_limit_rpm integer,
        cost_per_request numeric(14, 6),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_interaction timestamptz,
        created_by text,
        created_from_ip text,
        created_via text,
        created_user_agent text,
        modified_by text,
        modified_from_ip text,
        modified_via text,
        modified_user_agent text,
        import_batch_id text,
        federation_source text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT agents_name_key UNIQUE (name),
        CONSTRAINT agents_slug_key UNIQUE (slug)
      )`);
    await q.query(`CREATE INDEX agents_tags_idx ON agents USING gin (tags)`);
    await q.query(`CREATE INDEX agents_enabled_idx ON agents (enabled)`);
    await q.query(`
      CREATE TABLE app_state (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_state`);
    await q.query(`DROP TABLE agents`);
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE users`);
  }
}
