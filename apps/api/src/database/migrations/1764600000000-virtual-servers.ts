import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Virtual servers (MCP endpoints) and the agents each one exposes as tools, in order. */
export class VirtualServers1764600000000 implements MigrationInterface {
  name = 'VirtualServers1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE virtual_servers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text,
        tags text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        created_by text,
        modified_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Deleting an agent or a server drops the association, never the other side.
    await q.query(`
      CREATE TABLE server_agents (
        server_id uuid NOT NULL REFERENCES virtual_servers(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        position integer NOT NULL,
        PRIMARY KEY (server_id, agent_id)
      )`);
    await q.query(`CREATE INDEX server_agents_agent_idx ON server_agents (agent_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE server_agents`);
    await q.query(`DROP TABLE virtual_servers`);
  }
}
