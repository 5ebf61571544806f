import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AuthModule } from '../auth/auth.module';
import { AgentHealthModule } from '../health/agent-health.module';
import { AgentHealthMonitor } from '../health/agent-health.monitor';
import { A2AJsonRpcDoor } from './a2a-proxy/a2a-json-rpc.door';
import { A2AProxyController } from './a2a-proxy/a2a-proxy.controller';
import { AgentImportController } from './agent-import.controller';
import { InvocationService } from './invocation.service';
import { DataPlaneRoutes } from './data-plane.routes';
import { InvokeController } from './invoke.controller';
import { RestInvokeDoor } from './rest-invoke.door';

@Module({
  imports: [AgentsModule, AgentHealthModule, AuthModule],
  controllers: [AgentImportController, InvokeController, A2AProxyController],
  providers: [InvocationService, AgentHealthMonitor, A2AJsonRpcDoor, RestInvokeDoor, DataPlaneRoutes],
  exports: [InvocationService],
})
export class InvocationModule {}
