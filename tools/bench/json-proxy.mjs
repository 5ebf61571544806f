#!/usr/bin/env node
// The floor of a proxy that reads the call: Fastify (the gateway's HTTP server) in, the request's JSON parsed
// and serialised again, undici (keep-alive pool) out, the agent's JSON answer parsed and serialised back. No
// auth, no validation, no limits, no metrics, no logging. Next to the bare proxy (bytes through, nothing read)
// it shows what any gateway on this stack pays before doing anything of its own; the gateway's rows are
// judged against the bare proxy, and this row says how much of the gap is the stack's.
//
// Usage: node tools/bench/json-proxy.mjs <upstream url> [port]   (reports {ready, url} over IPC)
import Fastify from 'fastify';
import { Pool } from 'undici';
import { exitOnSignals } from './lib/processes.mjs';

const upstream = new URL(process.argv[2]);
const port = Number(process.argv[3] ?? 0);
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 60_000 });
const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });

app.post('/*', async (request, reply) => {
  const headers = { 'content-type': 'application/json' };
  const version = request.headers['a2a-version'];
  if (version) headers['a2a-version'] = version;
  const { statusCode, body } = await pool.request({
    method: 'POST',
    path: upstream.pathname,
    headers,
    body: JSON.stringify(request.body),
  });
  const answer = await body.json();
  return reply.code(statusCode).send(answer);
});

await app.listen({ port, host: '127.0.0.1' });
const url = `http://127.0.0.1:${app.server.address().port}/`;
if (process.send) process.send({ ready: true, url });
else console.log(`JSON proxy on ${url} → ${process.argv[2]}`);
exitOnSignals(app.server);
