#!/usr/bin/env node
// The least a gateway with Switchboard's call-path features must do, on its stack, written flat: what the
// gateway's rows would cost if every layer between the door and the socket were free. Fastify in; a JWT
// verified once and then looked up; the JSON-RPC envelope checked and the params validated with the lib's
// zod schema; a token-bucket rate limit; a timeout per call (AbortController + timer); undici out; the
// answer parsed and its result validated with the lib's schema; a Prometheus counter and histogram; one
// metric row buffered per call (dropped each second: no database); X-Request-Id. Nothing else: no tasks,
// circuit breaker, budgets, retries, v0.3, streams, tracing or logs. A reference row, not a product: its
// number says where the floor of the gateway's own work is on this stack (tools/bench README, "Targets").
//
// Usage: node tools/bench/lean-gateway.mjs <upstream url> [port]   (JWT secret in LEAN_JWT_SECRET;
// reports {ready, url} over IPC)
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { LRUCache } from 'lru-cache';
import { Counter, Histogram, Registry } from 'prom-client';
import { Pool } from 'undici';
import { SendMessageRequestSchema, SendMessageResponseSchema } from '@switchboard/a2a-protocol';
import { verifyHs256 } from './lib/hs256.mjs';
import { exitOnSignals } from './lib/processes.mjs';

const upstream = new URL(process.argv[2]);
const port = Number(process.argv[3] ?? 0);
const secret = process.env.LEAN_JWT_SECRET;
if (!secret) throw new Error('LEAN_JWT_SECRET is required');
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 60_000 });
const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });

const verified = new LRUCache({ max: 10_000, ttl: 3_600_000 });
const registry = new Registry();
const requests = new Counter({ name: 'calls_total', help: 'calls', labelNames: ['agent', 'outcome'], registers: [registry] });
const duration = new Histogram({ name: 'call_seconds', help: 'duration', labelNames: ['agent', 'outcome'], registers: [registry] });
const rows = [];
setInterval(() => (rows.length = 0), 1000).unref();
const bucket = { tokens: 1_000_000, at: performance.now(), perMs: 1_000_000 / 60_000 };

function fail(reply, id, code, message) {
  return reply.send({ jsonrpc: '2.0', id, error: { code, message } });
}

app.post('/a2a/:slug/jsonrpc', async (request, reply) => {
  const startedAt = performance.now();
  const requestId = randomUUID();
  reply.header('x-request-id', requestId);
  const auth = request.headers.authorization;
  const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  let user = token && verified.get(token);
  if (!user) {
    user = token ? verifyHs256(token, secret)?.sub : undefined;
    if (!user) return reply.code(401).send({ code: 'UNAUTHORIZED', message: 'bad token', requestId });
    verified.set(token, user);
  }
  const body = request.body;
  if (!body || body.jsonrpc !== '2.0' || typeof body.method !== 'string')
    return fail(reply, body?.id ?? null, -32600, 'Invalid Request');
  if (body.method !== 'SendMessage') return fail(reply, body.id, -32601, 'Method not found');
  const params = SendMessageRequestSchema.safeParse(body.params);
  if (!params.success) return fail(reply, body.id, -32602, 'Invalid params');
  const now = performance.now();
  bucket.tokens = Math.min(1_000_000, bucket.tokens + (now - bucket.at) * bucket.perMs);
  bucket.at = now;
  if (bucket.tokens < 1) return fail(reply, body.id, -32603, 'rate limited');
  bucket.tokens -= 1;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  let outcome = 'success';
  try {
    const { body: answer } = await pool.request({
      method: 'POST',
      path: upstream.pathname,
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: randomUUID(), method: 'SendMessage', params: params.data }),
      signal: controller.signal,
    });
    const envelope = await answer.json();
    if (envelope.error) {
      outcome = 'error';
      return reply.send({ jsonrpc: '2.0', id: body.id, error: envelope.error });
    }
    const result = SendMessageResponseSchema.safeParse(envelope.result);
    if (!result.success) {
      outcome = 'error';
      return fail(reply, body.id, -32603, 'bad answer');
    }
    return reply.send({ jsonrpc: '2.0', id: body.id, result: result.data });
  } finally {
    clearTimeout(timer);
    const ms = performance.now() - startedAt;
    const agent = request.params.slug;
    requests.inc({ agent, outcome });
    duration.observe({ agent, outcome }, ms / 1000);
    rows.push({ agent, user, outcome, ms, at: Date.now(), requestId });
  }
});

await app.listen({ port, host: '127.0.0.1' });
const url = `http://127.0.0.1:${app.server.address().port}/`;
if (process.send) process.send({ ready: true, url });
else console.log(`lean gateway on ${url} → ${process.argv[2]}`);
exitOnSignals(app.server);
