import { DEMO_AGENT, expect, test } from './fixtures/test';

test('a viewer reads every page but gets no create, edit, delete, toggle, revoke or cancel control', async ({
  viewerSession: _viewer,
  adminApi,
  page,
  shell,
  overviewPage,
  serversPage,
  serverDetail,
  tokensPage,
  tasksPage,
  taskDetail,
}) => {
  const serverName = 'e2e-viewer-sees';
  await adminApi.deleteServerIfPresent(serverName);
  const agent = await adminApi.agent(DEMO_AGENT);
  await adminApi.createServer({ name: serverName, associatedAgents: [agent!.id] });
  const task = await adminApi.startLongTask();
  try {
    await page.goto('/admin');
    await overviewPage.expectLoaded();
    await expect(page.getByTestId('current-user-role')).toHaveText('viewer');

    await shell.open('Servers');
    await serversPage.expectLoaded();
    await expect(serversPage.row(serverName)).toBeVisible();
    await expect(serversPage.createButton()).toHaveCount(0);
    await expect(
      serversPage.row(serverName).getByRole('button', { name: /Disable|Enable|Delete/ }),
    ).toHaveCount(0);
    await expect(serversPage.row(serverName).getByRole('link', { name: /Edit/ })).toHaveCount(0);

    await serversPage.open(serverName);
    await serverDetail.expectLoaded(serverName);
    await expect(serverDetail.toolNames()).toHaveText(['hello-world-agent']);
    await expect(page.getByRole('button', { name: /^(Disable|Enable|Delete) / })).toHaveCount(0);
    await expect(page.getByRole('link', { name: `Edit ${serverName}` })).toHaveCount(0);
    // The form is not reachable by URL either.
    await page.goto(`/admin/servers/new`);
    await serversPage.expectLoaded();

    await shell.open('API tokens');
    await tokensPage.expectLoaded();
    await expect(tokensPage.form()).toHaveCount(0);
    await expect(page.getByTestId('token-row').first()).toBeVisible();
    await expect(page.getByRole('button', { name: /^Revoke / })).toHaveCount(0);

    await shell.open('Tasks');
    await tasksPage.expectLoaded();
    await tasksPage.open(task.taskId);
    await expect(taskDetail.state()).toHaveText('Working');
    await expect(taskDetail.cancelButton()).toHaveCount(0);

    await shell.open('Agents');
    await expect(page.getByRole('heading', { name: 'Agents', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Register agent' })).toHaveCount(0);
  } finally {
    await adminApi.cancelTaskIfRunning(DEMO_AGENT, task.taskId);
    task.stop();
    await adminApi.deleteServerIfPresent(serverName);
  }
});
