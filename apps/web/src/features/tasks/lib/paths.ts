/** The SPA route of one task. */
export function taskDetailPath(agentName: string, taskId: string): string {
  return `/tasks/${encodeURIComponent(agentName)}/${encodeURIComponent(taskId)}`;
}
