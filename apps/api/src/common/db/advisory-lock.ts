import type { DataSource, EntityManager } from 'typeorm';

/** Advisory lock keys: any fixed numbers, one per job that replicas must take turns at. */
export const AdvisoryLock = {
  migrations: 7_215_402_118,
  catalogFile: 7_215_402_119,
} as const;

/** How often a replica waiting for the lock asks again. */
const RETRY_MS = 200;

/**
 * Run `work` while holding a PostgreSQL session advisory lock: replicas doing the same wait their turn. The
 * lock is asked for again until taken rather than waited for in one statement, which `statement_timeout`
 * would cancel while another replica runs a long migration.
 */
export async function withAdvisoryLock<T>(db: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    for (;;) {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (locked) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Take a transaction-scoped advisory lock on `manager`'s transaction (released by its commit or rollback),
 * asking again until taken for the same reason as above. On the transaction's own connection: the embedded
 * database has one session, where a lock held by a second connection would stall the transaction.
 */
export async function takeAdvisoryXactLock(manager: EntityManager, key: number): Promise<void> {
  for (;;) {
    const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [key]);
    if (locked) return;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
