import { UuidV7 } from './uuid-v7';

describe('UuidV7', () => {
  it('makes version 7, variant 10 UUIDs carrying the milliseconds first', () => {
    expect(new UuidV7().next(0x0189_a1b2_c3d4)).toMatch(
      /^0189a1b2-c3d4-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('never repeats within a millisecond, and sorts by time as text', () => {
    const ids = new UuidV7();
    const same = Array.from({ length: 10_000 }, () => ids.next(1_000));
    expect(new Set(same).size).toBe(10_000);
    const later = ids.next(2_000);
    expect(same.every((id) => id < later)).toBe(true);
  });

  it('differs between processes (random node id)', () => {
    expect(new UuidV7().next(1).slice(-12)).not.toBe(new UuidV7().next(1).slice(-12));
  });
});
