import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 ids (RFC 9562) for metric rows: 48 bits of Unix milliseconds, then a per-process counter (26 bits)
 * and a per-process random node id (48 bits) in the random fields. Time-ordered, so inserts land at the end
 * of the primary-key index; unique without a random draw per id, so making one costs almost nothing on the
 * request path.
 */
export class UuidV7 {
  private readonly node = randomBytes(6).toString('hex');
  private counter = randomBytes(4).readUInt32BE() & 0x3ff_ffff;

  next(now = Date.now()): string {
    this.counter = (this.counter + 1) & 0x3ff_ffff;
    const time = now.toString(16).padStart(12, '0').slice(-12);
    const randA = (this.counter >>> 14) & 0xfff; // 12 bits
    const randB = this.counter & 0x3fff; // 14 bits, after the variant
    return (
      `${time.slice(0, 8)}-${time.slice(8)}-7${randA.toString(16).padStart(3, '0')}-` +
      `${(0x8000 | randB).toString(16)}-${this.node}`
    );
  }
}
