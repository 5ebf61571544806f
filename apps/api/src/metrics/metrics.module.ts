import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { InvocationModule } from '../invocation/invocation.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [AgentsModule, InvocationModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
