import { A2AError, A2AErrorCode, type ListTasksRequest } from '@switchboard/a2a-protocol';
import type { A2AGateway } from '@switchboard/a2a-protocol/gateway';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { ADMIN, TestApi } from './harness';

type TaskBody = { task: { id: string; contextId: string } };
type RpcError = { code: number; message: string };

/** A2A ListTasks through the gateway, answered from the tasks table on real PostgreSQL. */
describe('gateway.listTasks against real PostgreSQL and a real hello agent', () => {
  let hello: HelloAgentProcess;
  let api: TestApi;
  let bobToken: string;
  let aliceId: string;
  let bobId: string;

  const gateway = (): A2AGateway => api.gateway!;
  const userId = async (email: string): Promise<string> =>
    (await api.db.query('SELECT id FROM users WHERE email = $1', [email]))[0].id;
  /** A task through the REST door, as `token`'s user. */
  const invoke = async (text: string, token?: string, contextId?: string) => {
    const body = { message: text, ...(contextId ? { contextId } : {}) };
    const res = await api.post<TaskBody>('/a2a/hello/invoke', body, token ? { token } : {});
    expect(res.status).toBe(200);
    return res.body.task;
  };
  const listed = (request: ListTasksRequest, callerId: string) =>
    gateway().listTasks('hello', request, { callerId });

  beforeAll(async () => {
    hello = await startHelloAgentProcess();
    api = await TestApi.start();
  });
  beforeEach(async () => {
    await api.reset();
    await api.createAgent({ name: 'hello', endpointUrl: hello.url, timeoutMs: 5000 });
    bobToken = await api.createUser('bob@example.com', 'viewer');
    aliceId = await userId(ADMIN.email);
    bobId = await userId('bob@example.com');
  });
  afterAll(async () => {
    await api.reset();
    await api.close();
    await hello.close();
  });

  it('shows each user only the tasks they created, newest first', async () => {
    const alice1 = await invoke('a1');
    const bob1 = await invoke('b1', bobToken);
    const alice2 = await invoke('a2');

    const ofAlice = await listed({}, aliceId);
    expect(ofAlice.tasks.map((t) => t.id)).toEqual([alice2.id, alice1.id]);
    expect(ofAlice).toMatchObject({ nextPageToken: '', pageSize: 50, totalSize: 2 });
    const ofBob = await listed({}, bobId);
    expect(ofBob.tasks.map((t) => t.id)).toEqual([bob1.id]);
    expect(ofBob.totalSize).toBe(1);
    // The REST listing reads the same records.
    const rest = await api.get<{ items: { taskId: string }[] }>('/tasks', { token: bobToken });
    expect(rest.body.items.map((i) => i.taskId)).toEqual([bob1.id]);
  });

  it('filters by context and state, and pages with a keyset token to an empty one', async () => {
    const inA = [await invoke('1', undefined, 'ctx-a'), await invoke('2', undefined, 'ctx-a')];
    await invoke('3', undefined, 'ctx-b');
    const inA3 = await invoke('4', undefined, 'ctx-a');
    await invoke('other', bobToken, 'ctx-a');

    const first = await listed({ contextId: 'ctx-a', pageSize: 2 }, aliceId);
    expect(first.tasks.map((t) => t.id)).toEqual([inA3.id, inA[1].id]);
    expect(first).toMatchObject({ pageSize: 2, totalSize: 3 });
    expect(first.nextPageToken).not.toBe('');
    const second = await listed({ contextId: 'ctx-a', pageSize: 2, pageToken: first.nextPageToken }, aliceId);
    expect(second.tasks.map((t) => t.id)).toEqual([inA[0].id]);
    expect(second.nextPageToken).toBe('');

    expect((await listed({ status: 'TASK_STATE_COMPLETED' }, aliceId)).totalSize).toBe(4);
    expect((await listed({ status: 'TASK_STATE_WORKING' }, aliceId)).totalSize).toBe(0);
  });

  it('answers ListTasks at the A2A door with the caller’s own tasks only, page by page', async () => {
    const mine = [await invoke('a1'), await invoke('a2'), await invoke('a3')];
    const bobs = await invoke('b1', bobToken);
    const rpc = async (params: object, token?: string) =>
      (
        await api.post<{
          result?: { tasks: { id: string }[]; nextPageToken: string; totalSize: number };
          error?: RpcError;
        }>(
          '/a2a/hello/jsonrpc',
          { jsonrpc: '2.0', id: 1, method: 'ListTasks', params },
          { headers: { 'a2a-version': '1.0' }, ...(token ? { token } : {}) },
        )
      ).body;

    const first = (await rpc({ pageSize: 2 })).result!;
    expect(first.tasks.map((t) => t.id)).toEqual([mine[2].id, mine[1].id]);
    expect(first.totalSize).toBe(3);
    const second = (await rpc({ pageSize: 2, pageToken: first.nextPageToken })).result!;
    expect(second.tasks.map((t) => t.id)).toEqual([mine[0].id]);
    expect(second.nextPageToken).toBe('');
    expect((await rpc({}, bobToken)).result!.tasks.map((t) => t.id)).toEqual([bobs.id]);

    expect((await rpc({ pageSize: 0 })).error).toMatchObject({ code: -32602 });
    expect((await rpc({ pageToken: 'not-a-token' })).error).toMatchObject({ code: -32602 });
  });

  it('lists tasks from before a restart, with what the gateway saw of them', async () => {
    const task = await invoke('before restart');
    await invoke('bob’s', bobToken);
    await api.close(); // flushes the task records
    api = await TestApi.start();

    const { tasks, totalSize } = await listed({ includeArtifacts: true }, aliceId);
    expect(totalSize).toBe(1);
    expect(tasks[0]).toMatchObject({
      id: task.id,
      contextId: task.contextId,
      status: { state: 'TASK_STATE_COMPLETED', timestamp: expect.any(String) },
      artifacts: [
        expect.objectContaining({
          parts: [expect.objectContaining({ text: expect.stringContaining('(before restart)') })],
        }),
      ],
    });
    const [withoutArtifacts] = (await listed({ historyLength: 0 }, aliceId)).tasks;
    expect(withoutArtifacts).not.toHaveProperty('artifacts');
    expect(withoutArtifacts).not.toHaveProperty('history');
    expect((await listed({}, bobId)).tasks).toHaveLength(1);
  });

  it('keeps a task whose answer holds U+0000 or a lone surrogate (which PostgreSQL cannot store) and the others written with it', async () => {
    // Callers' text with these is refused at every door (400): the gateway core is called directly, and the
    // hello agent echoes the text into its answer.
    const sent = await gateway().sendMessage('hello', 'zero\u0000byte, half \ud800 pair', {
      callerId: aliceId,
    });
    const nul = (sent as { task: { id: string } }).task;
    const plain = await invoke('plain');
    const { tasks } = await listed({ includeArtifacts: true }, aliceId);
    expect(tasks.map((t) => t.id)).toEqual([plain.id, nul.id]);
    expect(JSON.stringify(tasks[1].artifacts)).toContain('zero\uFFFDbyte, half \uFFFD pair');
  });

  it.each<[string, ListTasksRequest]>([
    ['pageToken', { pageToken: 'invalid-token-xyz' }],
    ['pageSize', { pageSize: 0 }],
    ['pageSize', { pageSize: 101 }],
    ['historyLength', { historyLength: -1 }],
    ['statusTimestampAfter', { statusTimestampAfter: 'yesterday' }],
  ])('refuses a bad %s (%j) as INVALID_REQUEST', async (field, request) => {
    const error = await listed(request, aliceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(A2AError);
    expect((error as A2AError).code).toBe(A2AErrorCode.InvalidRequest);
    expect((error as A2AError).details.field).toBe(field);
  });

  it('answers AGENT_NOT_FOUND for an agent not in the catalog', async () => {
    const error = await gateway()
      .listTasks('nobody', {}, { callerId: aliceId })
      .catch((e: unknown) => e);
    expect((error as A2AError).code).toBe(A2AErrorCode.AgentNotFound);
  });
});
