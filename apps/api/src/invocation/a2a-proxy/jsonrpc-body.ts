import type { FastifyInstance } from 'fastify';

/** Stands for a JSON-RPC request body that is not JSON: the proxy answers it with -32700, not HTTP 400. */
export const UNPARSEABLE_BODY: object = Object.freeze({});

/** Fails at the first character that is not white space: cheap on any body. */
const BLANK = /^\s*$/;
const JSON_RPC_PATH = /^\/(a2a\/[^/]+\/jsonrpc|servers\/[^/]+\/mcp)\/?(\?|$)/;

/**
 * JSON bodies for the whole API, parsed by Fastify's own (prototype-poisoning-safe) parser. Only on the
 * JSON-RPC endpoints (A2A, MCP) does a parse failure reach the handler — as UNPARSEABLE_BODY — because JSON-RPC
 * reports it in its own envelope; everywhere else it stays a 400. An empty body with a JSON content type (what
 * many clients send on DELETE or a bodiless POST) is no body elsewhere: routes that need none take it.
 */
export function installJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      if (BLANK.test(body as string) && !JSON_RPC_PATH.test(request.url)) return done(null, undefined);
      parseJson(request, body as string, (error: Error | null, value?: unknown) => {
        if (error && JSON_RPC_PATH.test(request.url)) return done(null, UNPARSEABLE_BODY);
        done(error, value);
      });
    },
  );
}
