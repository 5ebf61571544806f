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
});

export const loadDatabaseConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('database', schema, env);
  return { url: c.DATABASE_URL ?? null, dataDir: c.DATA_DIR, poolSize: c.DB_POOL_SIZE };
};
export const databaseConfig = registerAs('database', () => loadDatabaseConfig());
export type DatabaseConfig = ReturnType<typeof loadDatabaseConfig>;
