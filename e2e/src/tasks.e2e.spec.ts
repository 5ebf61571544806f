import { DEMO_AGENT, expect, saveScreenshot, test } from './fixtures/test';

test('a long task is listed as working, its detail shows its history, and cancel ends it canceled', async ({
  adminSession: _signedIn,
  shell,
  tasksPage,
  taskDetail,
  adminApi,
  page,
}) => {
  const task = await adminApi.startLongTask();
  try {
    await shell.open('Tasks');
    await tasksPage.expectLoaded();
    await expect(tasksPage.row(task.taskId).getByTestId('task-state')).toHaveText('Working');
    await expect(tasksPage.row(task.taskId)).toContainText(DEMO_AGENT);

    // The state filter is the API's.
    await tasksPage.filterState('Completed');
    await expect(tasksPage.row(task.taskId)).toHaveCount(0);
    await tasksPage.filterState('Working');
    await expect(page).toHaveURL(/state=TASK_STATE_WORKING/);
    await expect(tasksPage.row(task.taskId)).toBeVisible();
    await saveScreenshot(page, 'tasks');

    await tasksPage.open(task.taskId);
    await expect(taskDetail.state()).toHaveText('Working');
    await expect(taskDetail.history().first()).toContainText('long');
    await expect(taskDetail.history().nth(1)).toContainText('Working until canceled');
    await saveScreenshot(page, 'task-detail');

    await taskDetail.cancel();
    await expect(taskDetail.state()).toHaveText('Canceled');
    await expect(shell.toast(`Task ${task.taskId} was canceled.`)).toBeVisible();
    await expect(taskDetail.cancelButton()).toHaveCount(0);

    // The agent really stopped: the stream that started the task ends with it canceled.
    expect(await task.finished).toBe('TASK_STATE_CANCELED');
    expect((await adminApi.task(DEMO_AGENT, task.taskId)).status.state).toBe('TASK_STATE_CANCELED');

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Tasks' }).click();
    await tasksPage.expectLoaded();
    await expect(tasksPage.row(task.taskId).getByTestId('task-state')).toHaveText('Canceled');
  } finally {
    await adminApi.cancelTaskIfRunning(DEMO_AGENT, task.taskId);
    task.stop();
  }
});
