import { expect, saveScreenshot, test } from './fixtures/test';
import { AGENT_URL } from './stack';

test('the list filters by search, tag and provider', async ({ signedIn, adminApi, page }) => {
  await adminApi.recreateAgent({ name: 'e2e_list_a2a', endpointUrl: AGENT_URL, tags: ['e2e-list'] });
  await adminApi.recreateAgent({
    name: 'e2e_list_openai',
    endpointUrl: 'https://api.example.com/v1',
    provider: 'openai',
    providerConfig: { model: 'gpt-test' },
    tags: ['e2e-list', 'llm'],
  });
  await page.reload();
  await signedIn.expectLoaded();

  await signedIn.filterTag('e2e-list');
  await expect(page.getByTestId('agent-name')).toHaveText(['e2e_list_a2a', 'e2e_list_openai']);
  await signedIn.filterProvider('OpenAI-compatible');
  await expect(page.getByTestId('agent-name')).toHaveText(['e2e_list_openai']);
  await signedIn.filterProvider('All');
  await signedIn.filterTag('');
  await signedIn.search('e2e_list_a2');
  await expect(page.getByTestId('agent-name')).toHaveText(['e2e_list_a2a']);

  await adminApi.deleteAgentIfPresent('e2e_list_a2a');
  await adminApi.deleteAgentIfPresent('e2e_list_openai');
});

test('health, success rate and last call update without a reload', async ({ signedIn, adminApi, page }) => {
  const name = 'e2e_live_agent';
  await adminApi.recreateAgent({ name, endpointUrl: AGENT_URL });
  await page.reload();
  await signedIn.expectLoaded();
  await expect(signedIn.health(name)).toHaveText('Unknown');
  await expect(signedIn.row(name).getByTestId('agent-success-rate')).toContainText('No calls yet');

  expect((await adminApi.invoke(name, 'hello')).status).toBe(200);
  // The list polls every 10 s.
  await expect(signedIn.health(name)).toHaveText('Healthy', { timeout: 20_000 });
  await expect(signedIn.row(name).getByTestId('agent-success-rate')).toHaveText('100%', { timeout: 20_000 });
  await expect(signedIn.row(name).getByTestId('agent-last-interaction')).toContainText(/now|second/);
  await adminApi.deleteAgentIfPresent(name);
});

test('a viewer sees the catalog and can test agents but gets no write controls', async ({
  signedInAsViewer,
  adminApi,
  page,
}) => {
  await expect(page.getByTestId('current-user-role')).toHaveText('viewer');
  await expect(signedInAsViewer.row('hello_world_agent')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Register agent' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Import from Agent Card URL' })).toHaveCount(0);
  await expect(page.getByRole('switch')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /^Edit / })).toHaveCount(0);

  await signedInAsViewer.test('hello_world_agent', 'ping');
  await expect(signedInAsViewer.testResult('hello_world_agent')).toHaveAttribute('data-outcome', 'success');

  const agent = await adminApi.agent('hello_world_agent');
  await page.goto(`/admin/agents/${agent!.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('hello_world_agent');
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await page.goto(`/admin/agents/${agent!.id}/edit`);
  await expect(page.getByTestId('register-forbidden')).toBeVisible();
});

test('dark mode is switched from the header and kept after a reload', async ({ signedIn, page }) => {
  const isDark = () => page.locator('html').evaluate((html) => html.classList.contains('dark'));
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  expect(await isDark()).toBe(false);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await isDark()).toBe(true);
  await page.reload();
  await signedIn.expectLoaded();
  expect(await isDark()).toBe(true);
  await saveScreenshot(page, 'agents-dark');

  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'false');
  expect(await isDark()).toBe(false);
});
