import type { AgentRead, ServerRead } from '@switchboard/api-contract';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';

/**
 * ContextForge's A2A catalog, replayed as its documentation writes it (the pull request that introduced
 * it: "Agent Configuration", the curl examples of "API Testing Verified", the REST endpoints it lists and
 * its MCPGATEWAY_A2A_* settings), against the real app on a real PostgreSQL and a real A2A agent.
 */

/** "Agent Configuration", verbatim. */
const AGENT_CONFIGURATION = {
  name: 'hello_world_agent',
  endpoint_url: 'http://localhost:9999/',
  agent_type: 'jsonrpc',
  description: 'External AI agent for hello world functionality',
  auth_type: 'api_key',
  auth_value: 'your-api-key',
  tags: ['ai', 'hello-world'],
  capabilities: { streaming: true },
  config: { max_tokens: 1000, temperature: 0.7 },
};

/** ContextForge's invocation bodies: `parameters` + `interaction_type`, plain or in its JSON-RPC form. */
const INVOCATIONS: [string, Record<string, unknown>, string][] = [
  ['a query', { parameters: { query: 'Hello' }, interaction_type: 'query' }, '(Hello)'],
  [
    'its JSON-RPC form (method + params, an A2A v0.3 message)',
    {
      parameters: {
        method: 'message/send',
        params: {
          message: {
            messageId: 'cf-1',
            role: 'user',
            parts: [{ kind: 'text', text: 'Hello from ContextForge' }],
          },
        },
      },
      interaction_type: 'query',
    },
    '(Hello from ContextForge)',
  ],
  [
    'its JSON-RPC form with A2A 0.2 parts (`type`)',
    {
      parameters: {
        method: 'message/send',
        params: {
          message: {
            messageId: 'cf-2',
            role: 'user',
            parts: [{ type: 'text', text: 'Hello from MCP Gateway' }],
          },
        },
      },
    },
    '(Hello from MCP Gateway)',
  ],
];

type TaskBody = { task: { status: { state: string }; artifacts?: { parts: { text?: string }[] }[] } };
const textOf = (body: TaskBody) => body.task.artifacts?.flatMap((a) => a.parts.map((p) => p.text)).join('');
const snakeKeys = (body: object) => Object.keys(body).filter((k) => k.includes('_'));

