import { expect, saveScreenshot, test } from './fixtures/test';

test('the playground shows a streamed reply chunk by chunk, in the order the events arrived', async ({
  signedIn,
  adminApi,
  playground,
  page,
}) => {
  const agent = await adminApi.agent('hello_world_agent');
  expect(agent).toBeDefined();
  await signedIn.expectLoaded();
  await playground.goto(agent!.id);

  await playground.send('stream:3');
  const turn = playground.lastAgentTurn();
  await expect(turn).toHaveAttribute('data-state', 'TASK_STATE_COMPLETED');
  await expect(turn.getByTestId('playground-artifact-text')).toHaveText('chunk 1chunk 2chunk 3');
  await expect(turn.getByTestId('playground-artifact')).toContainText('3 chunks');

  const events = playground.events(turn);
  await expect(events.first()).toContainText('Task Submitted');
  await expect(events.last()).toContainText('Status Completed');
  await expect(turn.locator('[data-testid="stream-event"][data-kind="artifact-update"]')).toHaveText([
    /chunk “chunk 1”$/,
    /appended “chunk 2”$/,
    /appended “chunk 3” \(last\)$/,
  ]);
  // Arrival times never go backwards.
  const times = (await events.allTextContents()).map((text) => Number(/\+(\d+) ms/.exec(text)?.[1]));
  expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]))).toBe(true);
  await saveScreenshot(page, 'playground');
});
