import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentsModule } from '../agents/agents.module';
import { InvocationModule } from '../invocation/invocation.module';
import { ServerAgentEntity, VirtualServerEntity } from './entities/virtual-server.entity';
import { McpController } from './mcp/mcp.controller';
import { McpEndpointUrls } from './mcp/mcp-endpoint-urls';
import { McpOriginPolicy } from './mcp/mcp-origin.policy';
import { McpSessions } from './mcp/mcp-sessions';
import { McpToolCatalog } from './mcp/mcp-tool-catalog';
import { ServersController } from './servers.controller';
import { ServersService } from './servers.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([VirtualServerEntity, ServerAgentEntity]),
    AgentsModule,
    InvocationModule,
  ],
  controllers: [ServersController, McpController],
  providers: [ServersService, McpToolCatalog, McpSessions, McpOriginPolicy, McpEndpointUrls],
  exports: [ServersService, McpSessions],
})
export class ServersModule {}
