import { InvokeResponseSchema, type AgentRead, type InvokeRequest } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiRequest } from '../../../lib/http';
import { refreshAfterCall } from './live-numbers';

export type InvokeResponse = z.infer<typeof InvokeResponseSchema>;

/** `POST /a2a/:name/invoke` → the agent's `{ task }` or `{ message }` (name or slug) */
export function invokeAgent(
  name: string,
  body: InvokeRequest,
  signal?: AbortSignal,
): Promise<InvokeResponse> {
  return apiRequest(`/a2a/${encodeURIComponent(name)}/invoke`, InvokeResponseSchema, {
    method: 'POST',
    body,
    signal,
  });
}

export interface TimedInvokeResult {
  response: InvokeResponse;
  durationMs: number;
}

/** Calls an agent once and measures the round trip as the browser sees it. */
export function useInvokeAgent(agent: Pick<AgentRead, 'id' | 'slug'>) {
  const queryClient = useQueryClient();
  return useMutation({
    // A call, failed or not, changed the agent's health, last call and numbers: show them now.
    onSettled: () => refreshAfterCall(queryClient, agent.id),
    mutationFn: async (body: InvokeRequest): Promise<TimedInvokeResult> => {
      const started = performance.now();
      const response = await invokeAgent(agent.slug, body);
      return { response, durationMs: Math.round(performance.now() - started) };
    },
  });
}
