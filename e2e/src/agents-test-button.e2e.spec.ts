import { expect, saveScreenshot, test } from './fixtures/test';
import { AGENT_URL } from './stack';

const NAME = 'e2e_test_button';

test('the Test button shows the reply and its duration inline, and a failed task as a failure', async ({
  signedIn,
  adminApi,
  page,
}) => {
  await adminApi.recreateAgent({ name: NAME, endpointUrl: AGENT_URL, tags: ['e2e'] });
  await page.reload();
  await signedIn.expectLoaded();

  await signedIn.test(NAME, 'ping');
  const result = signedIn.testResult(NAME);
  await expect(result).toHaveAttribute('data-outcome', 'success');
  await expect(result.getByTestId('agent-test-state')).toHaveText('Completed');
  await expect(result.getByTestId('agent-test-reply')).toHaveText(
    'Hello, World! I have received your request (ping)',
  );
  await expect(result.getByTestId('agent-test-duration')).toHaveText(/^[\d,.]+ (ms|s)$/);
  await saveScreenshot(page, 'agents');

  await signedIn.test(NAME, 'fail');
  await expect(result).toHaveAttribute('data-outcome', 'failure');
  await expect(result.getByTestId('agent-test-state')).toHaveText('Failed');
  await expect(result.getByTestId('agent-test-reply')).toHaveText(
    'Failed on purpose: the message asked for "fail".',
  );
});

test('an agent that answers with an HTTP error shows the API’s error inline', async ({
  signedIn,
  adminApi,
  page,
}) => {
  await adminApi.recreateAgent({ name: NAME, endpointUrl: AGENT_URL, tags: ['e2e'] });
  await page.reload();
  await signedIn.expectLoaded();

  await signedIn.test(NAME, 'error:503');
  const result = signedIn.testResult(NAME);
  await expect(result).toHaveAttribute('data-outcome', 'error');
  await expect(result).toContainText(/HTTP 5\d\d/);
  await expect(result.getByTestId('agent-test-reply')).toContainText('503');
  await adminApi.deleteAgentIfPresent(NAME);
});
