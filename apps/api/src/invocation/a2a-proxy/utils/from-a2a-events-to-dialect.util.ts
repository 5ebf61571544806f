import { toV03StreamEvent, type StreamEvent } from '@switchboard/a2a-protocol';
import type { A2ADialect } from './from-a2a-error-to-json-rpc.util';

async function* mapEvents<T>(
  events: AsyncIterable<StreamEvent>,
  to: (e: StreamEvent) => T,
): AsyncGenerator<T> {
  for await (const event of events) yield to(event);
}

/** A stream's v1.0 events in the caller's generation (translated one by one for a v0.3 caller). */
export function eventsInDialect(
  events: AsyncIterable<StreamEvent>,
  dialect: A2ADialect,
): AsyncIterable<unknown> {
  return dialect === '0.3' ? mapEvents(events, toV03StreamEvent) : events;
}
