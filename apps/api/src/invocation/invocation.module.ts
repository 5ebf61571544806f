import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AuthModule } from '../auth/auth.module';
import { AgentHealthModule } from '../health/agent-health.module';
import { AgentHealthMonitor } from '../health/agent-health.monitor';
import { A2AJsonRpcDoor } from './a2a-proxy/a2a-json-rpc.door';
import { A2AProxyController } from './a2a-proxy/a2a-proxy.controller';
import { AgentImportController } from './agent-import.controller';
import { AgentTestController } from './agent-test.controller';
import { DataPlaneRoutes } from './data-plane.routes';
import { GatewayModule } from './gateway/gateway.module';
import { InvokeController } from './invoke.controller';
import { RestInvokeDoor } from './rest-invoke.door';

/**
 * The call path: the gateway (GatewayModule: the core, its stores, the AgentCalls port) and the doors that
 * translate to it — REST invoke and tasks, the per-agent A2A endpoint — plus the agents' health probes.
 * Other doors (MCP) get the port from here.
 */
@Module({
  imports: [GatewayModule, AgentsModule, AgentHealthModule, AuthModule],
  controllers: [AgentImportController, AgentTestController, InvokeController, A2AProxyController],
  providers: [AgentHealthMonitor, A2AJsonRpcDoor, RestInvokeDoor, DataPlaneRoutes],
  exports: [GatewayModule],
})
export class InvocationModule {}
