import { expect, type Locator, type Page } from '@playwright/test';

export class ImportAgentPage {
  constructor(private readonly page: Page) {}

  async fill(input: { cardUrl: string; name?: string; tags?: string }) {
    const form = this.page.getByRole('form', { name: 'Import agent' });
    await form.getByLabel('Agent Card URL').fill(input.cardUrl);
    await form.getByLabel('Name').fill(input.name ?? '');
    await form.getByLabel('Tags').fill(input.tags ?? '');
  }

  async preview() {
    await this.page.getByRole('button', { name: 'Preview card' }).click();
  }

  previewPanel(): Locator {
    return this.page.getByTestId('import-preview');
  }

  /** What the preview says about an existing agent with the name or slug the import would take. */
  collision(): Locator {
    return this.previewPanel().getByTestId('import-collision');
  }

  nameField(): Locator {
    return this.page.getByRole('form', { name: 'Import agent' }).getByLabel('Name');
  }

  registerButton(): Locator {
    return this.previewPanel().getByRole('button', { name: 'Register agent' });
  }

  async previewUnderSuggestedName() {
    await this.collision().getByRole('button', { name: 'Preview under this name' }).click();
  }

  async register() {
    await this.registerButton().click();
  }

  async expectFieldError(label: string, text: RegExp) {
    const field = this.page.getByRole('form', { name: 'Import agent' }).getByLabel(label);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(text);
  }
}
