import { Global, Module } from '@nestjs/common';
import { ClusterBus } from './cluster-bus';
import { ClusterRedis } from './cluster-redis';
import { McpSessionDirectory } from './mcp-session-directory';

/** Redis and what replicas share through it, for every module (each falls back to its own state without). */
@Global()
@Module({
  providers: [ClusterRedis, ClusterBus, McpSessionDirectory],
  exports: [ClusterRedis, ClusterBus, McpSessionDirectory],
})
export class ClusterModule {}
