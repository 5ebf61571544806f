import { expect, saveScreenshot, test } from './fixtures/test';
import { AGENT_URL } from './stack';

test('the detail page shows the agent’s card, configuration, health and charts of its calls', async ({
  signedIn,
  adminApi,
  detailPage,
  page,
}) => {
  const name = 'e2e_detail_agent';
  const agent = await adminApi.importAgent(`${AGENT_URL}.well-known/agent-card.json`, name);
  for (const message of ['one', 'two', 'three'])
    expect((await adminApi.invoke(name, message)).status).toBe(200);
  await adminApi.invoke(name, 'error:500');
  // Metrics are written behind the calls (batched): wait until the four are recorded.
  await expect.poll(() => adminApi.recordedCalls(agent.id), { timeout: 15_000 }).toBe(4);

  await signedIn.openDetail(name);
  await expect(page).toHaveURL(new RegExp(`/admin/agents/${agent.id}$`));

  const card = detailPage.card();
  await expect(card.getByTestId('agent-card-name')).toHaveText('Hello World Agent');
  await expect(card.getByTestId('agent-card-skill')).toContainText('Hello World');
  await expect(card.getByTestId('agent-card-protocol')).not.toBeEmpty();
  await expect(card.getByTestId('agent-card-interfaces')).toContainText('HTTP+JSON');
  await expect(detailPage.configuration()).toContainText(AGENT_URL);

  for (const chart of ['chart-requests', 'chart-success-rate', 'chart-latency', 'chart-cost'] as const) {
    await expect(detailPage.chart(chart).locator('.recharts-wrapper > svg')).toBeVisible();
  }
  await expect(detailPage.chart('chart-requests').getByTestId('chart-summary')).toHaveText(
    '4 calls: 3 succeeded, 1 failed.',
  );
  await expect(detailPage.chart('chart-success-rate').getByTestId('chart-summary')).toHaveText(
    'Overall 75.0%.',
  );
  await expect(detailPage.chart('chart-requests').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(detailPage.healthHistory().getByTestId('health-event').first()).toBeVisible();
  await saveScreenshot(page, 'agent-detail');
  await adminApi.deleteAgentIfPresent(name);
});

test('an agent without calls shows empty states rather than charts', async ({
  signedIn,
  adminApi,
  detailPage,
}) => {
  const agent = await adminApi.recreateAgent({ name: 'e2e_quiet_agent', endpointUrl: AGENT_URL });
  await signedIn.expectLoaded();
  await detailPage.goto(agent.id);
  await expect(detailPage.metrics().getByTestId('agent-metrics-empty')).toBeVisible();
  await expect(detailPage.card()).toContainText('registered by hand');
  await expect(detailPage.tasks()).toContainText('No tasks yet.');
  await adminApi.deleteAgentIfPresent(agent.name);
});
