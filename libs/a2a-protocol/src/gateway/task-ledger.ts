import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import {
  ListTasksRequestSchema,
  TASK_STATE_UNSPECIFIED,
  type ListTasksRequest,
  type ListTasksResponse,
  type StreamEvent,
  type Task,
} from '../types/a2a.schemas';
import type { AgentSpec } from './agent-config';
import type { TaskFilter, TaskPosition, TaskQuery, TaskRecord, TaskStore } from './ports';
import { DEFAULT_TASK_PAGE_SIZE, decodePageToken, encodePageToken, toListedTask } from './task-list';
import { snapshotOfTask, type StreamTaskSnapshot, type TaskSnapshot } from './task-snapshot';

/** A ListTasks request, checked: its params and the position its page token stands for. */
export interface TaskListQuery {
  params: ListTasksRequest;
  after: TaskPosition | undefined;
}

/**
 * The tasks this gateway relayed, each bound to the caller that created it: what every answer showed of
 * them (observe), who may touch them (assertAccess), and the lists answered from that record, never the agent.
 */
export class TaskLedger {
  constructor(
    private readonly tasks: TaskStore,
    private readonly now: () => number,
  ) {}

  /** A task an agent answered, as the caller's. */
  observeTask(agent: AgentSpec, task: Task, callerId: string | undefined): void {
    this.observe(agent, snapshotOfTask(task), callerId);
  }

  /** One event of a stream, folded into the stream's snapshot: recorded when it shows the task anew. */
  observeEvent(
    agent: AgentSpec,
    snapshot: StreamTaskSnapshot,
    event: StreamEvent,
    callerId: string | undefined,
  ): void {
    const seen = snapshot.apply(event);
    if (seen) this.observe(agent, seen, callerId);
  }

  /** A caller only sees the tasks it created; others look like tasks that do not exist. */
  async assertAccess(agent: AgentSpec, taskId: string | undefined, callerId: string | undefined) {
    if (!taskId || callerId === undefined) return;
    const record = await this.tasks.get(agent.name, taskId);
    if (!record || record.ownerId !== callerId) {
      throw new A2AError(A2AErrorCode.TaskNotFound, `No task ${taskId} for agent "${agent.name}"`, {
        agentName: agent.name,
        taskId,
      });
    }
  }

  /** Bad input (including a page token this gateway did not issue) is INVALID_REQUEST naming the field. */
  listQuery(request: ListTasksRequest): TaskListQuery {
    const parsed = ListTasksRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.');
      throw new A2AError(A2AErrorCode.InvalidRequest, `${field}: ${issue.message}`, { field });
    }
    const params = parsed.data;
    const after = params.pageToken ? decodePageToken(params.pageToken) : undefined;
    if (params.pageToken && !after) {
      throw new A2AError(A2AErrorCode.InvalidRequest, 'pageToken: not a page token from this list', {
        field: 'pageToken',
      });
    }
    return { params, after };
  }

  /**
   * One page of an agent's tasks (a caller's only, with a `callerId`), newest first by when the gateway last
   * saw each task, after the query's keyset position.
   */
  async list(
    agent: AgentSpec,
    { params, after }: TaskListQuery,
    callerId: string | undefined,
  ): Promise<ListTasksResponse> {
    const pageSize = params.pageSize ?? DEFAULT_TASK_PAGE_SIZE;
    const filter: TaskFilter = {
      agentName: agent.name,
      ownerId: callerId,
      contextId: params.contextId || undefined,
      state: params.status === TASK_STATE_UNSPECIFIED ? undefined : params.status,
      updatedSince: params.statusTimestampAfter ? Date.parse(params.statusTimestampAfter) : undefined,
    };
    const [records, totalSize] = await Promise.all([
      // One more than a page: whether there is a next one.
      this.tasks.list({
        ...filter,
        after,
        limit: pageSize + 1,
        includeArtifacts: params.includeArtifacts === true,
        includeHistory: params.historyLength !== 0,
      }),
      this.tasks.count(filter),
    ]);
    const page = records.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
      tasks: page.map((record) => toListedTask(record, params)),
      nextPageToken: records.length > pageSize ? encodePageToken(last) : '',
      pageSize,
      totalSize,
    };
  }

  /** The records themselves, across agents. */
  async records(query: TaskQuery): Promise<TaskRecord[]> {
    return this.tasks.list(query);
  }

  /** Every field present (undefined where not known), so that every record has one shape. */
  private observe(agent: AgentSpec, snapshot: TaskSnapshot, callerId: string | undefined) {
    const now = this.now();
    this.tasks.upsert({
      agentName: agent.name,
      taskId: snapshot.taskId,
      contextId: snapshot.contextId,
      state: snapshot.state,
      ownerId: callerId ?? null,
      createdAt: now,
      updatedAt: now,
      statusTimestamp: snapshot.statusTimestamp,
      statusMessage: snapshot.statusMessage,
      artifacts: snapshot.artifacts,
      history: snapshot.history,
    });
  }
}
