import { createServer, type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { toErrorResponse } from '../http/error-response';
import { DependencyErrorCode, DependencyUnavailableException } from './dependency.exception';
import { outageOf, unavailableDependency } from './outage';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What node-postgres throws for `sql` on the test database (null when it succeeds). */
async function pgError(sql: string, statementTimeoutMs?: number): Promise<unknown> {
  const client = new Client({
    connectionString: process.env.DATABASE_URL,
    statement_timeout: statementTimeoutMs,
  });
  await client.connect();
  try {
    await client.query(sql);
    return null;
  } catch (error) {
    return error;
  } finally {
    await client.end();
  }
}

describe('outageOf: which errors mean a dependency is away', () => {
  it('names the database for a connection the server refused (a real pg client)', async () => {
    const client = new Client({
      host: '127.0.0.1',
      port: await closedPort(),
      connectionTimeoutMillis: 2_000,
    });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(unavailableDependency(error)).toBe(DependencyErrorCode.DatabaseUnavailable);
  });

  const onServer = process.env.SWITCHBOARD_TEST_DB === 'server' ? it : it.skip;
  onServer(
    'names the database for a statement the server cancelled at statement_timeout (57014)',
    async () => {
      const error = await pgError('SELECT pg_sleep(2)', 50);
      expect((error as { code?: string }).code).toBe('57014');
      expect(unavailableDependency(error)).toBe(DependencyErrorCode.DatabaseUnavailable);
      // …also wrapped by TypeORM.
      const wrapped = new QueryFailedError('SELECT pg_sleep(2)', [], error as Error);
      expect(unavailableDependency(wrapped)).toBe(DependencyErrorCode.DatabaseUnavailable);
    },
  );

  it.each([
    ['a syntax error', 'SELEC 1'],
    ['a unique violation', 'CREATE TEMP TABLE u (x int UNIQUE); INSERT INTO u VALUES (1), (1)'],
  ])('leaves %s alone: the query was wrong, the database is fine', async (_, sql) => {
    const error = await pgError(sql);
    expect(error).not.toBeNull();
    expect(outageOf(error)).toBeNull();
  });

  it.each([
    ['pg-pool, no connection in time', 'timeout exceeded when trying to connect', 'DATABASE_UNAVAILABLE'],
    ['pg, server gone mid-query', 'Connection terminated unexpectedly', 'DATABASE_UNAVAILABLE'],
    ['pg, query_timeout', 'Query read timeout', 'DATABASE_UNAVAILABLE'],
    ['ioredis, commandTimeout', 'Command timed out', 'REDIS_UNAVAILABLE'],
    [
      'ioredis, offline queue off',
      "Stream isn't writeable and enableOfflineQueue options is false",
      'REDIS_UNAVAILABLE',
    ],
    ['anything else', 'Cannot read properties of undefined', null],
  ])('%s ("%s") → %s', (_, message, code) => {
    expect(unavailableDependency(new Error(message))).toBe(code);
  });

  it('leaves what is not an error alone', () => {
    expect(unavailableDependency('ECONNREFUSED')).toBeNull();
    expect(unavailableDependency(undefined)).toBeNull();
  });

  it('renders as 503 with Retry-After and the code, never the driver message', () => {
    const response = toErrorResponse(
      Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' }),
    );
    expect(response).toMatchObject({
      status: 503,
      body: { code: 'DATABASE_UNAVAILABLE' },
      headers: { 'retry-after': '5' },
      outage: 'DATABASE_UNAVAILABLE',
    });
    expect(response.unexpected).toBeFalsy();
    expect(JSON.stringify(response.body)).not.toContain('10.1.2.3');
    expect(new DependencyUnavailableException(DependencyErrorCode.RedisUnavailable, 'x').retryAfterMs).toBe(
      5_000,
    );
  });
});
