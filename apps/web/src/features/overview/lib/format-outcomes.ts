import { INVOCATION_OUTCOMES } from '@switchboard/a2a-protocol';
import type { OutcomeCounts } from '@switchboard/api-contract';
import { formatNumber } from '../../../lib/format';

/** The outcomes that happened, e.g. "success 12 · rate_limited 3 · circuit_open 4" (for a tooltip). */
export function formatOutcomes(outcomes: OutcomeCounts): string {
  return INVOCATION_OUTCOMES.filter((o) => outcomes[o] > 0)
    .map((o) => `${o} ${formatNumber(outcomes[o])}`)
    .join(' · ');
}
