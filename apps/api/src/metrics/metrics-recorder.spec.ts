import type { InvocationRecord } from '@switchboard/a2a-protocol/gateway';
import type { DataSource } from 'typeorm';
import { MetricsRecorder } from './metrics-recorder';

/** A database that answers each insert when the test says so, and remembers the ids it stored. */
class FakeDb {
  readonly stored: string[] = [];
  readonly inserts: number[] = [];
  private pending: { resolve: () => void; reject: (e: Error) => void; ids: string[] }[] = [];
  /** Answer inserts at once (true) or hold them until `answer()`. */
  auto = true;

  query = async (_sql: string, [json]: [string]) => {
    const ids = (JSON.parse(json) as { id: string }[]).map((r) => r.id);
    this.inserts.push(ids.length);
    if (this.auto) return this.store(ids);
    await new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject, ids }));
    this.store(ids);
  };

  /** Answer the oldest held insert: commit it, or fail it. */
  answer(error?: Error) {
    const next = this.pending.shift();
    if (!next) throw new Error('no insert is waiting');
    if (error) next.reject(error);
    else next.resolve();
  }

  private store(ids: string[]) {
    // ON CONFLICT (id) DO NOTHING
    for (const id of ids) if (!this.stored.includes(id)) this.stored.push(id);
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
  let db: FakeDb;
  let recorder: MetricsRecorder;
  const start = (batchSize: number, bufferMax = 10_000) => {
    db = new FakeDb();
    recorder = new MetricsRecorder(db as unknown as DataSource, {
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
    db.answer(new Error('connection terminated'));
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
    const ids: string[] = [];
    const spy = jest.spyOn(db, 'query');
    recordCalls(0, 5); // in flight
    recordCalls(5, 12); // 12 > 8: four of rows 5.. go
    expect(recorder.dropped).toBe(4);
    db.answer();
    await settle();
    db.auto = true;
    await recorder.flush();
    for (const [, [json]] of spy.mock.calls as [string, [string]][])
      ids.push(...(JSON.parse(json) as { agent_name: string }[]).map((r) => r.agent_name));
    expect(ids).toEqual([
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

  it('close writes what is left', async () => {
    start(100);
    recordCalls(0, 42);
    await recorder.close();
    expect(db.stored).toHaveLength(42);
  });
});
