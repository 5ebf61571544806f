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

export function typeormOptions(url: string, poolSize: number): DataSourceOptions {
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
    // A database that stops answering fails a query in seconds instead of holding a request forever.
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
    // Failed queries surface as errors; TypeORM's own logger would print their parameters (secrets).
    logging: false,
  };
}
