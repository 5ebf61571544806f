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
 * Per-call metrics off the request path: `record` only appends to a buffer; a timer (or a full batch)
 * writes batches with one multi-row INSERT each. Every row carries an id made here, and the insert
 * ignores ids already stored, so a batch retried after a failure (even one that committed before the
 * connection dropped) is neither lost nor duplicated. A failed batch stays at the head of the buffer
 * and is retried on the next tick; shutdown flushes what is left.
 */
export class MetricsRecorder implements MetricsSink {
  private readonly logger = new Logger(MetricsRecorder.name);
  private buffer: Row[] = [];
  private readonly ids = new UuidV7();
  private flushing: Promise<void> | null = null;
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
    if (this.buffer.length > this.options.bufferMax) {
      const excess = this.buffer.length - this.options.bufferMax;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (this.buffer.length >= this.options.batchSize && !this.failing) void this.flush();
  }

  /** Write everything buffered so far (one batch after another); resolves when done or on the first failure. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
    if (this.buffer.length > 0)
      this.logger.warn(`${this.buffer.length} metric row(s) could not be written before shutdown`);
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.options.batchSize);
      try {
        await this.insert(batch);
      } catch (error) {
        if (!this.failing) this.logger.warn(`Metrics not written, will retry: ${(error as Error).message}`);
        this.failing = true;
        return;
      }
      // Rows recorded meanwhile were appended; the batch is still at the head.
      this.buffer.splice(0, batch.length);
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
