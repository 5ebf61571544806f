import { startupBanner } from './startup-banner';

describe('startupBanner', () => {
  const facts = {
    base: 'http://localhost:4444',
    adminEmail: 'admin@example.com',
    defaultPassword: 'changeme',
    defaults: ['ADMIN_PASSWORD', 'JWT_SECRET'],
    embeddedDataDir: '/repo/.data',
  };

  it('names the admin URL, the default sign-in, the docs and the data directory', () => {
    const banner = startupBanner(facts);
    expect(banner).toContain('Admin UI  http://localhost:4444/admin');
    expect(banner).toContain('Sign in   admin@example.com / changeme');
    expect(banner).toContain('API docs  http://localhost:4444/docs');
    expect(banner).toContain('embedded PostgreSQL, data in /repo/.data');
    expect(banner).toContain('Development defaults in use (ADMIN_PASSWORD, JWT_SECRET)');
    const widths = new Set(
      banner
        .trimEnd()
        .split('\n')
        .map((l) => l.length),
    );
    expect(widths.size).toBe(1); // a closed box
  });

  it('never prints a password that is not the development default', () => {
    const banner = startupBanner({
      ...facts,
      defaultPassword: undefined,
      defaults: [],
      embeddedDataDir: null,
    });
    expect(banner).toContain('Sign in   admin@example.com (ADMIN_PASSWORD)');
    expect(banner).toContain('PostgreSQL (DATABASE_URL)');
    expect(banner).not.toContain('changeme');
    expect(banner).not.toContain('Development defaults');
  });
});
