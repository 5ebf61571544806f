import { DDSketch } from '@datadog/sketches-js';
import { METRICS_SKETCH_RELATIVE_ACCURACY } from '@switchboard/api-contract';

/**
 * Latency sketches (DDSketch, from @datadog/sketches-js): each hourly rollup keeps one, serialized in the
 * DDSketch protobuf format that every DDSketch implementation reads (the library needs `protobufjs` for it,
 * which it does not declare, so the workspace does). Sketches of any hours merge into one whose quantiles are
 * within METRICS_SKETCH_RELATIVE_ACCURACY of the true ones.
 *
 * Durations are counted into the sketch's bins by SQL (`SKETCH_BIN`), so rolling an hour up moves a few
 * hundred (bin, count) pairs instead of every call's duration.
 */
export type LatencySketch = DDSketch;

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export const newSketch = (): LatencySketch =>
  new DDSketch({ relativeAccuracy: METRICS_SKETCH_RELATIVE_ACCURACY });

const mapping = newSketch().mapping;

/** ln(gamma) of the sketch's logarithmic mapping: the bin of a duration d > 0 is ceil(ln(d) / ln(gamma)). */
export const SKETCH_LN_GAMMA = Math.log1p(mapping.gamma - 1);

/** The sketch bin of `column` as SQL, given ln(gamma) as `lnGamma` (SQL); NULL for zero durations. */
export const SKETCH_BIN = (column: string, lnGamma: string) =>
  `CASE WHEN ${column} > 0 THEN ceil(ln(${column}) / ${lnGamma})::int END`;

/** A sketch from (bin, count) pairs counted by SKETCH_BIN; bin null = zero durations. */
export function sketchOfBins(bins: Iterable<{ bin: number | null; count: number }>): LatencySketch {
  const sketch = newSketch();
  // A bin's representative value maps back to that bin (it lies half a bin inside it).
  for (const { bin, count } of bins) sketch.accept(bin === null ? 0 : mapping.value(bin), count);
  return sketch;
}

/** The sketches as one, or null when one of them was kept at another accuracy (not mergeable). */
export function mergeSketches(sketches: readonly LatencySketch[]): LatencySketch | null {
  const merged = newSketch();
  for (const sketch of sketches) {
    if (!merged.mergeable(sketch)) return null;
    merged.merge(sketch);
  }
  return merged;
}

export const encodeSketch = (sketch: LatencySketch): Buffer => Buffer.from(sketch.toProto());

export const decodeSketch = (bytes: Uint8Array): LatencySketch => DDSketch.fromProto(bytes);

export function percentilesOf(sketch: LatencySketch): Percentiles | null {
  if (sketch.count === 0) return null;
  return {
    p50: sketch.getValueAtQuantile(0.5),
    p95: sketch.getValueAtQuantile(0.95),
    p99: sketch.getValueAtQuantile(0.99),
  };
}
