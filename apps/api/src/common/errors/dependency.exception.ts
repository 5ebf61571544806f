import { DomainException } from './domain.exception';

/** A dependency of the gateway that can be away while the process itself is fine. */
export enum DependencyErrorCode {
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  RedisUnavailable = 'REDIS_UNAVAILABLE',
}

/** How long a caller is told to wait before trying again (`Retry-After`, RetryInfo, `retryAfterMs`). */
export const DEPENDENCY_RETRY_AFTER_MS = 5_000;

/**
 * PostgreSQL or Redis cannot be reached, or did not answer in time: the request needed it and was not
 * served. Built from the driver's error by `outageOf`, never from its message (which can name hosts).
 */
export class DependencyUnavailableException extends DomainException<DependencyErrorCode> {
  readonly retryAfterMs = DEPENDENCY_RETRY_AFTER_MS;
}
