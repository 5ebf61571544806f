import { expect, saveScreenshot, test } from './fixtures/test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('an API token is shown once, works against the API, and gets 401 once revoked', async ({
  adminSession: _signedIn,
  shell,
  tokensPage,
  adminApi,
  request,
  page,
}) => {
  const name = `e2e-token-${Date.now()}`;
  await shell.open('API tokens');
  await tokensPage.expectLoaded();

  // ApiTokenCreateSchema checks the form first: nothing is created.
  const before = (await adminApi.tokens()).length;
  await tokensPage.create({ name: '', expiresInDays: '0' });
  await expect(tokensPage.form().getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Required/);
  await expect(
    tokensPage.form().getByLabel('Expires after (days)', { exact: true }),
  ).toHaveAccessibleDescription(/at least 1/);
  expect((await adminApi.tokens()).length).toBe(before);

  await tokensPage.create({ name, role: 'viewer', expiresInDays: '30' });
  await expect(tokensPage.newTokenValue()).toHaveValue(/^sbt_/);
  const token = await tokensPage.newTokenValue().inputValue();
  await page.getByRole('button', { name: 'Copy token' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expect(tokensPage.row(name)).toContainText('viewer');
  await expect(tokensPage.row(name)).toContainText(token.slice(0, 10));

  // It works, as a viewer: reads pass, writes are forbidden.
  const auth = { authorization: `Bearer ${token}` };
  expect((await request.get('/a2a', { headers: auth })).status()).toBe(200);
  expect((await request.post('/servers', { headers: auth, data: { name: 'nope' } })).status()).toBe(403);

  // Shown once: after a reload only its prefix is left.
  await page.reload();
  await tokensPage.expectLoaded();
  await expect(tokensPage.newTokenValue()).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(tokensPage.row(name)).toBeVisible();
  await saveScreenshot(page, 'tokens');

  await tokensPage.revoke(name);
  await expect(shell.toast(`${name} was revoked.`)).toBeVisible();
  await expect(tokensPage.row(name)).toHaveCount(0);
  expect((await request.get('/a2a', { headers: auth })).status()).toBe(401);
});
