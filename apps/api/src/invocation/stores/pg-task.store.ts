import { Logger } from '@nestjs/common';
import type { Artifact, Message, TaskState } from '@switchboard/a2a-protocol';
import {
  mergeTaskRecord,
  type TaskFilter,
  type TaskQuery,
  type TaskRecord,
  type TaskStore,
} from '@switchboard/a2a-protocol/gateway';
import type { DataSource } from 'typeorm';
import { unavailableDependency } from '../../common/errors/outage';
import type { OutageLog } from '../../common/errors/outage-log';
import { storableJson } from '../../common/db/storable-text';

const key = (agentName: string, taskId: string) => `${agentName}\u0000${taskId}`;
const CACHE_SIZE = 50_000;
/** Task writes kept while the database is away (newest win); beyond it the oldest are dropped. */
const MAX_PENDING = 50_000;
/** How soon writes kept through an outage are tried again. */
const RETRY_MS = 1_000;
/** How long a task write waits to share a statement with others. */
export const TASK_FLUSH_DELAY_MS = 100;

interface TaskRow {
  agent_name: string;
  task_id: string;
  context_id: string;
  state: TaskState;
  owner_id: string | null;
  created_at: Date;
  updated_at: Date;
  status_timestamp?: string | null;
  status_message?: Message | null;
  artifacts?: Artifact[] | null;
  history?: Message[] | null;
}

const fromRow = (r: TaskRow): TaskRecord => ({
  agentName: r.agent_name,
  taskId: r.task_id,
  contextId: r.context_id,
  state: r.state,
  ownerId: r.owner_id,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
  statusTimestamp: r.status_timestamp ?? undefined,
  statusMessage: r.status_message ?? undefined,
  // SQL NULL (never shown) and JSON null (too large to keep) both list as "not kept".
  artifacts: r.artifacts ?? null,
  history: r.history ?? undefined,
});

