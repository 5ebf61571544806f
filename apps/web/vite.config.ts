/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Alias } from 'vite';

const appDir = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = resolve(appDir, '../..');

/**
 * Resolve the workspace libs (`@switchboard/*`) to their TypeScript sources, exactly as
 * tsconfig.base.json `paths` does for the type checker, so the SPA bundles the same zod schemas.
 */
function workspaceAliases(): Alias[] {
  const tsconfig = JSON.parse(readFileSync(resolve(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions?: { paths?: Record<string, string[]> };
  };
  const paths = tsconfig.compilerOptions?.paths ?? {};
  return Object.entries(paths)
    .filter(([name, targets]) => !name.includes('*') && targets.length > 0)
    .map(([name, [target]]) => ({
      find: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
      replacement: resolve(workspaceRoot, target),
    }));
}

const apiTarget = process.env.SWITCHBOARD_API_URL ?? 'http://localhost:4444';
const apiProxy = Object.fromEntries(
  ['/auth', '/a2a', '/tasks', '/metrics', '/servers', '/health', '/ready', '/docs'].map((prefix) => [
    prefix,
    { target: apiTarget, changeOrigin: true },
  ]),
);

export default defineConfig({
  base: '/admin/',
  plugins: [react(), tailwindcss()],
  resolve: { alias: workspaceAliases() },
  server: { port: 5173, strictPort: true, proxy: apiProxy },
  preview: { port: 4173, proxy: apiProxy },
  // The SPA's unit specs (`vitest run`): pure helpers, key namespaces, form resolvers; no browser needed.
  test: { include: ['src/**/*.spec.ts'], environment: 'node', maxWorkers: 1 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks, cached across app releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: 'forms', test: /node_modules[\\/](react-hook-form|@hookform)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-[^\\/]+|victory-vendor|internmap|@reduxjs|redux|react-redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
