import {
  ApiErrorSchema,
  CLIENT_HEADER,
  WEB_CLIENT,
  type ApiError as ApiErrorBody,
} from '@switchboard/api-contract';
import type { z } from 'zod';
import { sessionStore } from './session';

/** Origin of the REST API; empty = same origin (the API serves this SPA under /admin/). */
const API_BASE_URL: string =
  (import.meta.env.VITE_API_BASE_URL as string | undefined)?.replace(/\/+$/, '') ?? '';

/** An error response from the API, built from its `{ code, message, details?, requestId }` body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, from a 429's `Retry-After` header. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    body: Pick<ApiErrorBody, 'code' | 'message'> & Partial<ApiErrorBody>,
    retryAfterSeconds?: number,
  ) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.details = body.details;
    this.requestId = body.requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A 2xx response whose body does not match the contract schema. */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
  constructor(
    readonly path: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super('The server sent a response this page does not understand.');
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Appended as a query string; `undefined`, `null` and `''` are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE_URL}${path}${search ? `?${search}` : ''}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function send(path: string, options: RequestOptions, accept = 'application/json'): Promise<Response> {
  const token = sessionStore.getToken();
  const headers = new Headers({ Accept: accept, [CLIENT_HEADER]: WEB_CLIENT });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      code: 'NETWORK_ERROR',
      message: 'Could not reach the Switchboard API. Check your connection.',
    });
  }

  if (response.ok) return response;

  const body = ApiErrorSchema.safeParse(await readJson(response));
  // A 401 on a call that carried a token means the session is over (expired or revoked).
  if (response.status === 401 && token) sessionStore.end('expired');
  const retryAfter = Number(response.headers.get('Retry-After') ?? NaN);
  throw new ApiError(
    response.status,
    body.success
      ? body.data
      : {
          code: `HTTP_${response.status}`,
          message: response.statusText || `Request failed (HTTP ${response.status}).`,
        },
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** Calls the API and parses the JSON response with a contract schema. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await send(path, options);
  const parsed = schema.safeParse(await readJson(response));
  if (!parsed.success) throw new UnexpectedResponseError(path, parsed.error.issues);
  return parsed.data;
}

/** Calls an API route that answers without a body (e.g. 204 No Content). */
export async function apiRequestNoContent(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

/**
 * Calls an API route that answers with Server-Sent Events; resolves to the open response once the
 * first event is on its way (an error up front is thrown as an ApiError, like any other call).
 */
export function apiStream(path: string, options: RequestOptions = {}): Promise<Response> {
  return send(path, options, 'text/event-stream');
}

/** A message fit for users, for any error a request can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return 'You do not have permission to do this (admin role required).';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
