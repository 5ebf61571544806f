import { whereOf } from './where';

describe('whereOf', () => {
  it('names host, port and database, never the credentials', () => {
    expect(
      whereOf('postgres://app:s3cret@db.internal:5433/switchboard?sslmode=require', 'DATABASE_URL'),
    ).toBe('postgres://db.internal:5433/switchboard');
    expect(whereOf('rediss://:s3cret@cache:6380', 'REDIS_URL')).toBe('rediss://cache:6380');
  });

  it('falls back to the variable name for what does not parse', () => {
    expect(whereOf('not a url s3cret', 'DATABASE_URL')).toBe('DATABASE_URL');
    expect(whereOf(undefined, 'REDIS_URL')).toBe('REDIS_URL');
  });
});
