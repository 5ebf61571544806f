import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/**
 * Carries "the HTTP client went away" from express down to the executor, whichever SDK generation
 * sits in between (neither SDK passes the HTTP request or a disconnect signal to the executor).
 *
 * The middleware must run after the body has been parsed: the SDK's handler then runs synchronously
 * inside `run`, and the executor is started in the same async context.
 */
const scope = new AsyncLocalStorage<AbortSignal>();

/** Express middleware: the rest of the chain sees a signal that aborts if the client disconnects early. */
export const requestScope: RequestHandler = (_req, res, next) => {
  const disconnected = new AbortController();
  // 'close' after the response was fully written is the normal end, not a disconnect.
  res.once('close', () => {
    if (!res.writableFinished) disconnected.abort(new Error('client disconnected'));
  });
  scope.run(disconnected.signal, next);
};

/** The disconnect signal of the HTTP request being served, if called inside `requestScope`. */
export function currentRequestSignal(): AbortSignal | undefined {
  return scope.getStore();
}
