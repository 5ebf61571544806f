import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { AGENT_CARD_PATH } from '@a2a-js/sdk';
import { DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, restHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import { buildAgentCard, normalizeBaseUrl, REST_PATH } from './agent-card';
import { HelloExecutor } from './hello.executor';

export interface HelloAgentOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Base URL advertised in the Agent Card; default `http://<host>:<actual port>/`. */
  publicUrl?: string;
}

export interface HelloAgent {
  /** Local base URL the server listens on, e.g. `http://127.0.0.1:9999/` (the JSON-RPC endpoint). */
  url: string;
  /** The actual port (useful with port 0). */
  port: number;
  /** Base URL advertised in the Agent Card (equals `url` unless `publicUrl` was given). */
  publicUrl: string;
  /** Stops accepting connections, drops open ones (keep-alive, SSE) and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Builds the express app: Agent Card at `/.well-known/agent-card.json`, JSON-RPC at `POST /`,
 * HTTP+JSON (REST) under `/rest`. `baseUrl` is the public base URL written into the card.
 */
export function createHelloAgentApp(baseUrl: string, executor: AgentExecutor = new HelloExecutor()): Express {
  const card = buildAgentCard(normalizeBaseUrl(baseUrl));
  const requestHandler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  const userBuilder = UserBuilder.noAuthentication;

  const app = express();
  app.disable('x-powered-by');
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: requestHandler }));
  app.use(`/${REST_PATH}`, restHandler({ requestHandler, userBuilder }));
  // `post` (not `use`) so the JSON-RPC router's body parser and content-type guard only see `POST /`.
  app.post('/', jsonRpcHandler({ requestHandler, userBuilder }));
  return app;
}

/** Starts the Hello World agent over HTTP. */
export async function startHelloAgent(opts: HelloAgentOptions = {}): Promise<HelloAgent> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer();
  await listen(server, opts.port ?? 0, host);

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}/`;
  const publicUrl = normalizeBaseUrl(opts.publicUrl ?? url);
  // Attached synchronously right after `listen` resolves, so no request can arrive before it.
  server.on('request', createHelloAgentApp(publicUrl));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, port, publicUrl, close };
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
