import { DDSketch } from '@datadog/sketches-js';
import { INVOCATION_OUTCOMES } from '@switchboard/a2a-protocol';
import { METRICS_SKETCH_RELATIVE_ACCURACY } from '@switchboard/api-contract';
import {
  decodeSketch,
  encodeSketch,
  mergeSketches,
  newSketch,
  percentilesOf,
  SKETCH_LN_GAMMA,
  sketchOfBins,
} from './latency-sketch';
import { mergeParts, statsOf, type Part } from './metrics-store';

const ALPHA = METRICS_SKETCH_RELATIVE_ACCURACY;

/** What the SQL of SKETCH_BIN counts: calls per bin (null = zero durations). */
function binsOf(values: number[]): { bin: number | null; count: number }[] {
  const counts = new Map<number | null, number>();
  for (const v of values) {
    const bin = v > 0 ? Math.ceil(Math.log(v) / SKETCH_LN_GAMMA) : null;
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return [...counts].map(([bin, count]) => ({ bin, count }));
}

/** Within ALPHA of a duration between the two calls at the rank of quantile q. */
function expectWithinBound(actual: number | undefined, values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  expect(actual).toBeGreaterThanOrEqual(sorted[Math.floor(pos)] * (1 - ALPHA));
  expect(actual).toBeLessThanOrEqual(sorted[Math.ceil(pos)] * (1 + ALPHA));
}

/** Deterministic durations: `n` values spread over [lo, lo * ratio), log-uniformly. */
function spread(n: number, lo: number, ratio: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return lo * ratio ** (x / 2 ** 31);
  });
}

function part(values: number[], sketch: Part['sketch'], p: Partial<Part> = {}): Part {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))];
  return {
    key: null,
    start: null,
    agentId: null,
    agentName: 'a',
    count: values.length,
    successes: values.length,
    failures: 0,
    min: sorted[0],
    total: values.reduce((a, b) => a + b, 0),
    max: sorted[sorted.length - 1],
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    percentiles: 'exact',
    sketch,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0,
    outcomes: Object.fromEntries(INVOCATION_OUTCOMES.map((o) => [o, 0])) as Part['outcomes'],
    ...p,
  };
}

describe('latency sketches', () => {
  const fast = spread(5000, 4, 3, 1);
  const slow = spread(400, 800, 20, 2);

  it('built from SQL bin counts, quantiles are within the stated relative accuracy', () => {
    const values = [...fast, ...slow, 0, 0];
    const p = percentilesOf(sketchOfBins(binsOf(values)));
    expectWithinBound(p?.p50, values, 0.5);
    expectWithinBound(p?.p95, values, 0.95);
    expectWithinBound(p?.p99, values, 0.99);
  });

  it('merged, two hours answer for all their calls, far from a weighted mean of their percentiles', () => {
    const merged = mergeSketches([sketchOfBins(binsOf(fast)), sketchOfBins(binsOf(slow))]);
    const p = percentilesOf(merged as DDSketch);
    const all = [...fast, ...slow];
    expect(merged?.count).toBe(all.length);
    expectWithinBound(p?.p95, all, 0.95);
    expectWithinBound(p?.p99, all, 0.99);
    const weighted = (fast.length * part(fast, null).p99! + slow.length * part(slow, null).p99!) / all.length;
    expect(Math.abs(weighted - p!.p99) / p!.p99).toBeGreaterThan(10 * ALPHA);
  });

  it('survive their serialized form: same count, same quantiles, still mergeable', () => {
    const sketch = sketchOfBins(binsOf(slow));
    const back = decodeSketch(encodeSketch(sketch));
    expect(back.count).toBe(sketch.count);
    for (const q of [0.5, 0.95, 0.99])
      expect(back.getValueAtQuantile(q)).toBeCloseTo(sketch.getValueAtQuantile(q), 6);
    expect(mergeSketches([back, sketch])?.count).toBe(2 * slow.length);
  });

  it('refuse to merge with a sketch kept at another accuracy', () => {
    const other = new DDSketch({ relativeAccuracy: ALPHA * 2 });
    other.accept(10);
    expect(mergeSketches([newSketch(), other])).toBeNull();
  });

  it('an empty sketch has no percentiles', () => {
    expect(percentilesOf(newSketch())).toBeNull();
  });
});

describe('mergeParts', () => {
  const fast = spread(900, 5, 2, 3);
  const slow = spread(100, 1000, 3, 4);

  it('with a sketch on both sides, reports the merged percentiles as bounded by the sketch', () => {
    const merged = mergeParts(part(fast, sketchOfBins(binsOf(fast))), part(slow, sketchOfBins(binsOf(slow))));
    const all = [...fast, ...slow];
    expect(merged.percentiles).toBe('sketch');
    expectWithinBound(merged.p95 ?? undefined, all, 0.95);
    expect(statsOf(merged).latencyMs).toMatchObject({ percentiles: 'sketch', min: expect.any(Number) });
  });

  it('with a side rolled up before sketches, weights percentiles by calls and says they are approximate', () => {
    const merged = mergeParts(part(fast, sketchOfBins(binsOf(fast))), part(slow, null));
    expect(merged.percentiles).toBe('approximate');
    expect(merged.sketch).toBeNull();
    const a = part(fast, null);
    const b = part(slow, null);
    expect(merged.p95).toBeCloseTo((a.p95! * a.count + b.p95! * b.count) / (a.count + b.count), 6);
  });
});
