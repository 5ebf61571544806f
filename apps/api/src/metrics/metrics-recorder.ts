import { Logger } from '@nestjs/common';
import type { InvocationRecord, MetricsSink } from '@switchboard/a2a-protocol/gateway';
import type { DataSource } from 'typeorm';
import { UuidV7 } from './uuid-v7';

export interface MetricsRecorderOptions {
  flushIntervalMs: number;
  batchSize: number;
  /** Rows kept while the database is away; beyond it the oldest are dropped (and counted). */
  bufferMax: number;
}

interface Row {
  id: string;
  record: InvocationRecord;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: string | null | undefined) => (v && UUID.test(v) ? v : null);

/**
 * Per-call metrics off the request path: `record` only appends to a buffer. A full batch is written as
 * soon as it is full; what is left over is written by the next tick of the timer (or an explicit flush).
 * Only full batches are chased: under load the database sees one transaction per `batchSize` rows, not
 * one per whatever trickled in during the previous write (each transaction costs the server a WAL flush
 * and a statement, which at hundreds per second outweigh the rows themselves).
 *
 * Every row carries an id made here, and the insert ignores ids already stored, so a batch retried after
 * a failure (even one that committed before the connection dropped) is neither lost nor duplicated. A
 * failed batch stays at the head of the buffer and is retried on the next tick; shutdown flushes what is
 * left.
 */
export class MetricsRecorder implements MetricsSink {
  private readonly logger = new Logger(MetricsRecorder.name);
  private buffer: Row[] = [];
  private readonly ids = new UuidV7();
  private flushing: Promise<void> | null = null;
  /** Rows recorded since start, and rows gone from the head of the buffer (written or dropped). */
  private recorded = 0;
  private removed = 0;
  /** Rows up to this count are due even if they make a partial batch (the timer or a flush asked). */
  private due = 0;
  /** Rows at the head of the buffer being written right now (an overflow never drops those). */
  private inFlight = 0;
  private readonly timer: NodeJS.Timeout;
  private failing = false;
  /** Rows dropped because the buffer was full (the database was away for too long). */
  dropped = 0;
  /** Rows written since start. */
  written = 0;

  constructor(
    private readonly db: DataSource,
    private readonly options: MetricsRecorderOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs).unref();
  }

  get depth(): number {
    return this.buffer.length;
  }

  record(record: InvocationRecord): void {
    this.buffer.push({ id: this.ids.next(), record });
    this.recorded++;
    if (this.buffer.length > this.options.bufferMax) {
      // The oldest rows go, except those being written (they are spliced off once the write returns).
      const excess = this.buffer.length - this.options.bufferMax;
      this.buffer.splice(this.inFlight, excess);
      this.removed += excess;
      this.dropped += excess;
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
    while (this.removed < target) {
      await this.write();
      if (this.failing) return;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.buffer.length > 0)
      this.logger.warn(`${this.buffer.length} metric row(s) could not be written before shutdown`);
  }

  /** One drain at a time; a caller arriving while one runs waits for it. */
  private write(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const { batchSize } = this.options;
    while (this.buffer.length >= batchSize || (this.buffer.length > 0 && this.removed < this.due)) {
      const batch = this.buffer.slice(0, batchSize);
      this.inFlight = batch.length;
      try {
        await this.insert(batch);
      } catch (error) {
        if (!this.failing) this.logger.warn(`Metrics not written, will retry: ${(error as Error).message}`);
        this.failing = true;
        return;
      } finally {
        this.inFlight = 0;
      }
      // Rows recorded meanwhile were appended; the batch is still at the head.
      this.buffer.splice(0, batch.length);
      this.removed += batch.length;
      this.written += batch.length;
      if (this.failing) this.logger.log('Metrics are being written again');
      this.failing = false;
    }
  }

  /** One INSERT per batch; the rows travel as one JSON document (cheaper to build than 16 typed arrays). */
  private async insert(batch: Row[]): Promise<void> {
    const rows = batch.map(({ id, record: r }) => ({
      id,
      agent_id: uuidOrNull(r.agentId),
      agent_name: r.agentName,
      caller_id: uuidOrNull(r.callerId),
      front_door: r.frontDoor,
      operation: r.operation,
      interaction_type: r.interactionType ?? null,
      started_at: r.startedAt,
      duration_ms: r.durationMs,
      ok: r.ok,
      error_code: r.errorCode ?? null,
      upstream_status: r.upstreamStatus ?? null,
      attempts: r.attempts,
      input_tokens: r.usage?.inputTokens ?? null,
      output_tokens: r.usage?.outputTokens ?? null,
      cost: r.cost,
    }));
    await this.db.query(
      `INSERT INTO agent_metrics (id, agent_id, agent_name, caller_id, front_door, operation, interaction_type,
         started_at, duration_ms, ok, error_code, upstream_status, attempts, input_tokens, output_tokens, cost)
       SELECT id, agent_id, agent_name, caller_id, front_door, operation, interaction_type,
         to_timestamp(started_at / 1000.0), duration_ms, ok, error_code, upstream_status, attempts,
         input_tokens, output_tokens, cost
       FROM json_to_recordset($1::json) AS r(id uuid, agent_id uuid, agent_name text, caller_id uuid,
         front_door text, operation text, interaction_type text, started_at float8, duration_ms float8,
         ok boolean, error_code text, upstream_status integer, attempts integer, input_tokens integer,
         output_tokens integer, cost float8)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}
