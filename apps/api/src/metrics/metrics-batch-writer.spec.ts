import { EventEmitter } from 'node:events';
import { A2AErrorCode } from '@switchboard/a2a-protocol';
import type { InvocationRecord } from '@switchboard/a2a-protocol/gateway';
import type { DataSource } from 'typeorm';
import { copyLine, isoTimestamp, jsonRow, PgMetricsBatchWriter } from './metrics-batch-writer';

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

const failedCall: InvocationRecord = {
  frontDoor: 'rest',
  operation: 'send',
  startedAt: 1_700_000_000_001,
  durationMs: 1,
  attempts: 1,
  agentName: 'tab\there\\and\nnewline\r',
  agentId: 'not-a-uuid',
  callerId: '0190f2a0-0000-7000-8000-000000000001',
  ok: false,
  outcome: 'failure',
  errorCode: A2AErrorCode.Timeout,
  usage: { inputTokens: 3, outputTokens: 4 },
  cost: 0.25,
};

describe('copyLine', () => {
  it('escapes what COPY text format reserves and writes nulls as \\N', () => {
    const line = copyLine(failedCall);
    expect(line.split('\t')).toEqual([
      '\\N',
      'tab\\there\\\\and\\nnewline\\r',
      '0190f2a0-0000-7000-8000-000000000001',
      'rest',
      'send',
      '\\N',
      '2023-11-14T22:13:20.001Z',
      '1',
      'f',
      'failure',
      'TIMEOUT',
      '\\N',
      '1',
      '3',
      '4',
      '0.25\n',
    ]);
  });
});

describe('isoTimestamp', () => {
  it.each([
    0, 9, 10, 99, 100, 999, 1_700_000_000_000, 1_700_000_000_001.75, 1_700_000_000_999, 1_700_000_001_000,
    4_102_444_800_123,
  ])('writes %d as Date#toISOString does', (ms) => {
    expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with Date#toISOString across seconds, in and out of order', () => {
    let ms = 1_763_000_000_000;
    for (let i = 0; i < 5_000; i++) {
      ms += (i * 7919) % 1_500;
      if (i % 97 === 0) ms -= 3_000; // a late record from an earlier second
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe('jsonRow', () => {
  it('names every column and writes what is missing (or not a uuid) as null', () => {
    expect(JSON.parse(jsonRow(failedCall))).toEqual({
      agent_id: null,
      agent_name: 'tab\there\\and\nnewline\r',
      caller_id: '0190f2a0-0000-7000-8000-000000000001',
      front_door: 'rest',
      operation: 'send',
      interaction_type: null,
      started_at: 1_700_000_000_001,
      duration_ms: 1,
      ok: false,
      outcome: 'failure',
      error_code: 'TIMEOUT',
      upstream_status: null,
      attempts: 1,
      input_tokens: 3,
      output_tokens: 4,
      cost: 0.25,
    });
  });
});
