import { Module } from '@nestjs/common';
import { AgentHealthStore } from './agent-health.store';

/** The agents' health state, shared by the catalog (reads) and the gateway (writes). */
@Module({ providers: [AgentHealthStore], exports: [AgentHealthStore] })
export class AgentHealthModule {}
