import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { InvocationService } from './invocation.service';
import { InvokeController } from './invoke.controller';

@Module({
  imports: [AgentsModule],
  controllers: [InvokeController],
  providers: [InvocationService],
  exports: [InvocationService],
})
export class InvocationModule {}
