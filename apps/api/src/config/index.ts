import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { clusterConfig } from './cluster.config';
import { a2aConfig } from './a2a.config';
import { databaseConfig } from './database.config';
import { healthConfig } from './health.config';
import { mcpConfig } from './mcp.config';
import { observabilityConfig } from './observability.config';
import { securityConfig } from './security.config';

export * from './app.config';
export * from './auth.config';
export * from './cluster.config';
export * from './a2a.config';
export * from './database.config';
export * from './health.config';
export * from './mcp.config';
export * from './observability.config';
export * from './security.config';
export * from './production-guard';

export const configNamespaces = [
  appConfig,
  authConfig,
  a2aConfig,
  databaseConfig,
  securityConfig,
  healthConfig,
  observabilityConfig,
  mcpConfig,
  clusterConfig,
];
