import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envInt, parseEnv } from './env.util';

const schema = z.object({
  HEALTH_CHECK_INTERVAL_MS: envInt(60_000, 0, 86_400_000),
  HEALTH_CHECK_JITTER: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .transform((v) => v ?? 0.2),
  HEALTH_DEGRADED_LATENCY_MS: envInt(5_000, 1, 600_000),
  HEALTH_RECOVERY_SUCCESSES: envInt(3, 1, 100),
});

/** The agent health monitor: active probes, and the thresholds shared with the circuit breaker. */
export const loadHealthConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('health', schema, env);
  return {
    /** Time between two probes of one agent; 0 = no active probes (passive signals only). */
    intervalMs: c.HEALTH_CHECK_INTERVAL_MS,
    jitter: c.HEALTH_CHECK_JITTER,
    degradedLatencyMs: c.HEALTH_DEGRADED_LATENCY_MS,
    recoverySuccesses: c.HEALTH_RECOVERY_SUCCESSES,
  };
};
export const healthConfig = registerAs('health', () => loadHealthConfig());
export type HealthConfig = ReturnType<typeof loadHealthConfig>;
