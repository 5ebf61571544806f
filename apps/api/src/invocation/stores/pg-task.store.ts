import { Logger } from '@nestjs/common';
import type { TaskState } from '@switchboard/a2a-protocol';
import type { TaskFilter, TaskRecord, TaskStore } from '@switchboard/a2a-protocol/gateway';
import type { DataSource } from 'typeorm';

const key = (agentName: string, taskId: string) => `${agentName}\u0000${taskId}`;
const CACHE_SIZE = 50_000;
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
}

const fromRow = (r: TaskRow): TaskRecord => ({
  agentName: r.agent_name,
  taskId: r.task_id,
  contextId: r.context_id,
  state: r.state,
  ownerId: r.owner_id,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
});

/**
 * Tasks the gateway has seen, in Postgres, off the hot path: writes land in memory and are flushed in
 * one batched upsert shortly after; reads are answered from memory and only fall back to the database
 * for tasks older than this process.
 */
export class PgTaskStore implements TaskStore {
  private readonly logger = new Logger(PgTaskStore.name);
  private readonly cache = new Map<string, TaskRecord>();
  private pending = new Map<string, TaskRecord>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    /** Catalog id of an agent by name (tasks are stored by agent id, so renames keep them). */
    private readonly agentId: (agentName: string) => string | undefined,
    /**
     * With several replicas, a task another one just created may not be written yet: a miss is read
     * again once its write is due (0: one process, a miss is a miss).
     */
    private readonly missRetryMs = 0,
  ) {}

  upsert(record: TaskRecord): void {
    const k = key(record.agentName, record.taskId);
    const existing = this.cache.get(k);
    const merged = existing
      ? { ...record, ownerId: existing.ownerId, createdAt: existing.createdAt }
      : record;
    this.cache.delete(k);
    this.cache.set(k, merged);
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

  async list(filter: TaskFilter): Promise<TaskRecord[]> {
    await this.flush();
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.ownerId !== undefined) add('t.owner_id = ?', filter.ownerId);
    if (filter.agentName) add('a.name = ?', filter.agentName);
    if (filter.state) add('t.state = ?', filter.state);
    params.push(filter.limit ?? 100);
    const rows: TaskRow[] = await this.db.query(
      `SELECT a.name AS agent_name, t.task_id, t.context_id, t.state, t.owner_id, t.created_at, t.updated_at
         FROM tasks t JOIN agents a ON a.id = t.agent_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY t.updated_at DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(fromRow);
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
        `INSERT INTO tasks (agent_id, task_id, context_id, state, owner_id, created_at, updated_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[], $7::timestamptz[])
         ON CONFLICT (agent_id, task_id) DO UPDATE
           SET state = EXCLUDED.state, context_id = EXCLUDED.context_id, updated_at = EXCLUDED.updated_at`,
        [
          rows.map((r) => r.agentId),
          rows.map((r) => r.taskId),
          rows.map((r) => r.contextId),
          rows.map((r) => r.state),
          rows.map((r) => r.ownerId),
          rows.map((r) => new Date(r.createdAt)),
          rows.map((r) => new Date(r.updatedAt)),
        ],
      );
    } catch (error) {
      // An agent deleted between the call and the flush; its tasks went with it.
      this.logger.warn(`Could not record ${rows.length} task(s): ${(error as Error).message}`);
    }
  }
}
