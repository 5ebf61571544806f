import type { DataSource } from 'typeorm';

/** Advisory lock keys: any fixed numbers, one per job that replicas must take turns at. */
export const AdvisoryLock = {
  migrations: 7_215_402_118,
  catalogFile: 7_215_402_119,
} as const;

/** Run `work` while holding a PostgreSQL session advisory lock: replicas doing the same wait their turn. */
export async function withAdvisoryLock<T>(db: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}
