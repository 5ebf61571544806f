import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { AGENT_CARD_PATH } from '@a2a-js/sdk';
import { DefaultRequestHandler } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, restHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import { DefaultRequestHandler as DefaultRequestHandlerV03 } from 'a2a-sdk-v03/server';
import {
  agentCardHandler as agentCardHandlerV03,
  jsonRpcHandler as jsonRpcHandlerV03,
  restHandler as restHandlerV03,
  UserBuilder as UserBuilderV03,
} from 'a2a-sdk-v03/server/express';
import { buildAgentCard, buildAgentCardV03, normalizeBaseUrl, REST_PATH } from './agent-card';
import { HelloExecutor } from './hello.executor';
import { HelloExecutorV03 } from './hello.executor.v03';
import { HangingRequests, httpFailureModes, parseBody } from './http-modes';
import { requestScope } from './request-scope';
import { DEFAULT_SCRIPT_OPTIONS, FREE_TEXT_VALUES, type FreeText, type ScriptOptions } from './script';

/** A2A protocol generation the agent speaks. */
export type HelloAgentProtocol = '1.0' | '0.3' | '0.2';
export const HELLO_AGENT_PROTOCOLS: readonly HelloAgentProtocol[] = ['1.0', '0.3', '0.2'];

/** Where each generation serves its Agent Card (relative to the base URL). */
export const AGENT_CARD_PATHS: Record<HelloAgentProtocol, string> = {
  '1.0': AGENT_CARD_PATH, // .well-known/agent-card.json
  '0.3': AGENT_CARD_PATH,
  '0.2': '.well-known/agent.json',
};

export interface HelloAgentOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Base URL advertised in the Agent Card; default `http://<host>:<actual port>/`. */
  publicUrl?: string;
  /**
   * Protocol generation (default '1.0'): '1.0' = `@a2a-js/sdk` 1.3 server; '0.3' = the 0.3.14 server
   * (v0.3 card at agent-card.json, JSON-RPC + HTTP+JSON); '0.2' = the same 0.3 JSON-RPC with a
   * `protocolVersion: "0.2.5"` card at `/.well-known/agent.json` only.
   */
  protocol?: HelloAgentProtocol;
  /** Mode `long` completes on its own after this many ms if not canceled (default 600000). */
  longTaskMaxMs?: number;
  /** Interval of the WORKING heartbeats of mode `long` (default 500 ms). */
  heartbeatMs?: number;
  /** Pause between the chunks of mode `stream:<n>` (default 300 ms; 3 s in all at most; 0 = none). */
  streamChunkMs?: number;
  /**
   * What a message without a mode keyword does: 'reply' (default) = the hello reply, COMPLETED;
   * 'working' = the task stays WORKING until canceled (at most `longTaskMaxMs`), for conformance suites.
   */
  freeText?: FreeText;
}

export interface HelloAgent {
  /** Local base URL the server listens on, e.g. `http://127.0.0.1:9999/` (the JSON-RPC endpoint). */
  url: string;
  /** The actual port (useful with port 0). */
  port: number;
  /** Base URL advertised in the Agent Card (equals `url` unless `publicUrl` was given). */
  publicUrl: string;
  /** The protocol generation being served. */
  protocol: HelloAgentProtocol;
  /** What a message without a mode keyword does. */
  freeText: FreeText;
  /** Local URL of the Agent Card (`<url>.well-known/agent-card.json`, or `agent.json` for '0.2'). */
  agentCardUrl: string;
  /**
   * Aborts running tasks (`slow`, `long`: their timers are cleared, as are those of parked tasks),
   * stops accepting connections, destroys open ones (keep-alive, SSE, blocking calls, requests held by
   * `hang`: clients see the connection drop) and resolves once the server is closed. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Builds the A2A v1.0 express app: Agent Card at `/.well-known/agent-card.json`, JSON-RPC at
 * `POST /`, HTTP+JSON (REST) under `/rest`. `baseUrl` is the public base URL written into the card.
 */
export function createHelloAgentApp(
  baseUrl: string,
  executor: HelloExecutor = new HelloExecutor(),
  hanging: HangingRequests = new HangingRequests(),
): Express {
  const card = buildAgentCard(normalizeBaseUrl(baseUrl));
  const requestHandler = new DefaultRequestHandler(card, executor.taskStore, executor);
  const userBuilder = UserBuilder.noAuthentication;
  const modes = httpFailureModes(hanging);

  const app = express();
  app.disable('x-powered-by');
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: requestHandler }));
  app.use(
    `/${REST_PATH}`,
    parseBody('1.0', 'rest'),
    modes,
    requestScope,
    restHandler({ requestHandler, userBuilder }),
  );
  // `post` (not `use`) so the JSON-RPC router's body parser and content-type guard only see `POST /`.
  app.post(
    '/',
    parseBody('1.0', 'jsonrpc'),
    modes,
    requestScope,
    jsonRpcHandler({ requestHandler, userBuilder }),
  );
  return app;
}

