// Loopback forwarder that lets the A2A TCK test one agent behind the Switchboard gateway as if it were a
// bare agent at a root URL (the TCK takes one `--sut-url` and reads the card at its root).
//
//   GATEWAY=http://127.0.0.1:3000 SLUG=hello TOKEN=<jwt> FWD_PORT=19903 node tools/tck/forwarder.mjs
//
// Paths (the gateway serves an agent under /a2a/<slug>/):
//   POST /                   → POST /a2a/<slug>/jsonrpc   (the TCK's --sut-url is the JSON-RPC endpoint)
//   /a2a/…                   → unchanged                  (the URLs the gateway's card names)
//   anything else            → /a2a/<slug>/<path>          (e.g. /.well-known/agent-card.json)
//
// FWD_AUTH: `card` (default) adds `Authorization: Bearer <TOKEN>` to card GETs only: the TCK fetches the
// card with no headers at all, while the gateway serves it to authenticated callers only. The TCK's A2A calls
// carry the token themselves (run.sh passes it in A2A_AUTH_HEADERS), so its "an unauthenticated call is
// refused" tests see the gateway's real answer. `all` adds it to every request without one.
//
// CARD_A2A_VERSION (e.g. 1.0) adds `A2A-Version` to card GETs that carry none; unset, they pass as sent
// (without the header the gateway serves its v0.3-compatible card).
//
// Host is passed through, so the gateway writes the forwarder's address into the card; in card bodies the
// gateway's own origin is also rewritten to the forwarder's (for a gateway with PUBLIC_URL set).
import http from 'node:http';

const GATEWAY = new URL(process.env.GATEWAY ?? 'http://127.0.0.1:3000');
const SLUG = encodeURIComponent(process.env.SLUG ?? 'hello');
const TOKEN = process.env.TOKEN ?? '';
const PORT = Number(process.env.FWD_PORT ?? 19903);
const AUTH = process.env.FWD_AUTH ?? 'card';
const CARD_VERSION = process.env.CARD_A2A_VERSION ?? '';
const HOST = '127.0.0.1';
const ORIGIN = `http://${HOST}:${PORT}`;

if (!['card', 'all'].includes(AUTH)) {
  console.error(`FWD_AUTH must be card or all, got "${AUTH}"`);
  process.exit(2);
}

function targetPath(method, url) {
  const u = new URL(url, ORIGIN);
  if (u.pathname === '/' && method === 'POST') return `/a2a/${SLUG}/jsonrpc${u.search}`;
  if (u.pathname === '/a2a' || u.pathname.startsWith('/a2a/')) return u.pathname + u.search;
  return `/a2a/${SLUG}${u.pathname}${u.search}`;
}

function needsToken(isCard) {
  return AUTH === 'all' || (AUTH === 'card' && isCard);
}

const server = http.createServer((req, res) => {
  const path = targetPath(req.method, req.url);
  const isCard = req.method === 'GET' && path.includes('/.well-known/');
  const headers = { ...req.headers };
  if (TOKEN && !headers.authorization && needsToken(isCard)) headers.authorization = `Bearer ${TOKEN}`;
  if (isCard && CARD_VERSION && !headers['a2a-version']) headers['a2a-version'] = CARD_VERSION;
  // Card bodies are rewritten below, so they must come uncompressed.
  if (isCard) delete headers['accept-encoding'];

  const upstream = http.request(
    { host: GATEWAY.hostname, port: GATEWAY.port, method: req.method, path, headers },
    (upRes) => {
      if (!isCard) {
        res.writeHead(upRes.statusCode, upRes.statusMessage, upRes.headers);
        upRes.pipe(res);
        return;
      }
      const chunks = [];
      upRes.on('data', (chunk) => chunks.push(chunk));
      upRes.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8').split(GATEWAY.origin).join(ORIGIN);
        const body = Buffer.from(text);
        const outHeaders = { ...upRes.headers, 'content-length': String(body.length) };
        delete outHeaders['transfer-encoding'];
        res.writeHead(upRes.statusCode, upRes.statusMessage, outHeaders);
        res.end(body);
      });
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`forwarder: ${err.message}`);
  });
  // A client that goes away (e.g. ends an SSE stream) closes the upstream call too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
});

server.listen(PORT, HOST, () => {
  console.log(
    `forwarder ${ORIGIN} → ${GATEWAY.origin}/a2a/${SLUG}/ (token added: ${AUTH}; card A2A-Version: ${CARD_VERSION || 'as sent'})`,
  );
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
