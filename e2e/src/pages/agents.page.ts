import { expect, type Locator, type Page } from '@playwright/test';

export class AgentsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/admin/agents');
  }

  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: 'Agents', exact: true })).toBeVisible();
    await expect(this.page.getByTestId('agents-loading')).toHaveCount(0);
  }

  row(name: string): Locator {
    return this.page
      .getByTestId('agent-row')
      .filter({ has: this.page.getByTestId('agent-name').getByText(name, { exact: true }) });
  }

  health(name: string): Locator {
    return this.row(name).getByTestId('agent-health');
  }

  enabledSwitch(name: string): Locator {
    return this.page.getByRole('switch', { name: `${name} enabled` });
  }

  notice(): Locator {
    return this.page.getByTestId('agents-notice');
  }

  /** The API's warnings about the save that led to the list (e.g. an endpoint that did not answer). */
  warnings(): Locator {
    return this.page.getByTestId('agents-warnings');
  }

  async openRegisterForm() {
    await this.page.getByRole('link', { name: 'Register agent' }).click();
    await expect(this.page.getByRole('heading', { name: 'Register agent' })).toBeVisible();
  }

  async openImportForm() {
    await this.page.getByRole('link', { name: 'Import from Agent Card URL' }).click();
    await expect(this.page.getByRole('heading', { name: 'Import from Agent Card URL' })).toBeVisible();
  }

  async openDetail(name: string) {
    await this.row(name).getByTestId('agent-name').click();
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(name);
  }

  async edit(name: string) {
    await this.page.getByRole('link', { name: `Edit ${name}` }).click();
    await expect(this.page.getByRole('heading', { name: `Edit ${name}` })).toBeVisible();
  }

  async toggle(name: string) {
    await this.enabledSwitch(name).click();
  }

  // ----- Test button

  testPanel(name: string): Locator {
    return this.page
      .getByTestId('agent-test-panel')
      .filter({ has: this.page.getByRole('form', { name: `Test ${name}` }) });
  }

  async test(name: string, message: string) {
    const testButton = this.page.getByRole('button', { name: `Test ${name}` });
    if ((await testButton.getAttribute('aria-expanded')) !== 'true') await testButton.click();
    const panel = this.testPanel(name);
    await panel.getByLabel('Test message').fill(message);
    await panel.getByRole('button', { name: 'Send' }).click();
  }

  testResult(name: string): Locator {
    return this.testPanel(name).getByTestId('agent-test-result');
  }

  // ----- Filters

  async search(text: string) {
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(text);
  }

  async filterProvider(label: string) {
    await this.page.getByRole('search').getByLabel('Provider').selectOption({ label });
  }

  async filterTag(tag: string) {
    await this.page.getByRole('search').getByLabel('Tag').fill(tag);
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
