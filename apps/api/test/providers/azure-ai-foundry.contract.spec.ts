import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import { FOUNDRY, startFoundryFake, type FoundryFake } from './fakes/azure-ai-foundry.fake';
import type { FakeRequest } from './fakes/fake-http';
import { answerText, callsOf, proxySend, streamedText, type InvokeBody } from './provider-contract';

type TaskBody = NonNullable<InvokeBody['task']> & {
  status: { state: string; message?: { parts: { text?: string; data?: unknown }[] } };
};

const entra = (overrides: Record<string, unknown> = {}) => ({
  tenantId: FOUNDRY.tenantId,
  clientId: FOUNDRY.clientId,
  clientSecret: FOUNDRY.clientSecret,
  ...overrides,
});

describe('provider azure-ai-foundry: Foundry Agent Service (Responses and threads/runs) through the gateway', () => {
  let api: TestApi;
  let fake: FoundryFake;
  let caDir: string;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'foundry',
      endpointUrl: fake.projectUrl,
      provider: 'azure-ai-foundry',
      providerConfig: { agentName: FOUNDRY.agentName },
      authType: 'azure-entra',
      auth: entra({ authorityHost: fake.url }),
      timeoutMs: 5000,
      ...overrides,
    });
  const registerClassic = (overrides: Record<string, unknown> = {}) =>
    register({
      name: 'classic',
      providerConfig: { api: 'threads', agentName: FOUNDRY.assistantId },
      ...overrides,
    });
  const calls = (match: (r: FakeRequest) => boolean) => fake.requests.filter(match);
  const foundryCalls = () => calls((r) => r.path.startsWith(FOUNDRY.project));
  const tokenCalls = () => calls((r) => r.path.endsWith('/oauth2/v2.0/token'));

  beforeAll(async () => {
    fake = await startFoundryFake();
    // MSAL only talks to https authorities: the fake serves HTTPS with a certificate made for this run,
    // which the gateway is told to trust.
    caDir = mkdtempSync(join(tmpdir(), 'foundry-ca-'));
    writeFileSync(join(caDir, 'ca.pem'), fake.certificate);
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5', OUTBOUND_CA_FILE: join(caDir, 'ca.pem') });
  });
  beforeEach(async () => {
    await api.reset();
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await api.close();
    await fake.close();
    rmSync(caDir, { recursive: true, force: true });
  });

  describe('registration', () => {
    it('registers with its config checked and defaults filled in', async () => {
      const res = await register();
      expect(res.status).toBe(201);
      expect(res.body.providerConfig).toEqual({ api: 'responses', agentName: FOUNDRY.agentName });
      expect(JSON.stringify(res.body)).not.toContain(FOUNDRY.clientSecret);
    });

    it.each([
      [{}, 'providerConfig.agentName'],
      [{ agentName: 'echo-agent', api: 'assistants' }, 'providerConfig.api'],
      [{ api: 'threads', agentName: 'echo-agent' }, 'providerConfig.agentName'],
      [{ api: 'threads', agentName: 'asst_1', agentVersion: '2' }, 'providerConfig.agentVersion'],
      [{ agentName: 'echo-agent', apiVersion: '2025-05-01' }, 'providerConfig.apiVersion'],
      [{ agentName: 'echo-agent', model: 'gpt-4o' }, 'providerConfig'],
    ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
      const res = await register({ providerConfig });
      expect(res.status).toBe(400);
      expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
      expect(res.body.message).toContain('azure-ai-foundry');
    });
  });

  describe('Responses API', () => {
    it('invokes with an Entra ID token: the answer is an A2A message with the usage Foundry reported', async () => {
      await register();
      const res = await api.post<InvokeBody>('/a2a/foundry/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      expect(answerText(res.body)).toBe('echo: hello (agent: echo-agent, turns: 1)');
      expect(res.body.message?.metadata?.usage).toEqual({
        inputTokens: 10,
        outputTokens: 6,
        model: 'gpt-4.1-mini',
      });
      // The client-credentials grant, asked by @azure/identity through the gateway (tokens are kept for
      // the credential set, so the request may have come from an earlier test).
      expect(Object.fromEntries(fake.tokenRequests.at(-1) ?? [])).toMatchObject({
        grant_type: 'client_credentials',
        client_id: FOUNDRY.clientId,
        client_secret: FOUNDRY.clientSecret,
        scope: FOUNDRY.scope,
      });
      const [conversation, response] = foundryCalls();
      expect(conversation.path).toBe(`${FOUNDRY.project}/openai/v1/conversations`);
      expect(response.path).toBe(`${FOUNDRY.project}/openai/v1/responses`);
      expect(response.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(response.body).toEqual({
        agent_reference: { type: 'agent_reference', name: FOUNDRY.agentName },
        input: 'hello',
        conversation: expect.stringMatching(/^conv_/),
      });
      expect(callsOf(api, 'foundry')).toMatchObject({
        invocations: 1,
        failures: 0,
        inputTokens: 10,
        outputTokens: 6,
      });
    });

    it('reuses one token until it is refused, then gets a fresh one', async () => {
      await register();
      expect((await api.post('/a2a/foundry/invoke', { message: 'one' })).status).toBe(200);
      const issued = fake.tokensIssued();
      expect(issued).toBeGreaterThan(0);
      expect((await api.post('/a2a/foundry/invoke', { message: 'two' })).status).toBe(200);
      expect(fake.tokensIssued()).toBe(issued);
      fake.revokeTokens();
      const res = await api.post<InvokeBody>('/a2a/foundry/invoke', { message: 'three' });
      expect(res.status).toBe(200);
      expect(fake.tokensIssued()).toBe(issued + 1);
      // The refused call, then the same call with the new token.
      const last = calls((r) => r.path.endsWith('/responses')).slice(-2);
      expect(last[0].headers.authorization).not.toBe(last[1].headers.authorization);
    });

    it('keeps one Foundry conversation per contextId and per caller', async () => {
      await register();
      const first = await api.post<InvokeBody>('/a2a/foundry/invoke', { message: 'one' });
      const contextId = first.body.message?.contextId as string;
      const second = await api.post<InvokeBody>('/a2a/foundry/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe('echo: two (agent: echo-agent, turns: 2)');
      const sent = calls((r) => r.path.endsWith('/responses')).map(
        (r) => (r.body as { conversation: string }).conversation,
      );
      expect(sent[1]).toBe(sent[0]);
      expect(calls((r) => r.path.endsWith('/conversations'))).toHaveLength(1);
      // Another user reusing the contextId gets a conversation of their own.
      const other = await api.createUser('other@example.com', 'admin');
      const theirs = await api.post<InvokeBody>(
        '/a2a/foundry/invoke',
        { message: 'three', contextId },
        { token: other },
      );
      expect(answerText(theirs.body)).toBe('echo: three (agent: echo-agent, turns: 1)');
    });

    it('names the agent version when one is configured', async () => {
      await register({ providerConfig: { agentName: FOUNDRY.agentName, agentVersion: '3' } });
      const res = await api.post<InvokeBody>('/a2a/foundry/invoke', { message: 'hi' });
      expect(answerText(res.body)).toBe('echo: hi (agent: echo-agent@3, turns: 1)');
    });

    it('streams the text deltas as artifact chunks of a task that stays readable', async () => {
      await register();
      const res = await api.sse('/a2a/foundry/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe('echo: stream me (agent: echo-agent, turns: 1)');
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      expect(calls((r) => r.path.endsWith('/responses'))[0].body).toMatchObject({ stream: true });

      const task = await api.get<TaskBody>(`/a2a/foundry/tasks/${streamed.taskId}`);
      expect(task.body.status.state).toBe('TASK_STATE_COMPLETED');
      expect(task.body.metadata?.usage).toMatchObject({ inputTokens: 10 });
      expect(callsOf(api, 'foundry')).toMatchObject({ inputTokens: 10 });
    });

    it('reports a failed response as the agent failing, in a call and in a stream', async () => {
      await register();
      const res = await api.post<ErrorBody>('/a2a/foundry/invoke', { message: 'agent:fail' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('UPSTREAM_ERROR');
      expect(res.body.message).toContain('Azure AI Foundry');
      expect(res.body.message).toContain('The agent run failed.');
      const stream = await api.sse('/a2a/foundry/stream', { message: 'agent:fail' });
      const error = stream.events.find((e) => e.event === 'error');
      expect(error?.data).toMatchObject({ code: 'UPSTREAM_ERROR' });
    });

    it('answers A2A clients through the proxy, with a card made from the catalog', async () => {
      await register({ description: 'A Foundry agent' });
      const card = await api.get<{ name: string; description: string; capabilities: { streaming: boolean } }>(
        '/a2a/foundry/.well-known/agent-card.json',
      );
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({
        name: 'foundry',
        description: 'A Foundry agent',
        capabilities: { streaming: true },
      });
      const rpc = await proxySend(api, 'foundry', 'via rpc');
      expect(rpc.status).toBe(200);
      expect(answerText(rpc.body.result)).toBe('echo: via rpc (agent: echo-agent, turns: 1)');
    });

    it('accepts a project API key in the api-key header instead of a token', async () => {
      await register({ authType: 'api-key', auth: { apiKey: FOUNDRY.apiKey, headerName: 'api-key' } });
      const res = await api.post<InvokeBody>('/a2a/foundry/invoke', { message: 'keyed' });
      expect(res.status).toBe(200);
      expect(answerText(res.body)).toBe('echo: keyed (agent: echo-agent, turns: 1)');
      expect(foundryCalls()[0].headers['api-key']).toBe(FOUNDRY.apiKey);
      expect(tokenCalls()).toHaveLength(0);
    });
  });

  describe('threads/runs API', () => {
    it('invokes: the run is a task, polled until it completes, with the usage of the run', async () => {
      await registerClassic();
      const res = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText(res.body)).toBe('echo: hello (thread messages: 1)');
      expect(res.body.task.id).toMatch(/^thread_\w+:run_\w+$/);
      expect(res.body.task.metadata?.usage).toEqual({
        inputTokens: 10,
        outputTokens: 5,
        model: 'gpt-4o-mini',
      });

      const [create, ...rest] = foundryCalls();
      expect(`${create.method} ${create.path}?${create.query}`).toBe(
        `POST ${FOUNDRY.project}/threads/runs?api-version=v1`,
      );
      expect(create.body).toEqual({
        assistant_id: FOUNDRY.assistantId,
        metadata: { a2a_context_id: res.body.task.contextId },
        thread: { messages: [{ role: 'user', content: 'hello' }] },
      });
      const polls = rest.filter((r) => r.method === 'GET' && /\/runs\/run_\w+$/.test(r.path));
      expect(polls.length).toBeGreaterThanOrEqual(2);
      const read = rest.find((r) => r.path.endsWith('/messages'));
      expect(read?.query.get('run_id')).toBe(res.body.task.id.split(':')[1]);
      expect(callsOf(api, 'classic')).toMatchObject({ invocations: 1, inputTokens: 10, outputTokens: 5 });
    });

    it('keeps one thread per contextId and per caller', async () => {
      await registerClassic();
      const first = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', { message: 'one' });
      const { contextId } = first.body.task;
      const second = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe('echo: two (thread messages: 2)');
      expect(second.body.task.contextId).toBe(contextId);
      const thread = first.body.task.id.split(':')[0];
      const continued = calls((r) => r.method === 'POST' && r.path.endsWith(`/threads/${thread}/runs`));
      expect(continued).toHaveLength(1);
      expect(continued[0].body).toMatchObject({ additional_messages: [{ role: 'user', content: 'two' }] });
      const other = await api.createUser('other@example.com', 'admin');
      const theirs = await api.post<{ task: TaskBody }>(
        '/a2a/classic/invoke',
        { message: 'three', contextId },
        { token: other },
      );
      expect(answerText(theirs.body)).toBe('echo: three (thread messages: 1)');
      expect(theirs.body.task.id.split(':')[0]).not.toBe(thread);
    });

    it('returns at once when asked, and the task is followed to its answer (usage counted once)', async () => {
      await registerClassic();
      const res = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', {
        message: 'later',
        configuration: { returnImmediately: true },
      });
      expect(res.status).toBe(200);
      expect(res.body.task.status.state).toBe('TASK_STATE_SUBMITTED');
      const done = await api.get<TaskBody>(`/a2a/classic/tasks/${res.body.task.id}/wait?timeoutMs=4000`);
      expect(done.status).toBe(200);
      expect(done.body.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText({ task: done.body })).toBe('echo: later (thread messages: 1)');
      expect(done.body.contextId).toBe(res.body.task.contextId);
      await api.get(`/a2a/classic/tasks/${res.body.task.id}`);
      expect(callsOf(api, 'classic')).toMatchObject({ inputTokens: 10, outputTokens: 5 });
    });

    it('cancels a running task through Foundry, and refuses to cancel a finished one', async () => {
      await registerClassic();
      const res = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', {
        message: 'run:slow',
        configuration: { returnImmediately: true },
      });
      const canceled = await api.post<TaskBody>(`/a2a/classic/tasks/${res.body.task.id}/cancel`);
      expect(canceled.status).toBe(200);
      expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');
      expect(calls((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toHaveLength(1);
      const again = await api.post<ErrorBody>(`/a2a/classic/tasks/${res.body.task.id}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('TASK_NOT_CANCELABLE');
    });

    it('reports a failed run as a failed task with Foundry’s reason', async () => {
      await registerClassic();
      const res = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', { message: 'run:fail' });
      expect(res.status).toBe(200);
      expect(res.body.task.status.state).toBe('TASK_STATE_FAILED');
      expect(res.body.task.status.message?.parts[0].text).toBe(
        'The run failed (server_error): Sorry, something went wrong.',
      );
    });

    it('asks the caller for function tool outputs (input required) and resumes the run with them', async () => {
      await registerClassic();
      const asked = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', { message: 'run:tool' });
      expect(asked.body.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(asked.body.task.status.message?.parts[0].text).toContain(
        'get_weather({"city":"Paris"}) [call_weather1]',
      );
      const taskId = asked.body.task.id;
      const missing = await api.post<ErrorBody>('/a2a/classic/invoke', { message: 'it is sunny', taskId });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('tool_outputs');
      const answered = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', {
        taskId,
        message: {
          parts: [{ data: { tool_outputs: [{ tool_call_id: 'call_weather1', output: 'sunny' }] } }],
        },
      });
      expect(answered.status).toBe(200);
      expect(answered.body.task.id).toBe(taskId);
      expect(answered.body.task.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText(answered.body)).toBe('echo: run:tool (thread messages: 1) (get_weather said: sunny)');
      const finished = await api.post<ErrorBody>('/a2a/classic/invoke', { message: 'more', taskId });
      expect(finished.status).toBe(501);
      expect(finished.body.code).toBe('UNSUPPORTED_OPERATION');
    });

    it('streams the run: its task, the message deltas, and the final state with usage', async () => {
      await registerClassic();
      const res = await api.sse('/a2a/classic/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe('echo: stream me (thread messages: 1)');
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events[0].data.task).toMatchObject({ status: { state: 'TASK_STATE_SUBMITTED' } });
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      expect(res.events.at(-1)?.data.statusUpdate).toMatchObject({
        metadata: { usage: { inputTokens: 10 } },
      });
      expect(calls((r) => r.path.endsWith('/threads/runs'))[0].body).toMatchObject({ stream: true });
      // Foundry keeps the run: the task reads back from it, answer included.
      const task = await api.get<TaskBody>(`/a2a/classic/tasks/${streamed.taskId}`);
      expect(task.body.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText({ task: task.body })).toBe('echo: stream me (thread messages: 1)');
      expect(callsOf(api, 'classic').inputTokens).toBe(10);
    });

    it('ends a stream as canceled when its task is canceled', async () => {
      await registerClassic();
      const stream = api.sse('/a2a/classic/stream', { message: 'run:slow' });
      let taskId: string | undefined;
      for (let i = 0; !taskId && i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const tasks = await api.get<{ items: { taskId: string }[] }>('/tasks?agent=classic');
        taskId = tasks.body.items?.[0]?.taskId;
      }
      const canceled = await api.post<TaskBody>(`/a2a/classic/tasks/${taskId}/cancel`);
      expect(canceled.body.status?.state).toBe('TASK_STATE_CANCELED');
      const res = await stream;
      expect(streamedText(res.events).state).toBe('TASK_STATE_CANCELED');
    });

    it('lets an A2A client re-attach to a running task (SubscribeToTask) until it completes', async () => {
      await registerClassic();
      const started = await api.post<{ task: TaskBody }>('/a2a/classic/invoke', {
        message: 'follow me',
        configuration: { returnImmediately: true },
      });
      const res = await api.sse(
        '/a2a/classic/jsonrpc',
        { jsonrpc: '2.0', id: 2, method: 'SubscribeToTask', params: { id: started.body.task.id } },
        { headers: { 'a2a-version': '1.0' } },
      );
      expect(res.status).toBe(200);
      const results = res.events.map((e) => e.data.result as Record<string, any>);
      expect(results[0].task).toMatchObject({ id: started.body.task.id });
      expect(streamedText(results.map((data) => ({ data })))).toMatchObject({
        text: 'echo: follow me (thread messages: 1)',
        state: 'TASK_STATE_COMPLETED',
      });
    });

    it('answers A2A clients through the proxy with the task', async () => {
      await registerClassic();
      const rpc = await proxySend<{ task: TaskBody }>(api, 'classic', 'via rpc');
      expect(rpc.status).toBe(200);
      expect(rpc.body.result.task.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText(rpc.body.result)).toBe('echo: via rpc (thread messages: 1)');
    });
  });

  describe('errors', () => {
    it.each([
      ['responses', 'fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
      ['responses', 'fault:500', 502, 'UPSTREAM_ERROR'],
      ['responses', 'fault:503', 502, 'UPSTREAM_ERROR'],
      ['responses', 'fault:malformed', 502, 'PROTOCOL_ERROR'],
      ['responses', 'fault:shape', 502, 'PROTOCOL_ERROR'],
      ['threads', 'fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
      ['threads', 'fault:500', 502, 'UPSTREAM_ERROR'],
      ['threads', 'fault:malformed', 502, 'PROTOCOL_ERROR'],
      ['threads', 'fault:shape', 502, 'PROTOCOL_ERROR'],
    ])('maps the %s API answering %s to %i %s, naming the provider', async (which, text, status, code) => {
      const name = which === 'threads' ? 'classic' : 'foundry';
      await (which === 'threads' ? registerClassic() : register());
      const res = await api.post<ErrorBody>(`/a2a/${name}/invoke`, { message: text });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain('Azure AI Foundry');
      if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
      expect(callsOf(api, name).failures).toBe(1);
      expect((await api.post(`/a2a/${name}/invoke`, { message: 'still fine' })).status).toBe(200);
    });

    it('reports a wrong client secret as an authentication error, with Entra’s reason and no secret', async () => {
      await register({ auth: entra({ authorityHost: fake.url, clientSecret: 'wrong-secret' }) });
      const res = await api.post<ErrorBody>('/a2a/foundry/invoke', { message: 'hi' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('AUTHENTICATION_ERROR');
      expect(res.body.message).toContain('Microsoft Entra ID');
      expect(res.body.message).toContain('AADSTS7000215');
      expect(res.text).not.toContain('wrong-secret');
      expect(foundryCalls()).toHaveLength(0);
    });

    it('reports a wrong API key as an authentication error', async () => {
      await register({ authType: 'api-key', auth: { apiKey: 'not-the-key', headerName: 'api-key' } });
      const res = await api.post<ErrorBody>('/a2a/foundry/invoke', { message: 'hi' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('AUTHENTICATION_ERROR');
      expect(res.text).not.toContain('not-the-key');
    });
  });
});
