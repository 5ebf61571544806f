import type { TaskRecord } from '@switchboard/a2a-protocol/gateway';
import type { TaskRecordRead } from '@switchboard/api-contract';

/** A task the gateway recorded, as `GET /tasks` lists it (the binding, not the task's content). */
export function toTaskRecordRead(record: TaskRecord): TaskRecordRead {
  return {
    agentName: record.agentName,
    taskId: record.taskId,
    contextId: record.contextId,
    state: record.state,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
