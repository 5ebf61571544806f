import { QueryFailedError } from 'typeorm';

/**
 * The constraint a query broke when it failed on a unique constraint (PostgreSQL 23505); null for any other
 * error. `constraint` is empty when the driver did not name it.
 */
export function uniqueViolation(error: unknown): { constraint: string } | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } })
    .driverError;
  return driver?.code === '23505' ? { constraint: driver.constraint ?? '' } : null;
}
