import { expect, type Page } from '@playwright/test';

export type Section = 'Overview' | 'Agents' | 'Servers' | 'Tasks' | 'API tokens';

/** The signed-in shell: main navigation and the toasts. */
export class AppShell {
  constructor(private readonly page: Page) {}

  async open(section: Section) {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
  }

  toast(text: string | RegExp) {
    return this.page.getByTestId('toast').filter({ hasText: text });
  }

  async expectOnLogin() {
    await expect(this.page).toHaveURL(/\/admin\/login/);
    await expect(this.page.getByTestId('session-ended')).toBeVisible();
  }
}
