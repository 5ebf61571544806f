import type { Artifact, Message, Part, Task, TaskState } from '@switchboard/a2a-protocol';

/** Human text of A2A parts: text as is, data as JSON, files by name or URL. */
export function partsText(parts: readonly Part[] | undefined): string {
  return (parts ?? [])
    .map((part) => {
      if ('text' in part) return part.text;
      if ('data' in part) return JSON.stringify(part.data);
      if ('url' in part) return part.url;
      return `[file${part.filename ? ` ${part.filename}` : ''}]`;
    })
    .join('');
}

export function messageText(message: Message | undefined): string {
  return partsText(message?.parts);
}

export function artifactText(artifact: Artifact): string {
  return partsText(artifact.parts);
}

/** What a task answered: its artifacts, else the message of its status. */
export function taskReplyText(task: Task): string {
  const artifacts = (task.artifacts ?? []).map(artifactText).filter(Boolean);
  return artifacts.length > 0 ? artifacts.join('\n') : messageText(task.status.message);
}

/** The states that mean the call did not do what was asked. */
export function isFailureState(state: TaskState): boolean {
  return state === 'TASK_STATE_FAILED' || state === 'TASK_STATE_REJECTED' || state === 'TASK_STATE_CANCELED';
}
