import { z } from 'zod';

/** Another name of one of our variables, with how its value reads as ours (as is when `toOurs` is absent). */
export interface EnvAlias {
  ours: string;
  toOurs?: (value: string) => string;
}

/**
 * The environment with each alias that is set copied to our name. Our name set too, to another value, stops
 * the boot naming both; a bad value is reported under the alias the operator wrote.
 */
function withAliases(
  namespace: string,
  env: NodeJS.ProcessEnv,
  aliases: Readonly<Record<string, EnvAlias>>,
): { env: NodeJS.ProcessEnv; writtenAs: Map<string, string> } {
  const out: NodeJS.ProcessEnv = { ...env };
  const writtenAs = new Map<string, string>();
  for (const [alias, { ours, toOurs }] of Object.entries(aliases)) {
    const raw = env[alias];
    if (raw === undefined || raw.trim() === '') continue;
    const value = toOurs ? toOurs(raw.trim()) : raw.trim();
    const set = env[ours];
    if (set !== undefined && set.trim() !== '' && set.trim() !== value) {
      throw new Error(
        `Invalid ${namespace} configuration: ${ours}=${set} and ${alias}=${raw} disagree (${alias} is ` +
          `ContextForge's name for ${ours}); set one of them`,
      );
    }
    out[ours] = value;
    writtenAs.set(ours, alias);
  }
  return { env: out, writtenAs };
}

/** Parse one config namespace from the environment; a bad value stops the boot with the variable named. */
export function parseEnv<T extends z.ZodType>(
  namespace: string,
  schema: T,
  env: NodeJS.ProcessEnv,
  aliases: Readonly<Record<string, EnvAlias>> = {},
): z.infer<T> {
  const { env: resolved, writtenAs } = withAliases(namespace, env, aliases);
  const result = schema.safeParse(resolved);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => {
        const name = i.path.join('.');
        const alias = writtenAs.get(name);
        return `${alias ? `${alias} (${name})` : name}: ${i.message}`;
      })
      .join('; ');
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
