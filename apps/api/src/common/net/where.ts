/**
 * Where a connection URL points, for logs: scheme, host, port and path, never the user or password.
 * `fallback` (the variable's name) when the URL does not parse.
 */
export function whereOf(url: string | undefined, fallback: string): string {
  try {
    const u = new URL(url ?? '');
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return fallback;
  }
}
