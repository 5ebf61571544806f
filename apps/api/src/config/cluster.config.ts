import { randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envInt, envString, parseEnv } from './env.util';

const schema = z.object({
  REDIS_URL: envString().pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  REDIS_KEY_PREFIX: envString().pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only, at most 64')
      .optional(),
  ),
  REPLICA_URL: envString().pipe(z.string().url('must be an http(s) URL').optional()),
  REDIS_COMMAND_TIMEOUT_MS: envInt(1_000, 50, 60_000),
  REDIS_CONNECT_TIMEOUT_MS: envInt(2_000, 50, 60_000),
  CATALOG_CHECK_INTERVAL_MS: envInt(10_000, 0, 86_400_000),
});

/**
 * Several replicas as one gateway. With `REDIS_URL` they share rate-limit counters, circuit-breaker and
 * health state, catalog changes and MCP session routing; without it each process keeps them to itself.
 */
export const loadClusterConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('cluster', schema, env);
  return {
    redisUrl: c.REDIS_URL ?? null,
    /** Prefix of every Redis key and channel: gateways that share a Redis keep apart by it. */
    keyPrefix: `${c.REDIS_KEY_PREFIX ?? 'switchboard'}:`,
    /**
     * Where the other replicas reach this one (MCP requests of sessions opened here). Default: the loopback
     * on the listening port, right for replicas on one host; set it to the pod or container address elsewhere.
     */
    replicaUrl: c.REPLICA_URL?.replace(/\/+$/, '') ?? null,
    /** A command without an answer this long fails (the caller falls back) and marks Redis stalled. */
    commandTimeoutMs: c.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeoutMs: c.REDIS_CONNECT_TIMEOUT_MS,
    /**
     * How often this replica compares the database's catalog versions with what it holds, and re-reads what
     * changed: the bound on how long a lost catalog event (or a write made in SQL) can go unseen. 0 = never
     * (then only a Redis reconnect makes it look).
     */
    catalogCheckIntervalMs: c.CATALOG_CHECK_INTERVAL_MS,
    /** This process, in cluster messages (so it ignores its own). */
    replicaId: randomBytes(6).toString('hex'),
  };
};
export const clusterConfig = registerAs('cluster', () => loadClusterConfig());
export type ClusterConfig = ReturnType<typeof loadClusterConfig>;
