import { createTestDatabase } from './test-database';

export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  const db = await createTestDatabase(serverUrl);
  (globalThis as { __switchboardTestDb?: unknown }).__switchboardTestDb = db;
  process.env.DATABASE_URL = db.url;
  // Specs that need a real server (several processes on one database) read this.
  process.env.SWITCHBOARD_TEST_DB = serverUrl ? 'server' : 'embedded';
  process.stdout.write(
    `\nAPI tests use ${serverUrl ? 'a fresh database on ' + new URL(serverUrl).host : 'an embedded in-memory PostgreSQL'}\n`,
  );
}
