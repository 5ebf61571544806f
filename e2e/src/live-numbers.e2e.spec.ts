import { expect, test } from './fixtures/test';
import { AGENT_URL } from './stack';

const NAME = 'e2e_live_numbers';
/** Well under the list's 10 s poll: what shows up this fast came from the Test call itself. */
const AT_ONCE = { timeout: 6_000 };

test('after a Test call the agents list shows the call without a reload: last call, success rate, p95', async ({
  signedIn,
  adminApi,
  page,
}) => {
  await adminApi.recreateAgent({ name: NAME, endpointUrl: AGENT_URL, tags: ['e2e'] });
  await page.reload();
  await signedIn.expectLoaded();

  const row = signedIn.row(NAME);
  await expect(row.getByTestId('agent-last-interaction')).toHaveText(/Never called/);
  await expect(row.getByTestId('agent-success-rate')).toHaveText(/No calls yet/);
  await expect(row.getByTestId('agent-p95')).toHaveText(/No calls in the last 24 hours/);

  await signedIn.test(NAME, 'ping');
  await expect(signedIn.testResult(NAME)).toHaveAttribute('data-outcome', 'success');

  await expect(row.getByTestId('agent-last-interaction').locator('time')).toBeVisible(AT_ONCE);
  await expect(row.getByTestId('agent-success-rate')).toHaveText('100%', AT_ONCE);
  await expect(row.getByTestId('agent-p95')).toHaveText(/^[\d,.]+ (ms|s)$/, AT_ONCE);

  await adminApi.deleteAgentIfPresent(NAME);
});
