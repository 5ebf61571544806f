import { expect, test } from './fixtures/test';

test('a long-running task can be canceled from the playground', async ({
  signedIn,
  adminApi,
  playground,
  detailPage,
}) => {
  const agent = await adminApi.agent('hello_world_agent');
  await signedIn.expectLoaded();
  await playground.goto(agent!.id);

  await playground.send('long');
  const turn = playground.lastAgentTurn();
  await expect(turn).toHaveAttribute('data-state', 'TASK_STATE_WORKING');
  // Heartbeats keep arriving while it runs.
  await expect(playground.events(turn).filter({ hasText: 'heartbeat 2' })).toHaveCount(1);
  const taskId = await turn.getAttribute('data-task-id');

  await playground.cancel(turn);
  await expect(turn).toHaveAttribute('data-state', 'TASK_STATE_CANCELED');
  await expect(turn.getByRole('button', { name: 'Cancel task' })).toHaveCount(0);
  await expect(turn).toHaveAttribute('aria-busy', 'false');

  // The gateway's task list agrees.
  await detailPage.openOverview();
  const row = detailPage.tasks().getByTestId('agent-task-row').filter({ hasText: taskId! });
  await expect(row).toContainText('Canceled');
});
