import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, saveScreenshot, test } from './fixtures/test';

/**
 * A stand-in agent that records the Authorization header of every call, so the test sees which secret
 * the gateway really holds (the API never returns it). It answers JSON-RPC calls with a direct message.
 */
const card = (url: string) => ({
  name: 'Recorder',
  description: 'Records the credentials it is called with.',
  version: '1.0.0',
  supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
  capabilities: { streaming: false },
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: [],
});

async function startRecordingAgent(): Promise<{ url: string; authorizations: string[]; server: Server }> {
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(card(`http://${req.headers.host}/`)));
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.headers.authorization) authorizations.push(req.headers.authorization);
      let id: unknown = 1;
      try {
        id = (JSON.parse(body) as { id?: unknown }).id ?? 1;
      } catch {
        // not JSON-RPC: answer anyway
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id,
          result: {
            message: { messageId: `m-${Date.now()}`, role: 'ROLE_AGENT', parts: [{ text: 'recorded' }] },
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, authorizations, server };
}

test('editing an agent keeps its stored secret unless a new one is entered', async ({
  signedIn,
  registerPage,
  adminApi,
  page,
}) => {
  const recorder = await startRecordingAgent();
  const name = 'e2e_secret_agent';
  try {
    const created = await adminApi.recreateAgent({
      name,
      endpointUrl: recorder.url,
      description: 'Before the edit',
      authType: 'bearer',
      auth: { token: 'e2e-original-secret' },
    });
    await page.reload();
    await signedIn.expectLoaded();

    // Change the description only: the token input stays empty and says so.
    await signedIn.edit(name);
    await expect(page.getByLabel('Auth type', { exact: true })).toHaveValue('bearer');
    const token = page.getByLabel('Token', { exact: true });
    await expect(token).toHaveValue('');
    await expect(token).toHaveAccessibleDescription(/leave empty to keep the stored one/);
    await page.getByLabel('Description', { exact: true }).fill('After the edit');
    await saveScreenshot(page, 'agent-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await signedIn.expectLoaded();
    await expect(signedIn.notice()).toHaveText(`${name} was saved.`);

    const saved = await adminApi.agent(name);
    expect(saved).toMatchObject({
      description: 'After the edit',
      authType: 'bearer',
      hasAuth: true,
      auth: { token: '********' },
      version: created.version + 1,
    });
    expect(await adminApi.invoke(name, 'who am I')).toMatchObject({ status: 200 });
    expect(recorder.authorizations.at(-1)).toBe('Bearer e2e-original-secret');

    // A new token replaces it.
    await signedIn.edit(name);
    await page.getByLabel('Token', { exact: true }).fill('e2e-new-secret');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(signedIn.notice()).toHaveText(`${name} was saved.`);
    expect(await adminApi.invoke(name, 'who am I now')).toMatchObject({ status: 200 });
    expect(recorder.authorizations.at(-1)).toBe('Bearer e2e-new-secret');
    await expect(page.getByText('e2e-new-secret')).toHaveCount(0);

    // The shared schema checks the edit before it is sent.
    await signedIn.edit(name);
    await registerPage.fill({ name, endpointUrl: 'ftp://nowhere' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await registerPage.expectFieldError('Endpoint URL', /http/);
    expect((await adminApi.agent(name))?.endpointUrl).toBe(recorder.url);
  } finally {
    await adminApi.deleteAgentIfPresent(name);
    recorder.server.close();
  }
});
