import { expect, type Locator, type Page } from '@playwright/test';

export class AgentDetailPage {
  constructor(private readonly page: Page) {}

  async goto(id: string) {
    await this.page.goto(`/admin/agents/${id}`);
    await expect(this.page.getByTestId('agent-loading')).toHaveCount(0);
  }

  card(): Locator {
    return this.page.getByTestId('agent-card-section');
  }

  metrics(): Locator {
    return this.page.getByTestId('agent-metrics');
  }

  chart(testId: 'chart-requests' | 'chart-success-rate' | 'chart-latency' | 'chart-cost'): Locator {
    return this.metrics().getByTestId(testId);
  }

  configuration(): Locator {
    return this.page.getByTestId('agent-configuration');
  }

  healthHistory(): Locator {
    return this.page.getByTestId('agent-health-history');
  }

  tasks(): Locator {
    return this.page.getByTestId('agent-tasks');
  }

  /** The agent's own overview tab (not the dashboard's Overview in the main navigation). */
  async openOverview() {
    await this.page
      .getByRole('navigation', { name: 'Agent sections' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await expect(this.tasks()).toBeVisible();
  }

  async openPlayground() {
    await this.page
      .getByRole('navigation', { name: 'Agent sections' })
      .getByRole('link', { name: 'Playground' })
      .click();
    await expect(this.page.getByRole('heading', { name: 'Playground' })).toBeVisible();
  }
}
