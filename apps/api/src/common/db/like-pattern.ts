/** A free-text search term as an ILIKE pattern: its own `%`, `_` and `\` match literally. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
