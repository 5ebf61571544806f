import { StreamEventSchema, type StreamEvent } from '@switchboard/a2a-protocol';
import { ApiErrorSchema, type InvokeRequest } from '@switchboard/api-contract';
import { createParser } from 'eventsource-parser';
import { ApiError, apiStream } from '../../../lib/http';

export interface StreamHandlers {
  onEvent: (event: StreamEvent) => void;
}

/**
 * `POST /a2a/:name/stream` (SSE): calls `onEvent` for each A2A event as it arrives; resolves when the
 * stream ends. An `event: error` the API sends after the stream started is thrown as an ApiError.
 * Aborting `signal` closes the connection (the gateway then stops the upstream call).
 */
export async function streamAgent(
  name: string,
  body: InvokeRequest,
  { onEvent }: StreamHandlers,
  signal?: AbortSignal,
): Promise<void> {
  const response = await apiStream(`/a2a/${encodeURIComponent(name)}/stream`, {
    method: 'POST',
    body,
    signal,
  });
  if (!response.body) return;
  let failure: ApiError | null = null;
  const parser = createParser({
    onEvent: (message) => {
      const data: unknown = JSON.parse(message.data);
      if (message.event === 'error') {
        const error = ApiErrorSchema.safeParse(data);
        failure = new ApiError(
          502,
          error.success ? error.data : { code: 'STREAM_ERROR', message: 'The stream failed.' },
        );
        return;
      }
      const event = StreamEventSchema.safeParse(data);
      if (event.success) onEvent(event.data);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (failure) throw failure;
}
