import { InvokeRequestBodySchema, InvokeResponseSchema } from '@switchboard/api-contract';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_ERROR_DESCRIPTIONS } from '../common/http/api-errors.decorator';
import { apiSchema } from '../common/http/api-schema';

type PathItem = OpenAPIObject['paths'][string];

const errors = (mediaType: string, ...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: API_ERROR_DESCRIPTIONS[status],
        content: { [mediaType]: { schema: { $ref: '#/components/schemas/ApiErrorDto' } } },
      },
    ]),
  );

const pathParam = (name: string) => ({
  name,
  in: 'path' as const,
  required: true,
  schema: { type: 'string' },
});
const invokeBody = {
  required: true,
  content: { 'application/json': { schema: apiSchema(InvokeRequestBodySchema) } },
};
const security = [{ bearer: [] }];

/**
 * The OpenAPI description of the data-plane routes (DataPlaneRoutes), which Nest's Swagger scan cannot see:
 * merged into the document next to the controllers' paths.
 */
export const DATA_PLANE_PATHS: Record<string, PathItem> = {
  '/a2a/{slug}/jsonrpc': {
    post: {
      tags: ['a2a-proxy'],
      operationId: 'A2AJsonRpcDoor_handle',
      summary: 'A2A JSON-RPC endpoint of the agent',
      description:
        'v1.0 methods (`SendMessage`, `SendStreamingMessage`, `GetTask`, `ListTasks`, `CancelTask`, ' +
        '`SubscribeToTask`) and v0.3 methods (`message/send`, `message/stream`, `tasks/get`, `tasks/cancel`, ' +
        '`tasks/resubscribe`), answered in the caller’s dialect. Streaming methods answer with SSE. Errors use the ' +
        'spec’s JSON-RPC codes; an agent’s own error passes through unchanged (code, message, data). The ' +
        'gateway’s own refusals are -32603 with a machine-readable reason — v1.0: `data` holds a ' +
        '`google.rpc.ErrorInfo` (reason `RATE_LIMIT_EXCEEDED`, `BUDGET_EXCEEDED`, `TIMEOUT`, `AGENT_UNAVAILABLE`, ' +
        '`CONNECTION_ERROR`, …, domain `switchboard`, metadata such as `retryAfterMs`) and a ' +
        '`google.rpc.RetryInfo` when retrying later helps; v0.3: `data` is `{ code, retryAfterMs?, … }`.',
      parameters: [pathParam('slug')],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'object', description: 'A JSON-RPC 2.0 request' } },
        },
      },
      responses: {
        '200': {
          description: 'A JSON-RPC 2.0 response (errors included), or an SSE stream of them',
          content: { 'application/json': { schema: { type: 'object' } }, 'text/event-stream': {} },
        },
        ...errors('application/json', 401, 404, 409, 503),
      },
      security,
    },
  },
  '/a2a/{name}/invoke': {
    post: {
      tags: ['invocation'],
      operationId: 'RestInvokeDoor_invoke',
      summary: 'Call an agent',
      description:
        'Sends a message (text or an A2A v1.0 message) through the gateway pipeline and returns the agent’s ' +
        '`{ task }` or `{ message }`. With `Accept: text/event-stream` it streams instead (see `/stream`). ' +
        'Errors: 404 unknown agent, 409 disabled, 429 rate limited (Retry-After), 402 budget spent (Retry-After), ' +
        '503 circuit open (Retry-After), 504 timeout, 502 the agent failed (its own JSON-RPC error in ' +
        '`details.rpcError`); 503 DATABASE_UNAVAILABLE (Retry-After) only for a credential not verified before ' +
        'the database became unreachable.',
      parameters: [pathParam('name')],
      requestBody: invokeBody,
      responses: {
        '200': {
          description: 'The agent’s answer',
          content: { 'application/json': { schema: apiSchema(InvokeResponseSchema) } },
        },
        ...errors('application/json', 400, 401, 404, 409, 429, 503),
      },
      security,
    },
  },
  '/a2a/{name}/stream': {
    post: {
      tags: ['invocation'],
      operationId: 'RestInvokeDoor_stream',
      summary: 'Call an agent and stream its events (SSE)',
      description:
        'Each agent event is sent as it arrives: `event: task | message | status-update | artifact-update`, ' +
        '`data:` the A2A v1.0 event. A failure after the stream started is sent as `event: error`. ' +
        'Closing the connection cancels the call to the agent.',
      parameters: [pathParam('name')],
      requestBody: invokeBody,
      responses: {
        '200': { description: 'The agent’s events', content: { 'text/event-stream': {} } },
        ...errors('application/json', 400, 401, 404, 409, 429, 503),
      },
      security,
    },
  },
};
