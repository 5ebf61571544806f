import type { IncomingHttpHeaders } from 'node:http';

/**
 * A fetch `Headers` over the header record undici's `request()` answers with (names already lower case). The
 * protocol clients read a response's headers through the `Headers` API; undici's own `Headers` copies every
 * header into its list with a validated, lower-cased name and a Map per instance — a cost per call for the
 * one or two headers anyone reads. This view reads the record in place.
 */
export class RecordHeaders implements Headers {
  constructor(private readonly record: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.record[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.record['set-cookie'];
    return value === undefined ? [] : Array.isArray(value) ? [...value] : [value];
  }

  set(name: string, value: string): void {
    this.record[name.toLowerCase()] = String(value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const seen = this.record[key];
    this.record[key] =
      seen === undefined ? String(value) : [...(Array.isArray(seen) ? seen : [seen]), String(value)];
  }

  delete(name: string): void {
    delete this.record[name.toLowerCase()];
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** Sorted by name, as `Headers` iterates. */
  *entries(): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.record).sort()) {
      const value = this.get(key);
      if (value !== null) yield [key, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
