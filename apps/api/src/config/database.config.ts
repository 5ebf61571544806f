import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envInt, envString, parseEnv } from './env.util';

const schema = z.object({
  DATABASE_URL: envString().pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().default('./.data'),
  DB_POOL_SIZE: envInt(10, 1, 200),
  DB_CONNECT_TIMEOUT_MS: envInt(5_000, 100, 120_000),
  DB_QUERY_TIMEOUT_MS: envInt(15_000, 100, 3_600_000),
});

export const loadDatabaseConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('database', schema, env);
  return {
    url: c.DATABASE_URL ?? null,
    dataDir: c.DATA_DIR,
    poolSize: c.DB_POOL_SIZE,
    /** Longest wait for a connection: a new one to the server, or a free one from a busy pool. */
    connectTimeoutMs: c.DB_CONNECT_TIMEOUT_MS,
    /** Longest statement (the server cancels it) and longest wait for any answer (the client gives up). */
    queryTimeoutMs: c.DB_QUERY_TIMEOUT_MS,
  };
};
export const databaseConfig = registerAs('database', () => loadDatabaseConfig());
export type DatabaseConfig = ReturnType<typeof loadDatabaseConfig>;
