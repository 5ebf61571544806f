import { DependencyErrorCode, DependencyUnavailableException } from './dependency.exception';

/**
 * Socket-level failures (Node's codes) and the PostgreSQL SQLSTATEs that mean "the server is not there or not
 * answering", not "the query was wrong": connection exceptions (class 08), shutdown and recovery (57P01–57P03)
 * and a statement cancelled by `statement_timeout` (57014).
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '57014',
]);

/** What node-postgres and pg-pool say when a connection fails, times out or dies under a query. */
const PG_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection timeout|Client has encountered a connection error|Connection is not queryable/i;

/** What ioredis says when a command cannot be sent or got no answer in `commandTimeout`. */
const REDIS_MESSAGES =
  /Command timed out|Stream isn't writeable|Connection is closed|Reached the max retries/i;
const REDIS_ERRORS = new Set(['MaxRetriesPerRequestError']);

/**
 * The dependency an error says is away, or null for any other error: the one place that reads driver error
 * shapes (pg, pg-pool, TypeORM's QueryFailedError around them, ioredis).
 */
export function unavailableDependency(error: unknown): DependencyErrorCode | null {
  if (error instanceof DependencyUnavailableException) return error.code;
  // Shapes, not `instanceof Error`: socket errors are made by Node's own realm, which is not always ours.
  if (typeof error !== 'object' || error === null) return null;
  const e = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof e.message !== 'string') return null;
  if ((typeof e.name === 'string' && REDIS_ERRORS.has(e.name)) || REDIS_MESSAGES.test(e.message))
    return DependencyErrorCode.RedisUnavailable;
  if ((typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) || PG_MESSAGES.test(e.message))
    return DependencyErrorCode.DatabaseUnavailable;
  // TypeORM wraps the driver's error (QueryFailedError.driverError); some paths set `cause`.
  if (e.driverError) return unavailableDependency(e.driverError);
  if (e.cause) return unavailableDependency(e.cause);
  return null;
}

const MESSAGES: Record<DependencyErrorCode, string> = {
  [DependencyErrorCode.DatabaseUnavailable]:
    'The database cannot be reached right now; this request needs it. Try again shortly',
  [DependencyErrorCode.RedisUnavailable]:
    'Redis cannot be reached right now; this request needs it. Try again shortly',
};

/** The typed 503 for an error that says a dependency is away, or null for any other error. */
export function outageOf(error: unknown): DependencyUnavailableException | null {
  if (error instanceof DependencyUnavailableException) return error;
  const code = unavailableDependency(error);
  return code ? new DependencyUnavailableException(code, MESSAGES[code]) : null;
}
