import { expect, type Page } from '@playwright/test';

export interface AgentFormInput {
  name: string;
  endpointUrl: string;
  description?: string;
  tags?: string;
  streaming?: boolean;
  bearerToken?: string;
  timeoutMs?: string;
  /** Provider value (default a2a) and its settings, by field label. */
  provider?: string;
  providerSettings?: Record<string, string>;
}

export class RegisterAgentPage {
  constructor(private readonly page: Page) {}

  async fill(input: AgentFormInput) {
    const p = this.page;
    await p.getByLabel('Name', { exact: true }).fill(input.name);
    if (input.description) await p.getByLabel('Description', { exact: true }).fill(input.description);
    await p.getByLabel('Endpoint URL', { exact: true }).fill(input.endpointUrl);
    await p.getByLabel('Provider', { exact: true }).selectOption(input.provider ?? 'a2a');
    for (const [label, value] of Object.entries(input.providerSettings ?? {}))
      await p.getByTestId('provider-fields').getByLabel(label, { exact: true }).fill(value);
    if (input.tags) await p.getByLabel('Tags', { exact: true }).fill(input.tags);
    if (input.streaming) await p.getByLabel('Streaming').check();
    if (input.bearerToken) {
      await p.getByLabel('Auth type', { exact: true }).selectOption('bearer');
      await p.getByLabel('Token', { exact: true }).fill(input.bearerToken);
    }
    if (input.timeoutMs) await p.getByLabel('Timeout (ms)').fill(input.timeoutMs);
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Register', exact: true }).click();
  }

  async expectFieldError(label: string, text: RegExp) {
    const field = this.page.getByLabel(label, { exact: true });
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(text);
  }
}
