import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvocationRecord } from '@switchboard/a2a-protocol/gateway';
import type { MetricsBatch, MetricsBatchWriter } from './metrics-batch-writer';
import { MetricsRecorder, type MetricsRecorderOptions } from './metrics-recorder';
import { MetricsSpillFile } from './metrics-spill-file';

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
  /** Refuse every write, as a database that is away (a connection refused). */
  down = false;
  /** The writes tried while down. */
  refused = 0;

  async prepare() {}

  format() {
    return 'name';
  }

  row(record: InvocationRecord) {
    return record.agentName;
  }

  async write(batch: MetricsBatch) {
    if (this.down) {
      this.refused++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
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
  outcome: 'success',
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
      shutdownFlushMs: 0,
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

describe('MetricsRecorder at shutdown (a spill file in a temporary directory)', () => {
  let dir: string;
  let spill: MetricsSpillFile;
  const options = (shutdownFlushMs: number): MetricsRecorderOptions => ({
    flushIntervalMs: 60_000,
    batchSize: 4,
    bufferMax: 10_000,
    shutdownFlushMs,
  });
  const recordCalls = (recorder: MetricsRecorder, from: number, to: number) => {
    for (let i = from; i < to; i++) recorder.record(call(i));
  };
  const spilledLines = async () =>
    (await readFile(spill.path, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; format: string; rows: string[] });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'metrics-spill-'));
    spill = new MetricsSpillFile(join(dir, 'nested', 'metrics-spill.jsonl'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('retries with backoff while the database is away and writes everything once it returns', async () => {
    const db = new FakeWriter();
    const recorder = new MetricsRecorder(db, options(5_000), spill);
    recordCalls(recorder, 0, 6);
    db.down = true;
    setTimeout(() => (db.down = false), 400);
    const started = Date.now();
    await recorder.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(db.refused).toBeGreaterThanOrEqual(2); // tried again, not once
    expect(db.refused).toBeLessThan(10); // with pauses between, not in a loop
    expect(db.stored).toHaveLength(6);
    await expect(readdir(dir)).resolves.toEqual([]); // nothing spilled
  });

  it('spills what the database never took once the budget is spent, batches with their ids', async () => {
    const db = new FakeWriter();
    const recorder = new MetricsRecorder(db, options(300), spill);
    db.down = true;
    recordCalls(recorder, 0, 10);
    const started = Date.now();
    await recorder.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_500);
    const batches = await spilledLines();
    expect(batches.map((b) => b.rows.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => b.rows)).toEqual(Array.from({ length: 10 }, (_, i) => `agent-${i}`));
    expect(new Set(batches.map((b) => b.id)).size).toBe(3);
    expect(batches.every((b) => b.format === 'name')).toBe(true);
    expect(recorder.spilled).toBe(10);
    expect(db.stored).toEqual([]);
  });

  it('does not wait past its budget for a database that hangs; the write under way is spilled too', async () => {
    const db = new FakeWriter();
    const recorder = new MetricsRecorder(db, options(200), spill);
    db.auto = false; // the write never answers
    recordCalls(recorder, 0, 5); // a full batch goes out, one row waits
    const started = Date.now();
    await recorder.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    const batches = await spilledLines();
    expect(batches.flatMap((b) => b.rows)).toHaveLength(5);
    // The hung write commits after all: its replay adds nothing.
    db.answer('commit');
    const next = new MetricsRecorder(db, options(0), spill);
    db.auto = true;
    await next.prepare();
    await next.close();
    expect(db.stored).toEqual(['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4']);
  });

  it('replays the spill file at the next start exactly once, and a second replay of the same batches adds nothing', async () => {
    const db = new FakeWriter();
    const first = new MetricsRecorder(db, options(100), spill);
    db.down = true;
    recordCalls(first, 0, 9);
    await first.close();
    const copy = await readFile(spill.path, 'utf8');

    db.down = false;
    const second = new MetricsRecorder(db, options(0), spill);
    await second.prepare();
    expect(second.replayed).toBe(9);
    expect(db.stored).toHaveLength(9);
    await expect(readdir(join(dir, 'nested'))).resolves.toEqual([]); // the file is gone once written
    await second.close();

    // The same file again (a copy restored, or two replicas sharing the path): every id is taken.
    await writeFile(spill.path, copy);
    const third = new MetricsRecorder(db, options(0), spill);
    await third.prepare();
    await third.close();
    expect(db.stored).toHaveLength(9);
  });

  it('replays what a start that crashed mid-replay had claimed, and skips a line cut short', async () => {
    const db = new FakeWriter();
    await writeFile(
      join(dir, 'nested-claimed'),
      '', // not the spill file's name: left alone
    );
    await spill.append([{ id: '0190f2a0-0000-7000-8000-00000000000a', format: 'name', rows: ['a', 'b'] }]);
    await writeFile(
      `${spill.path}.replaying-1-1`,
      JSON.stringify({ id: '0190f2a0-0000-7000-8000-00000000000b', format: 'name', rows: ['c'] }) +
        '\n{"id":"0190f2a0-0000-7000-8000-0000000',
    );
    const recorder = new MetricsRecorder(db, options(0), spill);
    await recorder.prepare();
    await recorder.close();
    expect(db.stored.sort()).toEqual(['a', 'b', 'c']);
    await expect(readdir(join(dir, 'nested'))).resolves.toEqual([]);
  });

  it('keeps for the next start what the database refuses at this one, and batches of another row format', async () => {
    const db = new FakeWriter();
    await spill.append([
      { id: '0190f2a0-0000-7000-8000-00000000000c', format: 'copy', rows: ['x\n'] },
      { id: '0190f2a0-0000-7000-8000-00000000000d', format: 'name', rows: ['y'] },
    ]);
    db.down = true;
    const recorder = new MetricsRecorder(db, options(0), spill);
    await recorder.prepare();
    await recorder.close();
    expect((await spilledLines()).map((b) => b.id)).toEqual([
      '0190f2a0-0000-7000-8000-00000000000c',
      '0190f2a0-0000-7000-8000-00000000000d',
    ]);
    db.down = false;
    const later = new MetricsRecorder(db, options(0), spill);
    await later.prepare();
    await later.close();
    expect(db.stored).toEqual(['y']);
    expect((await spilledLines()).map((b) => b.format)).toEqual(['copy']);
  });
});
