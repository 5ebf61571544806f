import { z } from 'zod';

/** Parse one config namespace from the environment; a bad value stops the boot with the variable named. */
export function parseEnv<T extends z.ZodType>(
  namespace: string,
  schema: T,
  env: NodeJS.ProcessEnv,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid ${namespace} configuration: ${problems}`);
  }
  return result.data;
}

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

export const envInt = (fallback: number, min: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .optional()
    .transform((v) => v ?? fallback);

export const nodeEnv = () => (process.env.NODE_ENV ?? 'development') as 'development' | 'production' | 'test';
export const isProduction = () => nodeEnv() === 'production';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const envString = () => z.preprocess(blank, z.string().optional());
