import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { InvocationRecord } from '@switchboard/a2a-protocol/gateway';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Rows taken from the recorder's buffer together, each already in the form the writer sends it (its
 * `row`); the id stays the same however often the batch is retried.
 */
export interface MetricsBatch {
  id: string;
  rows: string[];
}

export interface MetricsBatchWriter {
  /** Learn the form the database takes rows in; awaited before the first `row`. */
  prepare(): Promise<void>;
  /** The name of the form `row` produces (rows kept on disk are written again only in the same form). */
  format(): string;
  /**
   * One call's row as the text `write` sends: serialised when the call is recorded, so the recorder holds
   * one flat string per call rather than the call's record until the batch goes out.
   */
  row(record: InvocationRecord): string;
  /** Store the batch's rows exactly once: a batch id already stored is a no-op. */
  write(batch: MetricsBatch): Promise<void>;
}

const COLUMNS =
  'agent_id, agent_name, caller_id, front_door, operation, interaction_type, started_at, duration_ms, ok, ' +
  'outcome, error_code, upstream_status, attempts, input_tokens, output_tokens, cost';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: string | null | undefined) => (v && UUID.test(v) ? v : null);

/** COPY text format: `\N` is null; backslash, tab, newline and carriage return are escaped. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const text = (v: string | null | undefined) =>
  v === null || v === undefined ? '\\N' : SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
const number = (v: number | null | undefined) => (v === null || v === undefined ? '\\N' : String(v));

/**
 * `ms` as an ISO 8601 timestamp. `Date#toISOString` costs ~0.45 µs, more than the rest of a row; calls
 * recorded together start in the same second, so its text up to the milliseconds is kept.
 */
let isoSecond = NaN;
let isoPrefix = '';
export function isoTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4); // 2026-11-21T13:31:47.
    isoSecond = second;
  }
  const millis = Math.floor(ms - second * 1000);
  return `${isoPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/**
 * One row as a line of COPY text, columns in the order of COLUMNS. Front door, operation, outcome and error
 * code are the gateway's own closed sets of words, with nothing to escape.
 */
export function copyLine(r: InvocationRecord): string {
  return flat(
    `${text(uuidOrNull(r.agentId))}\t${text(r.agentName)}\t${text(uuidOrNull(r.callerId))}\t` +
      `${r.frontDoor}\t${r.operation}\t${text(r.interactionType)}\t` +
      `${isoTimestamp(r.startedAt)}\t${number(r.durationMs)}\t${r.ok ? 't' : 'f'}\t${r.outcome}\t` +
      `${r.errorCode ?? '\\N'}\t${number(r.upstreamStatus)}\t${number(r.attempts)}\t` +
      `${number(r.usage?.inputTokens)}\t${number(r.usage?.outputTokens)}\t${number(r.cost)}\n`,
  );
}

/** One row as a JSON object for `json_to_recordset` (the path where COPY is not available). */
export function jsonRow(r: InvocationRecord): string {
  return JSON.stringify({
    agent_id: uuidOrNull(r.agentId),
    agent_name: r.agentName,
    caller_id: uuidOrNull(r.callerId),
    front_door: r.frontDoor,
    operation: r.operation,
    interaction_type: r.interactionType ?? null,
    started_at: r.startedAt,
    duration_ms: r.durationMs,
    ok: r.ok,
    outcome: r.outcome,
    error_code: r.errorCode ?? null,
    upstream_status: r.upstreamStatus ?? null,
    attempts: r.attempts,
    input_tokens: r.usage?.inputTokens ?? null,
    output_tokens: r.usage?.outputTokens ?? null,
    cost: r.cost,
  });
}

/**
 * The string as one contiguous copy. A string built by concatenation is a tree of its pieces (a V8 cons
 * string), which a buffered row would keep alive, and carry into the old generation, piece by piece
 * (~290 bytes a row instead of ~170); reading a character makes V8 flatten it, and the collector then
 * lets go of the pieces.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

const INSERT_JSON = `
  INSERT INTO agent_metrics (${COLUMNS})
  SELECT agent_id, agent_name, caller_id, front_door, operation, interaction_type,
    to_timestamp(started_at / 1000.0), duration_ms, ok, outcome, error_code, upstream_status, attempts,
    input_tokens, output_tokens, cost
  FROM json_to_recordset($1::json) AS r(agent_id uuid, agent_name text, caller_id uuid, front_door text,
    operation text, interaction_type text, started_at float8, duration_ms float8, ok boolean, outcome text, error_code text,
    upstream_status integer, attempts integer, input_tokens integer, output_tokens integer, cost float8)`;

/** How rows reach the table: the text of one row, and how a batch of such rows is sent. */
interface RowFormat {
  name: string;
  row(record: InvocationRecord): string;
  insert(client: PoolClient, rows: string[]): Promise<void>;
}

const COPY_ROWS: RowFormat = {
  name: 'copy',
  row: copyLine,
  insert: (client, rows) =>
    pipeline(
      Readable.from([rows.join('')]),
      client.query(copyFrom(`COPY agent_metrics (${COLUMNS}) FROM STDIN`)),
    ),
};

const JSON_ROWS: RowFormat = {
  name: 'json',
  row: jsonRow,
  insert: async (client, rows) => {
    await client.query(INSERT_JSON, [`[${rows.join(',')}]`]);
  },
};

/**
 * Writes a batch in one transaction that first claims its id in `agent_metrics_batches`: a batch retried
 * after an ambiguous failure (committed, but the answer was lost) finds its id taken and writes nothing.
 * Rows go in with COPY, which costs PostgreSQL well under half of an INSERT per row; PGlite's wire server
 * (the embedded database) cannot take COPY FROM STDIN, so there the rows go in as one JSON parameter.
 * Which of the two is decided once, by `prepare`, since rows are serialised as they are recorded.
 */
@Injectable()
export class PgMetricsBatchWriter implements MetricsBatchWriter {
  private rowFormat: RowFormat | null = null;

  constructor(private readonly db: DataSource) {}

  async prepare(): Promise<void> {
    const [{ v }] = (await this.db.query('SELECT version() AS v')) as { v: string }[];
    this.rowFormat = v.includes('PGlite') ? JSON_ROWS : COPY_ROWS;
  }

  format(): string {
    return this.prepared().name;
  }

  row(record: InvocationRecord): string {
    return this.prepared().row(record);
  }

  async write(batch: MetricsBatch): Promise<void> {
    const pool = (this.db.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    let broken: Error | undefined;
    // A connection lost while checked out is reported to its query and also emitted by the client, where
    // (the pool listens only to idle clients) nobody would hear it and the process would crash.
    const lost = (error: Error) => (broken ??= error);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      try {
        const claimed = await client.query(
          'INSERT INTO agent_metrics_batches (id) VALUES ($1) ON CONFLICT (id) DO NOTHING',
          [batch.id],
        );
        if (claimed.rowCount === 1) await this.prepared().insert(client, batch.rows);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      broken ??= error as Error;
      throw error;
    } finally {
      client.off('error', lost);
      // A connection that failed mid-statement is not handed to anyone else.
      client.release(broken);
    }
  }

  private prepared(): RowFormat {
    if (!this.rowFormat) throw new Error('PgMetricsBatchWriter.prepare() was not awaited');
    return this.rowFormat;
  }
}
