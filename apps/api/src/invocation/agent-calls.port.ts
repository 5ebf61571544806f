import type {
  AgentCard,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
  TaskState,
} from '@switchboard/a2a-protocol';
import type { AgentSpec, FrontDoor, TaskRecord } from '@switchboard/a2a-protocol/gateway';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/decorators/current-user.decorator';

/** Who calls an agent, and through which door. */
export interface Caller {
  principal: Principal;
  door: FrontDoor;
  /** Aborts when the caller goes away: the call to the agent is canceled. */
  signal?: AbortSignal;
  /** Recorded with the call's metrics (REST's `interactionType`, MCP's `tools/call`). */
  interactionType?: string;
  /** The door's HTTP request, if any: the call continues its trace, and its overhead header counts it. */
  request?: FastifyRequest;
}

/** Who reads an agent's card: a door, not a caller; its HTTP request continues the trace and is timed. */
export type CardReader = Pick<Caller, 'door' | 'request'>;

/** What a door may know of an agent: which one it is, and whether it takes calls. */
export type AgentRef = Pick<AgentSpec, 'name' | 'slug' | 'enabled'>;

/** The filter of `listCallerTasks`: one agent (name or slug), one state, and how many. */
export interface CallerTaskFilter {
  agent?: string;
  state?: TaskState;
  limit?: number;
}

/**
 * The call path as the doors see it: what a caller may ask of the agents behind the gateway, in A2A v1.0
 * shapes. Every door (REST, the A2A endpoint, MCP) only translates its wire format to and from this port;
 * failures are the gateway's A2AErrors, for each door to map to its transport.
 */
export abstract class AgentCalls {
  /** The agent by name or slug; AGENT_NOT_FOUND when there is none. */
  abstract agent(nameOrSlug: string): AgentRef;

  abstract send(agent: string, request: SendMessageRequest, caller: Caller): Promise<SendMessageResponse>;

  /** The agent's events for a new message, until its task settles; nothing is sent until it is read. */
  abstract stream(agent: string, request: SendMessageRequest, caller: Caller): AsyncIterable<StreamEvent>;

  /** One of the caller's tasks, asked of the agent (a task the caller did not create does not exist). */
  abstract getTask(agent: string, taskId: string, caller: Caller, historyLength?: number): Promise<Task>;

  abstract cancel(agent: string, taskId: string, caller: Caller): Promise<Task>;

  /** Re-attach to the events of one of the caller's running tasks. */
  abstract subscribe(agent: string, taskId: string, caller: Caller): AsyncIterable<StreamEvent>;

  /** Ask the agent until the task settles (or needs input); TIMEOUT after `timeoutMs`. */
  abstract waitForTask(agent: string, taskId: string, timeoutMs: number, caller: Caller): Promise<Task>;

  /** A2A `ListTasks`: the caller's tasks of one agent, a page at a time, from the gateway's own record. */
  abstract listTasks(agent: string, request: ListTasksRequest, caller: Caller): Promise<ListTasksResponse>;

  /** The caller's tasks across agents, newest first, from the gateway's own record. */
  abstract listCallerTasks(principal: Principal, filter: CallerTaskFilter): Promise<TaskRecord[]>;

  /**
   * The agent's own card, read through the gateway for no caller in particular: a door that serves it to
   * every caller (the A2A endpoint's card) reads it once.
   */
  abstract agentCard(agent: string, reader: CardReader): Promise<AgentCard>;
}
