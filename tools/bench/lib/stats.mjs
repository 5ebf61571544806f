// Exact percentiles over raw samples (ms, sub-millisecond resolution) and plain-text table helpers.

/** A growable list of float samples. */
export class Samples {
  constructor(capacity = 16_384) {
    this.values = new Float64Array(capacity);
    this.length = 0;
  }

  add(value) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  /** count, mean, p50, p90, p95, p99, max (nearest-rank percentiles); nulls when empty. */
  summary() {
    const n = this.length;
    if (n === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null, max: null };
    const sorted = this.values.slice(0, n).sort();
    const at = (p) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i];
    return {
      count: n,
      mean: sum / n,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      max: sorted[n - 1],
    };
  }
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value, digits = 3) =>
  value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits));

/** Milliseconds with a precision that suits the size. */
export function ms(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export const signedMs = (value) =>
  value === null || Number.isNaN(value) ? '-' : `${value >= 0 ? '+' : ''}${ms(value)}`;

export const int = (value) =>
  value === null || value === undefined ? '-' : Math.round(value).toLocaleString('en-US');

/** An aligned table; `align` has one letter a column, l or r (default: first column left, the rest right). */
export function table(headers, rows, align = 'l' + 'r'.repeat(headers.length - 1), indent = '  ') {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '-')));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const pad = (c, i) => (align[i] === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]));
  const line = (r) => (indent + r.map(pad).join('  ')).trimEnd();
  return [
    line(cells[0]),
    indent + widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
