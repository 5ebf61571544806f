/** NUL, or a UTF-16 surrogate without its other half: what PostgreSQL's text and jsonb refuse. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with each character PostgreSQL cannot store replaced by U+FFFD. For what agents answer (task
 * JSON, conversation turns): callers' input is refused instead (400, see requestBody), an agent's answer is
 * kept as well as it can be — one bad character must not lose the record or fail a batch.
 */
export const storableText = (text: string): string => text.replace(UNSTORABLE, '\uFFFD');

/** JSON text for a jsonb parameter, with every string storable (JSON.stringify escapes a lone surrogate). */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes('\\u0000') && !json.includes('\\ud')) return json;
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? storableText(v) : v));
}
