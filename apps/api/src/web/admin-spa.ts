import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const ADMIN_PATH = '/admin';

/** Where the built SPA is: WEB_DIST_DIR, else apps/web/dist next to this app. */
export function resolveWebDist(configured: string | null): string {
  return configured ? resolve(configured) : resolve(__dirname, '../../../web/dist');
}

/**
 * Serve the built admin SPA at /admin: its files as static assets, and index.html for every other path
 * under /admin so client-side routes survive a reload. Without a build, /admin says how to make one.
 */
export async function serveAdminSpa(app: NestFastifyApplication, distDir: string): Promise<boolean> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_req, reply) => reply.redirect(`${ADMIN_PATH}/`));
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    const missing = (
      _req: unknown,
      reply: { code(n: number): { type(t: string): { send(b: string): void } } },
    ) =>
      reply
        .code(404)
        .type('text/plain')
        .send(`The admin UI is not built. Run "npm run build" (looked in ${distDir}).`);
    fastify.get(ADMIN_PATH, missing);
    fastify.get(`${ADMIN_PATH}/*`, missing);
    return false;
  }
  const index = readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: `${ADMIN_PATH}/`,
    wildcard: false,
    index: false,
    decorateReply: false,
    maxAge: '1h',
  });
  const sendIndex = (
    _req: unknown,
    reply: { type(t: string): { header(k: string, v: string): { send(b: Buffer): void } } },
  ) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  fastify.get(ADMIN_PATH, sendIndex);
  fastify.get(`${ADMIN_PATH}/*`, sendIndex);
  return true;
}