/** The binding of a task without its snapshot: what the cache keeps (the snapshot is in the database). */
const bindingOf = (t: TaskRecord): TaskRecord => ({
  agentName: t.agentName,
  taskId: t.taskId,
  contextId: t.contextId,
  state: t.state,
  ownerId: t.ownerId,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/**
 * A jsonb parameter: undefined → SQL NULL ("keep what is stored"); null → JSON null. Postgres cannot store
 * U+0000 or a lone surrogate in jsonb: one in an agent's text would fail the whole batch, so it becomes U+FFFD.
 */
function jsonOf(value: unknown): string | null {
  return value === undefined ? null : storableJson(value);
}

/**
 * Tasks the gateway has seen, in Postgres, off the hot path: writes land in memory and are flushed in
 * one batched upsert shortly after; `get` is answered from memory and only falls back to the database
 * for tasks older than this process. The memory holds bindings only; snapshots wait there just until
 * their flush. Lists are read from the database (after a flush).
 */
export class PgTaskStore implements TaskStore {
  private readonly logger = new Logger(PgTaskStore.name);
  private readonly cache = new Map<string, TaskRecord>();
  private pending = new Map<string, TaskRecord>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private dropping = false;

  constructor(
    private readonly db: DataSource,
    /** Catalog id of an agent by name (tasks are stored by agent id, so renames keep them). */
    private readonly agentId: (agentName: string) => string | undefined,
    private readonly outages: OutageLog,
    /**
     * With several replicas, a task another one just created may not be written yet: a miss is read
     * again once its write is due (0: one process, a miss is a miss).
     */
    private readonly missRetryMs = 0,
  ) {}

  upsert(record: TaskRecord): void {
    const k = key(record.agentName, record.taskId);
    // A write still pending has the snapshot the next one may keep (artifacts, history).
    const existing = this.pending.get(k) ?? this.cache.get(k);
    const merged = existing ? mergeTaskRecord(existing, record) : record;
    this.cache.delete(k);
    this.cache.set(k, bindingOf(merged));
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.pending.set(k, merged);
    this.timer ??= setTimeout(() => void this.flush(), TASK_FLUSH_DELAY_MS).unref();
  }

  async get(agentName: string, taskId: string): Promise<TaskRecord | undefined> {
    const hit = this.cache.get(key(agentName, taskId));
    if (hit) return hit;
    const id = this.agentId(agentName);
    if (!id) return undefined;
    const stored = await this.read(agentName, id, taskId);
    if (stored || this.missRetryMs === 0) return stored;
    await new Promise((resolve) => setTimeout(resolve, this.missRetryMs));
    return this.read(agentName, id, taskId);
  }

  private async read(agentName: string, agentId: string, taskId: string): Promise<TaskRecord | undefined> {
    const rows: TaskRow[] = await this.db.query(
      `SELECT $1::text AS agent_name, task_id, context_id, state, owner_id, created_at, updated_at
         FROM tasks WHERE agent_id = $2 AND task_id = $3`,
      [agentName, agentId, taskId],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Newest first; a page after `query.after` is a keyset range on (updated_at, task_id). */
  async list(query: TaskQuery): Promise<TaskRecord[]> {
    await this.flush();
    const where = this.where(query);
    if (!where) return [];
    const { sql, params } = where;
    if (query.after) {
      params.push(new Date(query.after.updatedAt), query.after.taskId);
      sql.push(`(t.updated_at, t.task_id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(query.limit ?? 100);
    const rows: TaskRow[] = await this.db.query(
      `SELECT a.name AS agent_name, t.task_id, t.context_id, t.state, t.owner_id, t.created_at, t.updated_at,
              t.status_timestamp, t.status_message,
              ${query.includeArtifacts ? 't.artifacts' : 'NULL AS artifacts'},
              ${query.includeHistory ? 't.history' : 'NULL AS history'}
         FROM tasks t JOIN agents a ON a.id = t.agent_id
        ${sql.length ? `WHERE ${sql.join(' AND ')}` : ''}
        ORDER BY t.updated_at DESC, t.task_id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(fromRow);
  }

  async count(filter: TaskFilter): Promise<number> {
    await this.flush();
    const where = this.where(filter);
    if (!where) return 0;
    const { sql, params } = where;
    const [{ count }] = await this.db.query(
      `SELECT count(*)::int AS count FROM tasks t ${sql.length ? `WHERE ${sql.join(' AND ')}` : ''}`,
      params,
    );
    return count;
  }

  /** The filter as SQL conditions on `tasks t`; undefined if nothing can match (an agent not in the catalog). */
  private where(filter: TaskFilter): { sql: string[]; params: unknown[] } | undefined {
    const sql: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      sql.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.agentName) {
      const agentId = this.agentId(filter.agentName);
      if (!agentId) return undefined;
      add('t.agent_id = ?', agentId);
    }
    if (filter.ownerId === null) sql.push('t.owner_id IS NULL');
    else if (filter.ownerId !== undefined) add('t.owner_id = ?', filter.ownerId);
    if (filter.contextId) add('t.context_id = ?', filter.contextId);
    if (filter.state) add('t.state = ?', filter.state);
    if (filter.updatedSince !== undefined) add('t.updated_at >= ?', new Date(filter.updatedSince));
    return { sql, params };
  }

  /** Write what is pending in one statement. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const rows = batch.flatMap((t) => {
      const agentId = this.agentId(t.agentName);
      return agentId ? [{ ...t, agentId }] : [];
    });
    if (rows.length === 0) return;
    try {
      await this.db.query(
        `INSERT INTO tasks (agent_id, task_id, context_id, state, owner_id, created_at, updated_at,
                            status_timestamp, status_message, artifacts, history)
         -- A task of an agent deleted since the call is not written, and one of a caller deleted since is
         -- written ownerless (as ON DELETE SET NULL would have made it): one such row must not fail the batch.
         SELECT u.agent_id, u.task_id, u.context_id, u.state, (SELECT o.id FROM users o WHERE o.id = u.owner_id),
                u.created_at, u.updated_at, u.status_timestamp, u.status_message, u.artifacts, u.history
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[],
                       $7::timestamptz[], $8::text[], $9::jsonb[], $10::jsonb[], $11::jsonb[])
                AS u(agent_id, task_id, context_id, state, owner_id, created_at, updated_at, status_timestamp,
                     status_message, artifacts, history)
          WHERE EXISTS (SELECT 1 FROM agents a WHERE a.id = u.agent_id)
         ON CONFLICT (agent_id, task_id) DO UPDATE
           SET state = EXCLUDED.state, context_id = EXCLUDED.context_id, updated_at = EXCLUDED.updated_at,
               status_timestamp = EXCLUDED.status_timestamp, status_message = EXCLUDED.status_message,
               artifacts = COALESCE(EXCLUDED.artifacts, tasks.artifacts),
               history = COALESCE(EXCLUDED.history, tasks.history)`,
        [
          rows.map((r) => r.agentId),
          rows.map((r) => r.taskId),
          rows.map((r) => r.contextId),
          rows.map((r) => r.state),
          rows.map((r) => r.ownerId),
          rows.map((r) => new Date(r.createdAt)),
          rows.map((r) => new Date(r.updatedAt)),
          rows.map((r) => r.statusTimestamp ?? null),
          rows.map((r) => jsonOf(r.statusMessage)),
          rows.map((r) => jsonOf(r.artifacts)),
          rows.map((r) => jsonOf(r.history)),
        ],
      );
    } catch (error) {
      const outage = unavailableDependency(error);
      if (outage) {
        // Kept, and written once the database answers: a task created during an outage stays readable.
        this.outages.failed(outage, error);
        return this.keep(batch);
      }
      this.logger.warn(`Could not record ${rows.length} task(s): ${(error as Error).message}`);
    }
  }

  /** Writes that failed for want of the database, back in front of any newer ones, tried again soon. */
  private keep(batch: TaskRecord[]): void {
    const newer = this.pending;
    this.pending = new Map();
    for (const t of batch) this.pending.set(key(t.agentName, t.taskId), t);
    for (const [k, t] of newer) {
      const older = this.pending.get(k);
      this.pending.set(k, older ? mergeTaskRecord(older, t) : t);
    }
    const excess = this.pending.size - MAX_PENDING;
    if (excess > 0) {
      if (!this.dropping)
        this.logger.warn(`The database is away: ${excess}+ task write(s) beyond ${MAX_PENDING} dropped`);
      for (const k of [...this.pending.keys()].slice(0, excess)) this.pending.delete(k);
    }
    this.dropping = excess > 0;
    this.timer ??= setTimeout(() => void this.flush(), RETRY_MS).unref();
  }
}
