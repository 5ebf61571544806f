import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentHealthModule } from '../health/agent-health.module';
import { MetricsRecordingModule } from '../metrics/metrics-recording.module';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';
import { DemoAgentSeeder } from './demo-agent.seeder';
import { AgentEntity } from './entities/agent.entity';
import { EndpointCheck } from './services/endpoint-check.service';

@Module({
  imports: [TypeOrmModule.forFeature([AgentEntity]), AgentHealthModule, MetricsRecordingModule],
  controllers: [AgentsController],
  providers: [AgentsService, DemoAgentSeeder, EndpointCheck],
  exports: [AgentsService],
})
export class AgentsModule {}
