import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AgentHealthModule } from '../health/agent-health.module';
import { AgentHealthMonitor } from '../health/agent-health.monitor';
import { A2AJsonRpcHandler } from './a2a-proxy/a2a-json-rpc.handler';
import { A2AProxyController } from './a2a-proxy/a2a-proxy.controller';
import { AgentImportController } from './agent-import.controller';
import { InvocationService } from './invocation.service';
import { InvokeController } from './invoke.controller';

@Module({
  imports: [AgentsModule, AgentHealthModule],
  controllers: [AgentImportController, InvokeController, A2AProxyController],
  providers: [InvocationService, AgentHealthMonitor, A2AJsonRpcHandler],
  exports: [InvocationService],
})
export class InvocationModule {}
