import { z } from 'zod';

/** A query-string flag: `true` or `false`, nothing else. */
export const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .meta({ description: 'true or false' });
