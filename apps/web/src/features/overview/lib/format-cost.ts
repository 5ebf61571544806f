import { formatNumber } from '../../../lib/format';

/** Costs are in US dollars (the agents' `costPerRequest` / pricing), to a hundredth of a cent. */
export function formatCost(value: number): string {
  return `$${formatNumber(value, 4)}`;
}
