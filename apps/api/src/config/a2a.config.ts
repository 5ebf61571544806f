import { registerAs } from '@nestjs/config';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envBoolean, envInt, parseEnv, type EnvAlias } from './env.util';

const schema = z.object({
  A2A_ENABLED: envBoolean(true),
  A2A_MAX_AGENTS: envInt(1000, 0, 1_000_000),
  A2A_DEFAULT_TIMEOUT_MS: envInt(30_000, 100, 600_000),
  A2A_MAX_RETRIES: envInt(3, 0, 10),
  A2A_RETRY_BASE_MS: envInt(100, 1, 60_000),
  A2A_MAX_RESPONSE_BYTES: envInt(10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  A2A_CIRCUIT_FAILURE_THRESHOLD: envInt(5, 1, 1000),
  A2A_CIRCUIT_COOLDOWN_MS: envInt(30_000, 100, 3_600_000),
  A2A_ENDPOINT_CHECK_TIMEOUT_MS: envInt(2_000, 0, 30_000),
  A2A_METRICS_ENABLED: envBoolean(true),
  METRICS_FLUSH_INTERVAL_MS: envInt(1_000, 10, 60_000),
  METRICS_BATCH_SIZE: envInt(500, 1, 10_000),
  METRICS_BUFFER_MAX: envInt(100_000, 100, 10_000_000),
  METRICS_RAW_RETENTION_HOURS: envInt(48, 1, 24 * 366),
  METRICS_ROLLUP_RETENTION_DAYS: envInt(365, 1, 3660),
  METRICS_ROLLUP_INTERVAL_MS: envInt(300_000, 0, 86_400_000),
  METRICS_SHUTDOWN_FLUSH_MS: envInt(10_000, 0, 600_000),
  METRICS_SPILL_FILE: z.string().trim().min(1).optional(),
  AGENTS_FILE: z.string().trim().optional(),
});

/** Whole seconds (or a decimal) as milliseconds; anything else is left for the schema to refuse. */
const secondsAsMs = (value: string) =>
  /^\d+(\.\d+)?$/.test(value) ? String(Math.round(Number(value) * 1000)) : value;

/** ContextForge's booleans (pydantic's): any case, and on/off besides ours. */
const anyCaseBoolean = (value: string) => {
  const lower = value.toLowerCase();
  return lower === 'on' ? 'true' : lower === 'off' ? 'false' : lower;
};

/**
 * ContextForge's names for these settings, so its deployment files work unchanged. Its booleans are
 * pydantic's (any case, on/off) and its timeout is in seconds.
 */
export const CONTEXTFORGE_A2A_ENV: Readonly<Record<string, EnvAlias>> = {
  MCPGATEWAY_A2A_ENABLED: { ours: 'A2A_ENABLED', toOurs: anyCaseBoolean },
  MCPGATEWAY_A2A_MAX_AGENTS: { ours: 'A2A_MAX_AGENTS' },
  MCPGATEWAY_A2A_DEFAULT_TIMEOUT: { ours: 'A2A_DEFAULT_TIMEOUT_MS', toOurs: secondsAsMs },
  MCPGATEWAY_A2A_MAX_RETRIES: { ours: 'A2A_MAX_RETRIES' },
  MCPGATEWAY_A2A_METRICS_ENABLED: { ours: 'A2A_METRICS_ENABLED', toOurs: anyCaseBoolean },
};

export const loadA2aConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('a2a', schema, env, CONTEXTFORGE_A2A_ENV);
  return {
    enabled: c.A2A_ENABLED,
    maxAgents: c.A2A_MAX_AGENTS,
    /** The catalog file (YAML) applied at start, on POST /config/reload and on SIGHUP; null: none. */
    agentsFile: c.AGENTS_FILE ? resolve(c.AGENTS_FILE) : null,
    defaultTimeoutMs: c.A2A_DEFAULT_TIMEOUT_MS,
    maxRetries: c.A2A_MAX_RETRIES,
    retryBaseMs: c.A2A_RETRY_BASE_MS,
    maxResponseBytes: c.A2A_MAX_RESPONSE_BYTES,
    circuitFailureThreshold: c.A2A_CIRCUIT_FAILURE_THRESHOLD,
    circuitCooldownMs: c.A2A_CIRCUIT_COOLDOWN_MS,
    /** How long a registration waits for its endpoint to answer before it warns; 0: no check. */
    endpointCheckTimeoutMs: c.A2A_ENDPOINT_CHECK_TIMEOUT_MS,
    metrics: {
      enabled: c.A2A_METRICS_ENABLED,
      flushIntervalMs: c.METRICS_FLUSH_INTERVAL_MS,
      batchSize: c.METRICS_BATCH_SIZE,
      bufferMax: c.METRICS_BUFFER_MAX,
      rawRetentionMs: c.METRICS_RAW_RETENTION_HOURS * 3_600_000,
      rollupRetentionMs: c.METRICS_ROLLUP_RETENTION_DAYS * 86_400_000,
      /** 0 = only on demand (tests). */
      rollupIntervalMs: c.METRICS_ROLLUP_INTERVAL_MS,
      /** At shutdown, how long unwritten rows are retried before they are spilled to `spillFile`. */
      shutdownFlushMs: c.METRICS_SHUTDOWN_FLUSH_MS,
      /**
       * Where rows shutdown could not write are kept until the next start. The embedded database's start
       * (main.ts) sets it under DATA_DIR; otherwise the system's temporary directory.
       */
      spillFile: resolve(c.METRICS_SPILL_FILE ?? join(tmpdir(), 'switchboard-metrics-spill.jsonl')),
    },
  };
};
export const a2aConfig = registerAs('a2a', () => loadA2aConfig());
export type A2aConfig = ReturnType<typeof loadA2aConfig>;
