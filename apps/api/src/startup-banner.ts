/** What the banner shows: where Switchboard answers and how to sign in. */
export interface BannerFacts {
  /** The base URL a browser on this machine reaches, without a trailing slash. */
  base: string;
  adminEmail: string;
  /** The development default password when it is still in use, else undefined (never print a real one). */
  defaultPassword?: string;
  /** The settings still at their development defaults (ADMIN_PASSWORD, JWT_SECRET, ENCRYPTION_KEY). */
  defaults: string[];
  /** Where the embedded PostgreSQL keeps its data, or null on a PostgreSQL server. */
  embeddedDataDir: string | null;
}

/**
 * The lines `npm start` greets a person with (LOG_FORMAT=pretty): the admin URL first, the sign-in, the docs,
 * where the data lives, and a warning while development defaults are in use.
 */
export function startupBanner(facts: BannerFacts): string {
  const rows: [string, string][] = [
    ['Admin UI', `${facts.base}/admin`],
    [
      'Sign in',
      facts.defaultPassword
        ? `${facts.adminEmail} / ${facts.defaultPassword}`
        : `${facts.adminEmail} (ADMIN_PASSWORD)`,
    ],
    ['API docs', `${facts.base}/docs`],
    [
      'Database',
      facts.embeddedDataDir
        ? `embedded PostgreSQL, data in ${facts.embeddedDataDir}`
        : 'PostgreSQL (DATABASE_URL)',
    ],
  ];
  const lines = ['Switchboard is ready', '', ...rows.map(([k, v]) => `${k.padEnd(9)} ${v}`)];
  if (facts.defaults.length > 0) {
    lines.push('', `Development defaults in use (${facts.defaults.join(', ')}): never expose this instance.`);
  }
  const width = Math.max(...lines.map((l) => l.length));
  const bar = `+${'-'.repeat(width + 2)}+`;
  return [bar, ...lines.map((l) => `| ${l.padEnd(width)} |`), bar].join('\n') + '\n';
}
