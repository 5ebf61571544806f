import { RevalidatingCache } from './revalidating-cache';

class Refused extends Error {}
class Unreachable extends Error {}

/** A cache over a scripted source on a hand-moved clock: every read is counted and answers as `source` says. */
function setup() {
  let now = 1_000_000;
  const source = { answer: 'v1' as string | Error, reads: 0, gate: null as Promise<void> | null };
  const cache = new RevalidatingCache<string>({
    freshMs: 100,
    staleMs: 1_000,
    max: 10,
    now: () => now,
    isVerdict: (e) => e instanceof Refused,
    load: async () => {
      source.reads++;
      if (source.gate) await source.gate;
      if (source.answer instanceof Error) throw source.answer;
      return source.answer;
    },
  });
  return { cache, source, tick: (ms: number) => (now += ms) };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RevalidatingCache: stale-while-revalidate for verified credentials', () => {
  it('reads once for concurrent misses, then serves from memory while fresh', async () => {
    const { cache, source } = setup();
    const [a, b] = await Promise.all([cache.get('k'), cache.get('k')]);
    expect([a, b, source.reads]).toEqual(['v1', 'v1', 1]);
    expect(cache.get('k')).toBe('v1');
    expect(source.reads).toBe(1);
  });

  it('serves a stale entry at once and re-verifies it in the background, once for concurrent callers', async () => {
    const { cache, source, tick } = setup();
    await cache.get('k');
    source.answer = 'v2';
    tick(150);
    expect([cache.get('k'), cache.get('k')]).toEqual(['v1', 'v1']);
    await settle();
    expect(source.reads).toBe(2);
    expect(cache.get('k')).toBe('v2');
  });

  it('keeps serving while the source is unreachable, up to freshMs + staleMs after the last verification', async () => {
    const { cache, source, tick } = setup();
    await cache.get('k');
    source.answer = new Unreachable('down');
    tick(500);
    expect(cache.get('k')).toBe('v1');
    await settle();
    tick(599);
    expect(cache.get('k')).toBe('v1');
    await settle();
    tick(1);
    await expect(cache.get('k')).rejects.toBeInstanceOf(Unreachable);
  });

  it('drops an entry the source refuses on re-verification', async () => {
    const { cache, source, tick } = setup();
    await cache.get('k');
    source.answer = new Refused('revoked');
    tick(150);
    expect(cache.get('k')).toBe('v1'); // the call that finds it stale is served while the check runs
    await settle();
    await expect(cache.get('k')).rejects.toBeInstanceOf(Refused);
  });

  it('forgets a deleted key at once, and a read in flight for it does not bring it back', async () => {
    const { cache, source, tick } = setup();
    await cache.get('k');
    tick(150);
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    cache.get('k'); // starts a background read, held at the gate
    cache.delete('k');
    source.answer = new Refused('revoked');
    open();
    await settle();
    source.gate = null;
    await expect(cache.get('k')).rejects.toBeInstanceOf(Refused);
  });

  it('deletes every entry whose value matches', async () => {
    const { cache, source } = setup();
    await cache.get('a');
    source.answer = 'other';
    await cache.get('b');
    cache.deleteWhere((v) => v === 'v1');
    expect(cache.get('b')).toBe('other');
    expect(cache.get('a')).toBeInstanceOf(Promise);
  });
});
