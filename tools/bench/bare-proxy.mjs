#!/usr/bin/env node
// The floor: the least a Node reverse proxy can do — node:http in, undici (keep-alive pool) out, the body
// forwarded as bytes and the answer streamed back. No auth, no JSON parsing, no routing, no limits, no
// logging. The benchmark measures it next to the gateway so the report can tell what the gateway itself
// costs apart from what any proxy pays for the second hop on this machine (two more socket reads and
// writes per call, on the same cores as the agent and the load generator).
//
// Usage: node tools/bench/bare-proxy.mjs <upstream url> [port]   (reports {ready, port, url} over IPC)
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2]);
const port = Number(process.argv[3] ?? 0);
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 60_000 });

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    pool
      .request({
        method: req.method,
        path: upstream.pathname,
        headers: { 'content-type': 'application/json', 'a2a-version': req.headers['a2a-version'] ?? '1.0' },
        body: Buffer.concat(chunks),
      })
      .then(({ statusCode, headers, body }) => {
        res.writeHead(statusCode, { 'content-type': headers['content-type'] ?? 'application/json' });
        body.pipe(res);
      })
      .catch((err) => res.writeHead(502).end(String(err.message)));
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  if (process.send) process.send({ ready: true, url });
  else console.log(`bare proxy on ${url} → ${upstream.href}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
