import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';

type TaskBody = { task: { id: string; contextId: string; status: { state: string } } };

/** The `data` an @a2a-js/sdk 1.3 agent puts on its JSON-RPC errors: one google.rpc.ErrorInfo. */
const errorInfo = (reason: string) => [
  { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'a2a-protocol.org' },
];

/** The agent's JSON-RPC error in the details of the REST answer: nothing added, nothing lost. */
const rpcErrorOf = (res: { body: ErrorBody }) => res.body.details?.rpcError;

// The v0.3 hello agent (a2a-sdk 0.3.14's express handler) answers every error of its request handler as
// -32603 with the handler's message (its express bundle does not recognise the handler's A2AError class):
// the gateway passes on that, as sent.
describe('an agent’s JSON-RPC errors reach REST callers with the agent’s own error object', () => {
  let api: TestApi;
  const agents: Partial<Record<'1.0' | '0.3', HelloAgentProcess>> = {};

  beforeAll(async () => {
    [agents['1.0'], agents['0.3']] = await Promise.all([
      startHelloAgentProcess('1.0'),
      startHelloAgentProcess('0.3'),
    ]);
    api = await TestApi.start({ A2A_MAX_RETRIES: '0' });
  });
  beforeEach(async () => {
    await api.reset();
    await api.createAgent({ name: 'new', endpointUrl: agents['1.0']!.url });
    await api.createAgent({ name: 'old', endpointUrl: agents['0.3']!.url });
  });
  afterAll(async () => {
    await api.close();
    await Promise.all(Object.values(agents).map((a) => a.close()));
  });

  it.each([
    [
      'v1.0',
      'new',
      501,
      'UNSUPPORTED_OPERATION',
      { code: -32004, data: errorInfo('UNSUPPORTED_OPERATION'), dialect: '1.0' },
    ],
    ['v0.3', 'old', 502, 'AGENT_ERROR', { code: -32603, dialect: '0.3' }],
  ])('a %s agent refusing a message for a finished task', async (_, slug, status, code, expected) => {
    const done = await api.post<TaskBody>(`/a2a/${slug}/invoke`, { message: 'ping' });
    const { id, contextId } = done.body.task;
    const res = await api.post<ErrorBody>(`/a2a/${slug}/invoke`, {
      message: 'once more',
      taskId: id,
      contextId,
    });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(rpcErrorOf(res)).toEqual({
      ...expected,
      message: expect.stringMatching(
        new RegExp(`^Task ${id} is in a terminal state .* cannot be modified\\.$`),
      ),
    });
  });

  it('a v1.0 agent refusing a follow-up in another context: invalid params, the caller’s mistake', async () => {
    const waiting = await api.post<TaskBody>('/a2a/new/invoke', { message: 'input-required' });
    expect(waiting.body.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const { id, contextId } = waiting.body.task;
    const res = await api.post<ErrorBody>('/a2a/new/invoke', {
      message: 'here you go',
      taskId: id,
      contextId: 'another-context',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(rpcErrorOf(res)).toEqual({
      code: -32602,
      message: `contextId mismatch: message contextId 'another-context' does not match task '${id}' contextId '${contextId}'`,
      data: errorInfo('INVALID_PARAMS'),
      dialect: '1.0',
    });
  });

  it.each([
    ['1.0', 404, 'TASK_NOT_FOUND'],
    ['0.3', 502, 'AGENT_ERROR'],
  ] as const)(
    'a v%s agent that lost its tasks (restarted) says so; the answer is %i %s with its error',
    async (protocol, status, code) => {
      const slug = protocol === '1.0' ? 'new' : 'old';
      const done = await api.post<TaskBody>(`/a2a/${slug}/invoke`, { message: 'ping' });
      const id = done.body.task.id;
      const before = agents[protocol]!;
      await before.close();
      agents[protocol] = await startHelloAgentProcess(protocol, Number(new URL(before.url).port));

      const res = await api.get<ErrorBody>(`/a2a/${slug}/tasks/${id}`);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(rpcErrorOf(res)).toEqual(
        protocol === '1.0'
          ? {
              code: -32001,
              message: `Task not found: ${id}`,
              data: errorInfo('TASK_NOT_FOUND'),
              dialect: '1.0',
            }
          : { code: -32603, message: `Task not found: ${id}`, dialect: '0.3' },
      );
    },
  );
});