describe("ContextForge's A2A catalog API, as documented", () => {
  let api: TestApi;
  let hello: HelloAgentProcess;

  beforeAll(async () => {
    hello = await startHelloAgentProcess();
    api = await TestApi.start({
      // Its settings by its own names: the timeout in seconds.
      MCPGATEWAY_A2A_ENABLED: 'true',
      MCPGATEWAY_A2A_MAX_AGENTS: '3',
      MCPGATEWAY_A2A_DEFAULT_TIMEOUT: '7',
      MCPGATEWAY_A2A_MAX_RETRIES: '0',
      MCPGATEWAY_A2A_METRICS_ENABLED: 'true',
    });
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await api.close();
    await hello.close();
  });

  /** The documented registration, with the agent at the real hello agent's address instead of :9999. */
  const registerTadsa = async () => {
    const res = await api.post<AgentRead>('/a2a', {
      ...AGENT_CONFIGURATION,
      name: 'tadsa',
      endpoint_url: hello.url,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('registers the documented agent configuration and answers in camelCase', async () => {
    const res = await api.post<AgentRead>('/a2a', AGENT_CONFIGURATION);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'hello_world_agent',
      endpointUrl: 'http://localhost:9999/',
      provider: 'a2a',
      description: 'External AI agent for hello world functionality',
      authType: 'bearer',
      hasAuth: true,
      tags: ['ai', 'hello-world'],
      capabilities: { streaming: true },
      config: { max_tokens: 1000, temperature: 0.7 },
      // MCPGATEWAY_A2A_DEFAULT_TIMEOUT=7 (seconds)
      timeoutMs: 7000,
    });
    expect(JSON.stringify(res.body)).not.toContain('your-api-key');
    expect(snakeKeys(res.body)).toEqual([]);
  });

  it.each(INVOCATIONS)('invokes an agent with %s', async (_, body, reply) => {
    await registerTadsa();
    const res = await api.post<TaskBody>('/a2a/tadsa/invoke', body);
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(textOf(res.body)).toContain(reply);
  });

  it('records interaction_type with the call', async () => {
    await registerTadsa();
    await api.post('/a2a/tadsa/invoke', INVOCATIONS[0][1]);
    await api.recorder?.flush();
    const [row] = await api.db.query('SELECT interaction_type FROM agent_metrics');
    expect(row).toEqual({ interaction_type: 'query' });
  });

  it('tests an agent as its admin Test button does (no body)', async () => {
    const agent = await registerTadsa();
    const res = await api.request<{ success: boolean; agentName: string; result: TaskBody }>(
      'POST',
      `/admin/a2a/${agent.id}/test`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, agentName: 'tadsa' });
    expect(textOf(res.body.result)).toContain('Hello from the Switchboard gateway test!');
  });

  it('creates a virtual server with associated_a2a_agents', async () => {
    const agent = await registerTadsa();
    const res = await api.post<ServerRead>('/servers', {
      name: 'AI Assistant Server',
      associated_a2a_agents: [agent.id],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'AI Assistant Server', associatedAgents: [agent.id] });
    expect(snakeKeys(res.body)).toEqual([]);
  });

  it('names the field when the documented placeholder "agent-id" is sent as it is', async () => {
    const res = await api.post<ErrorBody>('/servers', {
      name: 'AI Assistant Server',
      associated_a2a_agents: ['agent-id'],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('associatedAgents.0: must be an agent id (uuid)');
  });

  it('serves the documented endpoints: list, get, update in snake_case, toggle, delete', async () => {
    const agent = await registerTadsa();
    expect((await api.get<{ items: AgentRead[] }>('/a2a')).body.items.map((a) => a.name)).toEqual(['tadsa']);
    expect((await api.get<AgentRead>(`/a2a/${agent.id}`)).body.name).toBe('tadsa');
    const updated = await api.put<AgentRead>(`/a2a/${agent.id}`, {
      description: 'Updated',
      agent_type: 'generic',
      endpoint_url: `${hello.url}/`,
      auth_type: 'bearer',
      auth_value: 'another-token',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      description: 'Updated',
      provider: 'a2a',
      authType: 'bearer',
      version: 2,
    });
    expect((await api.post<AgentRead>(`/a2a/${agent.id}/toggle`)).body.enabled).toBe(false);
    expect((await api.delete(`/a2a/${agent.id}`)).status).toBe(204);
  });

  it('holds MCPGATEWAY_A2A_MAX_AGENTS agents', async () => {
    for (const name of ['a1', 'a2', 'a3'])
      expect((await api.post('/a2a', { ...AGENT_CONFIGURATION, name })).status).toBe(201);
    const res = await api.post<ErrorBody>('/a2a', { ...AGENT_CONFIGURATION, name: 'a4' });
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('A2A_MAX_AGENTS is 3');
  });

  it('documents the camelCase shape in OpenAPI and names the aliases', async () => {
    const doc = await api.get<{
      components: { schemas: Record<string, { properties: object; description?: string }> };
    }>('/docs/openapi.json');
    const agentCreate = doc.body.components.schemas.AgentCreateDto;
    expect(Object.keys(agentCreate.properties)).toContain('endpointUrl');
    expect(Object.keys(agentCreate.properties)).not.toContain('endpoint_url');
    expect(agentCreate.description).toMatch(
      /`endpoint_url`.*`agent_type`.*jsonrpc → a2a.*`auth_type`.*api_key → bearer/,
    );
    expect(doc.body.components.schemas.ServerCreateDto.description).toContain('`associated_a2a_agents`');
  });
});
