import { Logger } from '@nestjs/common';
import type { InvocationRecord, MetricsSink } from '@switchboard/a2a-protocol/gateway';
import type { MetricsBatch, MetricsBatchWriter } from './metrics-batch-writer';
import { UuidV7 } from './uuid-v7';

/** The per-call metrics recorder (a MetricsRecorder), or null when A2A_METRICS_ENABLED=false. */
export const METRICS_RECORDER = Symbol('MetricsRecorder');

export interface MetricsRecorderOptions {
  flushIntervalMs: number;
  batchSize: number;
  /** Rows kept while the database is away; beyond it the oldest waiting rows are dropped (and counted). */
  bufferMax: number;
}

/**
 * Per-call metrics off the request path: `record` only serialises the call's row (the writer's text for
 * it) and appends it to a buffer. The buffer holds one flat string per call rather than the call's record:
 * under load a row waits through young-generation collections before its batch goes out, so what it holds
 * is promoted to the old generation, and a string is one object (a COPY line ~170 bytes) where a record is
 * itself plus the strings only it references. A full batch is written as soon as it is full; what is left
 * over is written by the next tick of the timer (or an explicit flush).
 * Only full batches are chased: under load the database sees one transaction per `batchSize` rows, not
 * one per whatever trickled in during the previous write (each transaction costs the server a WAL flush
 * and a statement, which at hundreds per second outweigh the rows themselves).
 *
 * A batch, once taken from the buffer, keeps its rows and its id until it is written: the writer stores a
 * batch id once, so a batch retried after a failure (even one that committed before the connection
 * dropped) is neither lost nor duplicated. A failed batch is retried on the next tick; shutdown flushes
 * what is left.
 */
export class MetricsRecorder implements MetricsSink {
  private readonly logger = new Logger(MetricsRecorder.name);
  private readonly buffer = new RowQueue();
  /** The batch being written, or waiting to be retried. */
  private pending: MetricsBatch | null = null;
  private readonly ids = new UuidV7();
  private flushing: Promise<void> | null = null;
  /** Rows recorded since start, and rows gone from the buffer (into a batch, or dropped). */
  private recorded = 0;
  private taken = 0;
  /** Rows up to this count are due even if they make a partial batch (the timer or a flush asked). */
  private due = 0;
  private readonly timer: NodeJS.Timeout;
  private failing = false;
  /** The last row could not be serialised (logged once until one can again). */
  private unserialisable = false;
  /** Rows dropped because the buffer was full (the database was away for too long), or unserialisable. */
  dropped = 0;
  /** Rows written since start. */
  written = 0;

  constructor(
    readonly writer: MetricsBatchWriter,
    private readonly options: MetricsRecorderOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs).unref();
  }

  /** Rows not written yet. */
  get depth(): number {
    return this.buffer.length + (this.pending?.rows.length ?? 0);
  }

  /** Resolves when the writer knows the database's form of a row: before the first `record`. */
  prepare(): Promise<void> {
    return this.writer.prepare();
  }

  record(record: InvocationRecord): void {
    let row: string;
    try {
      row = this.writer.row(record);
    } catch (error) {
      // A row that cannot be serialised is lost, never the call it describes.
      this.recorded++;
      this.taken++;
      this.dropped++;
      if (!this.unserialisable) this.logger.error(`Metric rows dropped: ${(error as Error).message}`);
      this.unserialisable = true;
      return;
    }
    this.unserialisable = false;
    this.buffer.push(row);
    this.recorded++;
    const excess = this.depth - this.options.bufferMax;
    if (excess > 0) {
      // The oldest waiting rows go; the batch being written stays whole.
      const gone = this.buffer.drop(excess);
      this.taken += gone;
      this.dropped += gone;
    }
    if (this.buffer.length >= this.options.batchSize && !this.failing) void this.write();
  }

  /**
   * Write every row recorded so far (rows recorded meanwhile only as far as they fill whole batches);
   * resolves when they are written or on the first failure.
   */
  async flush(): Promise<void> {
    const target = this.recorded;
    this.due = Math.max(this.due, target);
    while (this.written + this.dropped < target) {
      await this.write();
      if (this.failing) return;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.depth > 0) this.logger.warn(`${this.depth} metric row(s) could not be written before shutdown`);
  }

  /** One drain at a time; a caller arriving while one runs waits for it. */
  private write(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = this.pending ?? this.nextBatch();
      if (!batch) return;
      this.pending = batch;
      try {
        await this.writer.write(batch);
      } catch (error) {
        if (!this.failing) this.logger.warn(`Metrics not written, will retry: ${(error as Error).message}`);
        this.failing = true;
        return;
      }
      this.pending = null;
      this.written += batch.rows.length;
      if (this.failing) this.logger.log('Metrics are being written again');
      this.failing = false;
    }
  }

  /** A full batch, or a partial one when rows are due; null when there is nothing to write yet. */
  private nextBatch(): MetricsBatch | null {
    const { batchSize } = this.options;
    const size = this.buffer.length >= batchSize || this.taken < this.due ? batchSize : 0;
    const rows = this.buffer.take(size);
    if (rows.length === 0) return null;
    this.taken += rows.length;
    return { id: this.ids.next(), rows };
  }
}

/**
 * The buffer's rows, oldest first. Taking or dropping rows at the front moves an index rather than the
 * rows behind them: with the buffer full during an outage every call drops one row, and shifting 100,000
 * rows each time cost ~120 µs a call. The array is compacted once half of it is gone.
 */
class RowQueue {
  private rows: string[] = [];
  private head = 0;

  get length(): number {
    return this.rows.length - this.head;
  }

  push(row: string): void {
    this.rows.push(row);
  }

  /** Up to `n` rows off the front. */
  take(n: number): string[] {
    const rows = this.rows.slice(this.head, this.head + n);
    this.drop(rows.length);
    return rows;
  }

  /** Forgets up to `n` rows off the front; returns how many. */
  drop(n: number): number {
    const gone = Math.min(n, this.length);
    this.head += gone;
    if (this.head === this.rows.length) {
      this.rows = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
    return gone;
  }
}
