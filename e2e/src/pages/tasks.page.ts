import { expect, type Locator, type Page } from '@playwright/test';

export class TasksPage {
  constructor(private readonly page: Page) {}

  async goto(query = '') {
    await this.page.goto(`/admin/tasks${query}`);
    await this.expectLoaded();
  }

  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: 'Tasks', level: 1 })).toBeVisible();
    await expect(this.page.getByTestId('tasks-loading')).toHaveCount(0);
  }

  row(taskId: string): Locator {
    return this.page.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`);
  }

  async filterState(label: string) {
    await this.page.getByLabel('State', { exact: true }).selectOption({ label });
  }

  async open(taskId: string) {
    await this.row(taskId)
      .getByRole('link', { name: `Task ${taskId}` })
      .click();
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(taskId);
  }
}

export class TaskDetailPage {
  constructor(private readonly page: Page) {}

  state(): Locator {
    return this.page.getByTestId('task-detail-state');
  }

  history(): Locator {
    return this.page.getByTestId('task-message');
  }

  cancelButton(): Locator {
    return this.page.getByRole('button', { name: 'Cancel task' });
  }

  async cancel() {
    await this.cancelButton().click();
    const dialog = this.page.getByRole('dialog', { name: 'Cancel this task?' });
    await expect(dialog.getByRole('button', { name: 'Keep running' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Cancel task' }).click();
    await expect(dialog).toBeHidden();
  }
}
