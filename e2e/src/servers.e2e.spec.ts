import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DEMO_AGENT, expect, saveScreenshot, test } from './fixtures/test';

// The MCP URL is read back from the clipboard.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** The MCP tool name of the demo agent (its slug). */
const DEMO_TOOL = 'hello-world-agent';

test('create a server with the agent picker, copy its MCP URL, call its tool over MCP, see the call counted', async ({
  adminSession: _signedIn,
  shell,
  serversPage,
  serverForm,
  serverDetail,
  overviewPage,
  adminApi,
  page,
}) => {
  const name = 'e2e-tools';
  await adminApi.deleteServerIfPresent(name);

  await shell.open('Servers');
  await serversPage.expectLoaded();
  await serversPage.openCreateForm();

  // ServerCreateSchema checks the form before anything is sent.
  await serverForm.fill({ name: '-not-a-name' });
  await serverForm.submit('Create server');
  await serverForm.expectFieldError('Name', /use letters, digits/);
  expect(await adminApi.server('-not-a-name')).toBeUndefined();

  await serverForm.fill({ name, description: 'The demo agent as an MCP tool', tags: 'e2e, demo' });
  await serverForm.pickAgent(DEMO_AGENT);
  await serverForm.submit('Create server');

  await serverDetail.expectLoaded(name);
  await expect(shell.toast(`${name} was created.`)).toBeVisible();
  const stored = await adminApi.server(name);
  expect(stored).toMatchObject({ enabled: true, associatedAgents: [expect.any(String)] });
  await expect(serverDetail.mcpUrl()).toHaveText(stored!.mcpUrl);
  await expect(serverDetail.toolNames()).toHaveText([DEMO_TOOL]);
  await expect(serverDetail.snippet('Cursor')).toContainText(stored!.mcpUrl);
  await expect(serverDetail.snippet('Claude Desktop')).toContainText('mcp-remote');
  await expect(serverDetail.snippet('MCP Inspector')).toContainText('--method tools/list');

  await serverDetail.copyMcpUrl();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(stored!.mcpUrl);
  await saveScreenshot(page, 'server-detail');

  // A real MCP client, on the copied URL, with an API token.
  const before = await adminApi.invocationsOf(DEMO_AGENT);
  const token = await adminApi.createToken({ name: 'e2e-mcp-client', role: 'viewer' });
  const client = new Client({ name: 'switchboard-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(copied), {
      requestInit: { headers: { Authorization: `Bearer ${token.token}` } },
    }),
  );
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([DEMO_TOOL]);
    const result = await client.callTool({
      name: DEMO_TOOL,
      arguments: { message: 'ping from the e2e suite' },
    });
    // The tool's text says what went wrong, if anything did.
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      agent: DEMO_AGENT,
      state: 'TASK_STATE_COMPLETED',
      text: expect.stringContaining('ping from the e2e suite'),
    });
  } finally {
    await client.close();
    await adminApi.revokeTokenIfPresent(token.id);
  }

  // The call went through the gateway pipeline: it is in the metrics, and on the overview.
  await expect.poll(() => adminApi.invocationsOf(DEMO_AGENT), { timeout: 15_000 }).toBe(before + 1);
  await shell.open('Overview');
  await overviewPage.expectLoaded();
  await expect(overviewPage.topAgentInvocations(DEMO_AGENT)).toHaveText(String(before + 1));

  await shell.open('Servers');
  await serversPage.expectLoaded();
  await expect(serversPage.row(name)).toContainText(stored!.mcpUrl);
  await expect(serversPage.row(name).getByTestId('server-agent-count')).toHaveText('1');
  await saveScreenshot(page, 'servers');
});

test('edit a server’s agents, disable it, delete it; the tool list follows', async ({
  adminSession: _signedIn,
  serversPage,
  serverForm,
  serverDetail,
  shell,
  adminApi,
  page,
}) => {
  const name = 'e2e-editable';
  await adminApi.deleteServerIfPresent(name);
  const agent = await adminApi.agent(DEMO_AGENT);
  await adminApi.createServer({ name, associatedAgents: [agent!.id] });

  await serversPage.goto();
  await serversPage.open(name);
  await serverDetail.expectLoaded(name);
  await expect(serverDetail.toolNames()).toHaveText([DEMO_TOOL]);

  await page.getByRole('link', { name: `Edit ${name}` }).click();
  await expect(page.getByRole('heading', { name: 'Edit server', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await page.getByRole('button', { name: `Remove ${DEMO_AGENT}` }).click();
  await serverForm.fill({ description: 'No tools for now' });
  await serverForm.submit('Save server');

  await serverDetail.expectLoaded(name);
  await expect(shell.toast(`${name} was saved.`)).toBeVisible();
  await expect(page.getByTestId('tools-empty')).toBeVisible();
  expect((await adminApi.server(name))?.associatedAgents).toEqual([]);

  await page.getByRole('button', { name: `Disable ${name}` }).click();
  await expect(serverDetail.status()).toHaveText('Disabled');
  await expect(shell.toast(`${name} is now disabled.`)).toBeVisible();
  expect((await adminApi.server(name))?.enabled).toBe(false);

  await shell.open('Servers');
  await serversPage.expectLoaded();
  await expect(serversPage.row(name).getByTestId('server-status')).toHaveText('Disabled');
  await serversPage.delete(name);
  await expect(shell.toast(`${name} was deleted.`)).toBeVisible();
  await expect(serversPage.row(name)).toHaveCount(0);
  expect(await adminApi.server(name)).toBeUndefined();
});

test('a server name taken with other settings is shown on the name field and nothing is created', async ({
  adminSession: _signedIn,
  serversPage,
  serverForm,
  adminApi,
}) => {
  const name = 'e2e-taken';
  await adminApi.deleteServerIfPresent(name);
  // Other settings than the form's: an equal create would be a retry, answered with the server as it is.
  await adminApi.createServer({ name, description: 'made through the API, with other settings' });
  const before = (await adminApi.servers()).length;

  await serversPage.goto();
  await serversPage.openCreateForm();
  await serverForm.fill({ name });
  await serverForm.submit('Create server');
  await serverForm.expectFieldError('Name', /exists/);
  expect((await adminApi.servers()).length).toBe(before);
  await adminApi.deleteServerIfPresent(name);
});
