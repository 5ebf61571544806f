/** Keyset cursor over a name-ordered list: the last name of the page, opaque to callers. */
export function encodeNameCursor(lastName: string): string {
  return Buffer.from(JSON.stringify({ n: lastName }), 'utf8').toString('base64url');
}

export function decodeNameCursor(cursor: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { n?: unknown };
    return typeof parsed.n === 'string' ? parsed.n : null;
  } catch {
    return null;
  }
}
