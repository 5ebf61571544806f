#!/usr/bin/env node
// The floor: the least a Node reverse proxy can do — node:http in, undici (keep-alive pool) out, the body
// forwarded as bytes and the answer streamed back. No auth, no JSON parsing, no routing, no limits, no
// logging. The benchmark measures it next to the gateway so the report can tell what the gateway itself
// costs apart from what any proxy pays for the second hop on this machine (two more socket reads and
// writes per call, on the same cores as the agent and the load generator).
//
// With several upstreams (comma-separated) it is the load balancer in front of gateway replicas
// (`--replicas N`): round-robin, one pool per upstream, the request path appended to each upstream's path
// and the caller's Authorization passed on. With one upstream it is the same proxy in front of one replica,
// so the two rows differ only by the number of replicas.
//
// Usage: node tools/bench/bare-proxy.mjs <upstream url>[,<upstream url>…] [port]
//        (reports {ready, url} over IPC)
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { exitOnSignals } from './lib/processes.mjs';

const upstreams = process.argv[2].split(',').map((raw) => {
  const url = new URL(raw);
  return {
    pool: new Pool(url.origin, { connections: 128, keepAliveTimeout: 60_000 }),
    prefix: url.pathname.replace(/\/$/, ''),
  };
});
const port = Number(process.argv[3] ?? 0);
const FORWARDED = ['content-type', 'a2a-version', 'authorization'];
let next = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const upstream = upstreams[next];
    next = (next + 1) % upstreams.length;
    const headers = {};
    for (const name of FORWARDED) if (req.headers[name]) headers[name] = req.headers[name];
    upstream.pool
      .request({
        method: req.method,
        path: upstream.prefix + req.url,
        headers,
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
  else console.log(`bare proxy on ${url} → ${process.argv[2]}`);
});

exitOnSignals(server);
