import type { TestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __switchboardTestDb?: TestDatabase }).__switchboardTestDb?.drop();
}
