import { expect, type Locator, type Page } from '@playwright/test';

export class OverviewPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/admin/overview');
    await this.expectLoaded();
  }

  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
    await expect(this.page.getByTestId('overview-loading')).toHaveCount(0);
  }

  stat(name: 'agents' | 'healthy' | 'invocations' | 'success-rate' | 'latency' | 'cost'): Locator {
    return this.page.getByTestId(`stat-${name}`).getByTestId('stat-value');
  }

  topAgentInvocations(name: string): Locator {
    return this.page
      .getByTestId('top-agent-row')
      .filter({ has: this.page.getByTestId('top-agent-name').getByText(name, { exact: true }) })
      .getByTestId('top-agent-invocations');
  }

  /** The drawing area of a chart (Recharts' keyboard-navigable SVG). */
  chart(testId: 'requests-chart' | 'latency-chart'): Locator {
    return this.page.getByTestId(testId).getByRole('figure').getByRole('application');
  }
}
