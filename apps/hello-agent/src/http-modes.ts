import type { Socket } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { A2A_ERROR_CODE, RequestMalformedError, toRestErrorBody } from '@a2a-js/sdk/errors';
import { A2AError as A2AErrorV03 } from 'a2a-sdk-v03/server';
import { isHttpMode, parseMode, type HttpMode } from './modes';

/**
 * The HTTP layer of the failure modes: `error:<status>`, `garbage` and `hang` answer (or don't
 * answer) the HTTP request itself, before the A2A SDK handles it.
 *
 * To read the message text the body must be parsed before the SDK's own router sees it. Each route
 * therefore gets `parseBody(...)`: the same body parser the SDK would run (which then skips, since
 * the body is already read), plus the answer the SDK gives for malformed JSON, because a parse error
 * raised outside the SDK's router never reaches the SDK's error handler.
 */

export type Generation = '1.0' | '0.3';
export type Binding = 'jsonrpc' | 'rest';

/** Body parser + malformed-JSON answer, matching what `generation`'s SDK does on `binding`. */
export function parseBody(
  generation: Generation,
  binding: Binding,
): (RequestHandler | ErrorRequestHandler)[] {
  const parser =
    generation === '1.0' && binding === 'rest'
      ? express.json({ type: ['application/json', 'application/a2a+json'], strict: false })
      : express.json();
  return [parser, malformedJsonAnswer(generation, binding)];
}

function malformedJsonAnswer(generation: Generation, binding: Binding): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (!(err instanceof SyntaxError && 'body' in err)) return next(err);
    const message = 'Invalid JSON payload.';
    if (generation === '1.0' && binding === 'jsonrpc') {
      res
        .status(200)
        .json({ jsonrpc: '2.0', id: null, error: { code: A2A_ERROR_CODE.PARSE_ERROR, message } });
    } else if (generation === '1.0') {
      res.setHeader('Content-Type', 'application/a2a+json');
      res.status(400).json(toRestErrorBody(new RequestMalformedError(message), 400));
    } else {
      const error = A2AErrorV03.parseError(message).toJSONRPCError();
      res.status(400).json(binding === 'jsonrpc' ? { jsonrpc: '2.0', id: null, error } : error);
    }
  };
}

/** The joined text parts of the message in a JSON-RPC (`params.message`) or REST (`message`) body. */
export function bodyMessageText(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const message = isRecord(body.params) ? body.params.message : body.message;
  if (!isRecord(message)) return undefined;
  // v1.0 and v0.3 JSON-RPC: `parts`; v0.3 REST (proto JSON): `content`. Text parts carry `text`.
  const parts = Array.isArray(message.parts) ? message.parts : message.content;
  if (!Array.isArray(parts)) return undefined;
  return parts.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

/** Requests held open by `hang`, so `close()` can drop them at once. */
export class HangingRequests {
  private readonly sockets = new Set<Socket>();

  hold(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** Body of `garbage`: served as `application/json`, but not JSON. */
export const GARBAGE_BODY = '<html>this is not JSON {"jsonrpc": "2.0", "result": ';

/** Express middleware playing the HTTP modes; every other request goes on to the SDK untouched. */
export function httpFailureModes(hanging: HangingRequests): RequestHandler {
  return (req, res, next) => {
    const text = bodyMessageText(req.body);
    const mode = text === undefined ? undefined : parseMode(text);
    if (!mode || !isHttpMode(mode)) return next();
    answer(mode, hanging, req.socket, res);
  };
}

function answer(mode: HttpMode, hanging: HangingRequests, socket: Socket, res: express.Response): void {
  switch (mode.kind) {
    case 'error': {
      const headers: Record<string, string> = {};
      if (mode.status === 429) headers['Retry-After'] = '1';
      if (mode.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="hello-agent"';
      const message = `Simulated HTTP ${mode.status} (hello-agent mode error:${mode.status})`;
      send(res, mode.status, JSON.stringify({ error: { code: mode.status, message } }), headers);
      return;
    }
    case 'garbage':
      send(res, 200, GARBAGE_BODY);
      return;
    case 'hang':
      // Never answer: the socket stays open until the client gives up or the server closes.
      hanging.hold(socket);
      return;
  }
}

/** Writes a complete `application/json` response without express's charset/ETag additions. */
function send(
  res: express.Response,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      ...headers,
    })
    .end(body);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
