import type { DataSourceOptions } from 'typeorm';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ApiTokenEntity } from '../auth/entities/api-token.entity';
import { UserEntity } from '../auth/entities/user.entity';
import { CatalogFileEntryEntity } from '../config-file/entities/catalog-file-entry.entity';
import { migrations } from './migrations';
import { ServerAgentEntity, VirtualServerEntity } from '../servers/entities/virtual-server.entity';

export const entities = [
  UserEntity,
  ApiTokenEntity,
  AgentEntity,
  VirtualServerEntity,
  ServerAgentEntity,
  CatalogFileEntryEntity,
];

export interface PoolPlan {
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

/** The client gives up this long after the server should have cancelled the statement itself. */
const CLIENT_GRACE_MS = 1_000;

export function typeormOptions(
  url: string,
  { poolSize, connectTimeoutMs, queryTimeoutMs }: PoolPlan,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    // Run by DatabaseModule under an advisory lock (replicas starting together).
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built in since PostgreSQL 13 and in PGlite; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // A database that stops answering fails a query in bounded time instead of holding a request forever:
    // the server cancels a statement past statement_timeout (SQLSTATE 57014); a server that answers nothing
    // at all (hung, black-holed) is given up by the client past query_timeout; a connection, new or from a
    // busy pool, is waited for at most connectionTimeoutMillis. Keepalive finds dead peers behind NAT.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      statement_timeout: queryTimeoutMs,
      query_timeout: queryTimeoutMs + CLIENT_GRACE_MS,
      keepAlive: true,
    },
    // Failed queries surface as errors; TypeORM's own logger would print their parameters (secrets).
    logging: false,
  };
}
