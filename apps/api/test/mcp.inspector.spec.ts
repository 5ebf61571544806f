import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AgentRead, ServerRead } from '@switchboard/api-contract';
import { TestApi } from './harness';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { createServer } from './mcp/mcp-client';

const INSPECTOR = join(
  __dirname,
  '../../../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
);

/** The MCP Inspector CLI, a second real client, as a user would run it (`npx @modelcontextprotocol/inspector --cli …`). */
async function inspector(url: string, token: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [INSPECTOR, '--cli', url, '--transport', 'http', '--header', `Authorization: Bearer ${token}`, ...args],
    {
      timeout: 60_000,
      env: { ...process.env, MCP_CATALOG_PATH: join(tmpdir(), `inspector-catalog-${process.pid}.json`) },
    },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('MCP Inspector CLI against a virtual server', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  let agent: AgentRead;
  let server: ServerRead;

  beforeAll(async () => {
    hello = await startHelloAgentProcess('1.0');
    api = await TestApi.start();
    await api.reset();
    agent = await api.createAgent({ name: 'hello', endpointUrl: hello.url });
    server = await createServer(api, { name: 'inspected', associatedAgents: [agent.id] });
  });
  afterAll(async () => {
    await api.reset();
    await api.close();
    await hello.close();
  });

  it('lists the tools', async () => {
    const out = await inspector(server.mcpUrl, api.adminToken, '--method', 'tools/list');
    expect((out.tools as { name: string }[]).map((t) => t.name)).toEqual(['hello']);
  });

  it('calls a tool', async () => {
    const out = await inspector(
      server.mcpUrl,
      api.adminToken,
      '--method',
      'tools/call',
      '--tool-name',
      'hello',
      '--tool-arg',
      'message=from the inspector',
    );
    expect(out.content).toEqual([
      { type: 'text', text: 'Hello, World! I have received your request (from the inspector)' },
    ]);
  });
});
