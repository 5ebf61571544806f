import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { A2AProxyController } from './a2a-proxy/a2a-proxy.controller';
import { AgentImportController } from './agent-import.controller';
import { InvocationService } from './invocation.service';
import { InvokeController } from './invoke.controller';

@Module({
  imports: [AgentsModule],
  controllers: [AgentImportController, InvokeController, A2AProxyController],
  providers: [InvocationService],
  exports: [InvocationService],
})
export class InvocationModule {}
