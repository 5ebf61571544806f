import { backoffDelay, DEFAULT_RETRY, sleep, type RetryOptions } from './retry';

describe('backoffDelay (exponential, full jitter)', () => {
  const options: RetryOptions = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 2_000 };
  const almostOne = () => 1 - Number.EPSILON;

  it.each([
    // attempt, cap = min(max, base·2^attempt)
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_600],
    [5, 2_000],
    [10, 2_000],
    [60, 2_000],
  ])('attempt %i: in [0, %i)', (attempt, cap) => {
    expect(backoffDelay(attempt, options, () => 0)).toBe(0);
    expect(backoffDelay(attempt, options, almostOne)).toBe(cap - 1);
    expect(backoffDelay(attempt, options, () => 0.5)).toBe(Math.floor(cap / 2));
  });

  it('stays an integer within bounds for any random value', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      for (let r = 0; r < 1; r += 0.0625) {
        const d = backoffDelay(attempt, options, () => r);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt));
      }
    }
  });

  it('uses Math.random by default', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.25);
    expect(backoffDelay(2, options)).toBe(100);
    jest.restoreAllMocks();
  });

  it('defaults: 3 retries, 100 ms base, 2 s cap', () => {
    expect(DEFAULT_RETRY).toEqual({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2_000 });
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with the signal’s reason as soon as it aborts, and removes its listener', async () => {
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, 'removeEventListener');
    const started = Date.now();
    const sleeping = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(sleeping).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1_000);
    // after a normal wake-up the listener goes too
    const other = new AbortController();
    const removedOther = jest.spyOn(other.signal, 'removeEventListener');
    await sleep(1, other.signal);
    expect(removedOther).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(removed).not.toHaveBeenCalled(); // once: true listeners clean themselves
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(sleep(10_000, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
