import { expect, type Locator, type Page } from '@playwright/test';

export class AgentsPage {
  constructor(private readonly page: Page) {}

  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: 'Agents' })).toBeVisible();
    await expect(this.page.getByTestId('agents-loading')).toHaveCount(0);
  }

  row(name: string): Locator {
    return this.page
      .getByTestId('agent-row')
      .filter({ has: this.page.getByTestId('agent-name').getByText(name, { exact: true }) });
  }

  status(name: string): Locator {
    return this.row(name).getByTestId('agent-status');
  }

  notice(): Locator {
    return this.page.getByTestId('agents-notice');
  }

  async openRegisterForm() {
    await this.page.getByRole('link', { name: 'Register agent' }).click();
    await expect(this.page.getByRole('heading', { name: 'Register agent' })).toBeVisible();
  }

  async disable(name: string) {
    await this.page.getByRole('button', { name: `Disable ${name}` }).click();
  }

  async enable(name: string) {
    await this.page.getByRole('button', { name: `Enable ${name}` }).click();
  }

  async delete(name: string) {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Delete ${name}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  async cancelDelete(name: string) {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Delete ${name}?` });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await this.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
}
