import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { PgMetricsBatchWriter } from './metrics-batch-writer';

/**
 * A pooled pg client whose server goes away during the batch's claim: like pg's Client, it fails the query
 * and also emits `error`, from the socket's event, outside the query's call.
 */
class DroppingClient extends EventEmitter {
  released: Error | boolean | undefined;
  readonly statements: string[] = [];

  query(text: string): Promise<{ rows: unknown[]; rowCount: number }> {
    this.statements.push(text.split(' ')[0]);
    if (!text.startsWith('INSERT INTO agent_metrics_batches'))
      return Promise.resolve({ rows: [], rowCount: 0 });
    return new Promise((_, reject) =>
      setImmediate(() => {
        const error = new Error('Connection terminated unexpectedly');
        reject(error);
        this.emit('error', error);
      }),
    );
  }

  release(error?: Error | boolean) {
    this.released = error;
  }
}

describe('PgMetricsBatchWriter', () => {
  it('fails the batch, and does not crash, when the connection drops while it is written', async () => {
    const client = new DroppingClient();
    const db = {
      driver: { master: { connect: async () => client } },
      query: async () => [{ v: 'PostgreSQL 16.4' }],
    } as unknown as DataSource;
    const writer = new PgMetricsBatchWriter(db);
    await writer.prepare();

    await expect(writer.write({ id: '0190f2a0-0000-7000-8000-000000000001', rows: ['x'] })).rejects.toThrow(
      'Connection terminated unexpectedly',
    );
    expect(client.released).toBeInstanceOf(Error); // the pool discards the connection
    expect(client.listenerCount('error')).toBe(0);
    expect(client.statements).toEqual(['BEGIN', 'INSERT', 'ROLLBACK']);
  });
});
