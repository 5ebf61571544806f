import { Injectable } from '@nestjs/common';
import type {
  AgentCard,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '@switchboard/a2a-protocol';
import { A2AGateway, type CallOptions, type TaskRecord } from '@switchboard/a2a-protocol/gateway';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/decorators/current-user.decorator';
import { GatewayObservability } from '../../observability/gateway-observability';
import {
  AgentCalls,
  type AgentRef,
  type Caller,
  type CallerTaskFilter,
  type CardReader,
} from '../agent-calls.port';

/** The doors' port over the gateway core: a caller becomes the core's call options, nothing else changes. */
@Injectable()
export class GatewayAgentCalls extends AgentCalls {
  constructor(
    private readonly gateway: A2AGateway,
    private readonly observability: GatewayObservability,
  ) {
    super();
  }

  agent(nameOrSlug: string): AgentRef {
    return this.gateway.getAgent(nameOrSlug);
  }

  send(agent: string, request: SendMessageRequest, caller: Caller): Promise<SendMessageResponse> {
    return this.gateway.send(agent, request, this.optionsOf(caller));
  }

  stream(agent: string, request: SendMessageRequest, caller: Caller): AsyncIterable<StreamEvent> {
    return this.gateway.sendMessageStream(agent, request, this.optionsOf(caller));
  }

  getTask(agent: string, taskId: string, caller: Caller, historyLength?: number): Promise<Task> {
    const options = this.optionsOf(caller);
    return this.gateway.getTask(
      agent,
      taskId,
      historyLength === undefined ? options : { ...options, historyLength },
    );
  }

  cancel(agent: string, taskId: string, caller: Caller): Promise<Task> {
    return this.gateway.cancelTask(agent, taskId, this.optionsOf(caller));
  }

  subscribe(agent: string, taskId: string, caller: Caller): AsyncIterable<StreamEvent> {
    return this.gateway.subscribeToTask(agent, taskId, this.optionsOf(caller));
  }

  waitForTask(agent: string, taskId: string, timeoutMs: number, caller: Caller): Promise<Task> {
    return this.gateway.waitForTask(agent, taskId, timeoutMs, this.optionsOf(caller));
  }

  listTasks(agent: string, request: ListTasksRequest, caller: Caller): Promise<ListTasksResponse> {
    return this.gateway.listTasks(agent, request, this.optionsOf(caller));
  }

  async listCallerTasks(principal: Principal, filter: CallerTaskFilter): Promise<TaskRecord[]> {
    const agentName = filter.agent ? this.gateway.getAgent(filter.agent).name : undefined;
    return this.gateway.listTaskRecords({
      ownerId: principal.userId,
      agentName,
      state: filter.state,
      limit: filter.limit,
    });
  }

  agentCard(agent: string, reader: CardReader): Promise<AgentCard> {
    return this.gateway.agentCard(agent, { frontDoor: reader.door, ...this.scopeOf(reader.request) });
  }

  /** With the door's `request`: its answer carries the overhead header, its trace continues. */
  private optionsOf(caller: Caller): CallOptions {
    return {
      callerId: caller.principal.userId,
      signal: caller.signal,
      frontDoor: caller.door,
      ...(caller.interactionType ? { interactionType: caller.interactionType } : {}),
      ...this.scopeOf(caller.request),
    };
  }

  /** What the door's request adds: timing for its overhead header, the caller's trace. */
  private scopeOf(request: FastifyRequest | undefined): Pick<CallOptions, 'timing' | 'traceContext'> {
    return request ? this.observability.requestScope(request) : {};
  }
}
