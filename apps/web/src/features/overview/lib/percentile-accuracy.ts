import { METRICS_SKETCH_RELATIVE_ACCURACY, type PercentileSource } from '@switchboard/api-contract';

/** How far to trust a reported percentile: a short mark beside the value and the sentence behind it. */
export function percentileAccuracy(source: PercentileSource): { mark: string; explanation: string } | null {
  switch (source) {
    case 'exact':
      return null;
    case 'sketch':
      return {
        mark: `±${METRICS_SKETCH_RELATIVE_ACCURACY * 100} %`,
        explanation: `Older hours come from hourly latency sketches: each percentile is within ${METRICS_SKETCH_RELATIVE_ACCURACY * 100} % of the true one.`,
      };
    case 'approximate':
      return {
        mark: 'approx.',
        explanation:
          'The range holds hours rolled up before latency sketches were kept: their percentiles are averaged by calls, with no error bound.',
      };
  }
}
