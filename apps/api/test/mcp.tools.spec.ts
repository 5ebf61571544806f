import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AgentRead, ServerRead } from '@switchboard/api-contract';
import { TestApi } from './harness';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { connectMcp, createServer, eventually } from './mcp/mcp-client';

const HELLO = (text: string) => `Hello, World! I have received your request (${text})`;
type TextContent = { type: 'text'; text: string };

describe('MCP virtual server: agents as tools, official SDK client over Streamable HTTP', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  let agent: AgentRead;
  let other: AgentRead;
  let server: ServerRead;
  const clients: Client[] = [];
  const connect = async (url = server.mcpUrl, token = api.adminToken) => {
    const client = await connectMcp(url, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    hello = await startHelloAgentProcess('1.0');
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    agent = await api.createAgent({
      name: 'hello',
      endpointUrl: hello.url,
      timeoutMs: 10_000,
      description: 'Says hello',
    });
    other = await api.createAgent({ name: 'second agent', endpointUrl: hello.url });
    server = await createServer(api, { name: 'tools', associatedAgents: [agent.id, other.id] });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await api.reset();
    await api.close();
    await hello.close();
  });

  it('initializes a session and lists one tool per agent, with a valid name, schemas and annotations', async () => {
    const client = await connect();
    expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    expect(client.getServerVersion()?.name).toBe('switchboard/tools');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['hello', 'second-agent']);
    const tool = tools[0];
    expect(tool).toMatchObject({
      title: 'hello',
      inputSchema: { type: 'object', required: ['message'] },
      outputSchema: { type: 'object' },
      annotations: { openWorldHint: true },
      execution: { taskSupport: 'optional' },
    });
    expect(tool.description).toContain('Says hello');
    for (const t of tools) expect(t.name).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
  });

  it('calls the hello agent through the pipeline and answers text plus structuredContent', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'hello', arguments: { message: 'ping' } });
    expect(result.isError).toBeFalsy();
    expect((result.content as TextContent[])[0].text).toBe(HELLO('ping'));
    expect(result.structuredContent).toMatchObject({
      agent: 'hello',
      state: 'TASK_STATE_COMPLETED',
      text: HELLO('ping'),
      taskId: expect.any(String),
      contextId: expect.any(String),
    });
    // The call went through the one pipeline and was recorded as coming through the MCP front door.
    await api.recorder?.flush();
    const [row] = await api.db.query(
      `SELECT front_door, operation, interaction_type, ok, agent_id FROM agent_metrics WHERE agent_name = 'hello'`,
    );
    expect(row).toMatchObject({
      front_door: 'mcp',
      operation: 'stream',
      interaction_type: 'tools/call',
      ok: true,
      agent_id: agent.id,
    });
  });

  it('continues a conversation with the contextId of an earlier answer', async () => {
    const client = await connect();
    const first = await client.callTool({ name: 'hello', arguments: { message: 'one' } });
    const contextId = (first.structuredContent as { contextId: string }).contextId;
    const second = await client.callTool({ name: 'hello', arguments: { message: 'two', contextId } });
    expect((second.structuredContent as { contextId: string }).contextId).toBe(contextId);
  });

  it('turns an agent failure into isError with a readable message', async () => {
    const client = await connect();
    const failed = await client.callTool({ name: 'hello', arguments: { message: 'fail' } });
    expect(failed.isError).toBe(true);
    expect((failed.content as TextContent[])[0].text).toContain('Failed on purpose');
    expect(failed.structuredContent).toMatchObject({ state: 'TASK_STATE_FAILED' });

    const broken = await client.callTool({ name: 'hello', arguments: { message: 'error:500' } });
    expect(broken.isError).toBe(true);
    expect((broken.content as TextContent[])[0].text).toMatch(/^UPSTREAM_ERROR: .*Simulated HTTP 500/);
  });

  it('sends A2A streaming updates as progress notifications, in order', async () => {
    const client = await connect();
    const progress: { progress: number; message?: string }[] = [];
    const result = await client.callTool(
      { name: 'hello', arguments: { message: 'stream:3' } },
      CallToolResultSchema,
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    const chunks = progress.map((p) => p.message ?? '');
    expect(chunks.filter((m) => m.includes('chunk')).length).toBeGreaterThanOrEqual(1);
  });

  it('cancels a long call: notifications/cancelled cancels the agent’s A2A task', async () => {
    const client = await connect();
    const controller = new AbortController();
    let started = false;
    const call = client
      .callTool({ name: 'hello', arguments: { message: 'long' } }, CallToolResultSchema, {
        signal: controller.signal,
        onprogress: () => (started = true),
        timeout: 30_000,
      })
      .catch((e: Error) => e);
    await eventually(() => started);
    controller.abort('user pressed stop');
    expect(await call).toBeInstanceOf(Error);

    let taskId = '';
    await eventually(async () => {
      const tasks = await api.get<{ items: { taskId: string; state: string }[] }>('/tasks?agent=hello');
      taskId = tasks.body.items[0]?.taskId ?? '';
      if (!taskId) return false;
      const task = await api.get<{ status: { state: string } }>(`/a2a/hello/tasks/${taskId}`);
      return task.body.status?.state === 'TASK_STATE_CANCELED';
    });
  });

  it('tells open sessions when the tool list changes (agent disabled, renamed, association edited)', async () => {
    const client = await connect();
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    await client.listTools();

    expect((await api.post(`/a2a/${other.id}/toggle`)).status).toBe(200);
    await eventually(() => changes === 1);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['hello']);

    expect((await api.put(`/a2a/${agent.id}`, { name: 'hello renamed' })).status).toBe(200);
    await eventually(() => changes === 2);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['hello-renamed']);

    expect((await api.put(`/servers/${server.id}`, { associatedAgents: [] })).status).toBe(200);
    await eventually(() => changes === 3);
    expect((await client.listTools()).tools).toEqual([]);

    // An edit that does not change the tools says nothing.
    expect((await api.put(`/servers/${server.id}`, { description: 'same tools' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(changes).toBe(3);
  });

  it('runs an MCP task to completion, mapped onto the A2A task', async () => {
    const client = await connect();
    const messages: { type: string; task?: { status: string }; result?: unknown }[] = [];
    const stream = client.experimental.tasks.callToolStream(
      { name: 'hello', arguments: { message: 'slow:300' } },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    );
    for await (const message of stream) messages.push(message as (typeof messages)[number]);
    expect(messages[0].type).toBe('taskCreated');
    const last = messages[messages.length - 1] as {
      type: string;
      result: { content: TextContent[]; structuredContent: { state: string } };
    };
    expect(last.type).toBe('result');
    expect(last.result.content[0].text).toBe(HELLO('slow:300'));
    expect(last.result.structuredContent.state).toBe('TASK_STATE_COMPLETED');

    const taskId = (messages[0] as unknown as { task: { taskId: string } }).task.taskId;
    const task = await client.experimental.tasks.getTask(taskId);
    expect(task.status).toBe('completed');
    const listed = await client.experimental.tasks.listTasks();
    expect(listed.tasks.map((t) => t.taskId)).toContain(taskId);
  });

  it('cancels an MCP task with tasks/cancel and the A2A task with it', async () => {
    const client = await connect();
    const stream = client.experimental.tasks.callToolStream(
      { name: 'hello', arguments: { message: 'long' } },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    );
    const first = (await stream.next()).value as { type: string; task: { taskId: string } };
    expect(first.type).toBe('taskCreated');
    await eventually(
      async () => (await api.get<{ items: unknown[] }>('/tasks?agent=hello')).body.items.length > 0,
    );
    const cancelled = await client.experimental.tasks.cancelTask(first.task.taskId);
    expect(cancelled.status).toBe('cancelled');
    await eventually(async () => {
      const tasks = await api.get<{ items: { taskId: string }[] }>('/tasks?agent=hello');
      const task = await api.get<{ status: { state: string } }>(
        `/a2a/hello/tasks/${tasks.body.items[0].taskId}`,
      );
      return task.body.status?.state === 'TASK_STATE_CANCELED';
    });
    await stream.return(undefined);
  });

  it('answers an unknown tool, or another server’s tool, with JSON-RPC -32602', async () => {
    const lone = await api.createAgent({ name: 'elsewhere', endpointUrl: hello.url });
    await createServer(api, { name: 'other server', associatedAgents: [lone.id] });
    const client = await connect();
    for (const name of ['nope', 'elsewhere']) {
      await expect(client.callTool({ name, arguments: { message: 'x' } })).rejects.toMatchObject({
        code: -32602,
      });
    }
  });

  it('refuses arguments of the wrong type as a tool error naming the field', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'hello', arguments: { message: 42 } });
    expect(result.isError).toBe(true);
    expect((result.content as TextContent[])[0].text).toMatch(/^Invalid arguments: message: /);
    const extra = await client.callTool({ name: 'hello', arguments: { message: 'x', colour: 'red' } });
    expect((extra.content as TextContent[])[0].text).toContain('colour');
  });
});
