import { expect, type Locator, type Page } from '@playwright/test';

/** The servers list. */
export class ServersPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/admin/servers');
    await this.expectLoaded();
  }

  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: 'Virtual servers', level: 1 })).toBeVisible();
    await expect(this.page.getByTestId('servers-loading')).toHaveCount(0);
  }

  row(name: string): Locator {
    return this.page
      .getByTestId('server-row')
      .filter({ has: this.page.getByTestId('server-name').getByText(name, { exact: true }) });
  }

  createButton(): Locator {
    return this.page.getByRole('link', { name: 'Create server' });
  }

  async openCreateForm() {
    await this.createButton().click();
    await expect(this.page.getByRole('heading', { name: 'Create server', level: 1 })).toBeVisible();
  }

  async open(name: string) {
    await this.row(name).getByRole('link', { name, exact: true }).click();
  }

  async delete(name: string) {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Delete ${name}?` });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}

/** The create / edit form with its agent picker. */
export class ServerFormPage {
  constructor(private readonly page: Page) {}

  async fill(input: { name?: string; description?: string; tags?: string }) {
    if (input.name !== undefined) await this.page.getByLabel('Name', { exact: true }).fill(input.name);
    if (input.description !== undefined)
      await this.page.getByLabel('Description', { exact: true }).fill(input.description);
    if (input.tags !== undefined) await this.page.getByLabel('Tags', { exact: true }).fill(input.tags);
  }

  /** Finds an agent in the picker by search and ticks it. */
  async pickAgent(name: string) {
    const picker = this.page.getByTestId('agent-picker');
    await picker.getByLabel('Find agents').fill(name);
    await picker.getByRole('checkbox', { name, exact: true }).check();
    await expect(picker.getByRole('list', { name: 'Chosen agents' }).getByText(name)).toBeVisible();
  }

  async submit(label: 'Create server' | 'Save server') {
    await this.page.getByRole('button', { name: label, exact: true }).click();
  }

  async expectFieldError(label: string, text: RegExp) {
    const field = this.page.getByLabel(label, { exact: true });
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(text);
  }
}

/** One server: MCP URL, tools, client settings. */
export class ServerDetailPage {
  constructor(private readonly page: Page) {}

  async expectLoaded(name: string) {
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(this.page.getByTestId('server-loading')).toHaveCount(0);
  }

  mcpUrl(): Locator {
    return this.page.getByTestId('mcp-url');
  }

  async copyMcpUrl() {
    await this.page.getByRole('button', { name: 'Copy MCP URL', exact: true }).click();
    await expect(this.page.getByRole('button', { name: 'Copy MCP URL', exact: true })).toHaveText('Copied');
  }

  toolNames(): Locator {
    return this.page.getByTestId('server-tool-name');
  }

  async refreshTools() {
    await this.page.getByRole('button', { name: 'Refresh tools' }).click();
  }

  snippet(title: 'Claude Desktop' | 'Cursor' | 'MCP Inspector'): Locator {
    return this.page.getByLabel(`${title} configuration`, { exact: true });
  }

  status(): Locator {
    return this.page.getByRole('heading', { level: 1 }).getByTestId('server-status');
  }
}
