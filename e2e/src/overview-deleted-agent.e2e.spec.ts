import { expect, test } from './fixtures/test';
import { AGENT_URL } from './stack';

const NAME = 'e2e_deleted_top_agent';
const CALLS = 12;

test('the Overview keeps its charts when a top agent was deleted, and lists it as deleted', async ({
  adminApi,
  adminSession: overviewPage,
  page,
}) => {
  const agent = await adminApi.recreateAgent({ name: NAME, endpointUrl: AGENT_URL, tags: ['e2e'] });
  for (let i = 0; i < CALLS; i++) expect((await adminApi.invoke(NAME, `call ${i}`)).status).toBe(200);
  // Metrics are written behind the calls: wait until they are recorded, then delete the agent.
  await expect.poll(() => adminApi.recordedCalls(agent.id), { timeout: 15_000 }).toBe(CALLS);
  await adminApi.deleteAgentIfPresent(NAME);

  await page.goto('/admin/overview?range=1h');
  await overviewPage.expectLoaded();

  const row = page
    .getByTestId('top-agent-row')
    .filter({ has: page.getByTestId('top-agent-name').getByText(NAME) });
  // Shown as deleted (the API may also make a deleted agent's history readable: then by its name alone).
  await expect(row.getByTestId('top-agent-name')).toHaveText(new RegExp(`^${NAME}( \\(deleted\\))?$`));
  await expect(row.getByTestId('top-agent-invocations')).toHaveText(String(CALLS));
  for (const chart of ['requests-chart', 'latency-chart'] as const) {
    await expect(page.getByTestId(chart).getByRole('alert')).toHaveCount(0);
    // The live top agents' chart, or (when every agent called in the range is gone) a note saying so.
    await expect(
      overviewPage.chart(chart).or(page.getByTestId(chart).getByTestId('series-all-deleted')),
    ).toBeVisible();
  }
  await expect(page.getByText(/No agent with id/)).toHaveCount(0);
});
