import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

import { AGENT_PORT, AGENT_URL, API_PORT } from './src/stack';

// The whole stack as a user runs it: the built API (serving the built SPA) on the embedded PostgreSQL with
// a fresh data directory, and the built Hello World agent.
// Created once in the runner process; workers inherit it through the environment.
const dataDir = (process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'switchboard-e2e-')));

// Debian's Chromium where it exists (Playwright cannot download browsers everywhere); elsewhere Playwright's own.
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './src',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalTeardown: './src/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${API_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: 'node ../apps/hello-agent/dist/main.js',
      url: `${AGENT_URL}.well-known/agent-card.json`,
      env: { HELLO_AGENT_PORT: String(AGENT_PORT), HELLO_AGENT_HOST: '127.0.0.1' },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'node ../apps/api/dist/main.js',
      url: `http://127.0.0.1:${API_PORT}/ready`,
      env: {
        NODE_ENV: 'development',
        PORT: String(API_PORT),
        HOST: '127.0.0.1',
        // Blank on purpose: the e2e run always uses the embedded database, whatever CI sets.
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        DEMO_AGENT: 'true',
        DEMO_AGENT_URL: AGENT_URL,
        LOG_LEVEL: 'warn',
        // Most tests reuse one sign-in per worker, but the login specs use the form (session.e2e signs in
        // six times in a few seconds); the API's auth.login.spec covers the limiter itself.
        LOGIN_RATE_LIMIT: '1000',
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
