import { expect, test } from './fixtures/test';

test('a second message continues the conversation: same contextId, a new task', async ({
  signedIn,
  adminApi,
  playground,
}) => {
  const agent = await adminApi.agent('hello_world_agent');
  await signedIn.expectLoaded();
  await playground.goto(agent!.id);
  await expect(playground.context()).toHaveText('New conversation');

  await playground.send('Hello');
  const first = playground.agentTurns().nth(0);
  await expect(first).toHaveAttribute('data-state', 'TASK_STATE_COMPLETED');
  const contextId = await first.getAttribute('data-context-id');
  const firstTask = await first.getAttribute('data-task-id');
  expect(contextId).toBeTruthy();
  await expect(playground.context()).toContainText(contextId!);

  await playground.send('Hello again');
  const second = playground.agentTurns().nth(1);
  await expect(second).toHaveAttribute('data-state', 'TASK_STATE_COMPLETED');
  await expect(second).toHaveAttribute('data-context-id', contextId!);
  expect(await second.getAttribute('data-task-id')).not.toBe(firstTask);
  await expect(second.getByTestId('playground-artifact-text')).toHaveText(
    'Hello, World! I have received your request (Hello again)',
  );

  // A new conversation starts without a context.
  await playground.newConversation();
  await expect(playground.context()).toHaveText('New conversation');
  await playground.send('Hello');
  await expect(playground.agentTurns().nth(0)).toHaveAttribute('data-state', 'TASK_STATE_COMPLETED');
  expect(await playground.agentTurns().nth(0).getAttribute('data-context-id')).not.toBe(contextId);
});

test('a task that asks for input gets the next message, on the same task', async ({
  signedIn,
  adminApi,
  playground,
}) => {
  const agent = await adminApi.agent('hello_world_agent');
  await signedIn.expectLoaded();
  await playground.goto(agent!.id);

  await playground.send('input-required');
  const asking = playground.agentTurns().nth(0);
  await expect(asking).toHaveAttribute('data-state', 'TASK_STATE_INPUT_REQUIRED');
  await expect(playground.inputRequired()).toContainText('More input needed');
  const taskId = await asking.getAttribute('data-task-id');
  await expect(playground.inputRequired()).toContainText(taskId!);

  await playground.send('here is more');
  const answered = playground.agentTurns().nth(1);
  await expect(answered).toHaveAttribute('data-state', 'TASK_STATE_COMPLETED');
  await expect(answered).toHaveAttribute('data-task-id', taskId!);
  await expect(answered).toHaveAttribute('data-context-id', (await asking.getAttribute('data-context-id'))!);
  await expect(playground.inputRequired()).toHaveCount(0);
});
