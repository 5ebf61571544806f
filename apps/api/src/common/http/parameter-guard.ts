import { unstorableText } from '@switchboard/api-contract';
import type { FastifyInstance } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

/** The first path or query parameter PostgreSQL could not take (NUL, a lone surrogate), with why. */
function unstorableParameter(
  where: 'params' | 'query',
  values: unknown,
): { path: string[]; message: string } | undefined {
  if (!values || typeof values !== 'object') return undefined;
  // for…in and no copies: this runs on every request, the data-plane calls included.
  for (const name in values) {
    const value = (values as Record<string, unknown>)[name];
    const texts = Array.isArray(value) ? value : undefined;
    for (let i = 0; i < (texts ? texts.length : 1); i++) {
      const text: unknown = texts ? texts[i] : value;
      const why = typeof text === 'string' ? unstorableText(text) : undefined;
      if (why) return { path: [where === 'params' ? 'path' : 'query', name], message: why };
    }
  }
  return undefined;
}

/**
 * Path and query parameters go into SQL (a task id, a search text) on many routes: one that PostgreSQL
 * cannot store is refused here for every route — Nest's and the data-plane's — as a 400 naming it, like a
 * body field (bodies are checked by their schemas, see requestBody). A couple of short strings per request.
 */
export function installParameterGuard(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const problem =
      unstorableParameter('params', request.params) ?? unstorableParameter('query', request.query);
    if (!problem) return done();
    done(
      new ZodValidationException(
        new z.ZodError([{ code: 'custom', path: problem.path, message: problem.message, input: undefined }]),
      ),
    );
  });
}
