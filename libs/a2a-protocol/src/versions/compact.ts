/**
 * Drops keys whose value is `undefined`, so a translated object holds only the fields its source had:
 * `{ contextId: undefined }` and `{}` serialize alike, but differ for deep equality and key checks.
 */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== undefined)) as T;
}