/**
 * Builds the legacy express app on the `@a2a-js/sdk` 0.3.14 server: v0.3 JSON-RPC at `POST /` and,
 * for '0.3', HTTP+JSON under `/rest` (paths `/rest/v1/...`); the card at `AGENT_CARD_PATHS[generation]`.
 */
export function createHelloAgentAppV03(
  baseUrl: string,
  generation: '0.3' | '0.2' = '0.3',
  executor: HelloExecutorV03 = new HelloExecutorV03(),
  hanging: HangingRequests = new HangingRequests(),
): Express {
  const card = buildAgentCardV03(normalizeBaseUrl(baseUrl), generation);
  const requestHandler = new DefaultRequestHandlerV03(card, executor.taskStore, executor);
  const userBuilder = UserBuilderV03.noAuthentication;
  const modes = httpFailureModes(hanging);

  const app = express();
  app.disable('x-powered-by');
  app.use(`/${AGENT_CARD_PATHS[generation]}`, agentCardHandlerV03({ agentCardProvider: requestHandler }));
  if (generation === '0.3') {
    app.use(
      `/${REST_PATH}`,
      parseBody('0.3', 'rest'),
      modes,
      requestScope,
      restHandlerV03({ requestHandler, userBuilder }),
    );
  }
  app.post(
    '/',
    parseBody('0.3', 'jsonrpc'),
    modes,
    requestScope,
    jsonRpcHandlerV03({ requestHandler, userBuilder }),
  );
  return app;
}

/** Starts the Hello World agent over HTTP. */
export async function startHelloAgent(opts: HelloAgentOptions = {}): Promise<HelloAgent> {
  const protocol = opts.protocol ?? '1.0';
  if (!HELLO_AGENT_PROTOCOLS.includes(protocol)) {
    throw new Error(`protocol must be one of ${HELLO_AGENT_PROTOCOLS.join(', ')}, got "${String(protocol)}"`);
  }
  const freeText = opts.freeText ?? DEFAULT_SCRIPT_OPTIONS.freeText;
  if (!FREE_TEXT_VALUES.includes(freeText)) {
    throw new Error(`freeText must be one of ${FREE_TEXT_VALUES.join(', ')}, got "${String(freeText)}"`);
  }
  const script: ScriptOptions = {
    longTaskMaxMs: opts.longTaskMaxMs ?? DEFAULT_SCRIPT_OPTIONS.longTaskMaxMs,
    heartbeatMs: opts.heartbeatMs ?? DEFAULT_SCRIPT_OPTIONS.heartbeatMs,
    streamChunkMs: opts.streamChunkMs ?? DEFAULT_SCRIPT_OPTIONS.streamChunkMs,
    freeText,
  };
  const host = opts.host ?? '127.0.0.1';
  const server = createServer();
  await listen(server, opts.port ?? 0, host);

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}/`;
  const publicUrl = normalizeBaseUrl(opts.publicUrl ?? url);
  const hanging = new HangingRequests();
  const executor = protocol === '1.0' ? new HelloExecutor(script) : new HelloExecutorV03(script);
  const app =
    executor instanceof HelloExecutor
      ? createHelloAgentApp(publicUrl, executor, hanging)
      : createHelloAgentAppV03(publicUrl, protocol === '0.2' ? '0.2' : '0.3', executor, hanging);
  // Attached synchronously right after `listen` resolves, so no request can arrive before it.
  server.on('request', app);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      executor.shutdown(); // running tasks end CANCELED, their timers are cleared
      server.close((err) => (err ? reject(err) : resolve()));
      hanging.destroyAll();
      server.closeAllConnections();
    });
    return closing;
  };
  const agentCardUrl = `${url}${AGENT_CARD_PATHS[protocol]}`;
  return { url, port, publicUrl, protocol, freeText, agentCardUrl, close };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Host part of a URL for a listening address: wildcards map to loopback, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
