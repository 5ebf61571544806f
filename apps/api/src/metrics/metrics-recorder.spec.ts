import type { InvocationRecord } from '@switchboard/a2a-protocol/gateway';
import type { MetricsBatch, MetricsBatchWriter } from './metrics-batch-writer';
import { MetricsRecorder } from './metrics-recorder';

/**
 * A database that answers each batch when the test says so. Like PgMetricsBatchWriter it stores a batch
 * id once, so a batch retried after it committed adds nothing. Its row is the agent's name.
 */
class FakeWriter implements MetricsBatchWriter {
  readonly stored: string[] = [];
  readonly batchIds = new Set<string>();
  readonly inserts: number[] = [];
  private pending: { batch: MetricsBatch; resolve: () => void; reject: (e: Error) => void }[] = [];
  /** Answer writes at once (true) or hold them until `answer()`. */
  auto = true;

  async prepare() {}

  row(record: InvocationRecord) {
    return record.agentName;
  }

  async write(batch: MetricsBatch) {
    this.inserts.push(batch.rows.length);
    if (this.auto) return this.store(batch);
    await new Promise<void>((resolve, reject) => this.pending.push({ batch, resolve, reject }));
  }

  /** Answer the oldest held write: commit it, fail it, or commit it and lose the answer. */
  answer(outcome: 'commit' | 'fail' | 'commit, then the connection drops' = 'commit') {
    const next = this.pending.shift();
    if (!next) throw new Error('no write is waiting');
    if (outcome !== 'fail') this.store(next.batch);
    if (outcome === 'commit') next.resolve();
    else next.reject(new Error('Connection terminated unexpectedly'));
  }

  private store(batch: MetricsBatch) {
    if (this.batchIds.has(batch.id)) return;
    this.batchIds.add(batch.id);
    this.stored.push(...batch.rows);
  }
}

const call = (n: number): InvocationRecord => ({
  agentName: `agent-${n}`,
  callerId: null,
  frontDoor: 'rest',
  operation: 'send',
  startedAt: 1_700_000_000_000 + n,
  durationMs: 1,
  ok: true,
  attempts: 1,
  cost: 0,
});

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('MetricsRecorder', () => {
  let db: FakeWriter;
  let recorder: MetricsRecorder;
  const start = (batchSize: number, bufferMax = 10_000) => {
    db = new FakeWriter();
    recorder = new MetricsRecorder(db, {
      flushIntervalMs: 60_000, // the tests flush by hand
      batchSize,
      bufferMax,
    });
  };
  const recordCalls = (from: number, to: number) => {
    for (let i = from; i < to; i++) recorder.record(call(i));
  };
  afterEach(async () => {
    db.auto = true;
    await recorder.close();
  });

  it('writes a batch as soon as it is full and leaves a partial one for the next flush', async () => {
    start(3);
    recordCalls(0, 7);
    await settle();
    expect(db.inserts).toEqual([3, 3]);
    expect(recorder.depth).toBe(1);
    await recorder.flush();
    expect(db.inserts).toEqual([3, 3, 1]);
    expect(recorder.written).toBe(7);
  });

  it('under steady load writes whole batches, not whatever arrived during the previous write', async () => {
    start(100);
    db.auto = false;
    recordCalls(0, 100); // a full batch: its insert starts
    recordCalls(100, 130); // arrive while it is being written
    db.answer();
    await settle();
    expect(db.inserts).toEqual([100]);
    expect(recorder.depth).toBe(30);
    recordCalls(130, 200);
    db.answer();
    await settle();
    expect(db.inserts).toEqual([100, 100]);
    expect(recorder.depth).toBe(0);
  });

  it('flush writes every row recorded before it, also rows that arrive while a write is under way', async () => {
    start(10);
    db.auto = false;
    recordCalls(0, 10); // a full batch: its insert starts
    recordCalls(10, 14); // a partial one behind it
    const flushed = recorder.flush();
    db.answer();
    await settle();
    db.answer();
    await flushed;
    expect(db.inserts).toEqual([10, 4]);
    expect(db.stored).toHaveLength(14);
  });

  it('keeps a batch whose insert failed, and writes it once when the database answers again', async () => {
    start(5);
    db.auto = false;
    recordCalls(0, 5);
    const flushed = recorder.flush();
    db.answer('fail');
    await flushed; // resolves on the failure; the rows stay
    expect(recorder.depth).toBe(5);
    recorder.record(call(5)); // no write while failing, until the next flush
    await settle();
    expect(db.inserts).toEqual([5]);
    db.auto = true;
    await recorder.flush();
    expect(db.stored).toHaveLength(6);
    expect(recorder.depth).toBe(0);
  });

  it('an overflowing buffer drops the oldest waiting rows, never the batch being written', async () => {
    start(5, 8);
    db.auto = false;
    recordCalls(0, 5); // in flight
    recordCalls(5, 12); // 12 rows > 8: the four oldest waiting rows (5..8) go
    expect(recorder.dropped).toBe(4);
    db.answer();
    await settle();
    db.auto = true;
    await recorder.flush();
    expect(db.stored).toEqual([
      'agent-0',
      'agent-1',
      'agent-2',
      'agent-3',
      'agent-4',
      'agent-9',
      'agent-10',
      'agent-11',
    ]);
    expect(recorder.written + recorder.dropped).toBe(12);
  });

  it('through a long outage keeps the batch being written and the newest rows, in order', async () => {
    start(500, 2_000);
    db.auto = false;
    recordCalls(0, 500); // in flight
    recordCalls(500, 10_000); // 1,500 rows wait; every call beyond them drops the oldest
    expect(recorder.dropped).toBe(8_000);
    db.answer('fail');
    await settle();
    db.auto = true;
    await recorder.flush();
    const names = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `agent-${from + i}`);
    expect(db.stored).toEqual([...names(0, 500), ...names(8_500, 10_000)]);
    expect(recorder.depth).toBe(0);
  });

  it('a batch that committed but whose answer was lost is retried whole, under the same id, and stored once', async () => {
    start(4);
    db.auto = false;
    recordCalls(0, 3);
    const flushed = recorder.flush();
    recordCalls(3, 6); // arrive while the partial batch is out: they must not join it on the retry
    db.answer('commit, then the connection drops');
    await flushed;
    expect(recorder.depth).toBe(6); // the recorder cannot know the batch committed: it keeps it
    db.auto = true;
    await recorder.flush();
    expect(db.inserts).toEqual([3, 3, 3]); // the retry is the same three rows, then the next three
    expect(db.stored).toEqual(['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5']);
    expect(recorder.depth).toBe(0);
  });

  it('drops a row it cannot serialise and still writes the others', async () => {
    start(10);
    jest.spyOn(db, 'row').mockImplementationOnce(() => {
      throw new Error('PgMetricsBatchWriter.prepare() was not awaited');
    });
    expect(() => recordCalls(0, 3)).not.toThrow();
    await recorder.flush();
    expect(db.stored).toEqual(['agent-1', 'agent-2']);
    expect(recorder.dropped).toBe(1);
  });

  it('close writes what is left', async () => {
    start(100);
    recordCalls(0, 42);
    await recorder.close();
    expect(db.stored).toHaveLength(42);
  });
});
