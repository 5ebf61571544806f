import { storableText } from '@switchboard/api-contract';

/**
 * JSON text for a jsonb parameter, with every string storable (storableText): for what agents answer (task
 * JSON), where one bad character must not lose the record or fail a batch. JSON.stringify writes a lone
 * surrogate as a `\ud…` escape, which jsonb refuses like NUL.
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes('\\u0000') && !json.includes('\\ud')) return json;
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? storableText(v) : v));
}
