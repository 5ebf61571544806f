import { Module } from '@nestjs/common';
import { A2AGateway } from '@switchboard/a2a-protocol/gateway';
import { AgentsModule } from '../../agents/agents.module';
import { AgentHealthModule } from '../../health/agent-health.module';
import { HealthModule } from '../../health/health.module';
import { MetricsRecordingModule } from '../../metrics/metrics-recording.module';
import { AgentCalls } from '../agent-calls.port';
import { GatewayAgentCalls } from './gateway-agent-calls';
import { GatewayLifecycle } from './gateway.lifecycle';
import { gatewayProviders } from './gateway.providers';

/**
 * The gateway core and its stores as providers, its lifecycle, and the one port the doors call
 * (AgentCalls). The core itself (A2AGateway) is exported for what is not a door: health probes, stats,
 * Prometheus. Its OutboundHttp comes from the global OutboundModule.
 */
@Module({
  imports: [AgentsModule, AgentHealthModule, HealthModule, MetricsRecordingModule],
  providers: [...gatewayProviders, GatewayLifecycle, { provide: AgentCalls, useClass: GatewayAgentCalls }],
  exports: [AgentCalls, A2AGateway, MetricsRecordingModule],
})
export class GatewayModule {}
