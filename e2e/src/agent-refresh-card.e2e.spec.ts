import { expect, test } from './fixtures/test';
import { AGENT_URL } from './stack';

const IMPORTED = 'e2e_refresh_card';
const BY_HAND = 'e2e_refresh_card_by_hand';

test('an imported agent’s page reads its card again on "Refresh card" and says so', async ({
  signedIn: _signedIn,
  adminApi,
  detailPage,
  page,
}) => {
  const agent = await adminApi.importAgent(`${AGENT_URL}.well-known/agent-card.json`, IMPORTED);
  expect(agent.cardFetchedAt).not.toBeNull();

  await detailPage.goto(agent.id);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(IMPORTED);
  await page.getByRole('button', { name: 'Refresh card' }).click();

  await expect(
    page.getByRole('status').filter({ hasText: `The card of ${IMPORTED} was read again.` }),
  ).toBeVisible();
  // The API really read it again.
  await expect
    .poll(async () => Date.parse((await adminApi.agent(IMPORTED))?.cardFetchedAt ?? '0'))
    .toBeGreaterThan(Date.parse(agent.cardFetchedAt!));
  await expect(detailPage.card().getByTestId('agent-card-name')).toHaveText('Hello World Agent');

  // A card-less agent has nothing to refresh.
  const byHand = await adminApi.recreateAgent({ name: BY_HAND, endpointUrl: AGENT_URL });
  await detailPage.goto(byHand.id);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(BY_HAND);
  await expect(page.getByRole('button', { name: 'Refresh card' })).toHaveCount(0);

  await adminApi.deleteAgentIfPresent(IMPORTED);
  await adminApi.deleteAgentIfPresent(BY_HAND);
});
