import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { GatewayModule } from '../invocation/gateway/gateway.module';
import { MetricsController } from './metrics.controller';
import { MetricsRecordingModule } from './metrics-recording.module';
import { MetricsService } from './metrics.service';

@Module({
  imports: [AgentsModule, GatewayModule, MetricsRecordingModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
