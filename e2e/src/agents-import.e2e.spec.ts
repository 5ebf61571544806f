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

test('a name another agent has is flagged in the preview, and the free name it offers imports', async ({
  signedIn,
  importPage,
  adminApi,
}) => {
  const taken = 'e2e_import_taken';
  const suggested = `${taken} 2`;
  await adminApi.deleteAgentIfPresent(suggested);
  await adminApi.recreateAgent({ name: taken, endpointUrl: AGENT_URL });
  await signedIn.openImportForm();

  await importPage.fill({ cardUrl: `${AGENT_URL}.well-known/agent-card.json`, name: taken });
  await importPage.preview();
  await expect(importPage.collision()).toContainText(`The agent “${taken}” already has this name`);
  // The free name the API suggests is put in the form; the refused import cannot be sent.
  await expect(importPage.nameField()).toHaveValue(suggested);
  await expect(importPage.collision()).toContainText(`The name is now ${suggested}`);
  await expect(importPage.registerButton()).toBeDisabled();

  await importPage.previewUnderSuggestedName();
  await expect(importPage.previewPanel().getByTestId('import-draft-name')).toHaveText(suggested);
  await expect(importPage.collision()).toHaveCount(0);
  await importPage.register();
  await signedIn.expectLoaded();
  await expect(signedIn.notice()).toHaveText(`${suggested} was imported from its Agent Card.`);
  expect(await adminApi.agent(suggested)).toMatchObject({ name: suggested });
  expect(await adminApi.agent(taken)).toBeDefined();
  await adminApi.deleteAgentIfPresent(suggested);
  await adminApi.deleteAgentIfPresent(taken);
});
