import { InMemoryTaskStore } from './in-memory';
import type { TaskRecord } from './ports';

const record = (taskId: string, updatedAt: number, patch: Partial<TaskRecord> = {}): TaskRecord => ({
  agentName: 'echo',
  taskId,
  contextId: 'c',
  state: 'TASK_STATE_WORKING',
  ownerId: 'alice',
  createdAt: updatedAt,
  updatedAt,
  ...patch,
});
const ids = (records: TaskRecord[]) => records.map((r) => r.taskId);

describe('InMemoryTaskStore', () => {
  it('an update keeps the owner, the creation time, and the artifacts and history it does not show', () => {
    const store = new InMemoryTaskStore();
    const artifacts = [{ artifactId: 'a', parts: [{ text: 'x' }] }];
    const history = [{ messageId: 'm', role: 'ROLE_USER' as const, parts: [{ text: 'q' }] }];
    store.upsert(record('t', 1, { artifacts, history }));
    store.upsert(record('t', 2, { ownerId: null, createdAt: 2, state: 'TASK_STATE_COMPLETED' }));
    expect(store.get('echo', 't')).toMatchObject({
      ownerId: 'alice',
      createdAt: 1,
      updatedAt: 2,
      state: 'TASK_STATE_COMPLETED',
      artifacts,
      history,
    });
    // null: too large to keep — the old artifacts go.
    store.upsert(record('t', 3, { artifacts: null }));
    expect(store.get('echo', 't')?.artifacts).toBeNull();
  });

  it('lists newest first (task id breaks ties), from after a position, and counts without paging', () => {
    const store = new InMemoryTaskStore();
    store.upsert(record('a', 10));
    store.upsert(record('c', 20));
    store.upsert(record('b', 20));
    store.upsert(record('d', 5, { ownerId: 'bob' }));
    store.upsert(record('e', 30, { agentName: 'other' }));
    const mine = { agentName: 'echo', ownerId: 'alice' };
    expect(ids(store.list(mine))).toEqual(['c', 'b', 'a']);
    expect(ids(store.list({ ...mine, limit: 2 }))).toEqual(['c', 'b']);
    expect(ids(store.list({ ...mine, after: { updatedAt: 20, taskId: 'c' } }))).toEqual(['b', 'a']);
    expect(ids(store.list({ ...mine, after: { updatedAt: 20, taskId: 'b' } }))).toEqual(['a']);
    expect(store.count(mine)).toBe(3);
    expect(store.count({ agentName: 'echo' })).toBe(4);
    expect(store.count({ ...mine, updatedSince: 20 })).toBe(2);
  });

  it('drops the oldest task beyond its capacity', () => {
    const store = new InMemoryTaskStore(2);
    for (const [id, t] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      store.upsert(record(id, t));
    expect(ids(store.list({}))).toEqual(['c', 'b']);
  });
});
