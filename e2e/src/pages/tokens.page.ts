import { expect, type Locator, type Page } from '@playwright/test';

export class TokensPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/admin/tokens');
    await this.expectLoaded();
  }

  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: 'API tokens', level: 1 })).toBeVisible();
    await expect(this.page.getByTestId('tokens-loading')).toHaveCount(0);
  }

  form(): Locator {
    return this.page.getByRole('form', { name: 'Create API token' });
  }

  async create(input: { name: string; role?: 'admin' | 'viewer'; expiresInDays?: string }) {
    const form = this.form();
    await form.getByLabel('Name', { exact: true }).fill(input.name);
    if (input.role) await form.getByLabel('Role', { exact: true }).selectOption(input.role);
    if (input.expiresInDays !== undefined)
      await form.getByLabel('Expires after (days)', { exact: true }).fill(input.expiresInDays);
    await form.getByRole('button', { name: 'Create token' }).click();
  }

  newTokenValue(): Locator {
    return this.page.getByTestId('new-token-value');
  }

  row(name: string): Locator {
    return this.page
      .getByTestId('token-row')
      .filter({ has: this.page.getByTestId('token-name').getByText(name, { exact: true }) });
  }

  async revoke(name: string) {
    await this.page.getByRole('button', { name: `Revoke ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Revoke ${name}?` });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}
