import { ADMIN, expect, test } from './fixtures/test';

/** Past the API's default JWT lifetime (8 hours). */
const PAST_EXPIRY = '08:00:01';

test('an expired session returns to the login page from every page, and signing in again comes back', async ({
  adminApi,
  loginPage,
  shell,
  page,
}) => {
  const server = await adminApi.createServer({ name: `e2e-expiry-${Date.now()}` });
  const pages = [
    { path: '/admin/overview', heading: 'Overview' },
    { path: '/admin/servers', heading: 'Virtual servers' },
    { path: `/admin/servers/${server.id}`, heading: server.name },
    { path: '/admin/tasks', heading: 'Tasks' },
    { path: '/admin/tokens', heading: 'API tokens' },
  ];
  // The SPA ends the session on its own when the token's lifetime is over, even on an idle tab.
  await page.clock.install();
  try {
    await loginPage.goto();
    await loginPage.signIn(ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/admin\/overview$/);
    for (const { path, heading } of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await page.clock.fastForward(PAST_EXPIRY);
      await shell.expectOnLogin();
      await loginPage.signIn(ADMIN.email, ADMIN.password);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    }
  } finally {
    await adminApi.deleteServerIfPresent(server.name);
  }
});

test('a session the API no longer accepts (revoked token) returns to the login page', async ({
  viewerSession,
  adminApi,
  shell,
  serversPage,
  page,
}) => {
  await page.goto('/admin/servers');
  await serversPage.expectLoaded();
  await adminApi.revokeTokenIfPresent(viewerSession.tokenId);
  const auth = { authorization: `Bearer ${viewerSession.token}` };
  expect((await page.request.get('/auth/me', { headers: auth })).status()).toBe(401);
  // The next call the page makes gets 401: the SPA ends the session.
  await shell.open('Tasks');
  await shell.expectOnLogin();
});
