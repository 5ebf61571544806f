import { Logger } from '@nestjs/common';
import type { InvocationRecord, MetricsSink } from '@switchboard/a2a-protocol/gateway';
import type { DataSource } from 'typeorm';
import { unavailableDependency } from '../../common/errors/outage';
import type { OutageLog } from '../../common/errors/outage-log';

const FLUSH_EVERY_MS = 2_000;

/**
 * Keeps `agents.last_interaction` current without a write per call: remembers which agents were called
 * and updates them in one statement every couple of seconds. (Per-call metrics come in the metrics module.)
 */
export class LastInteractionSink implements MetricsSink {
  private readonly logger = new Logger(LastInteractionSink.name);
  private touched = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly agentId: (agentName: string) => string | undefined,
    private readonly outages: OutageLog,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  record(record: InvocationRecord): void {
    this.touched.set(record.agentName, record.startedAt + record.durationMs);
  }

  async flush(): Promise<void> {
    if (this.touched.size === 0) return;
    const batch = [...this.touched.entries()];
    this.touched = new Map();
    const ids: string[] = [];
    const at: Date[] = [];
    for (const [name, when] of batch) {
      const id = this.agentId(name);
      if (id) {
        ids.push(id);
        at.push(new Date(when));
      }
    }
    if (ids.length === 0) return;
    try {
      await this.db.query(
        `UPDATE agents a SET last_interaction = GREATEST(a.last_interaction, u.at)
           FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE a.id = u.id`,
        [ids, at],
      );
    } catch (error) {
      const outage = unavailableDependency(error);
      if (!outage) return this.logger.warn(`Could not update last_interaction: ${(error as Error).message}`);
      // One entry per agent at most: kept (the later time wins) until the database answers.
      this.outages.failed(outage, error);
      for (const [name, when] of batch) this.touched.set(name, Math.max(when, this.touched.get(name) ?? 0));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
