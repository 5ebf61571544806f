import { ADMIN, expect, test } from './fixtures/test';
import { AGENT_URL } from './stack';

test('a wrong password is refused with a message', async ({ loginPage, page }) => {
  await loginPage.goto();
  await loginPage.signIn(ADMIN.email, 'not-the-password');
  await expect(loginPage.error()).toHaveText(/Invalid email or password/);
  await expect(page).toHaveURL(/\/admin\/login/);
});

test('after sign-in the demo Hello World agent is listed, and a reload keeps the page', async ({
  loginPage,
  overviewPage,
  shell,
  agentsPage: signedIn,
  page,
}) => {
  await loginPage.goto();
  await loginPage.signIn(ADMIN.email, ADMIN.password);
  // The overview is the landing page; the agents are one click away.
  await overviewPage.expectLoaded();
  await shell.open('Agents');
  await signedIn.expectLoaded();
  await expect(page.getByTestId('current-user-email')).toHaveText(ADMIN.email);
  await expect(signedIn.row('hello_world_agent')).toContainText(AGENT_URL);
  await expect(signedIn.enabledSwitch('hello_world_agent')).toBeChecked();
  await page.reload();
  await signedIn.expectLoaded();
  await expect(signedIn.row('hello_world_agent')).toBeVisible();
});

test('register the hello agent through the form, see it, disable it, delete it', async ({
  signedIn,
  registerPage,
  adminApi,
  page,
}) => {
  const name = 'e2e_hello_agent';
  await adminApi.deleteAgentIfPresent(name);

  await signedIn.openRegisterForm();
  // The shared schema catches a bad URL before anything is sent.
  await registerPage.fill({ name, endpointUrl: 'ftp://nowhere' });
  await registerPage.submit();
  await registerPage.expectFieldError('Endpoint URL', /http/);
  expect(await adminApi.agent(name)).toBeUndefined();

  await registerPage.fill({
    name,
    endpointUrl: AGENT_URL,
    description: 'Registered by the e2e suite',
    tags: 'e2e, hello',
    streaming: true,
    bearerToken: 'e2e-secret-token',
    timeoutMs: '15000',
  });
  await registerPage.submit();

  await signedIn.expectLoaded();
  await expect(signedIn.notice()).toHaveText(`${name} was registered.`);
  await expect(signedIn.row(name)).toContainText(AGENT_URL);
  await expect(signedIn.row(name).getByTestId('agent-tag')).toHaveText(['e2e', 'hello']);
  await expect(page.getByText('e2e-secret-token')).toHaveCount(0);
  const stored = await adminApi.agent(name);
  expect(stored).toMatchObject({
    enabled: true,
    hasAuth: true,
    auth: { token: '********' },
    createdVia: 'ui',
  });

  await signedIn.toggle(name);
  await expect(signedIn.enabledSwitch(name)).not.toBeChecked();
  await expect(signedIn.health(name)).toHaveText('Disabled');
  await expect(signedIn.notice()).toHaveText(`${name} is now disabled.`);
  expect((await adminApi.agent(name))?.enabled).toBe(false);

  await signedIn.cancelDelete(name);
  await expect(signedIn.row(name)).toBeVisible();

  await signedIn.delete(name);
  await expect(signedIn.notice()).toHaveText(`${name} was deleted.`);
  await expect(signedIn.row(name)).toHaveCount(0);
  expect(await adminApi.agent(name)).toBeUndefined();
});

test('a duplicate name is shown on the name field and nothing is created', async ({
  signedIn,
  registerPage,
  adminApi,
}) => {
  const before = (await adminApi.agents()).length;
  await signedIn.openRegisterForm();
  await registerPage.fill({ name: 'hello_world_agent', endpointUrl: AGENT_URL });
  await registerPage.submit();
  await registerPage.expectFieldError('Name', /already exists/);
  expect((await adminApi.agents()).length).toBe(before);
});

test('the form shows the chosen provider’s settings and registers an OpenAI-compatible agent', async ({
  signedIn,
  registerPage,
  adminApi,
  page,
}) => {
  const name = 'e2e_openai_agent';
  await adminApi.deleteAgentIfPresent(name);
  await signedIn.openRegisterForm();
  const settings = page.getByTestId('provider-fields');
  await expect(settings.getByLabel('Preferred binding', { exact: true })).toBeVisible();
  await expect(settings.getByLabel('Model', { exact: true })).toHaveCount(0);

  await page.getByLabel('Provider', { exact: true }).selectOption('custom');
  await expect(settings.getByLabel('Request format', { exact: true })).toBeVisible();

  // Model is required for OpenAI-compatible agents: the schema says so before anything is sent.
  await registerPage.fill({ name, endpointUrl: 'https://api.example.com/v1', provider: 'openai' });
  await expect(settings.getByLabel('System prompt', { exact: true })).toBeVisible();
  await registerPage.submit();
  await registerPage.expectFieldError('Model', /Required/);
  expect(await adminApi.agent(name)).toBeUndefined();

  await registerPage.fill({
    name,
    endpointUrl: 'https://api.example.com/v1',
    provider: 'openai',
    providerSettings: { Model: 'gpt-test', 'History turns': '5' },
    bearerToken: 'sk-e2e',
  });
  await registerPage.submit();
  await signedIn.expectLoaded();
  await expect(signedIn.notice()).toHaveText(`${name} was registered.`);
  expect((await adminApi.agent(name))?.providerConfig).toEqual({ model: 'gpt-test', historyTurns: 5 });
  await adminApi.deleteAgentIfPresent(name);
});

test('registering an endpoint that does not answer saves the agent and shows the API’s warning', async ({
  signedIn,
  registerPage,
  adminApi,
}) => {
  const name = 'e2e_unreachable_agent';
  await adminApi.deleteAgentIfPresent(name);
  await signedIn.openRegisterForm();
  // Port 9 on loopback: nothing listens, the connection is refused at once.
  await registerPage.fill({ name, endpointUrl: 'http://127.0.0.1:9/' });
  await registerPage.submit();
  await signedIn.expectLoaded();
  await expect(signedIn.notice()).toHaveText(`${name} was registered.`);
  await expect(signedIn.warnings()).toContainText('did not answer');
  await expect(signedIn.row(name)).toBeVisible();
  expect(await adminApi.agent(name)).toBeDefined();
  await adminApi.deleteAgentIfPresent(name);
});
