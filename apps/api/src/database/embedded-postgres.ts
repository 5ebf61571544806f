import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedPostgres {
  /** postgres:// URL of the wire-protocol socket, for the ordinary `pg` driver. */
  url: string;
  dataDir: string | null;
  stop(): Promise<void>;
}

/**
 * PostgreSQL 18 in WASM (PGlite) served over the Postgres wire protocol, so TypeORM's ordinary postgres
 * driver and the same migrations run against it. `dataDir` null keeps everything in memory (tests).
 * All connections share one PGlite session: keep transactions on the connection that opened them.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string | null;
  port?: number;
  maxConnections?: number;
}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Loaded here, not at the top: a gateway on a PostgreSQL server (DATABASE_URL) never loads PGlite.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  const db = await PGlite.create(dataDir ? `file://${dataDir}` : 'memory://');
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
