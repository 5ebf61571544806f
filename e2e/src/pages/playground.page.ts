import { expect, type Locator, type Page } from '@playwright/test';

export class PlaygroundPage {
  constructor(private readonly page: Page) {}

  async goto(id: string) {
    await this.page.goto(`/admin/agents/${id}/playground`);
    await expect(this.page.getByRole('heading', { name: 'Playground' })).toBeVisible();
  }

  async send(message: string) {
    const input = this.page.getByTestId('playground').getByRole('textbox');
    await input.fill(message);
    await this.page.getByTestId('playground').getByRole('button', { name: 'Send' }).click();
  }

  agentTurns(): Locator {
    return this.page.getByTestId('playground-agent-turn');
  }

  lastAgentTurn(): Locator {
    return this.agentTurns().last();
  }

  events(turn: Locator): Locator {
    return turn.getByTestId('stream-event');
  }

  inputRequired(): Locator {
    return this.page.getByTestId('playground-input-required');
  }

  async newConversation() {
    await this.page.getByRole('button', { name: 'New conversation' }).click();
  }

  context(): Locator {
    return this.page.getByTestId('playground-context');
  }

  async cancel(turn: Locator) {
    await turn.getByRole('button', { name: 'Cancel task' }).click();
  }
}
