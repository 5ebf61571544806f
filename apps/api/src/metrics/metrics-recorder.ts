import { Logger } from '@nestjs/common';
import type { InvocationRecord, MetricsSink } from '@switchboard/a2a-protocol/gateway';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MetricsBatch, MetricsBatchWriter } from './metrics-batch-writer';
import type { MetricsSpillFile, SpilledBatch } from './metrics-spill-file';
import { UuidV7 } from './uuid-v7';

/** The per-call metrics recorder (a MetricsRecorder), or null when A2A_METRICS_ENABLED=false. */
export const METRICS_RECORDER = Symbol('MetricsRecorder');

export interface MetricsRecorderOptions {
  flushIntervalMs: number;
  batchSize: number;
  /** Rows kept while the database is away; beyond it the oldest waiting rows are dropped (and counted). */
  bufferMax: number;
  /** At shutdown, how long rows not written yet are retried (with backoff) before they are spilled. */
  shutdownFlushMs: number;
}

/** The pause between shutdown's attempts to write: doubled each time, from the first to the last. */
const SHUTDOWN_RETRY_MS = { first: 100, max: 2_000 };

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
 * dropped) is neither lost nor duplicated. A failed batch is retried on the next tick.
 *
 * At shutdown what is left is retried, with backoff, for `shutdownFlushMs`; rows the database still has not
 * taken then are spilled, as batches with their ids, to a local file (MetricsSpillFile), which `prepare`
 * replays at the next start. A process killed outright (SIGKILL, OOM) loses what it had not written: at most
 * what was recorded since the last flush tick, plus the batches held while the database was away.
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
  /** Rows of an earlier process's spill file written at start (batches it had written already add none). */
  replayed = 0;
  /** Rows spilled to the file at shutdown. */
  spilled = 0;

  constructor(
    readonly writer: MetricsBatchWriter,
    private readonly options: MetricsRecorderOptions,
    /** Where rows go that shutdown could not write; null: they are lost (and logged). */
    private readonly spill: MetricsSpillFile | null = null,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs).unref();
  }

  /** Rows not written yet. */
  get depth(): number {
    return this.buffer.length + (this.pending?.rows.length ?? 0);
  }

  /**
   * Resolves when the writer knows the database's form of a row (before the first `record`) and what an
   * earlier process spilled at its shutdown is written.
   */
  async prepare(): Promise<void> {
    await this.writer.prepare();
    await this.replay();
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
    while (this.written + this.dropped + this.spilled < target) {
      await this.write();
      if (this.failing) return;
    }
  }

  /**
   * Shutdown: every row recorded so far is written, retried with backoff while the database refuses, for up
   * to `shutdownFlushMs`; what is still not written then is spilled to the file (or, without one, lost and
   * logged). A write still under way at the end may yet commit: its batch is spilled too, and its id makes
   * the replay of it a no-op.
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const budget = this.options.shutdownFlushMs;
    if (budget > 0) await this.retryUntil(Date.now() + budget);
    else await this.flush(); // one try
    if (this.depth > 0) await this.spillRest();
  }

  /** Flushes until everything is written or the deadline passes, pausing (doubling) between tries. */
  private async retryUntil(deadline: number): Promise<void> {
    for (let pause = SHUTDOWN_RETRY_MS.first; ; pause = Math.min(pause * 2, SHUTDOWN_RETRY_MS.max)) {
      await this.flushWithin(deadline - Date.now());
      const wait = deadline - Date.now();
      if (this.depth === 0 || wait <= 0) return;
      await sleep(Math.min(pause, wait));
    }
  }

  /** A flush, awaited for at most `ms` (a database that hangs does not hold shutdown past its budget). */
  private async flushWithin(ms: number): Promise<void> {
    if (ms <= 0) return;
    const flushed = this.flush();
    const timer = new AbortController();
    await Promise.race([flushed, sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined)]);
    timer.abort();
  }

  /** The rows not written, as batches (the held one keeps its id), to the spill file. */
  private async spillRest(): Promise<void> {
    const format = this.writer.format();
    const batches: SpilledBatch[] = [];
    if (this.pending) batches.push({ ...this.pending, format });
    this.pending = null;
    for (let rows = this.buffer.take(this.options.batchSize); rows.length > 0;) {
      batches.push({ id: this.ids.next(), rows, format });
      rows = this.buffer.take(this.options.batchSize);
    }
    const rows = batches.reduce((n, b) => n + b.rows.length, 0);
    this.taken += rows;
    if (!this.spill) {
      this.dropped += rows;
      this.logger.warn(`${rows} metric row(s) could not be written before shutdown and are lost`);
      return;
    }
    try {
      await this.spill.append(batches);
      this.spilled += rows;
      this.logger.warn(
        `${rows} metric row(s) could not be written before shutdown: kept in ${this.spill.path}, written at the next start`,
      );
    } catch (error) {
      this.dropped += rows;
      this.logger.error(`${rows} metric row(s) lost: the spill file failed: ${(error as Error).message}`);
    }
  }

  /**
   * Writes what an earlier process spilled. Each batch is written once whatever happened before (ids); a
   * batch in another row format (the database changed between embedded and a server) or one the database
   * refuses now is put back for the next start.
   */
  private async replay(): Promise<void> {
    if (!this.spill) return;
    const claimed = await this.spill.claim();
    if (claimed.batches.length === 0 && claimed.unreadable === 0) return claimed.release();
    const format = this.writer.format();
    const kept: SpilledBatch[] = [];
    let failure: Error | undefined;
    for (const batch of claimed.batches) {
      if (batch.format !== format || failure) {
        kept.push(batch);
        continue;
      }
      try {
        await this.writer.write(batch);
        this.replayed += batch.rows.length;
      } catch (error) {
        failure = error as Error;
        kept.push(batch);
      }
    }
    await this.spill.append(kept);
    await claimed.release();
    this.logger.log(
      `Metrics spilled at an earlier shutdown: ${this.replayed} row(s) replayed` +
        (kept.length > 0 ? `, ${kept.length} batch(es) kept for the next start` : '') +
        (failure ? ` (${failure.message})` : '') +
        (claimed.unreadable > 0 ? `, ${claimed.unreadable} unreadable line(s) skipped` : ''),
    );
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
