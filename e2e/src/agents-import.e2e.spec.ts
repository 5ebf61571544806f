import { expect, saveScreenshot, test } from './fixtures/test';
import { AGENT_URL } from './stack';

test('import the hello agent from its Agent Card URL, after a preview of the card', async ({
  signedIn,
  importPage,
  adminApi,
  page,
}) => {
  const name = 'e2e_imported_hello';
  await adminApi.deleteAgentIfPresent(name);
  await signedIn.openImportForm();

  // The shared schema (AgentImportSchema) catches a bad URL before anything is sent.
  await importPage.fill({ cardUrl: 'ftp://nowhere' });
  await importPage.preview();
  await importPage.expectFieldError('Agent Card URL', /http/);
  await expect(importPage.previewPanel()).toHaveCount(0);

  await importPage.fill({ cardUrl: `${AGENT_URL}.well-known/agent-card.json`, name, tags: 'e2e, imported' });
  await importPage.preview();
  const preview = importPage.previewPanel();
  await expect(preview.getByTestId('agent-card-name')).toHaveText('Hello World Agent');
  await expect(preview.getByTestId('agent-card-skill')).toHaveCount(1);
  await expect(preview.getByTestId('agent-card-skill')).toContainText('Hello World');
  await expect(preview.getByTestId('agent-card-capabilities')).toContainText('streaming');
  await expect(preview.getByTestId('agent-card-interfaces')).toContainText('JSONRPC');
  await expect(preview.getByTestId('import-draft-name')).toHaveText(name);
  await expect(preview.getByTestId('import-draft-tags')).toHaveText('e2e, imported');
  // A preview saves nothing.
  expect(await adminApi.agent(name)).toBeUndefined();
  await saveScreenshot(page, 'agent-import');

  await importPage.register();
  await signedIn.expectLoaded();
  await expect(signedIn.notice()).toHaveText(`${name} was imported from its Agent Card.`);
  await expect(signedIn.row(name)).toContainText(AGENT_URL);
  const stored = await adminApi.agent(name);
  expect(stored).toMatchObject({ createdVia: 'ui', card: { name: 'Hello World Agent' } });
  await adminApi.deleteAgentIfPresent(name);
});

test('a card URL with no agent behind it is reported on the form and nothing is saved', async ({
  signedIn,
  importPage,
  adminApi,
  page,
}) => {
  const before = (await adminApi.agents()).length;
  await signedIn.openImportForm();
  await importPage.fill({ cardUrl: `${AGENT_URL}no-such-card.json` });
  await importPage.preview();
  await expect(page.getByTestId('form-error')).toContainText('Could not read the card');
  await expect(importPage.previewPanel()).toHaveCount(0);
  expect((await adminApi.agents()).length).toBe(before);
});
