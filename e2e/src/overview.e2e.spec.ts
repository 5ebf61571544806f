import { ADMIN, DEMO_AGENT, expect, saveScreenshot, test } from './fixtures/test';

test('the overview is the landing page; its totals are the gateway’s and the charts show the calls', async ({
  adminApi,
  loginPage,
  overviewPage,
  page,
}) => {
  // Calls to chart, recorded once the metrics buffer is flushed.
  const before = (await adminApi.metrics()).calls.invocations;
  for (const message of ['hello', 'hello again', 'stream:2'])
    expect((await adminApi.invoke(DEMO_AGENT, message)).status).toBe(200);
  await expect.poll(async () => (await adminApi.metrics()).calls.invocations).toBe(before + 3);
  const metrics = await adminApi.metrics();

  await loginPage.goto();
  await loginPage.signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin\/overview$/);
  await overviewPage.expectLoaded();
  await expect(overviewPage.stat('invocations')).toHaveText(
    metrics.calls.invocations.toLocaleString('en-US'),
  );
  await expect(overviewPage.stat('agents')).not.toHaveText('0');
  await expect(overviewPage.topAgentInvocations(DEMO_AGENT)).toHaveText(
    String(metrics.topAgents.find((a) => a.name === DEMO_AGENT)?.invocations),
  );
  // Recharts draws bars without roles: its class names are the only handle on them.
  await expect(overviewPage.chart('requests-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(overviewPage.chart('latency-chart')).toBeVisible();
  await saveScreenshot(page, 'overview');

  await page.getByLabel('Range').selectOption({ label: 'Last hour' });
  await expect(page).toHaveURL(/range=1h/);
  await expect(overviewPage.chart('requests-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
});
